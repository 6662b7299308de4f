"""Fixtures of the network tests: an open case with a mother (who consented to every purpose
before it opened), an agent with a partner organisation and its agent user, a catalogue
line."""

from __future__ import annotations

from datetime import date

import pytest

from kurator.accounts.models import Organisation, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_organisation, make_person, make_user
from kurator.network.models import ResourceAgent, Service
from kurator.network.services import agents
from kurator.people.models import Family, Person


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(family: Family, senior: User) -> Person:
    return make_person(
        by=senior,
        family=family,
        role="parent",
        last_name="Иванова",
        first_name="Мария",
        birth_date=date(1988, 6, 1),
    )


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, mother: Person) -> Case:
    """The family's case; the mother consented to everything first (``open_case_for``)."""
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


@pytest.fixture
def food(head: User) -> Service:
    return agents.create_service(by=head, name="Продуктовый набор", group="material")


@pytest.fixture
def partner(db: None) -> Organisation:
    return make_organisation("Отдел опеки (партнёр)", is_partner=True)


@pytest.fixture
def agent(head: User, food: Service, partner: Organisation) -> ResourceAgent:
    agent = agents.create_agent(
        by=head,
        name="Отдел опеки Смоленского района",
        category="agency",
        email="opeka@example.org",
        catalogue=[food],
        partner_organisation=partner,
    )
    agents.add_agreement(
        agent=agent, by=head, kind="cooperation", number="3-С", valid_from=date(2025, 1, 1)
    )
    return agent


@pytest.fixture
def agent_user(partner: Organisation) -> User:
    return make_user(RoleCode.RESOURCE_AGENT, organisation=partner, username="agent1")
