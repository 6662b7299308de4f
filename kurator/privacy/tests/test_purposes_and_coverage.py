"""Purposes of consent as data, who signs, the bad input refused, and what a person's
consents cover (``kurator.privacy.queries.coverage``) — the predicate every gate asks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.core.testing import make_family, make_organisation, make_person
from kurator.people.errors import PeopleError
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.models import Consent, ConsentPurpose, PurposeKind
from kurator.privacy.queries.coverage import coverage_of, covered, family_coverage
from kurator.privacy.services.consent_tasks import schedule_expiring
from kurator.privacy.services.consents import record_consent, withdraw_consent
from kurator.tasks.models import Task

pytestmark = pytest.mark.django_db
SCOPE = "ФИО, дата рождения, адрес"


def today() -> date:
    return timezone.localdate()


def years_ago(n: int) -> date:
    return today().replace(year=today().year - n) - timedelta(days=1)


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        first_name="Анна",
        birth_date=years_ago(35),
    )


@pytest.fixture
def child(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Ева", birth_date=years_ago(8))


def give(person: Person, by: User, **kwargs: Any) -> Consent:
    params: dict[str, Any] = {
        "purposes": ["case_work"],
        "scope": SCOPE,
        "given_on": today() - timedelta(days=5),
    } | kwargs
    return record_consent(person=person, by=by, **params)


# --- purposes as data ----------------------------------------------------------------------


def test_a_new_organisation_gets_the_default_purposes_one_transfer_per_category() -> None:
    organisation = make_organisation("Новый фонд")
    purposes = {p.code: p for p in ConsentPurpose.objects.filter(organisation=organisation)}
    assert {"case_work", "supervision", "photo", "publication", "other"} <= set(purposes)
    assert purposes["transfer_ngo"].kind == PurposeKind.TRANSFER
    assert purposes["transfer_ngo"].category == "ngo"
    assert purposes["transfer_agency"].title == "передача данных: министерство или ведомство"


def test_a_consent_names_several_purposes(curator: User, mother: Person) -> None:
    consent = give(mother, curator, purposes=["case_work", "transfer_ngo", "supervision"])
    assert consent.purpose_kinds == {"case_work", "transfer", "supervision"}
    assert "передача данных: социально ориентированная НКО" in consent.purpose_label


# --- bad input: a clear message, nothing changed ------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"given_on": date(2999, 1, 1)}, "given_on", "в будущем"),
        (
            {"given_on": date(2026, 1, 10), "valid_until": date(2026, 1, 9)},
            "valid_until",
            "раньше даты согласия",
        ),
        ({"purposes": ["transfer_medical"]}, "purposes", "Категории «medical» нет"),
        ({"purposes": ["spam"]}, "purposes", "нет в списке целей"),
        ({"purposes": []}, "purposes", "хотя бы одну цель"),
    ],
)
def test_bad_consent_input_is_refused_with_a_russian_message(
    curator: User, mother: Person, kwargs: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(PeopleError) as error:
        give(mother, curator, **kwargs)
    assert error.value.field == field
    assert words in error.value.message
    assert not Consent.objects.exists()


def test_a_child_under_14_does_not_sign_alone(curator: User, mother: Person, child: Person) -> None:
    with pytest.raises(PeopleError) as error:
        give(child, curator)
    assert "нет 14 лет" in error.value.message
    assert not Consent.objects.exists()
    assert give(child, curator, signed_by=mother).signed_by == mother


def test_withdrawing_a_withdrawn_consent_is_refused(curator: User, mother: Person) -> None:
    consent = give(mother, curator, purposes=["photo"])
    withdraw_consent(consent=consent, by=curator)
    with pytest.raises(PeopleError) as error:
        withdraw_consent(consent=consent, by=curator)
    assert "уже отозвано" in error.value.message


def test_bad_input_is_a_400_in_the_api(curator: User, mother: Person) -> None:
    api = APIClient()
    api.force_authenticate(curator)
    url = f"/api/v1/persons/{mother.pk}/consents/"
    base = {"scope": SCOPE, "given_on": f"{today():%Y-%m-%d}"}
    response = api.post(url, base | {"purposes": ["transfer_medical"]}, format="json")
    assert response.status_code == 400
    assert "Категории «medical» нет" in response.json()["purposes"][0]
    response = api.post(url, base | {"purposes": ["case_work", "transfer_ngo"]}, format="json")
    assert response.status_code == 201
    assert {p["code"] for p in response.json()["purposes"]} == {"case_work", "transfer_ngo"}
    listed = api.get(url).json()
    assert [c["purpose_display"] for c in listed] == [response.json()["purpose_display"]]


# --- coverage ------------------------------------------------------------------------------


def test_covered_asks_the_purpose_the_category_and_the_term(curator: User, mother: Person) -> None:
    give(mother, curator, purposes=["transfer_ngo"], valid_until=today() + timedelta(days=3))
    assert covered(mother, PurposeKind.TRANSFER, "ngo")
    assert not covered(mother, PurposeKind.TRANSFER, "agency")
    assert not covered(mother, PurposeKind.CASE_WORK)
    # An expired consent counts as none.
    assert not covered(mother, PurposeKind.TRANSFER, "ngo", on=today() + timedelta(days=4))


def test_a_withdrawn_consent_to_processing_covers_nothing(curator: User, mother: Person) -> None:
    consent = give(mother, curator, purposes=["case_work", "transfer_ngo"])
    withdraw_consent(consent=consent, by=curator)
    coverage = coverage_of([mother])[mother.pk]
    assert coverage.stopped
    assert not coverage.covers(PurposeKind.TRANSFER, "ngo")
    assert coverage.allowed == []


def test_the_summary_says_what_is_allowed_and_blocked_in_plain_russian(
    curator: User, mother: Person
) -> None:
    give(mother, curator, purposes=["case_work", "transfer_agency"])
    coverage = coverage_of([mother])[mother.pk]
    assert "работа с данными для помощи" in coverage.allowed
    assert "передача агентам: министерство или ведомство" in coverage.allowed
    assert "передача случая супервизору" in coverage.blocked
    assert any(b.startswith("направления с именем к агентам: социально") for b in coverage.blocked)


def test_family_coverage_takes_a_fixed_number_of_queries(
    senior: User,
    curator: User,
    family: Family,
    mother: Person,
    django_assert_max_num_queries: Any,
) -> None:
    give(mother, curator, purposes=["case_work", "supervision"])
    for n in range(8):
        kid = make_person(by=senior, family=family, first_name=f"Ребёнок{n}")
        give(kid, curator, signed_by=mother)
    with django_assert_max_num_queries(5):
        state = family_coverage(family)
    assert len(state.members) == 9
    assert [m.person for m in state.representatives] == [mother]
    assert state.represented(PurposeKind.SUPERVISION)


# --- expiry --------------------------------------------------------------------------------


def test_a_consent_ending_within_30_days_becomes_the_curators_task(
    senior: User, curator: User, psychologist: User, family: Family, mother: Person
) -> None:
    from kurator.cases.tests.factories import open_case_for

    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    ending = give(mother, curator, purposes=["transfer_ngo"], valid_until=today() + timedelta(20))
    assert schedule_expiring(today=today()) >= 1
    task = Task.objects.get(key=f"consent_expiring:{ending.pk}")
    assert task.user == curator and task.case == case
    assert task.due_on == ending.valid_until
    assert "Иванова" not in task.title  # no names: a task reaches the e-mail digest
    give(mother, curator, purposes=["transfer_ngo"])  # renewed
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
