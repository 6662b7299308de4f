"""The indicator report's period and scope: a year and a part of it (the whole year, a
quarter, the first half, nine months, a month) or any dates up to a year long, and — for the
organisation-wide roles — one team. The period is always compared with the same period a
year before (``Period.year_before``)."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.accounts.models import Team
from kurator.reports.errors import ReportError
from kurator.reports.figures import Period

# The longest period the report compares with the same period a year before.
MAX_DAYS = 366
FIRST_YEAR, LAST_YEAR = 2000, 2100

PARTS = [
    ("year", gettext_lazy("весь год")),
    ("q1", gettext_lazy("I квартал")),
    ("q2", gettext_lazy("II квартал")),
    ("q3", gettext_lazy("III квартал")),
    ("q4", gettext_lazy("IV квартал")),
    ("h1", gettext_lazy("первое полугодие")),
    ("m9", gettext_lazy("9 месяцев")),
    ("month", gettext_lazy("месяц")),
    ("custom", gettext_lazy("свои даты")),
]
# First and last month of each part of a year.
PART_MONTHS = {
    "year": (1, 12),
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
    "h1": (1, 6),
    "m9": (1, 9),
}
MONTHS = [
    gettext_lazy("январь"),
    gettext_lazy("февраль"),
    gettext_lazy("март"),
    gettext_lazy("апрель"),
    gettext_lazy("май"),
    gettext_lazy("июнь"),
    gettext_lazy("июль"),
    gettext_lazy("август"),
    gettext_lazy("сентябрь"),
    gettext_lazy("октябрь"),
    gettext_lazy("ноябрь"),
    gettext_lazy("декабрь"),
]
QUARTERS = {1: "I", 4: "II", 7: "III", 10: "IV"}


def check_period(start: datetime.date | None, end: datetime.date | None) -> Period:
    """The period from ``start`` to ``end`` (both inclusive), or a ``ReportError`` naming the
    field at fault: a missing end, an end before the start, more than a year, a year outside
    2000–2100."""
    if start is None:
        raise ReportError(_("Укажите начало периода."), field="start")
    if end is None:
        raise ReportError(_("Укажите конец периода."), field="end")
    for name, day in (("start", start), ("end", end)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ReportError(
                _("Дата должна быть между %(first)s и %(last)s годом.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                field=name,
            )
    if end < start:
        raise ReportError(_("Конец периода раньше его начала."), field="end")
    period = Period(start, end)
    if period.days > MAX_DAYS:
        raise ReportError(
            _(
                "Период длиннее года (%(days)s дн.): выберите не больше %(max)s дней — отчёт "
                "сравнивает период с тем же периодом годом раньше."
            )
            % {"days": period.days, "max": MAX_DAYS},
            field="end",
        )
    return period


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_label(period: Period) -> str:
    """«2026», «I квартал 2026», «первое полугодие 2026», «9 месяцев 2026», «март 2026», or the
    dates «01.02.2026–15.03.2026»."""
    start, end = period.start, period.end
    whole_months = (
        start.day == 1 and start.year == end.year and end == month_end(end.year, end.month)
    )
    if whole_months:
        first, last, year = start.month, end.month, start.year
        if (first, last) == (1, 12):
            return str(year)
        if first == last:
            return f"{MONTHS[first - 1]} {year}"
        if last - first == 2 and first in QUARTERS:
            return _("%(q)s квартал %(year)s") % {"q": QUARTERS[first], "year": year}
        if (first, last) == (1, 6):
            return _("первое полугодие %(year)s") % {"year": year}
        if (first, last) == (7, 12):
            return _("второе полугодие %(year)s") % {"year": year}
        if (first, last) == (1, 9):
            return _("9 месяцев %(year)s") % {"year": year}
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


class IndicatorReportForm(forms.Form):
    """GET form of the report page. Everything is optional: without a year it is the current
    one, without a part the whole year."""

    year = forms.IntegerField(
        label=gettext_lazy("Год"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": gettext_lazy("Год — четыре цифры, например 2026."),
            "min_value": gettext_lazy("Год — не раньше %(limit_value)s."),
            "max_value": gettext_lazy("Год — не позже %(limit_value)s."),
        },
    )
    part = forms.ChoiceField(label=gettext_lazy("Часть года"), required=False, choices=PARTS)
    month = forms.TypedChoiceField(
        label=gettext_lazy("Месяц"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((str(n), name) for n, name in enumerate(MONTHS, start=1))],
    )
    start = forms.DateField(
        label=gettext_lazy("С"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Дата в формате ДД.ММ.ГГГГ.")},
    )
    end = forms.DateField(
        label=gettext_lazy("По"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Дата в формате ДД.ММ.ГГГГ.")},
    )
    team = forms.TypedChoiceField(
        label=gettext_lazy("Команда"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Выберите команду из списка.")},
    )

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team],
        organisation_label: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]  # type: ignore[attr-defined]
        self.fields["end"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]  # type: ignore[attr-defined]
        team_list = list(teams)
        if team_list:
            everyone = organisation_label or _("вся организация")
            self.fields["team"].choices = [  # type: ignore[attr-defined]
                ("", _("Вся организация: %(name)s") % {"name": everyone}),
                *((str(team.pk), team.name) for team in team_list),
            ]
        else:
            del self.fields["team"]
        self.period: Period | None = None

    @property
    def has_team(self) -> bool:
        return "team" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        year = data.get("year") or timezone.localdate().year
        part = data.get("part") or "year"
        try:
            if part == "custom":
                self.period = check_period(data.get("start"), data.get("end"))
            elif part == "month":
                month = data.get("month")
                if month is None:
                    raise ReportError(_("Выберите месяц."), field="month")
                self.period = Period(datetime.date(year, month, 1), month_end(year, month))
            else:
                first, last = PART_MONTHS[part]
                self.period = Period(datetime.date(year, first, 1), month_end(year, last))
        except ReportError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    def team_id(self) -> int | None:
        if not self.has_team or not self.is_bound or not self.is_valid():
            return None
        value: int | None = self.cleaned_data.get("team")
        return value

    def chosen_period(self) -> Period | None:
        """The period asked for; the current year for an unbound form; None when invalid."""
        if not self.is_bound:
            return Period.year(timezone.localdate().year)
        return self.period if self.is_valid() else None
