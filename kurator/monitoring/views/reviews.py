"""Pages of a case's reviews: the case's monitoring page, the quarterly and annual review
forms, a review (and its print), applying a review to the plan (a confirmation page). Thin:
access → form → service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.core.errors import DomainError
from kurator.core.http import form_error, request_user
from kurator.monitoring.forms.reviews import AnnualReviewForm, QuarterlyReviewForm
from kurator.monitoring.models import Review
from kurator.monitoring.queries import reviews as queries
from kurator.monitoring.queries.monthly import case_monthly_forms
from kurator.monitoring.rules import WRITE
from kurator.monitoring.services import reviews as services


@login_required
@require_GET
def case_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk)
    return render(
        request,
        "monitoring/case_monitoring.html",
        {
            "case": case,
            "reviews": list(queries.case_reviews(case)),
            "forms": list(case_monthly_forms(case)),
            "tasks": list(queries.case_review_tasks(case)),
            "can_write": access.may_work_case(user, case, WRITE),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quarterly_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action=WRITE)
    actions = queries.current_actions(case)
    form = QuarterlyReviewForm(
        data=request.POST or None,
        case=case,
        actions=actions,
        goals=queries.current_goals(case),
        initial={"period": queries.next_quarterly_number(case)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_quarterly_review(case=case, by=user, **form.to_service())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Квартальный обзор записан."))
            return redirect("monitoring:review", pk=review.pk)
    return render(
        request,
        "monitoring/quarterly_form.html",
        {"case": case, "form": form, "version": queries.current_version_number(case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action=WRITE)
    form = AnnualReviewForm(
        data=request.POST or None, initial={"year": queries.next_annual_number(case)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_annual_review(case=case, by=user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            if review.decision == Review.Decision.CLOSE:
                messages.info(
                    request,
                    _(
                        "Решение о закрытии записано. Проведите закрытие случая: консилиум, "
                        "выходная диагностика, критерии."
                    ),
                )
                return redirect("cases:close", pk=case.pk)
            messages.success(
                request, _("Сопровождение продлено: обзоры следующего года назначены задачами.")
            )
            return redirect("monitoring:review", pk=review.pk)
    return render(
        request,
        "monitoring/form_page.html",
        {
            "case": case,
            "form": form,
            "title": _("Ежегодный пересмотр"),
            "submit": _("Записать решение"),
            "intro": _(
                "По итогам года случай продлевается или закрывается. «Закрыть» не закрывает "
                "случай сразу: после записи откроется страница закрытия случая."
            ),
        },
    )


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    review = queries.review_detail(access.get_review(user, pk))
    return render(
        request,
        "monitoring/review_detail.html",
        {
            "review": review,
            "case": review.case,
            "can_apply": access.may_work_case(user, review.case, WRITE)
            and review.kind == Review.Kind.QUARTERLY
            and not review.is_applied,
        },
    )


@login_required
@require_GET
def review_print(request: HttpRequest, pk: int) -> HttpResponse:
    review = queries.review_detail(access.get_review(request_user(request), pk))
    return render(
        request,
        "monitoring/review_print.html",
        {"review": review, "case": review.case, "printed_on": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_apply(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    review = queries.review_detail(access.get_review(user, pk, action=WRITE))
    error = ""
    if request.method == "POST":
        try:
            version = services.apply_review(review=review, by=user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("План пересмотрен: версия %(n)s. Согласуйте её с семьёй.")
                % {"n": version.number},
            )
            return redirect("plans:plan", pk=review.case_id)
    return render(
        request,
        "monitoring/review_apply.html",
        {"review": review, "case": review.case, "error": error},
    )
