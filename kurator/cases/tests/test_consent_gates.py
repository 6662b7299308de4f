"""152-FZ gates of the cases app: a planned case opens only with the legal representative's
consent to processing; an emergency one opens without it and gives its curator the task to
obtain it, which the team head hears of once missed; a supervision share needs the
supervision consent. Web, API and services obey the same rule (it lives in the service)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.errors import CaseError
from kurator.cases.models import Case, CaseSupervisionShare
from kurator.cases.services import opening
from kurator.cases.services.supervision import share_case_for_supervision
from kurator.cases.tests.factories import make_accepted_signal, open_case_for
from kurator.core import workdays
from kurator.core.testing import give_consents, make_family, make_person, make_user
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.services.consents import record_consent
from kurator.tasks import digest
from kurator.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Петровы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Петрова",
        first_name="Ирина",
        birth_date=date(1988, 4, 2),
    )


def case_work(person: Person, by: User) -> None:
    record_consent(
        person=person,
        by=by,
        purposes=["case_work"],
        scope="ФИО, адрес, сведения о семье",
        given_on=timezone.localdate(),
    )


def test_a_planned_case_without_the_representatives_consent_is_refused(
    senior: User, curator: User, psychologist: User, family: Family, mother: Person
) -> None:
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    with pytest.raises(CaseError) as error:
        opening.open_case(signal=signal, curator=curator, by=senior)
    assert error.value.field == "consent"
    assert "обработка данных для оказания помощи" in error.value.message
    assert "Петрова Ирина" in error.value.message
    assert not Case.objects.exists()
    case_work(mother, senior)
    assert opening.open_case(signal=signal, curator=curator, by=senior).status == "open"


def test_the_api_answers_400_naming_the_missing_consent(
    senior: User, curator: User, psychologist: User, family: Family, mother: Person
) -> None:
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    api = APIClient()
    api.force_authenticate(senior)
    response = api.post(
        "/api/v1/cases/", {"signal": signal.pk, "curator": curator.pk}, format="json"
    )
    assert response.status_code == 400
    assert "Петрова Ирина" in response.json()["consent"][0]
    assert not Case.objects.exists()


def test_the_opening_form_says_what_is_missing(
    client: Client,
    senior: User,
    curator: User,
    psychologist: User,
    family: Family,
    mother: Person,
) -> None:
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    client.force_login(senior)
    response = client.post(
        reverse("cases:open", args=[signal.pk]),
        {"curator": curator.pk, "scenario": "planned", "target_group": "family"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "нет действующего согласия" in page
    assert 'data-testid="consent-missing"' in page  # who lacks what, with «Записать согласие»
    assert reverse("people:consent_add", args=[mother.pk]) in page
    assert not Case.objects.exists()


def test_an_emergency_case_opens_without_it_and_the_curator_must_obtain_it(
    senior: User, head: User, curator: User, psychologist: User, family: Family, mother: Person
) -> None:
    case = open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=family,
        scenario=Case.Scenario.EMERGENCY,
        consents=False,
    )
    task = Task.objects.get(key=f"case_consent:{case.pk}")
    opened = timezone.localdate(case.opened_at)
    assert task.user == curator
    assert task.due_on == workdays.add_working_days(opened, 3)
    assert task.kind == Task.Kind.CONSENT
    # Missed: the team head hears of it the next day, not five working days later.
    day_after = task.due_on + timedelta(days=1)
    escalated = [
        item.task
        for message in digest.collect(day_after)
        if message.kind == "escalation" and message.user == head
        for item in message.items
    ]
    assert task in escalated
    case_work(mother, curator)
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_a_childs_consent_does_not_open_a_planned_case(
    senior: User, curator: User, psychologist: User, family: Family, mother: Person
) -> None:
    child = make_person(by=senior, family=family, first_name="Оля", birth_date=date(2018, 1, 1))
    record_consent(
        person=child,
        by=senior,
        purposes=["case_work"],
        scope="ФИО",
        given_on=timezone.localdate(),
        signed_by=mother,
    )
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    with pytest.raises(CaseError):
        opening.open_case(signal=signal, curator=curator, by=senior)


# --- supervision ---------------------------------------------------------------------------


@pytest.fixture
def supervisor(senior: User) -> User:
    return make_user(RoleCode.SUPERVISOR, organisation=senior.organisation)


def test_a_supervision_share_needs_the_supervision_consent(
    senior: User,
    curator: User,
    psychologist: User,
    family: Family,
    mother: Person,
    supervisor: User,
) -> None:
    give_consents(by=senior, family=family, purposes=["case_work"])
    case = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=family, consents=False
    )
    with pytest.raises(CaseError) as error:
        share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    assert error.value.field == "consent"
    assert "обсуждение на внешней супервизии" in error.value.message
    assert not CaseSupervisionShare.objects.exists()
    give_consents(by=senior, family=family, purposes=["supervision"])
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    assert share.supervisor == supervisor
