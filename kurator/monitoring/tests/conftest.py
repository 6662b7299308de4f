"""Fixtures of the monitoring tests: an open case of ``curator`` (the mother in its family)
with an agreed plan of two actions, built through the plans' services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.people.models import Family, Person
from kurator.plans.tests.factories import BuiltPlan, make_plan


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, role="parent", first_name="Мария", birth_date=None)


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, mother: Person) -> Case:
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


def move_opening(case: Case, days: int) -> Case:
    """Pretend the case opened ``days`` ago (tests of periods and months)."""
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=days))
    case.refresh_from_db()
    return case


@pytest.fixture
def built(case: Case, curator: User, mother: Person) -> BuiltPlan:
    return make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
