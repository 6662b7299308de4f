"""Fixtures of the meetings tests: a family with a mother and a child, its open case, and a
person of another family. Built through the services, as a user would build them."""

from __future__ import annotations

from datetime import date

import pytest

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.people.models import Family, FamilyRole, Person


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        first_name="Светлана",
        birth_date=date(1990, 3, 1),
    )


@pytest.fixture
def child(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Маша")


@pytest.fixture
def stranger(senior: User) -> Person:
    other = make_family(by=senior, name="Петровы")
    return make_person(by=senior, family=other, last_name="Петрова", first_name="Ольга")


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, mother: Person) -> Case:
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
