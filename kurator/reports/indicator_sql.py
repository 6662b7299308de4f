"""SQL building blocks of the indicator report, the same on SQLite and PostgreSQL.

Day arithmetic is done on whole day numbers (``DayNumber``), never on intervals: SQLite keeps
durations as microseconds and adds them as text, PostgreSQL as ``interval``; an integer
difference of two day numbers is the count of calendar days on both. Datetimes become the
local calendar day first (``local_day``), in the project's time zone.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

__all__ = [
    "DayNumber",
    "between",
    "date_value",
    "day_of",
    "local_day",
    "moment",
    "one_decimal",
    "whole_months",
]


class DayNumber(Func):
    """A date as a whole number of days; the difference of two is their calendar distance."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((%(expressions)s)::date - DATE '2000-01-01')",
            **extra,
        )


def local_day(field: str) -> TruncDate:
    """The local calendar day of a datetime field."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def date_value(day: datetime.date) -> Value:
    return Value(day, output_field=DateField())


def day_of(expression: str | Expression, *, datetime_field: bool = False) -> DayNumber:
    """Day number of a date field (or of a datetime field's local day)."""
    if not isinstance(expression, str):
        return DayNumber(expression)
    if datetime_field:
        return DayNumber(local_day(expression))
    return DayNumber(F(expression))


def moment(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def between(field: str, start: datetime.date, end: datetime.date) -> Q:
    """``field`` (a datetime) falls on a local day within start…end, both inclusive —
    as a range on the column itself, so its index can serve it."""
    after = moment(end + datetime.timedelta(days=1))
    return Q(**{f"{field}__gte": moment(start), f"{field}__lt": after})


def whole_months(first: Expression, last: Expression) -> Expression:
    """Whole calendar months from date ``first`` to date ``last`` (15.01 → 14.07 is 5,
    15.01 → 15.07 is 6)."""
    return (
        (ExtractYear(last) - ExtractYear(first)) * 12
        + ExtractMonth(last)
        - ExtractMonth(first)
        - Case(
            When(GreaterThan(ExtractDay(first), ExtractDay(last)), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def one_decimal(value: object) -> Decimal | None:
    """A database average as a Decimal with one decimal place, half-up; None stays None."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def coalesce_day(field: str, fallback: datetime.date) -> Expression:
    """The local day of a nullable datetime field, or ``fallback`` when it is empty."""
    return Coalesce(local_day(field), date_value(fallback), output_field=DateField())
