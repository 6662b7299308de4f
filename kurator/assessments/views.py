"""HTML pages of assessments: a case's assessments and comparison, recording one, its
detail, and the comprehensive assessment report (start, edit, finalize).

Thin views, one per action: records come through ``kurator.access.assessments`` (404 out of
scope, 403 without the permission; the read is logged), changes through ``services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.access import assessments as scope
from kurator.assessments import queries, services
from kurator.assessments.chart import SERIES, comparison_svg
from kurator.assessments.errors import AssessmentError
from kurator.assessments.forms import AssessmentForm, ReportForm, question_field
from kurator.assessments.models import ComprehensiveReport, Instrument
from kurator.core.http import form_error, request_user


@login_required
@require_GET
def case_assessments(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = scope.get_case_for_assessments(user, case_pk)
    return render(
        request,
        "assessments/case_assessments.html",
        {
            "case": case,
            "assessments": list(queries.case_assessments(case)),
            "reports": list(queries.case_reports(case)),
            "instruments": list(queries.active_instruments()),
            # Assessments are recorded on a closed case too (dated up to its closing);
            # a new report only while the case accepts records.
            "can_write": user.has_perm(scope.ASSESSMENT_WRITE),
            "can_start_report": access.may_write_case(user, case, scope.ASSESSMENT_WRITE),
        },
    )


@login_required
@require_GET
def compare(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = scope.get_case_for_assessments(user, case_pk)
    groups = queries.comparisons(case)
    return render(
        request,
        "assessments/compare.html",
        {
            "case": case,
            "groups": [(group, comparison_svg(group)) for group in groups],
            "series": SERIES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, case_pk: int, instrument_pk: int) -> HttpResponse:
    user = request_user(request)
    case = scope.get_case_for_assessments(user, case_pk, write=True)
    instrument = queries.active_instruments().filter(pk=instrument_pk).first()
    if instrument is None:
        raise Http404("instrument")
    questions = services.instrument_questions(instrument)
    children = queries.case_children(case)
    form = AssessmentForm(
        data=request.POST or None, instrument=instrument, questions=questions, children=children
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.record_assessment(
                case=case,
                instrument=instrument,
                kind=form.cleaned_data["kind"],
                answers=form.answers(),
                by=user,
                subject_person=form.cleaned_data.get("subject_person"),
                assessed_on=form.cleaned_data["assessed_on"],
                note=form.cleaned_data["note"],
            )
        except AssessmentError as error:
            for question in questions:
                if question.pk in error.answers:
                    form.add_error(question_field(question), error.answers[question.pk])
            if not error.answers:
                form_error(form, error)
            else:
                form.add_error(None, _("Ответьте на все вопросы: ошибки отмечены ниже."))
        else:
            messages.success(request, _("Оценка сохранена."))
            return redirect("assessments:detail", pk=assessment.pk)
    return render(
        request,
        "assessments/assessment_form.html",
        {
            "case": case,
            "instrument": instrument,
            "form": form,
            "no_children": instrument.subject == Instrument.Subject.CHILD and not children,
        },
    )


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    assessment = scope.get_assessment(user, pk)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "case": assessment.case,
            "domains": queries.assessment_details(assessment),
        },
    )


# --- the comprehensive assessment report ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest, case_pk: int) -> HttpResponse:
    """A confirmation page; POST starts a draft pre-filled from the latest assessments."""
    user = request_user(request)
    case = scope.get_case_for_assessments(user, case_pk, write=True)
    error = None
    if request.method == "POST":
        try:
            report = services.start_report(case=case, by=user)
        except AssessmentError as exc:
            error = exc.message
        else:
            messages.success(request, _("Черновик отчёта создан. Дополните разделы."))
            return redirect("assessments:report_edit", pk=report.pk)
    return render(
        request,
        "assessments/report_start.html",
        {"case": case, "error": error, "facts": services.report_facts(case)},
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = scope.get_report(user, pk)
    return render(
        request,
        "assessments/report_detail.html",
        {
            "report": report,
            "case": report.case,
            "sections": [
                (services.section_title(name), getattr(report, name))
                for name in ComprehensiveReport.SECTIONS
            ],
            "can_write": user.has_perm(scope.ASSESSMENT_WRITE)
            and report.status == ComprehensiveReport.Status.DRAFT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = scope.get_report(user, pk, write=True)
    try:
        services.check_report_draft(report)
    except AssessmentError as error:
        messages.info(request, error.message)
        return redirect("assessments:report_detail", pk=report.pk)
    form = ReportForm(data=request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(
                report=report,
                by=user,
                **{name: form.cleaned_data[name] for name in ComprehensiveReport.SECTIONS},
            )
        except AssessmentError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Черновик сохранён."))
            return redirect("assessments:report_detail", pk=report.pk)
    return render(
        request,
        "assessments/report_form.html",
        {"report": report, "case": report.case, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = scope.get_report(user, pk, write=True)
    try:
        services.check_report_draft(report, finalizing=True)
    except AssessmentError as refused:
        messages.info(request, refused.message)
        return redirect("assessments:report_detail", pk=report.pk)
    error = None
    if request.method == "POST":
        try:
            services.finalize_report(report=report, by=user)
        except AssessmentError as exc:
            error = exc.message
        else:
            messages.success(request, _("Отчёт утверждён."))
            return redirect("assessments:report_detail", pk=report.pk)
    return render(
        request,
        "assessments/report_finalize.html",
        {"report": report, "case": report.case, "error": error},
    )
