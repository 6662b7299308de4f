"""What every monitoring action checks first, for reviews and monthly forms alike: the user
may write plans, the case is her organisation's and in active work (reviews and monthly
forms are kept for open cases only), a text is not longer than the column, a month has
begun (a monthly form, the monthly summary)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.monitoring.errors import MonitoringError

WRITE = "plans.plan:write"
TEXT_MAX = 4000


def clean_text(value: str | None, field_name: str, *, empty: str | None = None) -> str:
    """``value`` stripped; a MonitoringError on ``field_name`` when it is too long, or empty
    and ``empty`` (the message) is given."""
    text = (value or "").strip()
    if empty is not None and not text:
        raise MonitoringError(empty, field=field_name)
    if len(text) > TEXT_MAX:
        raise MonitoringError(
            _("Слишком длинный текст: не больше %(n)s символов.") % {"n": TEXT_MAX},
            field=field_name,
        )
    return text


def check_case(case: Case, by: User) -> Case:
    """``case`` when ``by`` may keep its monitoring: a MonitoringError otherwise."""
    access.require(by, WRITE)
    if case.organisation_id != access.organisation_id_of(by):
        raise MonitoringError(_("Случай не найден."))
    if not case.in_active_work:
        raise MonitoringError(_("Случай закрыт: обзоры и ежемесячные формы ведутся по открытым."))
    return case


def begun_month(day: date) -> date:
    """The first day of ``day``'s month; a MonitoringError (``month``) if it has not begun."""
    first = day.replace(day=1)
    if first > timezone.localdate():
        raise MonitoringError(_("Месяц ещё не наступил."), field="month")
    return first
