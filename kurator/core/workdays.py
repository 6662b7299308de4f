"""The Russian production calendar (производственный календарь) and every lifecycle deadline.

One module, one rule: a day is a working day unless it is a weekend or an official day off,
where a decree can move days both ways (a transferred day off on a weekday, a working
Saturday). Sources, in order of precedence:

1. ``CalendarOverride`` rows an administrator entered from a decree the library does not know
   yet (read from the database at every computation — one small query — so every process of a
   multi-process deployment sees a new decree at once);
2. ``holidays.country_holidays("RU")``: official holidays, their observed days, transferred
   days off (named «Выходной (перенесено с …)») and ``weekend_workdays`` (working Saturdays).

"Working day N after D" (docs/domain.md, Deadlines) is the N-th working day strictly after D: a
signal on Friday 25 December 2026 has its first-visit team due on Monday 28 December and its visit
on Wednesday 30 December (31 December 2026 is a transferred day off).

Deadline helpers at the bottom are the only place the lifecycle's numbers live; services
store their results on the records (``*_due``) so lateness can be reported later.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TypedDict

import holidays
from django.utils import timezone

__all__ = [
    "APPEAL_ANSWER_CALENDAR_DAYS",
    "DECISION_DUE_WORKING_DAYS",
    "FOLDER_DUE_WORKING_DAYS",
    "PLAN_DUE_CALENDAR_DAYS",
    "REPORT_DUE_HOURS",
    "TEAM_DUE_WORKING_DAYS",
    "VISIT_DUE_WORKING_DAYS",
    "SignalDeadlines",
    "add_working_days",
    "appeal_answer_due",
    "case_folder_due",
    "decision_due",
    "has_transfer_decree",
    "is_working_day",
    "library_has_transfer_decree",
    "plan_due",
    "report_due",
    "signal_deadlines",
    "team_due",
    "visit_due",
    "working_days_between",
]

# docs/domain.md, Deadlines.
TEAM_DUE_WORKING_DAYS = 1  # first-visit team: working day 1 after the signal
VISIT_DUE_WORKING_DAYS = 3  # first visit: working day 3 after the signal
REPORT_DUE_HOURS = 24  # visit report: 24 calendar hours after the visit
DECISION_DUE_WORKING_DAYS = 3  # take-in decision: working day 3 after the report
FOLDER_DUE_WORKING_DAYS = 3  # electronic case folder: working day 3 after opening
PLAN_DUE_CALENDAR_DAYS = 45  # individual plan: 45 calendar days after opening
# A citizen's appeal (59-FZ, art. 12): answered within 30 days of its registration.
APPEAL_ANSWER_CALENDAR_DAYS = 30

_SATURDAY = 5
# A window of overrides wide enough for any deadline: the longest run of days off in Russia
# (New Year) is 10–12 days, so N working days always fit in 2·N + 31 calendar days.
_WINDOW_SLACK_DAYS = 31


# --- the library's year data ----------------------------------------------------------------


@lru_cache(maxsize=32)
def _library_year(year: int) -> tuple[frozenset[date], frozenset[date], bool]:
    """(days off, working weekend days, has a transfer decree) for one year.

    Pure data derived from the installed library, so a small process-wide cache is safe:
    it never changes while the process runs (overrides are not cached)."""
    calendar = holidays.country_holidays("RU", years=year, language="en_US")
    days_off = frozenset(d for d in calendar if d.year == year)
    working_weekend = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    substituted = any("substituted" in str(name).lower() for name in calendar.values())
    return days_off, working_weekend, substituted or bool(working_weekend)


def _library_is_working_day(day: date) -> bool:
    days_off, working_weekend, _decree = _library_year(day.year)
    if day in working_weekend:
        return True
    if day in days_off:
        return False
    return day.weekday() < _SATURDAY


def library_has_transfer_decree(year: int) -> bool:
    """Whether the library knows the year's decree on transferred days off."""
    return _library_year(year)[2]


# --- overrides ------------------------------------------------------------------------------


def _overrides(start: date, end: date) -> dict[date, bool]:
    """Override rows between ``start`` and ``end`` inclusive — one query."""
    from kurator.core.models import CalendarOverride  # models import workdays-free

    rows = CalendarOverride.objects.filter(date__gte=start, date__lte=end).values_list(
        "date", "is_working_day"
    )
    return dict(rows)


def has_transfer_decree(year: int) -> bool:
    """The library or the override table has the year's transfer decree."""
    if library_has_transfer_decree(year):
        return True
    from kurator.core.models import CalendarOverride

    return CalendarOverride.objects.filter(date__year=year).exists()


# --- working days ---------------------------------------------------------------------------


def _as_date(value: date | datetime) -> date:
    """A datetime counts on its local (Europe/Moscow by default) calendar date."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localdate(value)
        return value.date()
    return value


def _is_working(day: date, overrides: dict[date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return _library_is_working_day(day)


def is_working_day(day: date | datetime) -> bool:
    day = _as_date(day)
    return _is_working(day, _overrides(day, day))


def add_working_days(start: date | datetime, n: int) -> date:
    """The N-th working day strictly after ``start`` (N > 0), strictly before it (N < 0),
    or ``start`` itself (N == 0)."""
    day = _as_date(start)
    if n == 0:
        return day
    step = 1 if n > 0 else -1
    remaining = abs(n)
    while True:
        window = 2 * remaining + _WINDOW_SLACK_DAYS
        edge = day + timedelta(days=step * window)
        overrides = _overrides(min(day, edge), max(day, edge))
        for _ in range(window):
            day += timedelta(days=step)
            if _is_working(day, overrides):
                remaining -= 1
                if remaining == 0:
                    return day
        # Not reached within the window (a very long override run): look further.


def working_days_between(start: date | datetime, end: date | datetime) -> int:
    """Working days in (start, end] — so ``add_working_days(a, n) == b`` gives ``n``.

    Negative when ``end`` is before ``start``; 0 when they are the same day.
    """
    a, b = _as_date(start), _as_date(end)
    if a == b:
        return 0
    sign = 1 if b > a else -1
    low, high = (a, b) if b > a else (b, a)
    overrides = _overrides(low + timedelta(days=1), high)
    count = 0
    day = low
    while day < high:
        day += timedelta(days=1)
        if _is_working(day, overrides):
            count += 1
    return sign * count


# --- lifecycle deadlines (docs/domain.md, Deadlines) ----------------------------------------


class SignalDeadlines(TypedDict):
    team_due: date
    visit_due: date


def team_due(received: date | datetime) -> date:
    """First-visit team named: working day 1 after the signal."""
    return add_working_days(received, TEAM_DUE_WORKING_DAYS)


def visit_due(received: date | datetime) -> date:
    """First visit made: working day 3 after the signal."""
    return add_working_days(received, VISIT_DUE_WORKING_DAYS)


def signal_deadlines(received: date | datetime) -> SignalDeadlines:
    """The deadlines a signal gets when it is recorded."""
    return {"team_due": team_due(received), "visit_due": visit_due(received)}


def report_due(visited_at: datetime) -> datetime:
    """First-visit report: 24 calendar hours after the visit (hours, not working days)."""
    return visited_at + timedelta(hours=REPORT_DUE_HOURS)


def decision_due(reported: date | datetime) -> date:
    """Take-in decision: working day 3 after the visit report."""
    return add_working_days(reported, DECISION_DUE_WORKING_DAYS)


def case_folder_due(opened: date | datetime) -> date:
    """Electronic case folder complete: working day 3 after the case opens."""
    return add_working_days(opened, FOLDER_DUE_WORKING_DAYS)


def plan_due(opened: date | datetime) -> date:
    """Individual plan agreed with the family: 45 calendar days after the case opens."""
    return _as_date(opened) + timedelta(days=PLAN_DUE_CALENDAR_DAYS)


def appeal_answer_due(registered: date | datetime) -> date:
    """A complaint or suggestion answered (59-FZ «О порядке рассмотрения обращений граждан»,
    art. 12): 30 calendar days after its registration; a deadline that falls on a day off
    moves to the next working day (as the Civil Code's art. 193 moves any term)."""
    day = _as_date(registered) + timedelta(days=APPEAL_ANSWER_CALENDAR_DAYS)
    return add_working_days(day - timedelta(days=1), 1)
