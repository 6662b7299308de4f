"""The lifecycle in the API (docs/api.md, Cases: close and reopen are published): 200/201 on
success, 400 with field errors for bad input and impossible transitions, 404 out of scope,
403 without the permission, and every endpoint in the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.cases.services.opening import score_complexity
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family
from kurator.people.models import Family

ALL_CRITERIA = dict.fromkeys(CLOSURE_CRITERIA, True)


def api(user: User | None = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def close_url(case: Case) -> str:
    return f"/api/v1/cases/{case.pk}/close/"


def reopen_url(case: Case) -> str:
    return f"/api/v1/cases/{case.pk}/reopen/"


def close_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"reason": "goals_met", "criteria": ALL_CRITERIA, "post_support": False}
    return body | overrides


def to_post_support(case: Case, by: User) -> None:
    lifecycle.close_case(
        case=case,
        by=by,
        reason="goals_met",
        criteria=ALL_CRITERIA,
        post_support=True,
        post_support_frequency_days=30,
    )


# --- close ---------------------------------------------------------------------------------


def test_close_returns_200_with_the_closed_case(case: Case, curator: User) -> None:
    response = api(curator).post(close_url(case), close_body(), format="json")
    assert response.status_code == 200, response.data
    assert response.data["id"] == case.pk
    assert response.data["status"] == "closed"
    assert response.data["closed_at"] is not None
    assert response.data["closure"]["reason"] == "goals_met"
    assert response.data["closure"]["criteria"] == ALL_CRITERIA


def test_close_to_post_support_with_frequency(case: Case, curator: User, senior: User) -> None:
    body = close_body(
        post_support=True,
        post_support_frequency_days=21,
        consilium_participants=[curator.pk, senior.pk],
        family_feedback="Спасибо",
    )
    response = api(curator).post(close_url(case), body, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "post_support"
    assert response.data["closure"]["post_support_frequency_days"] == 21
    assert sorted(response.data["closure"]["consilium_participants"]) == sorted(
        [curator.pk, senior.pk]
    )


def test_closing_a_closed_case_is_400(case: Case, curator: User) -> None:
    client = api(curator)
    assert client.post(close_url(case), close_body(), format="json").status_code == 200
    again = client.post(close_url(case), close_body(), format="json")
    assert again.status_code == 400
    assert again.data == {"detail": ["Случай уже закрыт."]}


def test_closing_a_complex_case_without_a_consilium_is_400_with_the_reason(
    case: Case, curator: User
) -> None:
    score_complexity(
        case=case,
        by=curator,
        distance_km=200,
        guardianship_tension=3,
        resource_deficit=3,
        removal_risk=3,
        substance_use=3,
    )
    response = api(curator).post(close_url(case), close_body(), format="json")
    assert response.status_code == 400
    [message] = response.data["detail"]
    assert "хотя бы раз за время ведения собирается консилиум" in message
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (close_body(reason="bored"), "reason"),
        ({"criteria": ALL_CRITERIA}, "reason"),
        (close_body(criteria={"unknown": True}), "criteria"),
        (close_body(criteria={"removal_risk_minimal": "maybe"}), "criteria"),
        (close_body(criteria=ALL_CRITERIA | {"no_sharp_regress": False}), "criteria"),
        (close_body(post_support=True), "post_support_frequency_days"),
        (
            close_body(post_support=True, post_support_frequency_days=0),
            "post_support_frequency_days",
        ),
        (close_body(post_support="sometimes"), "post_support"),
        (close_body(consilium_participants=[999999]), "consilium_participants"),
    ],
)
def test_bad_close_input_is_400_on_its_field(
    case: Case, curator: User, body: dict[str, Any], field: str
) -> None:
    response = api(curator).post(close_url(case), body, format="json")
    assert response.status_code == 400
    assert field in response.data, response.data
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_contract_broken_closes_without_criteria(case: Case, curator: User) -> None:
    response = api(curator).post(
        close_url(case), {"reason": "contract_broken", "post_support": False}, format="json"
    )
    assert response.status_code == 200, response.data


def test_close_is_404_out_of_scope_and_403_without_permission(
    case: Case, other_team_curator: User, outsider: User, director: User
) -> None:
    for stranger in (other_team_curator, outsider):
        assert api(stranger).post(close_url(case), close_body(), format="json").status_code == 404
    assert api(director).post(close_url(case), close_body(), format="json").status_code == 403
    assert api().post(close_url(case), close_body(), format="json").status_code in (401, 403)


# --- reopen --------------------------------------------------------------------------------


def test_reopen_returns_201_with_the_new_case_linking_to_the_old(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    response = api(curator).post(reopen_url(case), {"reason": "Отец снова пьёт"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["previous_case"] == case.pk
    assert response.data["status"] == "open"
    assert response.data["id"] != case.pk
    assert response.data["deadlines"]["folder_due"] is not None
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_reopen_with_an_empty_body_gives_the_worsened_situation_as_reason(
    case: Case, curator: User
) -> None:
    lifecycle.close_case(case=case, by=curator, reason="goals_met", criteria=ALL_CRITERIA)
    response = api(curator).post(reopen_url(case), {}, format="json")
    assert response.status_code == 201, response.data
    new = Case.objects.get(pk=response.data["id"])
    assert new.timeline.get(kind="case.reopened").data["reason"] == "ситуация в семье ухудшилась"


def test_reopening_an_open_case_is_400(case: Case, curator: User) -> None:
    response = api(curator).post(reopen_url(case), {"reason": "x"}, format="json")
    assert response.status_code == 400
    assert "detail" in response.data


def test_reopening_twice_is_400_and_one_new_case(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    client = api(curator)
    assert client.post(reopen_url(case), {}, format="json").status_code == 201
    again = client.post(reopen_url(case), {}, format="json")
    assert again.status_code == 400
    assert Case.objects.filter(previous_case=case).count() == 1


def test_reopen_with_an_unknown_curator_is_400(case: Case, senior: User, curator: User) -> None:
    to_post_support(case, curator)
    response = api(senior).post(reopen_url(case), {"curator": 999999}, format="json")
    assert response.status_code == 400
    assert "curator" in response.data


def test_reopen_is_404_out_of_scope_and_403_without_permission(
    case: Case, curator: User, other_team_curator: User, director: User
) -> None:
    to_post_support(case, curator)
    assert api(other_team_curator).post(reopen_url(case), {}, format="json").status_code == 404
    assert api(director).post(reopen_url(case), {}, format="json").status_code == 403


# --- post-support --------------------------------------------------------------------------


def test_post_support_contact_is_201_with_the_next_due_date(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    url = f"/api/v1/cases/{case.pk}/post_support_contacts/"
    today = timezone.localdate()
    response = api(curator).post(
        url, {"contact_date": today.isoformat(), "summary": "Всё хорошо"}, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["next_contact_due"] == (today + timedelta(days=30)).isoformat()
    listed = api(curator).get(url)
    assert listed.status_code == 200
    assert [c["summary"] for c in listed.data] == ["Всё хорошо"]


def test_post_support_contact_of_an_open_case_is_400(case: Case, curator: User) -> None:
    response = api(curator).post(
        f"/api/v1/cases/{case.pk}/post_support_contacts/",
        {"contact_date": timezone.localdate().isoformat(), "summary": "Звонок"},
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "Звонок"},
        {"contact_date": "вчера", "summary": "Звонок"},
        {"contact_date": "2025-01-01"},
    ],
)
def test_bad_post_support_contact_is_400(case: Case, curator: User, body: dict[str, Any]) -> None:
    to_post_support(case, curator)
    response = api(curator).post(
        f"/api/v1/cases/{case.pk}/post_support_contacts/", body, format="json"
    )
    assert response.status_code == 400


def test_end_post_support_closes_the_case(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    url = f"/api/v1/cases/{case.pk}/end_post_support/"
    assert api(curator).post(url, {}, format="json").status_code == 400
    response = api(curator).post(url, {"reason": "Нужда отпала"}, format="json")
    assert response.status_code == 200
    assert response.data["status"] == "closed"
    assert api(curator).post(url, {"reason": "Ещё раз"}, format="json").status_code == 400


# --- emergency steps -----------------------------------------------------------------------


@pytest.fixture
def emergency_case(senior: User, curator: User, psychologist: User) -> Case:
    return open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Петровы"),
        scenario=Case.Scenario.EMERGENCY,
    )


def test_emergency_step_then_approval_by_the_head(
    emergency_case: Case, curator: User, head: User
) -> None:
    url = f"/api/v1/cases/{emergency_case.pk}/emergency_steps/"
    created = api(curator).post(
        url,
        {"description": "Вывезли детей", "taken_at": timezone.now().isoformat()},
        format="json",
    )
    assert created.status_code == 201, created.data
    approve = f"{url}{created.data['id']}/approve/"
    assert api(curator).post(approve).status_code == 403
    approved = api(head).post(approve)
    assert approved.status_code == 200
    assert approved.data["approved_by"] == head.pk
    assert api(head).post(approve).status_code == 400
    assert len(api(curator).get(url).data) == 1


def test_emergency_step_in_a_planned_case_is_400(case: Case, curator: User) -> None:
    response = api(curator).post(
        f"/api/v1/cases/{case.pk}/emergency_steps/",
        {"description": "Шаг", "taken_at": timezone.now().isoformat()},
        format="json",
    )
    assert response.status_code == 400


def test_emergency_step_from_an_implausible_year_is_400(
    emergency_case: Case, curator: User
) -> None:
    # Found by schemathesis: year 185 was saved and came back as 0185-…+02:30:17 (Moscow's
    # offset before 1919 has seconds), which is not an ISO 8601 date-time.
    response = api(curator).post(
        f"/api/v1/cases/{emergency_case.pk}/emergency_steps/",
        {"description": "Шаг", "taken_at": "0185-07-17T09:17:43.60Z"},
        format="json",
    )
    assert response.status_code == 400
    assert "taken_at" in response.data
    assert not emergency_case.emergency_steps.exists()


def test_one_off_help_from_an_implausible_year_is_400(family: Family, curator: User) -> None:
    response = api(curator).post(
        f"/api/v1/families/{family.pk}/one_off_help/",
        {"given_on": "0001-01-01", "description": "Продукты"},
        format="json",
    )
    assert response.status_code == 400
    assert "given_on" in response.data


# --- one-off help --------------------------------------------------------------------------


def test_one_off_help_is_recorded_and_converted(
    family: Family, curator: User, senior: User
) -> None:
    url = f"/api/v1/families/{family.pk}/one_off_help/"
    created = api(curator).post(
        url,
        {"given_on": timezone.localdate().isoformat(), "description": "Продукты"},
        format="json",
    )
    assert created.status_code == 201, created.data
    assert created.data["converted_to"] is None
    convert = f"{url}{created.data['id']}/convert/"
    assert api(curator).post(convert, {"curator": curator.pk}, format="json").status_code == 403
    response = api(senior).post(convert, {"curator": curator.pk}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["signal"] is None
    assert response.data["family"] == family.pk
    again = api(senior).post(convert, {"curator": curator.pk}, format="json")
    assert again.status_code == 400
    assert api(curator).get(url).data[0]["converted_to"] == response.data["id"]


def test_one_off_help_with_bad_input_is_400(family: Family, curator: User) -> None:
    url = f"/api/v1/families/{family.pk}/one_off_help/"
    assert api(curator).post(url, {"description": "x"}, format="json").status_code == 400
    response = api(curator).post(
        url,
        {"given_on": timezone.localdate().isoformat(), "description": "x", "signal": 999999},
        format="json",
    )
    assert response.status_code == 400
    assert "signal" in response.data


def test_one_off_help_of_another_organisations_family_is_404(
    family: Family, outsider: User
) -> None:
    url = f"/api/v1/families/{family.pk}/one_off_help/"
    assert api(outsider).get(url).status_code == 404


# --- schema --------------------------------------------------------------------------------


def test_lifecycle_endpoints_are_in_the_openapi_schema(curator: User) -> None:
    response = api(curator).get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/cases/{id}/close/",
        "/api/v1/cases/{id}/reopen/",
        "/api/v1/cases/{id}/post_support_contacts/",
        "/api/v1/cases/{id}/end_post_support/",
        "/api/v1/cases/{id}/emergency_steps/",
        "/api/v1/cases/{id}/emergency_steps/{step_pk}/approve/",
        "/api/v1/families/{family_id}/one_off_help/",
        "/api/v1/families/{family_id}/one_off_help/{id}/convert/",
    ):
        assert path in paths, path
    close_schema = paths["/api/v1/cases/{id}/close/"]["post"]
    assert "200" in close_schema["responses"]
    assert "201" in paths["/api/v1/cases/{id}/reopen/"]["post"]["responses"]
