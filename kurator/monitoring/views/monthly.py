"""Pages of the monthly monitoring: a case's monthly form (start it pre-filled from the
month's records, edit it while a draft, submit it with a confirmation) and a worker's monthly
general monitoring summary (page and XLSX download).

The summary: a curator sees her own; a team head or senior curator picks a person of her team;
the programme director and the quality officer any curator of the organisation
(``access.monthly_summary_curators``); anyone else not offered is a 404. Figures come from
the cases the viewer sees (``access.cases_visible_to``).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.cases.services.lifecycle import add_months
from kurator.core.errors import DomainError
from kurator.core.http import form_error, request_user
from kurator.core.spreadsheets import append_row
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.forms.monthly import MonthChoiceForm, MonthlyFormEdit, month_initial
from kurator.monitoring.queries.monthly import (
    TOTAL_LABELS,
    MonthlySummary,
    monthly_summary,
    parse_month,
)
from kurator.monitoring.rules import WRITE
from kurator.monitoring.services import monthly as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def monthly_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action=WRITE)
    form = MonthChoiceForm(data=request.POST or None, initial=month_initial(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            monthly = services.start_monthly_form(
                case=case, month=form.cleaned_data["month"], by=user
            )
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("monitoring:monthly", pk=monthly.pk)
    return render(
        request,
        "monitoring/form_page.html",
        {
            "case": case,
            "form": form,
            "title": _("Ежемесячная форма"),
            "submit": _("Заполнить из записей месяца"),
            "intro": _(
                "Форма заполнится по записям месяца: контакты с семьёй, выполненные действия "
                "плана и их сроки, встречи. Цифры можно поправить до сдачи."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def monthly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    action = WRITE if request.method == "POST" else "cases.case:read"
    monthly = access.get_monthly_form(user, pk, action=action)
    editable = access.may_work_case(user, monthly.case, WRITE) and not monthly.is_submitted
    form = MonthlyFormEdit(data=request.POST or None, instance=monthly) if editable else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Форма сдана — её нельзя менять."))
            return redirect("monitoring:monthly", pk=monthly.pk)
        if form.is_valid():
            try:
                services.update_monthly_form(form=monthly, by=user, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Форма сохранена."))
                return redirect("monitoring:monthly", pk=monthly.pk)
    return render(
        request,
        "monitoring/monthly_detail.html",
        {"monthly": monthly, "case": monthly.case, "form": form, "editable": editable},
    )


@login_required
@require_http_methods(["GET", "POST"])
def monthly_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    monthly = access.get_monthly_form(user, pk, action=WRITE)
    error = ""
    if request.method == "POST":
        try:
            services.submit_monthly_form(form=monthly, by=user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Форма сдана."))
            return redirect("monitoring:monthly", pk=monthly.pk)
    return render(
        request,
        "monitoring/monthly_submit.html",
        {"monthly": monthly, "case": monthly.case, "error": error},
    )


# --- the monthly summary of a worker ------------------------------------------------------


CASE_HEADERS = [
    gettext_lazy("№ случая"),
    gettext_lazy("Семья"),
    gettext_lazy("Статус"),
    gettext_lazy("Открыт"),
    gettext_lazy("Закрыт"),
    gettext_lazy("Контактов"),
    gettext_lazy("Посещений на дому"),
    gettext_lazy("Выполнено действий"),
    gettext_lazy("Действий со сроком в месяце"),
    gettext_lazy("Просрочено действий"),
    gettext_lazy("Встреч"),
    gettext_lazy("Услуг и помощи"),
    gettext_lazy("Сумма помощи, ₽"),
    gettext_lazy("Ежемесячная форма"),
    gettext_lazy("На учёте СОП"),
    gettext_lazy("Без посещения на дому"),
]


def summary_xlsx(summary: MonthlySummary) -> bytes:
    """The form as a spreadsheet: a heading, the month's totals, then one row per case. Every
    cell goes through ``kurator.core.spreadsheets``: a family's name stays text."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Мониторинг"
    bold = Font(bold=True)
    curator = summary.curator
    append_row(sheet, [_("Форма ежемесячного общего мониторинга")])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, [_("Сотрудник"), curator.full_name or curator.username])
    append_row(sheet, [_("Месяц"), summary.label])
    append_row(sheet, [_("Составлено"), timezone.localdate().strftime("%d.%m.%Y")])
    append_row(sheet, [None])  # a blank row
    for cell in sheet[append_row(sheet, [_("Показатель"), _("Значение")])]:
        cell.font = bold
    totals = summary.totals
    for key, label in TOTAL_LABELS:
        value = totals[key]
        append_row(sheet, [str(label), float(value) if isinstance(value, Decimal) else value])
    append_row(sheet, [None])
    for cell in sheet[append_row(sheet, [str(h) for h in CASE_HEADERS])]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in summary.rows:
        append_row(
            sheet,
            [
                row.case_id,
                row.family,
                row.status,
                row.opened_on.strftime("%d.%m.%Y"),
                row.closed_on.strftime("%d.%m.%Y") if row.closed_on else "",
                row.contacts,
                row.home_visits,
                row.actions_done,
                row.actions_due,
                row.actions_overdue,
                row.meetings,
                row.services,
                float(row.aid_total),
                str(row.form_label),
                _("да") if row.on_register else "",
                _("нет посещения") if row.register_without_visit else "",
            ],
        )
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(request: HttpRequest) -> tuple[MonthlySummary, str]:
    """The asked summary and the month's error message (then the current month is shown)."""
    user = request_user(request)
    curator = access.get_summary_curator(user, request.GET.get("curator"))
    error = ""
    try:
        month = parse_month(request.GET.get("month"))
    except MonitoringError as exc:
        error = exc.message
        month = timezone.localdate().replace(day=1)
    summary = monthly_summary(cases=access.cases_visible_to(user), curator=curator, month=month)
    return summary, error


@login_required
@require_GET
def monthly_summary_page(request: HttpRequest) -> HttpResponse:
    summary, error = _summary(request)
    curators = list(
        access.monthly_summary_curators(request_user(request)).order_by(
            "last_name", "first_name", "pk"
        )
    )
    totals = summary.totals
    this_month = timezone.localdate().replace(day=1)
    return render(
        request,
        "monitoring/monthly_summary.html",
        {
            "summary": summary,
            "month_error": error,
            "month_value": summary.month.strftime("%Y-%m"),
            "max_month": this_month.strftime("%Y-%m"),
            "previous_month": add_months(summary.month, -1).strftime("%Y-%m"),
            "next_month": add_months(summary.month, 1).strftime("%Y-%m")
            if summary.month < this_month
            else "",
            "curators": curators if len(curators) > 1 else [],
            "totals": [(label, totals[key]) for key, label in TOTAL_LABELS],
        },
    )


@login_required
@require_recent_second_factor
@require_GET
def monthly_summary_xlsx(request: HttpRequest) -> HttpResponse:
    summary, error = _summary(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(summary_xlsx(summary), content_type=XLSX)
    name = f"monthly-monitoring-{summary.month:%Y-%m}-{summary.curator.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
