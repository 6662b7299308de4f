"""Every consent gate, tried by every role (152-FZ): nobody — whatever her rights — opens a
planned case, sends a child's name to a partner or opens a case to an outside supervisor
without the family's consent to it. The roles that may act reach the gate and are told what
is missing (API: 400 ``{"consent": [...]}``, web: the form's message); the others are stopped
by their rights or their scope (403/404) before it. Once the consent is recorded, the roles
that reached the gate pass. Nothing is written by a refused request.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case, CaseSupervisionShare
from kurator.cases.tests.factories import make_accepted_signal, open_case_for
from kurator.core.testing import give_consents, make_family, make_person, make_user
from kurator.intake.models import Signal
from kurator.network.models import Referral
from kurator.network.services.agents import create_agent, create_service
from kurator.people.models import Family, FamilyRole

pytestmark = pytest.mark.django_db

CASE_CURATOR = "curator of the case"
ROLES = [CASE_CURATOR, *RoleCode.values]
# Who reaches each gate: the team's senior curator and head open cases; the case's curator,
# the senior curator and the head work on a case of the team (and refer its family).
OPENERS = {RoleCode.SENIOR_CURATOR, RoleCode.TEAM_HEAD}
CASE_WORKERS = {CASE_CURATOR, RoleCode.SENIOR_CURATOR, RoleCode.TEAM_HEAD}
# The case's curator and her team's head open a case to an outside supervisor.
SHARERS = {CASE_CURATOR, RoleCode.TEAM_HEAD}


def _actor(role: str, org: Organisation, team: Team, curator: User) -> User:
    if role == CASE_CURATOR:
        return curator
    return make_user(role, organisation=org, team=team, username=f"actor-{role}")


def _family(senior: User, name: str) -> Family:
    """A mother and her daughter of nine, both surnamed ``name`` + «а»."""
    family = make_family(by=senior, name=f"{name}ы")
    make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        last_name=f"{name}а",
        first_name="Ирина",
        birth_date=date(1987, 2, 3),
    )
    make_person(
        by=senior,
        family=family,
        last_name=f"{name}а",
        first_name="Дарья",
        birth_date=date(2016, 9, 1),
    )
    return family


def _api(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("role", ROLES)
def test_no_role_opens_a_planned_case_without_the_representatives_consent(
    role: str, org: Organisation, team: Team, senior: User, curator: User, psychologist: User
) -> None:
    family = _family(senior, "Петров")
    signal: Signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    actor = _actor(role, org, team, curator)
    body = {"signal": signal.pk, "curator": curator.pk, "scenario": "planned"}
    response = _api(actor).post("/api/v1/cases/", body, format="json")
    assert not Case.objects.exists()
    if role in OPENERS:
        assert response.status_code == 400
        assert "Петрова Ирина" in response.json()["consent"][0]
        give_consents(by=senior, family=family, purposes=["case_work"])
        assert _api(actor).post("/api/v1/cases/", body, format="json").status_code == 201
    else:
        assert response.status_code in (403, 404)


@pytest.fixture
def case(senior: User, curator: User, psychologist: User) -> Case:
    """A planned case whose family consented to case work only: no transfer to partners, no
    outside supervision."""
    family = _family(senior, "Соколов")
    give_consents(by=senior, family=family, purposes=["case_work"])
    return open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=family,
        consents=False,
    )


@pytest.mark.parametrize("role", ROLES)
def test_no_role_sends_a_childs_name_to_a_partner_without_the_transfer_consent(
    role: str, org: Organisation, team: Team, case: Case, head: User, curator: User
) -> None:
    food = create_service(by=head, name="Продуктовый набор", group="material")
    agent = create_agent(
        by=head, name="Опека района", category="agency", territory="район", catalogue=[food]
    )
    child = case.family.memberships.get(role=FamilyRole.CHILD).person
    actor = _actor(role, org, team, curator)
    url = f"/api/v1/cases/{case.pk}/referrals/"
    body = {
        "agent": agent.pk,
        "service": food.pk,
        "need": "Продуктовый набор",
        "persons": [child.pk],
        "due_on": f"{timezone.localdate() + timedelta(days=5):%Y-%m-%d}",
        "confirmed": True,  # no cooperation agreement with the agent yet: sent knowingly
    }
    response = _api(actor).post(url, body, format="json")
    assert not Referral.objects.exists()
    if role in CASE_WORKERS:
        assert response.status_code == 400
        assert "Соколова Дарья" in response.json()["consent"][0]
        give_consents(by=head, family=case.family, purposes=["transfer_agency"])
        created = _api(actor).post(url, body, format="json")
        assert created.status_code == 201, created.json()
        assert created.json()["depersonalised"] is False
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_opens_a_case_to_a_supervisor_without_the_supervision_consent(
    role: str,
    org: Organisation,
    team: Team,
    case: Case,
    senior: User,
    curator: User,
    client: Client,
) -> None:
    supervisor = make_user(RoleCode.SUPERVISOR, organisation=org, username="outside-supervisor")
    actor = _actor(role, org, team, curator)
    client.force_login(actor)
    url = reverse("cases:supervision", args=[case.pk])
    response = client.post(url, {"supervisor": supervisor.pk})
    assert not CaseSupervisionShare.objects.exists()
    if role in SHARERS:
        assert response.status_code == 200
        assert "обсуждение на внешней супервизии" in response.content.decode()
        give_consents(by=senior, family=case.family, purposes=["supervision"])
        assert client.post(url, {"supervisor": supervisor.pk}).status_code == 302
        assert CaseSupervisionShare.objects.get().supervisor == supervisor
    else:
        assert response.status_code in (403, 404)
