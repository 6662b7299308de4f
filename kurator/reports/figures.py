"""The shapes every report shares: a period, a figure against the same period a year before,
sections of figures. ``queries/indicators.py`` fills them; the page, the XLSX, the PDF and the
API render the same objects, so the four can never disagree. A period's rules
(``check_period``) and its name (``period_label``) are here too, for the form and the API.

Percentages are whole numbers rounded half-up, the way the state model reports them
(docs/domain.md, Indicators): 399 → 335 families is «−16 %»; a share moving from 41 % to 63 % is
«+22 п. п.» (percentage points).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.translation import gettext as _

from kurator.core.dates import month_name
from kurator.reports.errors import ReportError

Unit = Literal["count", "share", "days", "months", "rub", "hours", "score"]
Number = int | Decimal

# The longest period the report compares with the same period a year before.
MAX_DAYS = 366
FIRST_YEAR, LAST_YEAR = 2000, 2100
QUARTERS = {1: "I", 4: "II", 7: "III", 10: "IV"}


def percent(part: Number, whole: Number) -> Decimal | None:
    """``part`` of ``whole`` in whole percent, half-up; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """Both ends inclusive."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def year_before(self) -> Period:
        return Period(_year_back(self.start), _year_back(self.end))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        whole_year = (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        )
        if whole_year and self.start.year == self.end.year:
            return f"{self.start.year}"
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


def _year_back(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


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
            return f"{month_name(first)} {year}"
        if last - first == 2 and first in QUARTERS:
            return _("%(q)s квартал %(year)s") % {"q": QUARTERS[first], "year": year}
        if (first, last) == (1, 6):
            return _("первое полугодие %(year)s") % {"year": year}
        if (first, last) == (7, 12):
            return _("второе полугодие %(year)s") % {"year": year}
        if (first, last) == (1, 9):
            return _("9 месяцев %(year)s") % {"year": year}
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


@dataclass(frozen=True)
class Figure:
    """One indicator: its value in the period, in the same period a year before, the change.

    ``unit="share"`` figures are «N of M»: ``current``/``previous`` are the parts and
    ``current_of``/``previous_of`` the wholes; their change is in percentage points.
    ``link`` (optional) opens the records behind the current value, within the viewer's
    access."""

    key: str
    label: str
    current: Number | None
    previous: Number | None
    unit: Unit = "count"
    current_of: Number | None = None
    previous_of: Number | None = None
    link: str | None = None
    note: str = ""

    @property
    def current_percent(self) -> Decimal | None:
        if self.unit != "share" or self.current is None or self.current_of is None:
            return None
        return percent(self.current, self.current_of)

    @property
    def previous_percent(self) -> Decimal | None:
        if self.unit != "share" or self.previous is None or self.previous_of is None:
            return None
        return percent(self.previous, self.previous_of)

    @property
    def change(self) -> Decimal | None:
        """Relative change in whole percent, or percentage points for shares; None when it
        cannot be told (no value a year before, or it was 0)."""
        if self.unit == "share":
            now, before = self.current_percent, self.previous_percent
            if now is None or before is None:
                return None
            return now - before
        if self.current is None or self.previous is None or not self.previous:
            return None
        return (
            (Decimal(self.current) - Decimal(self.previous)) * 100 / Decimal(self.previous)
        ).quantize(Decimal("1"), ROUND_HALF_UP)

    @property
    def change_is_points(self) -> bool:
        return self.unit == "share"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    # Draw a bar chart of this section's count figures (now against a year before).
    chart: bool = False


@dataclass(frozen=True)
class IndicatorReport:
    scope_label: str
    period: Period
    previous: Period
    sections: list[Section]
    generated_at: datetime.datetime

    def figure(self, key: str) -> Figure:
        for section in self.sections:
            for item in section.figures:
                if item.key == key:
                    return item
        raise KeyError(key)
