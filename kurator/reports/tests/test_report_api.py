"""``GET /api/v1/reports/indicators/``: the same figures as the page, the same scope
rules, a 400 naming the field for a bad period."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Organisation, Team, User
from kurator.reports.tests.test_report_views import RegisterWorld, register_world

URL = reverse("api-report-indicators")


@pytest.fixture
def world(
    org: Organisation,
    team: Team,
    other_team: Team,
    senior: User,
    curator: User,
    psychologist: User,
    director: User,
) -> RegisterWorld:
    return register_world(
        org=org,
        team=team,
        other_team=other_team,
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        director=director,
    )


def _get(client: Client, user: User, **params: Any) -> Any:
    client.force_login(user)
    return client.get(URL, params)


def _figure(body: dict[str, Any], key: str) -> dict[str, Any]:
    return next(f for s in body["sections"] for f in s["figures"] if f["key"] == key)


def test_the_director_gets_the_organisation_year_against_the_year_before(
    client: Client, world: RegisterWorld, director: User, org: Organisation
) -> None:
    answer = _get(client, director, start="2026-01-01", end="2026-12-31")
    assert answer.status_code == 200
    body = answer.json()
    assert body["scope"] == {"label": org.name, "organisation": org.pk, "team": None}
    assert body["period"] == {"start": "2026-01-01", "end": "2026-12-31", "label": "2026"}
    assert body["previous"] == {"start": "2025-01-01", "end": "2025-12-31", "label": "2025"}
    assert [s["key"] for s in body["sections"]] == [
        "signals",
        "cases",
        "help",
        "long_term",
        "parental_rights",
        "register",
        "norms",
        "wellbeing",
        "engagement",
        "hotline",
    ]
    families = _figure(body, "register_families")
    assert (families["previous"], families["current"], families["change"]) == (9, 8, -11)
    assert families["unit"] == "count" and families["change_unit"] == "percent"
    shelter = _figure(body, "shelter_children_returned")
    assert shelter == {
        **shelter,
        "unit": "share",
        "current": 4,
        "current_of": 6,
        "current_percent": 67,
        "previous": 1,
        "previous_of": 4,
        "previous_percent": 25,
        "change": 42,
        "change_unit": "points",
    }


def test_the_team_head_gets_her_team_whatever_she_asks(
    client: Client, world: RegisterWorld, head: User, team: Team, other_team: Team
) -> None:
    body = _get(client, head, team=other_team.pk).json()
    assert body["scope"]["team"] == team.pk
    assert _figure(body, "shelter_children_returned")["current"] == 3
    body = _get(client, head, start="2026-01-01", end="2026-12-31").json()
    assert _figure(body, "register_families")["current"] == 5


def test_the_director_may_ask_for_one_team(
    client: Client, world: RegisterWorld, director: User, other_team: Team
) -> None:
    body = _get(client, director, team=other_team.pk, start="2026-01-01", end="2026-12-31").json()
    assert body["scope"]["label"] == other_team.name
    assert _figure(body, "register_families")["current"] == 3


def test_a_quarter_is_compared_with_the_same_quarter(client: Client, director: User) -> None:
    body = _get(client, director, start="2026-04-01", end="2026-06-30").json()
    assert body["period"]["label"] == "II квартал 2026"
    assert body["previous"] == {
        "start": "2025-04-01",
        "end": "2025-06-30",
        "label": "II квартал 2025",
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-04-30"}, "end", "Конец периода раньше его начала."),
        ({"start": "2025-01-01", "end": "2026-01-02"}, "end", "Период длиннее года (367 дн.)"),
        ({"start": "2026-05-01"}, "end", "Укажите конец периода."),
        ({"end": "2026-05-01"}, "start", "Укажите начало периода."),
        ({"start": "2026-02-30", "end": "2026-05-01"}, "start", "Дата в формате ГГГГ-ММ-ДД."),
        ({"start": "1900-01-01", "end": "1900-12-31"}, "start", "Дата должна быть между 2000"),
        ({"team": "x"}, "team", "Введите правильное число."),
        ({"team": 2**40}, "team", ""),
    ],
)
def test_a_bad_period_is_a_400_naming_the_field(
    client: Client, director: User, params: dict[str, Any], field: str, message: str
) -> None:
    answer = _get(client, director, **params)
    assert answer.status_code == 400
    assert message in answer.json()[field][0]


def test_another_organisations_team_is_a_404(
    client: Client, director: User, outsider: User
) -> None:
    assert outsider.team is not None
    assert _get(client, director, team=outsider.team.pk).status_code == 404


def test_a_curator_gets_403_and_nobody_signed_in_401(client: Client, curator: User) -> None:
    assert client.get(URL).status_code == 401
    answer = _get(client, curator)
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Недостаточно прав для этого действия."}


def test_the_schema_documents_the_endpoint(client: Client, director: User) -> None:
    client.force_login(director)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/reports/indicators/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"start", "end", "team"}
    assert "IndicatorReport" in str(operation["responses"]["200"])
