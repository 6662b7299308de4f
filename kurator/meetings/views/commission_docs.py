"""HTML views of the commission documents of a family on the register (state model): the list
with download links, the quarterly analytic note form and the final report form.

Readers of the case see and download the documents (the file is served by
``documents:download`` after its own access check); those who write the case's plan
generate them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.cases.models import Case
from kurator.core.http import form_error, request_user
from kurator.meetings.errors import MeetingError
from kurator.meetings.forms.commission_docs import FinalReportForm, QuarterlyNoteForm
from kurator.meetings.services import commission_docs

GENERATE = "plans.plan:write"


def _never_registered() -> str:
    return _(
        "Семья не состоит и не состояла на учёте как находящаяся в социально опасном "
        "положении: документы для КДНиЗП и рабочей группы не составляются."
    )


def _form_page(
    request: HttpRequest, case: Case, form: Form | None, title: str, submit: str, intro: str
) -> HttpResponse:
    return render(
        request,
        "meetings/commission_form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "back": reverse("meetings:commission_documents", args=[case.pk]),
        },
    )


@login_required
@require_GET
def commission_documents(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk)
    entries = commission_docs.register_entries(case)
    return render(
        request,
        "meetings/commission_documents.html",
        {
            "case": case,
            "entries": entries,
            "documents": list(access.case_commission_documents(case)),
            "can_generate": bool(entries) and access.may_write_case(user, case, GENERATE),
            "never_registered": _never_registered() if not entries else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commission_quarterly(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk, action=GENERATE)
    entries = commission_docs.register_entries(case)
    title = _("Аналитическая информация для межведомственной рабочей группы")
    if not entries:
        return _form_page(request, case, None, title, "", _never_registered())
    form = QuarterlyNoteForm(data=request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            commission_docs.make_quarterly_note(case=case, by=user, **form.service_kwargs())
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Документ составлен и добавлен в папку случая."))
            return redirect("meetings:commission_documents", case_pk=case.pk)
    return _form_page(
        request,
        case,
        form,
        title,
        _("Составить DOCX"),
        _(
            "Документ соберёт за квартал: постановление и программу ИПР, выполнение "
            "мероприятий плана, посещения на дому по месяцам (норматив — не реже раза в "
            "месяц), контакты, оказанную помощь, динамику оценок и квартальные обзоры. "
            "Допишите выводы и предложения."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def commission_final(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk, action=GENERATE)
    entries = commission_docs.register_entries(case)
    title = _("Итоговый отчёт для КДНиЗП")
    if not entries:
        return _form_page(request, case, None, title, "", _never_registered())
    form = FinalReportForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            commission_docs.make_final_report(case=case, by=user, **form.cleaned_data)
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Итоговый отчёт составлен и добавлен в папку случая."))
            return redirect("meetings:commission_documents", case_pk=case.pk)
    return _form_page(
        request,
        case,
        form,
        title,
        _("Составить DOCX"),
        _(
            "Отчёт охватывает всё время семьи на учёте: от постановки до снятия (или до "
            "сегодняшнего дня). Опишите итоги и выберите рекомендацию комиссии."
        ),
    )
