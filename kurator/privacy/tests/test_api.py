"""``/api/v1/persons/{id}/consents/``, ``/api/v1/consents/{id}/withdraw/``,
``/api/v1/subject_requests/`` and ``…/answer/``: the contract, 400 with field errors, 404 out
of scope, bounded queries, and the OpenAPI schema."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.core.testing import make_family, make_person
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.models import Consent, DestructionClock
from kurator.privacy.services.consents import record_consent
from kurator.privacy.services.subject_requests import register_subject_request, subject_request_due


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def as_(api: APIClient, user: User) -> APIClient:
    api.force_authenticate(user)
    return api


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
        birth_date=date(1990, 1, 1),
    )


@pytest.fixture
def child(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Ева", birth_date=date(2019, 1, 1))


def give(person: Person, by: User, **kwargs: Any) -> Consent:
    params: dict[str, Any] = {
        "purpose": "case_work",
        "scope": "ФИО — для помощи",
        "given_on": today() - timedelta(days=3),
    } | kwargs
    return record_consent(person=person, by=by, **params)


# --- consents --------------------------------------------------------------------------------


def test_consent_is_created_and_listed(
    api: APIClient, curator: User, mother: Person, child: Person
) -> None:
    url = f"/api/v1/persons/{child.pk}/consents/"
    response = as_(api, curator).post(
        url,
        {
            "purpose": "case_work",
            "scope": "ФИО, школа",
            "given_on": f"{today():%Y-%m-%d}",
            "valid_until": f"{today() + timedelta(days=365):%Y-%m-%d}",
            "signed_by": mother.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["person"] == child.pk
    assert body["signed_by"] == mother.pk
    assert body["signed_by_name"] == mother.full_name
    assert body["purpose_display"] == "обработка персональных данных для оказания помощи"
    assert body["withdrawn_on"] is None
    listed = api.get(url).json()
    assert [c["id"] for c in listed] == [body["id"]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "scope"),
        ({"scope": "x", "given_on": "2026-01-01"}, "purposes"),
        ({"purpose": "spam", "scope": "x", "given_on": "2026-01-01"}, "purpose"),
        ({"purpose": "case_work", "scope": "", "given_on": "2026-01-01"}, "scope"),
        ({"purpose": "case_work", "scope": "x", "given_on": "завтра"}, "given_on"),
        ({"purpose": "case_work", "scope": "x", "given_on": "2999-01-01"}, "given_on"),
        ({"purpose": "other", "scope": "x", "given_on": "2026-01-01"}, "purpose_other"),
        (
            {"purpose": "case_work", "scope": "x", "given_on": "2026-01-01", "signed_by": 10**9},
            "signed_by",
        ),
        (
            {"purpose": "case_work", "scope": "x", "given_on": "2026-01-01", "document": 10**9},
            "document",
        ),
    ],
)
def test_bad_consent_input_is_a_400_with_the_field(
    api: APIClient, curator: User, mother: Person, data: dict[str, Any], field: str
) -> None:
    response = as_(api, curator).post(f"/api/v1/persons/{mother.pk}/consents/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Consent.objects.exists()


def test_a_child_without_a_signer_is_a_400(api: APIClient, curator: User, child: Person) -> None:
    response = as_(api, curator).post(
        f"/api/v1/persons/{child.pk}/consents/",
        {"purpose": "case_work", "scope": "x", "given_on": f"{today():%Y-%m-%d}"},
        format="json",
    )
    assert response.status_code == 400
    assert "14" in response.json()["signed_by"][0]


def test_consents_are_404_out_of_scope(
    api: APIClient, curator: User, other_team_curator: User, outsider: User, mother: Person
) -> None:
    consent = give(mother, curator)
    for user in (other_team_curator, outsider):
        as_(api, user)
        assert api.get(f"/api/v1/persons/{mother.pk}/consents/").status_code == 404
        assert api.post(f"/api/v1/consents/{consent.pk}/withdraw/", {}).status_code == 404


def test_the_director_reads_but_may_not_record(
    api: APIClient, director: User, curator: User, mother: Person
) -> None:
    consent = give(mother, curator)
    as_(api, director)
    assert api.get(f"/api/v1/persons/{mother.pk}/consents/").status_code == 200
    assert api.post(f"/api/v1/persons/{mother.pk}/consents/", {}).status_code == 403
    assert api.post(f"/api/v1/consents/{consent.pk}/withdraw/", {}).status_code == 403


def test_withdrawal_returns_the_destruction_date(
    api: APIClient, curator: User, mother: Person
) -> None:
    consent = give(mother, curator)
    response = as_(api, curator).post(
        f"/api/v1/consents/{consent.pk}/withdraw/", {"reason": "Заявление"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["withdrawn_on"] == f"{today():%Y-%m-%d}"
    assert body["destroy_by"] == f"{today() + timedelta(days=30):%Y-%m-%d}"
    assert DestructionClock.objects.filter(person=mother).exists()
    again = api.post(f"/api/v1/consents/{consent.pk}/withdraw/", {}, format="json")
    assert again.status_code == 400
    assert "уже отозвано" in again.json()["consent"][0]


def test_withdrawal_with_retention_needs_the_law(
    api: APIClient, curator: User, mother: Person
) -> None:
    consent = give(mother, curator)
    response = as_(api, curator).post(
        f"/api/v1/consents/{consent.pk}/withdraw/", {"retention_required": True}, format="json"
    )
    assert response.status_code == 400
    assert "legal_basis" in response.json()


def test_consent_list_queries_are_bounded(
    api: APIClient, curator: User, mother: Person, django_assert_max_num_queries: Any
) -> None:
    for n in range(6):
        give(mother, curator, scope=f"Согласие {n}")
    as_(api, curator)
    with django_assert_max_num_queries(5):  # their purposes in one more
        response = api.get(f"/api/v1/persons/{mother.pk}/consents/")
    assert len(response.json()) == 6


# --- subject requests ------------------------------------------------------------------------


def test_request_is_registered_listed_and_answered(
    api: APIClient, curator: User, mother: Person
) -> None:
    received = today() - timedelta(days=30)
    response = as_(api, curator).post(
        "/api/v1/subject_requests/",
        {"person": mother.pk, "kind": "correction", "received_on": f"{received:%Y-%m-%d}"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["overdue"] is True
    assert body["due_on"] == f"{subject_request_due(received):%Y-%m-%d}"
    assert [r["id"] for r in api.get("/api/v1/subject_requests/?show=overdue").json()] == [
        body["id"]
    ]
    answered = api.post(
        f"/api/v1/subject_requests/{body['id']}/answer/", {"answer": "Исправили."}, format="json"
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["answered_on"] == f"{today():%Y-%m-%d}"
    assert answered.json()["handled_by_name"] == curator.full_name
    assert api.get("/api/v1/subject_requests/").json() == []  # default: unanswered only
    assert len(api.get("/api/v1/subject_requests/?show=all").json()) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "person"),
        ({"person": 10**9, "kind": "access", "received_on": "2026-01-01"}, "person"),
        ({"kind": "spam", "received_on": "2026-01-01"}, "kind"),
        ({"kind": "access", "received_on": "2999-01-01"}, "received_on"),
    ],
)
def test_bad_request_input_is_a_400(
    api: APIClient, curator: User, mother: Person, data: dict[str, Any], field: str
) -> None:
    if field != "person":
        data = {"person": mother.pk, **data}
    response = as_(api, curator).post("/api/v1/subject_requests/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_bad_filter_is_a_400(api: APIClient, curator: User) -> None:
    response = as_(api, curator).get("/api/v1/subject_requests/?show=maybe")
    assert response.status_code == 400
    assert "show" in response.json()


def test_requests_of_another_team_are_invisible(
    api: APIClient, curator: User, other_team_curator: User, mother: Person
) -> None:
    request = register_subject_request(
        person=mother, by=curator, kind="access", received_on=today()
    )
    as_(api, other_team_curator)
    assert api.get("/api/v1/subject_requests/?show=all").json() == []
    assert (
        api.post(f"/api/v1/subject_requests/{request.pk}/answer/", {"answer": "x"}).status_code
        == 404
    )
    refused = api.post(
        "/api/v1/subject_requests/",
        {"person": mother.pk, "kind": "access", "received_on": f"{today():%Y-%m-%d}"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["person"] == ["Человек не найден."]


def test_an_empty_answer_is_a_400(api: APIClient, curator: User, mother: Person) -> None:
    request = register_subject_request(
        person=mother, by=curator, kind="access", received_on=today()
    )
    response = as_(api, curator).post(
        f"/api/v1/subject_requests/{request.pk}/answer/", {"answer": ""}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["answer"] == ["Напишите ответ."]


def test_anonymous_gets_401(api: APIClient, mother: Person) -> None:
    assert api.get(f"/api/v1/persons/{mother.pk}/consents/").status_code == 401
    assert api.get("/api/v1/subject_requests/").status_code == 401


def test_the_endpoints_are_in_the_openapi_schema(api: APIClient, curator: User) -> None:
    response = as_(api, curator).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert set(paths["/api/v1/persons/{id}/consents/"]) >= {"get", "post"}
    assert "post" in paths["/api/v1/consents/{id}/withdraw/"]
    assert set(paths["/api/v1/subject_requests/"]) >= {"get", "post"}
    assert "post" in paths["/api/v1/subject_requests/{id}/answer/"]
