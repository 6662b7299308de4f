"""``/api/v1/families/`` and ``/api/v1/persons/`` against the published API contract
(docs/api.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import fresh_token, make_family, make_person, make_user
from kurator.people.models import Family, FamilyMembership, Person


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _as(api: APIClient, user: User) -> APIClient:
    api.force_authenticate(user, token=fresh_token(user))
    return api


# --- families ------------------------------------------------------------------------------


def test_family_is_created_with_the_contract_fields(
    api: APIClient, intake_operator: User, team: Team
) -> None:
    response = _as(api, intake_operator).post(
        "/api/v1/families/",
        {"name": "Семёновы", "address": "г. Смоленск", "distance_km": 12.5, "team": team.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == Family.objects.get().pk
    assert body["name"] == "Семёновы"
    assert body["distance_km"] == 12.5
    assert body["team"] == team.pk
    assert body["members"] == []


def test_family_team_defaults_to_the_creators(api: APIClient, curator: User, team: Team) -> None:
    response = _as(api, curator).post("/api/v1/families/", {"name": "Ивановы"}, format="json")
    assert response.status_code == 201
    assert response.json()["team"] == team.pk


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "Ивановы", "distance_km": -1}, "distance_km"),
        ({"name": "Ивановы", "distance_km": "далеко"}, "distance_km"),
        ({"name": "Ивановы", "team": 999999}, "team"),
    ],
)
def test_bad_family_input_is_a_400_with_field_errors(
    api: APIClient, curator: User, data: dict[str, Any], field: str
) -> None:
    response = _as(api, curator).post("/api/v1/families/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert all(isinstance(m, str) and m for m in response.json()[field])
    assert not Family.objects.exists()


def test_negative_distance_message_is_russian(api: APIClient, curator: User) -> None:
    response = _as(api, curator).post(
        "/api/v1/families/", {"name": "Ивановы", "distance_km": "-5"}, format="json"
    )
    assert response.json() == {"distance_km": ["Расстояние не может быть отрицательным."]}


def test_another_teams_team_is_a_400(api: APIClient, curator: User, other_team: Team) -> None:
    response = _as(api, curator).post(
        "/api/v1/families/", {"name": "Ивановы", "team": other_team.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"team": ["Команда не найдена."]}


def test_director_may_read_but_not_create(api: APIClient, director: User, curator: User) -> None:
    make_family(by=curator)
    _as(api, director)
    assert api.get("/api/v1/families/").status_code == 200
    response = api.post("/api/v1/families/", {"name": "Ивановы"}, format="json")
    assert response.status_code == 403


def test_anonymous_caller_gets_401(api: APIClient, db: None) -> None:
    assert api.get("/api/v1/families/").status_code == 401
    assert api.post("/api/v1/persons/", {}, format="json").status_code == 401


def test_family_detail_lists_members_with_roles(api: APIClient, curator: User) -> None:
    family = make_family(by=curator)
    make_person(by=curator, family=family, role="parent", first_name="Анна")
    child = make_person(by=curator, family=family, first_name="Илья")
    response = _as(api, curator).get(f"/api/v1/families/{family.pk}/")
    assert response.status_code == 200
    members = response.json()["members"]
    assert [(m["first_name"], m["family_role"]) for m in members] == [
        ("Анна", "parent"),
        ("Илья", "child"),
    ]
    assert members[1]["id"] == child.pk
    assert members[1]["birth_date"] == "2015-05-20"


@pytest.mark.parametrize("who", ["other_team_curator", "outsider", "administrator"])
def test_family_outside_scope_is_a_404(
    api: APIClient, curator: User, who: str, request: pytest.FixtureRequest
) -> None:
    family = make_family(by=curator)
    person = make_person(by=curator, family=family)
    _as(api, request.getfixturevalue(who))
    assert api.get(f"/api/v1/families/{family.pk}/").status_code == 404
    assert api.get(f"/api/v1/persons/{person.pk}/").status_code == 404


def test_family_list_is_scoped_and_searchable(
    api: APIClient, curator: User, other_team_curator: User
) -> None:
    mine = make_family(by=curator, name="Семёновы")
    make_family(by=curator, name="Ивановы")
    make_family(by=other_team_curator, name="Семёновы")
    _as(api, curator)
    assert {f["name"] for f in api.get("/api/v1/families/").json()} == {"Семёновы", "Ивановы"}
    found = api.get("/api/v1/families/", {"search": "семенов"}).json()
    assert [f["id"] for f in found] == [mine.pk]


@pytest.mark.parametrize("role", [RoleCode.ADMINISTRATOR, RoleCode.RESOURCE_AGENT])
def test_roles_without_people_data_get_empty_lists_and_no_duplicate_check(
    api: APIClient, org: Organisation, role: str, curator: User
) -> None:
    family = make_family(by=curator)
    make_person(by=curator, family=family)
    _as(api, make_user(role, organisation=org))
    families = api.get("/api/v1/families/")
    assert (families.status_code, families.json()) == (200, [])
    assert api.get("/api/v1/persons/", {"search": "Иванова"}).json() == []
    assert api.get("/api/v1/persons/duplicates/?last_name=А&first_name=Б").status_code == 403


def test_family_list_query_count_is_constant(
    api: APIClient, curator: User, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    _as(api, curator)
    make_family(by=curator)
    with django_assert_max_num_queries(3):
        api.get("/api/v1/families/")
    for n in range(15):
        make_family(by=curator, name=f"Семья {n}")
    with django_assert_max_num_queries(3):
        assert len(api.get("/api/v1/families/").json()) == 16


# --- persons -------------------------------------------------------------------------------


def test_person_is_created_into_a_family(api: APIClient, intake_operator: User) -> None:
    family = make_family(by=intake_operator)
    response = _as(api, intake_operator).post(
        "/api/v1/persons/",
        {
            "last_name": "Иванова",
            "first_name": "Мария",
            "middle_name": "Петровна",
            "birth_date": "2015-05-20",
            "sex": "F",
            "family": family.pk,
            "family_role": "child",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    person = Person.objects.get()
    assert body["id"] == person.pk
    assert body["full_name"] == "Иванова Мария Петровна"
    assert body["families"] == [{"id": family.pk, "name": family.name, "family_role": "child"}]
    assert FamilyMembership.objects.get().role == "child"


def test_person_without_a_family(api: APIClient, curator: User) -> None:
    response = _as(api, curator).post(
        "/api/v1/persons/", {"last_name": "Иванова", "first_name": "Мария"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["families"] == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"first_name": "Мария"}, "last_name"),
        ({"last_name": "", "first_name": "Мария"}, "last_name"),
        ({"last_name": "Иванова", "first_name": "Мария", "sex": "X"}, "sex"),
        ({"last_name": "Иванова", "first_name": "Мария", "birth_date": "20.05.2015"}, "birth_date"),
        ({"last_name": "Иванова", "first_name": "Мария", "family_role": "aunt"}, "family_role"),
        ({"last_name": "Иванова", "first_name": "Мария", "family_role": "child"}, "family"),
        ({"last_name": "Ивано\x1fва", "first_name": "Мария"}, "last_name"),
        ({"last_name": "Иванова", "first_name": "Мария", "notes": "Заметка\x0b текст"}, "notes"),
    ],
)
def test_bad_person_input_is_a_400_with_field_errors(
    api: APIClient, curator: User, data: dict[str, Any], field: str
) -> None:
    response = _as(api, curator).post("/api/v1/persons/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Person.objects.exists()


def test_birth_date_in_the_future_is_a_400(api: APIClient, curator: User) -> None:
    family = make_family(by=curator)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _as(api, curator).post(
        "/api/v1/persons/",
        {
            "last_name": "Иванова",
            "first_name": "Мария",
            "birth_date": tomorrow,
            "family": family.pk,
            "family_role": "child",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"birth_date": ["Дата рождения не может быть в будущем."]}
    assert not Person.objects.exists()
    assert not FamilyMembership.objects.exists()


@pytest.mark.parametrize("who", ["other_team_curator", "outsider"])
def test_another_teams_or_organisations_family_is_a_400(
    api: APIClient, curator: User, who: str, request: pytest.FixtureRequest
) -> None:
    family = make_family(by=request.getfixturevalue(who))
    response = _as(api, curator).post(
        "/api/v1/persons/",
        {
            "last_name": "Иванова",
            "first_name": "Мария",
            "family": family.pk,
            "family_role": "child",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"family": ["Семья не найдена."]}


def test_person_detail_names_only_the_families_in_scope(
    api: APIClient, curator: User, other_team_curator: User
) -> None:
    mine = make_family(by=curator, name="Ивановы")
    person = make_person(by=curator, family=mine)
    theirs = make_family(by=other_team_curator, name="Петровы")
    # The services refuse a membership across teams; a record from before a transfer of the
    # family to another team looks like this.
    FamilyMembership.objects.create(family=theirs, person=person, role="relative")
    _as(api, curator)
    body = api.get(f"/api/v1/persons/{person.pk}/").json()
    assert [f["name"] for f in body["families"]] == ["Ивановы"]


def test_person_list_filters_by_family_and_search(api: APIClient, curator: User) -> None:
    first = make_family(by=curator, name="Ивановы")
    second = make_family(by=curator, name="Петровы")
    anna = make_person(by=curator, family=first, first_name="Анна")
    make_person(by=curator, family=second, first_name="Ёлка")
    _as(api, curator)
    assert [p["id"] for p in api.get("/api/v1/persons/", {"family": first.pk}).json()] == [anna.pk]
    assert [p["first_name"] for p in api.get("/api/v1/persons/", {"search": "елка"}).json()] == [
        "Ёлка"
    ]


# --- duplicates ----------------------------------------------------------------------------


def test_duplicates_are_found_best_first(api: APIClient, curator: User) -> None:
    family = make_family(by=curator)
    maria = make_person(by=curator, family=family, birth_date=date(2015, 5, 20))
    make_person(by=curator, family=family, first_name="Марина", birth_date=date(2015, 5, 20))
    response = _as(api, curator).get(
        "/api/v1/persons/duplicates/",
        {"last_name": "иванова", "first_name": "Марья", "birth_date": "2015-05-20"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body[0]["person"]["id"] == maria.pk
    assert 0 < body[0]["score"] <= 1
    assert body[0]["person"]["families"][0]["id"] == family.pk
    assert body[0]["cases"] == []
    assert [m["score"] for m in body] == sorted((m["score"] for m in body), reverse=True)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"first_name": "Мария"}, "last_name"),
        ({"last_name": "Иванова"}, "first_name"),
        ({"last_name": "Иванова", "first_name": "Мария", "birth_date": "вчера"}, "birth_date"),
        ({"last_name": "Иванова", "first_name": "Мария", "limit": 0}, "limit"),
    ],
)
def test_bad_duplicate_query_is_a_400(
    api: APIClient, curator: User, params: dict[str, Any], field: str
) -> None:
    response = _as(api, curator).get("/api/v1/persons/duplicates/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_duplicate_query_with_a_future_birth_date_is_a_400(api: APIClient, curator: User) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _as(api, curator).get(
        "/api/v1/persons/duplicates/",
        {"last_name": "Иванова", "first_name": "Мария", "birth_date": tomorrow},
    )
    assert response.json() == {"birth_date": ["Дата рождения не может быть в будущем."]}


def test_intake_operator_gets_another_teams_match_restricted(
    api: APIClient, intake_operator: User, other_team_curator: User
) -> None:
    make_person(by=other_team_curator, family=make_family(by=other_team_curator))
    body = (
        _as(api, intake_operator)
        .get("/api/v1/persons/duplicates/", {"last_name": "Иванова", "first_name": "Мария"})
        .json()
    )
    (match,) = body
    assert match["person"]["restricted"] is True
    assert match["person"]["id"] is None
    assert match["person"]["birth_date"] is None
    assert match["person"]["birth_year"] == 2015
    assert match["person"]["families"] == []


def test_schema_describes_the_people_endpoints(api: APIClient, curator: User) -> None:
    schema = _as(api, curator).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/families/",
        "/api/v1/families/{id}/",
        "/api/v1/persons/",
        "/api/v1/persons/{id}/",
        "/api/v1/persons/duplicates/",
    ):
        assert path in schema["paths"], path
    create = schema["components"]["schemas"]["PersonCreateRequest"]["properties"]
    assert {"family", "family_role", "birth_date", "sex"} <= set(create)
    assert "DuplicateMatch" in schema["components"]["schemas"]


def test_person_without_sex_matches_the_schema(api: APIClient, curator: User) -> None:
    # Found by schemathesis: the answer's "sex": "" broke the schema (enum F, M only).
    response = _as(api, curator).post(
        "/api/v1/persons/", {"last_name": "Иванова", "first_name": "Мария"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["sex"] == ""
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    sex = components["Person"]["properties"]["sex"]
    allowed = {
        value
        for option in sex["oneOf"]
        for value in components[option["$ref"].rsplit("/", 1)[1]]["enum"]
    }
    assert allowed == {"", "F", "M"}


@pytest.mark.parametrize("path", ["/api/v1/families/", "/api/v1/persons/"])
def test_search_with_a_nul_character_is_a_400(api: APIClient, curator: User, path: str) -> None:
    # PostgreSQL refuses NUL in text: the search reached the query and answered 500.
    response = _as(api, curator).get(path, {"search": "Ива\x00нова"})
    assert response.status_code == 400
    assert "search" in response.json()
    assert _as(api, curator).get(path, {"search": "  Иванова "}).status_code == 200
