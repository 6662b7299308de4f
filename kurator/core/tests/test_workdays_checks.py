"""The system check that warns when a year has no decree on transferred days off."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import checks

from kurator.core import checks as core_checks
from kurator.core import workdays
from kurator.core.models import CalendarOverride

pytestmark = pytest.mark.django_db


def _pretend_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setattr(core_checks.timezone, "localdate", lambda *a, **k: day)


def test_library_knows_the_decrees_of_2026_and_2027() -> None:
    assert workdays.library_has_transfer_decree(2026)
    assert workdays.library_has_transfer_decree(2027)


def test_no_warning_when_this_and_next_year_have_decrees(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_today(monkeypatch, date(2026, 11, 23))
    assert core_checks.check_transfer_decrees() == []


def test_warns_when_next_year_has_no_decree_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    year = 2028  # the installed library does not know 2028's decree yet
    assert not workdays.library_has_transfer_decree(year)
    _pretend_today(monkeypatch, date(year - 1, 12, 1))
    messages = core_checks.check_transfer_decrees()
    assert [m.id for m in messages] == ["kurator.W001"]
    assert str(year) in messages[0].msg
    assert messages[0].level == checks.WARNING


def test_override_rows_count_as_the_decree(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_today(monkeypatch, date(2027, 12, 1))
    CalendarOverride.objects.create(
        date=date(2028, 1, 10), is_working_day=False, note="Постановление о переносе"
    )
    assert core_checks.check_transfer_decrees() == []


def test_both_missing_years_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_today(monkeypatch, date(2039, 6, 1))
    messages = core_checks.check_transfer_decrees()
    assert [m.id for m in messages] == ["kurator.W001", "kurator.W001"]


def test_the_check_is_registered() -> None:
    assert core_checks.check_transfer_decrees in checks.registry.registry.get_checks()
