"""Authentication and ``/api/v1/me/`` as the published API contract gives them (docs/api.md)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import TEST_PASSWORD, make_user


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_token_is_issued_for_good_credentials_and_opens_the_api(
    api: APIClient, curator: User
) -> None:
    response = api.post(
        "/api/v1/auth/token/", {"username": "curator", "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert token
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["username"] == "curator"


def test_each_request_issues_a_new_token_and_both_work(api: APIClient, curator: User) -> None:
    credentials = {"username": "curator", "password": TEST_PASSWORD}
    first = api.post("/api/v1/auth/token/", credentials, format="json").json()["token"]
    second = api.post("/api/v1/auth/token/", credentials, format="json").json()["token"]
    assert first != second
    for token in (first, second):
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "curator", "password": "wrong"},
        {"username": "nobody", "password": TEST_PASSWORD},
        {"username": "curator"},
        {},
    ],
)
def test_bad_credentials_are_a_400(
    api: APIClient, curator: User, credentials: dict[str, str]
) -> None:
    response = api.post("/api/v1/auth/token/", credentials, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_inactive_user_gets_no_token(api: APIClient, curator: User) -> None:
    curator.is_active = False
    curator.save()
    response = api.post(
        "/api/v1/auth/token/", {"username": "curator", "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_wrong_token_and_no_token_are_a_401(api: APIClient, db: None) -> None:
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/me/").status_code == 401


def test_me_describes_the_caller(
    api: APIClient, curator: User, org: Organisation, team: Team
) -> None:
    api.force_authenticate(curator)
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json() == {
        "id": curator.pk,
        "username": "curator",
        "full_name": "Белова Ольга",
        "roles": ["curator"],
        "organisation": {"id": org.pk, "name": org.name},
        "team": {"id": team.pk, "name": "Смоленск"},
    }


def test_me_of_a_user_without_a_team(api: APIClient, org: Organisation) -> None:
    user = make_user(
        RoleCode.PROGRAMME_DIRECTOR, RoleCode.QUALITY_OFFICER, organisation=org, username="boss"
    )
    api.force_authenticate(user)
    body = api.get("/api/v1/me/").json()
    assert body["team"] is None
    assert body["roles"] == ["programme_director", "quality_officer"]


def test_schema_describes_token_and_me(api: APIClient, curator: User) -> None:
    api.force_authenticate(curator)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/auth/token/" in schema["paths"]
    me = schema["components"]["schemas"]["Me"]["properties"]
    assert set(me) == {"id", "username", "full_name", "roles", "organisation", "team"}
    assert me["organisation"]["allOf"][0]["$ref"].endswith("/NamedRef")


def test_me_of_a_user_without_a_team_matches_the_schema(api: APIClient, director: User) -> None:
    # Found by schemathesis: a director's "team": null broke the schema, which said an object.
    api.force_authenticate(director)
    assert api.get("/api/v1/me/").json()["team"] is None
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    me = schema["components"]["schemas"]["Me"]["properties"]
    assert me["team"]["nullable"] is True
    assert me["organisation"]["nullable"] is True
