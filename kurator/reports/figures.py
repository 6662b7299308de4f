"""The shapes every report shares: a period, a figure against the same period a year before,
sections of figures. ``indicators.py`` fills them; the page, the XLSX, the PDF and the API
render the same objects, so the four can never disagree.

Percentages are whole numbers rounded half-up, the way seed 003 reports them: 399 → 335
families is «−16 %»; a share moving from 41 % to 63 % is «+22 п. п.» (percentage points).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Unit = Literal["count", "share", "days", "months", "rub", "hours", "score"]
Number = int | Decimal


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
