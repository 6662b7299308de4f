"""Fixtures of the plans tests: an open case of ``curator`` with a mother and a child in its
family, a resource agent, and helpers that build a plan through the services."""

from __future__ import annotations

import pytest

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.network.models import ResourceAgent
from kurator.people.models import Family, Person


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, role="parent", first_name="Мария", birth_date=None)


@pytest.fixture
def child(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Оля")


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, mother: Person) -> Case:
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


@pytest.fixture
def agent(curator: User) -> ResourceAgent:
    assert curator.organisation is not None
    return ResourceAgent.objects.create(
        organisation=curator.organisation,
        name="Центр занятости",
        category=ResourceAgent.Category.AGENCY,
    )
