"""The production calendar on the REAL Russian calendar of the installed ``holidays``."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kurator.core import workdays
from kurator.core.models import CalendarOverride

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


# --- the real calendar ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [date(2027, 1, d) for d in range(1, 9)],
    ids=lambda d: d.isoformat(),
)
def test_new_year_holidays_2027_are_days_off(day: date) -> None:
    assert not workdays.is_working_day(day)


def test_first_working_day_of_2027_is_monday_11_january() -> None:
    assert workdays.is_working_day(date(2027, 1, 11))
    assert not workdays.is_working_day(date(2027, 1, 9))  # Saturday
    assert not workdays.is_working_day(date(2027, 1, 10))  # Sunday


def test_saturday_20_february_2027_is_a_working_day() -> None:
    assert workdays.is_working_day(date(2027, 2, 20))


def test_monday_22_february_2027_is_the_day_off_moved_from_20_february() -> None:
    assert not workdays.is_working_day(date(2027, 2, 22))
    assert not workdays.is_working_day(date(2027, 2, 23))  # Defender of the Fatherland Day


@pytest.mark.parametrize(
    "day", [date(2026, 1, 9), date(2026, 12, 31), date(2027, 11, 5), date(2027, 12, 31)]
)
def test_substituted_days_off_of_2026_and_2027_are_not_working(day: date) -> None:
    assert day.weekday() < 5
    assert not workdays.is_working_day(day)


def test_ordinary_saturday_and_weekday_follow_the_week() -> None:
    assert not workdays.is_working_day(date(2026, 11, 21))
    assert workdays.is_working_day(date(2026, 11, 23))


def test_observed_holiday_on_monday_after_a_sunday_holiday_is_off() -> None:
    # 8 March 2026 is a Sunday; Monday 9 March is the day off instead.
    assert not workdays.is_working_day(date(2026, 3, 9))


# --- counting -------------------------------------------------------------------------------


def test_working_day_n_after_counts_strictly_after_the_date() -> None:
    monday = date(2026, 11, 23)
    assert workdays.add_working_days(monday, 1) == date(2026, 11, 24)
    assert workdays.add_working_days(monday, 0) == monday


def test_working_day_after_friday_is_monday() -> None:
    assert workdays.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_working_day_after_a_day_off_counts_from_the_next_working_day() -> None:
    # A signal received on Sunday: working day 1 after it is Monday.
    assert workdays.add_working_days(date(2026, 11, 29), 1) == date(2026, 11, 30)


def test_negative_n_counts_back_over_the_new_year() -> None:
    assert workdays.add_working_days(date(2027, 1, 11), -1) == date(2026, 12, 30)


def test_working_days_between_is_the_inverse_of_add_working_days() -> None:
    start = date(2026, 12, 28)
    for n in (1, 3, 10, 25):
        end = workdays.add_working_days(start, n)
        assert workdays.working_days_between(start, end) == n
        assert workdays.working_days_between(end, start) == -n
    assert workdays.working_days_between(start, start) == 0


def test_working_days_between_new_years_eve_and_11_january_2027_is_one() -> None:
    assert workdays.working_days_between(date(2026, 12, 30), date(2027, 1, 11)) == 1


def test_a_datetime_counts_on_its_moscow_date() -> None:
    # 23:30 UTC on Friday 27 November is already Saturday 28 November in Moscow.
    late_friday_utc = datetime(2026, 11, 27, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert workdays.add_working_days(late_friday_utc, 1) == date(2026, 11, 30)
    assert not workdays.is_working_day(late_friday_utc)


# --- lifecycle deadlines --------------------------------------------------------------------


def test_team_due_is_working_day_one_after_signal_skips_new_year() -> None:
    assert workdays.team_due(date(2026, 12, 30)) == date(2027, 1, 11)


def test_visit_due_three_working_days_after_signal_skips_new_year() -> None:
    assert workdays.visit_due(date(2026, 12, 30)) == date(2027, 1, 13)


def test_visit_due_before_new_year_skips_substituted_31_december_2026() -> None:
    deadlines = workdays.signal_deadlines(date(2026, 12, 25))
    assert deadlines == {"team_due": date(2026, 12, 28), "visit_due": date(2026, 12, 30)}


def test_signal_on_friday_19_february_2027_has_team_due_on_the_working_saturday() -> None:
    deadlines = workdays.signal_deadlines(date(2027, 2, 19))
    assert deadlines["team_due"] == date(2027, 2, 20)
    # 22 and 23 February are days off: 20 → 24 → 25.
    assert deadlines["visit_due"] == date(2027, 2, 25)


def test_report_due_is_24_calendar_hours_even_over_a_holiday() -> None:
    visited = datetime(2026, 12, 30, 15, 0, tzinfo=MSK)
    assert workdays.report_due(visited) == datetime(2026, 12, 31, 15, 0, tzinfo=MSK)


def test_decision_due_three_working_days_after_report_skips_november_holidays_2027() -> None:
    # Report on Tuesday 2 November 2027; 4 and 5 November are days off.
    assert workdays.decision_due(date(2027, 11, 2)) == date(2027, 11, 9)


def test_case_folder_due_three_working_days_after_opening_skips_9_january_2026() -> None:
    # 31 Dec 2025 and 9 Jan 2026 are transferred days off, 1–8 Jan holidays: 12, 13, 14.
    assert workdays.case_folder_due(date(2025, 12, 30)) == date(2026, 1, 14)


def test_plan_due_is_45_calendar_days_after_opening() -> None:
    assert workdays.plan_due(date(2026, 12, 1)) == date(2027, 1, 15)
    opened_at = datetime(2026, 12, 1, 22, 30, tzinfo=ZoneInfo("UTC"))  # 2 Dec in Moscow
    assert workdays.plan_due(opened_at) == date(2027, 1, 16)


# --- overrides ------------------------------------------------------------------------------


def test_override_day_off_takes_precedence_over_the_library() -> None:
    monday = date(2028, 1, 10)
    assert workdays.is_working_day(monday)
    CalendarOverride.objects.create(date=monday, is_working_day=False, note="Постановление")
    assert not workdays.is_working_day(monday)
    assert workdays.add_working_days(date(2028, 1, 7), 1) == date(2028, 1, 11)


def test_override_working_saturday_takes_precedence_over_the_library() -> None:
    saturday = date(2028, 4, 29)
    CalendarOverride.objects.create(date=saturday, is_working_day=True, note="Постановление")
    assert workdays.is_working_day(saturday)
    assert workdays.add_working_days(date(2028, 4, 28), 1) == saturday


def test_override_can_make_a_library_holiday_a_working_day() -> None:
    CalendarOverride.objects.create(date=date(2027, 2, 22), is_working_day=True, note="Ошибка")
    assert workdays.is_working_day(date(2027, 2, 22))


def test_one_query_per_deadline_computation(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        workdays.add_working_days(date(2026, 12, 30), 3)
    with django_assert_num_queries(1):  # type: ignore[operator]
        workdays.working_days_between(date(2026, 1, 1), date(2026, 12, 31))
