"""The curator's monthly form of a case (case-work technology: «Ежемесячно сотрудники … выполняют
мониторинг, подводящий итоги работы за месяц»).

- ``start_monthly_form`` — the form of a month, pre-filled from the month's records;
- ``update_monthly_form`` — the curator corrects the figures and writes the month's results;
- ``submit_monthly_form`` — read-only once submitted; submitting the last of her open cases'
  forms completes her task ``monthly_form:{user}:{YYYY-MM}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.models import MonthlyForm
from kurator.monitoring.queries.monthly import month_bounds, month_figures
from kurator.monitoring.queries.reviews import opened_on
from kurator.monitoring.rules import WRITE, begun_month, check_case, clean_text
from kurator.tasks.services import complete_task
from kurator.tasks.sync import monthly_form_key

__all__ = ["start_monthly_form", "submit_monthly_form", "update_monthly_form"]

FIGURES = ("contacts", "home_visits", "actions_done", "actions_due", "meetings", "services")
TEXTS = ("summary", "difficulties", "next_steps")


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _check_month(case: Case, month: object) -> date:
    if not isinstance(month, date):
        raise MonitoringError(_("Укажите месяц в формате мм.гггг."), field="month")
    first = begun_month(month)
    if first < opened_on(case).replace(day=1):
        raise MonitoringError(
            _("Случай открыт %(date)s: форма за более ранний месяц не заполняется.")
            % {"date": _fmt(opened_on(case))},
            field="month",
        )
    return first


def start_monthly_form(*, case: Case, month: date, by: User) -> MonthlyForm:
    """The monthly form of ``case`` for ``month``, pre-filled from that month's records
    (``month_figures``). Starting it again returns the existing one."""
    check_case(case, by)
    first = _check_month(case, month)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_case(locked, by)
        existing = MonthlyForm.objects.filter(case=locked, month=first).first()
        if existing is not None:
            return existing
        figures = month_figures(locked, first)
        try:
            with transaction.atomic():
                form = MonthlyForm.objects.create(
                    case=locked,
                    month=first,
                    author=by,
                    contacts=figures.contacts,
                    home_visits=figures.home_visits,
                    actions_done=figures.actions_done,
                    actions_due=figures.actions_due,
                    meetings=figures.meetings,
                    services=figures.services,
                )
        except IntegrityError:
            return MonthlyForm.objects.get(case=locked, month=first)
    return form


def _lock_draft(form: MonthlyForm, by: User) -> MonthlyForm:
    locked = (
        MonthlyForm.objects.select_for_update(of=("self",)).select_related("case").get(pk=form.pk)
    )
    if locked.case.organisation_id != access.organisation_id_of(by):
        raise MonitoringError(_("Форма не найдена."))
    if locked.is_submitted:
        assert locked.submitted_at is not None
        raise MonitoringError(
            _("Форма сдана %(date)s — её нельзя менять.")
            % {"date": _fmt(timezone.localdate(locked.submitted_at))}
        )
    return locked


def update_monthly_form(*, form: MonthlyForm, by: User, **values: Any) -> MonthlyForm:
    """The curator corrects the figures and writes the month's results (a draft only)."""
    access.require(by, WRITE)
    unknown = set(values) - set(FIGURES) - set(TEXTS)
    if unknown:
        raise MonitoringError(_("Неизвестное поле формы."), field=sorted(unknown)[0])
    for name in FIGURES:
        if name in values:
            value = values[name]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
                raise MonitoringError(_("Введите целое число от 0 до 1000."), field=name)
    cleaned = {
        name: (clean_text(values[name], name) if name in TEXTS else values[name]) for name in values
    }
    with transaction.atomic():
        locked = _lock_draft(form, by)
        if cleaned.get("home_visits", locked.home_visits) > cleaned.get(
            "contacts", locked.contacts
        ):
            raise MonitoringError(
                _("Посещений на дому не может быть больше, чем всех контактов."),
                field="home_visits",
            )
        for name, value in cleaned.items():
            setattr(locked, name, value)
        if cleaned:
            locked.save(update_fields=list(cleaned))
    return locked


def submit_monthly_form(*, form: MonthlyForm, by: User) -> MonthlyForm:
    """Submit the form: read-only from now on. When every open case the author curates has
    its form of that month submitted, her month's task is done."""
    access.require(by, WRITE)
    with transaction.atomic():
        locked = _lock_draft(form, by)
        case = Case.objects.select_related("family").get(pk=locked.case_id)
        if not case.in_active_work:
            raise MonitoringError(_("Случай закрыт: форму больше не сдать."))
        if not locked.summary:
            raise MonitoringError(_("Напишите итоги месяца."), field="summary")
        locked.status = MonthlyForm.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = by
        locked.save(update_fields=["status", "submitted_at", "submitted_by"])
        record(
            kind="monitoring.monthly_submitted",
            actor=by,
            case=case,
            data={"month": locked.month.strftime("%m.%Y"), "contacts": locked.contacts},
        )
        _complete_month_task(case.curator_id, locked.month, by)
    return locked


def _complete_month_task(curator_id: int, month: date, by: User) -> None:
    _first, last = month_bounds(month)
    pending = (
        Case.objects.filter(
            curator_id=curator_id,
            status=Case.Status.OPEN,
            opened_at__date__lte=last,
        )
        .exclude(monthly_forms__month=month, monthly_forms__status=MonthlyForm.Status.SUBMITTED)
        .exists()
    )
    if not pending:
        complete_task(key=monthly_form_key(curator_id, month), by=by)
