"""Intensity and home-visit warnings, at their exact day boundaries, and their query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.meetings.models import RegisterEntry
from kurator.people.models import Person
from kurator.plans import queries, services
from kurator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def test_add_month_keeps_the_day_or_takes_the_months_last() -> None:
    assert queries.add_month(date(2026, 1, 15)) == date(2026, 2, 15)
    assert queries.add_month(date(2026, 1, 31)) == date(2026, 2, 28)
    assert queries.add_month(date(2028, 1, 31)) == date(2028, 2, 29)
    assert queries.add_month(date(2026, 12, 10)) == date(2027, 1, 10)


def test_no_intensity_warning_before_the_plan_is_agreed(
    case: Case, curator: User, mother: Person
) -> None:
    make_plan(case=case, curator=curator, mother=mother)
    later = timezone.localdate() + timedelta(days=40)
    assert not queries.plan_warnings([case], today=later)[case.pk]


def test_intensity_warns_on_day_15_after_the_last_plan_step(
    case: Case, curator: User, mother: Person
) -> None:
    today = timezone.localdate()
    make_plan(case=case, curator=curator, mother=mother, agree_on=today)
    day_14 = queries.plan_warnings([case], today=today + timedelta(days=14))[case.pk]
    assert not day_14.low_intensity
    day_15 = queries.plan_warnings([case], today=today + timedelta(days=15))[case.pk]
    assert day_15.low_intensity
    assert "Низкая интенсивность" in day_15.messages[0]


def test_a_done_action_or_a_contact_moving_the_plan_restarts_the_count(
    case: Case, curator: User, mother: Person
) -> None:
    today = timezone.localdate()
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=today)
    services.record_contact(
        case=case,
        kind="call",
        happened_on=today,
        persons=[mother],
        actions=[built.staff_action],
        by=curator,
    )
    services.update_action_status(action=built.family_action, status="done", by=curator)
    warnings = queries.plan_warnings([case], today=today + timedelta(days=14))[case.pk]
    assert warnings.last_plan_step == today
    assert not warnings.low_intensity


def _register(case: Case, by: User, since: date) -> None:
    """The family on the register (the meetings app's record; built directly here)."""
    RegisterEntry.objects.create(
        organisation_id=case.organisation_id,
        family_id=case.family_id,
        case=case,
        registered_on=since,
        registered_by=by,
    )


def test_register_family_warns_a_month_and_a_day_after_the_last_home_visit(
    case: Case, curator: User, mother: Person
) -> None:
    today = timezone.localdate()
    _register(case, curator, today)
    services.record_contact(
        case=case, kind="home_visit", happened_on=today, persons=[mother], by=curator
    )
    month = queries.add_month(today)
    assert not queries.plan_warnings([case], today=month)[case.pk].no_home_visit
    late = queries.plan_warnings([case], today=month + timedelta(days=1))[case.pk]
    assert late.no_home_visit
    assert "без посещения на дому" in late.messages[0]


def test_a_call_is_not_a_home_visit(case: Case, curator: User, mother: Person) -> None:
    today = timezone.localdate()
    _register(case, curator, today)
    services.record_contact(case=case, kind="call", happened_on=today, persons=[mother], by=curator)
    later = queries.add_month(today) + timedelta(days=1)
    assert queries.plan_warnings([case], today=later)[case.pk].no_home_visit


def test_families_off_the_register_get_no_home_visit_warning(case: Case) -> None:
    later = timezone.localdate() + timedelta(days=90)
    assert not queries.plan_warnings([case], today=later)[case.pk].no_home_visit


def test_warnings_for_a_page_of_cases_take_a_fixed_number_of_queries(
    case: Case, curator: User, mother: Person, django_assert_max_num_queries: object
) -> None:
    make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    cases = list(Case.objects.all())
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        queries.plan_warnings(cases)
