"""``/api/v1/cases/…``: the Cases part of the published API contract (docs/api.md), which
partner systems rely on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import opening
from kurator.cases.tests.factories import make_refused_signal, make_signal, open_case_for
from kurator.core.testing import make_family
from kurator.intake.models import Signal
from kurator.people.models import Family


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _as(api: APIClient, user: User) -> APIClient:
    api.force_authenticate(user)
    return api


COMPLEXITY = {
    "distance_km": "95",
    "guardianship_tension": 3,
    "resource_deficit": 3,
    "removal_risk": 3,
    "substance_use": 2,
}


# --- POST /api/v1/cases/ -------------------------------------------------------------------


def test_open_case_returns_201_with_the_contract_fields(
    api: APIClient, senior: User, curator: User, accepted_signal: Signal, family: Family
) -> None:
    response = _as(api, senior).post(
        "/api/v1/cases/",
        {"signal": accepted_signal.pk, "curator": curator.pk, "scenario": "emergency"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(signal=accepted_signal)
    assert body["id"] == case.pk
    assert body["status"] == "open"
    assert body["curator"] == curator.pk
    assert body["family"] == family.pk
    assert body["scenario"] == "emergency"
    assert body["opened_at"].endswith("+03:00")
    assert case.folder_due is not None and case.plan_due is not None
    assert body["deadlines"] == {
        "folder_due": case.folder_due.isoformat(),
        "plan_due": case.plan_due.isoformat(),
    }
    date.fromisoformat(body["deadlines"]["folder_due"])


def test_open_case_twice_is_a_400_and_one_case(
    api: APIClient, senior: User, curator: User, accepted_signal: Signal
) -> None:
    payload = {"signal": accepted_signal.pk, "curator": curator.pk, "scenario": "planned"}
    assert _as(api, senior).post("/api/v1/cases/", payload, format="json").status_code == 201
    second = api.post("/api/v1/cases/", payload, format="json")
    assert second.status_code == 400
    assert second.json() == {"signal": ["По этому сигналу случай уже открыт."]}
    assert Case.objects.count() == 1


def test_open_case_from_a_refused_signal_is_a_400(
    api: APIClient, senior: User, curator: User, psychologist: User, family: Family
) -> None:
    signal = make_refused_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    response = _as(api, senior).post(
        "/api/v1/cases/", {"signal": signal.pk, "curator": curator.pk}, format="json"
    )
    assert response.status_code == 400
    assert "signal" in response.json()


def test_open_case_from_a_new_signal_is_a_400(
    api: APIClient, senior: User, curator: User, family: Family
) -> None:
    signal = make_signal(by=senior, family=family)
    response = _as(api, senior).post(
        "/api/v1/cases/", {"signal": signal.pk, "curator": curator.pk}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"curator": "CURATOR"}, "signal"),
        ({"signal": "SIGNAL"}, "curator"),
        ({"signal": "SIGNAL", "curator": "CURATOR", "scenario": "weekly"}, "scenario"),
        ({"signal": "SIGNAL", "curator": "CURATOR", "target_group": "x"}, "target_group"),
        ({"signal": "abc", "curator": "CURATOR"}, "signal"),
        ({"signal": 999999, "curator": "CURATOR"}, "signal"),
        ({"signal": "SIGNAL", "curator": 999999}, "curator"),
        ({"signal": "SIGNAL", "curator": "PSYCHOLOGIST"}, "curator"),
    ],
)
def test_open_case_bad_input_is_a_400_on_the_field(
    api: APIClient,
    senior: User,
    curator: User,
    psychologist: User,
    accepted_signal: Signal,
    payload: dict[str, Any],
    field: str,
) -> None:
    ids = {"SIGNAL": accepted_signal.pk, "CURATOR": curator.pk, "PSYCHOLOGIST": psychologist.pk}
    body = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    response = _as(api, senior).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Case.objects.exists()


def test_curator_may_not_open_a_case_403(
    api: APIClient, curator: User, accepted_signal: Signal
) -> None:
    response = _as(api, curator).post(
        "/api/v1/cases/", {"signal": accepted_signal.pk, "curator": curator.pk}, format="json"
    )
    assert response.status_code == 403


def test_other_organisations_signal_is_not_found(
    api: APIClient, outsider: User, curator: User, accepted_signal: Signal
) -> None:
    response = _as(api, outsider).post(
        "/api/v1/cases/", {"signal": accepted_signal.pk, "curator": curator.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"signal": ["Сигнал не найден."]}


def test_without_credentials_401(api: APIClient, case: Case) -> None:
    assert api.get("/api/v1/cases/").status_code == 401
    assert api.post("/api/v1/cases/", {}, format="json").status_code == 401


# --- GET /api/v1/cases/ --------------------------------------------------------------------


@pytest.fixture
def three_cases(senior: User, curator: User, colleague: User, psychologist: User) -> list[Case]:
    made = [
        open_case_for(
            senior=senior,
            curator=who,
            psychologist=psychologist,
            family=make_family(by=senior, name=f"Семья {n}"),
        )
        for n, who in enumerate([curator, curator, colleague])
    ]
    opening.score_complexity(case=made[0], by=curator, **COMPLEXITY)  # type: ignore[arg-type]
    return made


def test_list_is_only_what_the_caller_may_see(
    api: APIClient, curator: User, head: User, outsider: User, three_cases: list[Case]
) -> None:
    assert {c["id"] for c in _as(api, curator).get("/api/v1/cases/").json()} == {
        three_cases[0].pk,
        three_cases[1].pk,
    }
    assert len(_as(api, head).get("/api/v1/cases/").json()) == 3
    assert _as(api, outsider).get("/api/v1/cases/").json() == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("complexity=high", [0]),
        ("status=open", [0, 1, 2]),
        ("status=closed", []),
        ("curator=COLLEAGUE", [2]),
        ("overdue=true", []),
    ],
)
def test_list_filters(
    api: APIClient,
    head: User,
    colleague: User,
    three_cases: list[Case],
    query: str,
    expected: list[int],
) -> None:
    query = query.replace("COLLEAGUE", str(colleague.pk))
    response = _as(api, head).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 200
    assert {c["id"] for c in response.json()} == {three_cases[i].pk for i in expected}


def test_overdue_filter_finds_a_case_past_its_folder_deadline(
    api: APIClient, head: User, three_cases: list[Case]
) -> None:
    # Deadlines are stored on the case; move one back as if it had been opened long ago.
    Case.objects.filter(pk=three_cases[1].pk).update(folder_due=date(2020, 1, 10))
    response = _as(api, head).get("/api/v1/cases/?overdue=true")
    assert [c["id"] for c in response.json()] == [three_cases[1].pk]


@pytest.mark.parametrize(
    "query", ["status=nope", "complexity=huge", "curator=abc", "overdue=maybe"]
)
def test_unknown_filter_values_are_a_400(api: APIClient, head: User, query: str) -> None:
    assert _as(api, head).get(f"/api/v1/cases/?{query}").status_code == 400


def test_list_filters_by_team(
    api: APIClient,
    director: User,
    head: User,
    outsider: User,
    team: Any,
    other_team: Any,
    three_cases: list[Case],
    other_team_case: Case,
) -> None:
    _as(api, director)
    assert [c["id"] for c in api.get(f"/api/v1/cases/?team={other_team.pk}").json()] == [
        other_team_case.pk
    ]
    ours = api.get("/api/v1/cases/", {"team": team.pk, "status": "open"}).json()
    assert {c["id"] for c in ours} == {c.pk for c in three_cases}
    assert all(c["team"] == team.pk for c in ours)
    # A team out of sight: an empty list, never another team's or organisation's cases.
    outside = api.get(f"/api/v1/cases/?team={outsider.team_id}")
    assert outside.status_code == 200 and outside.json() == []
    not_hers = _as(api, head).get(f"/api/v1/cases/?team={other_team.pk}")
    assert not_hers.status_code == 200 and not_hers.json() == []
    # A curator out of sight too: an empty list, never every case.
    other_curator = other_team_case.curator_id
    not_her_curator = api.get("/api/v1/cases/", {"curator": other_curator})
    assert not_her_curator.status_code == 200 and not_her_curator.json() == []


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", str(2**31)])
def test_a_bad_team_is_a_400_on_the_field(api: APIClient, director: User, value: str) -> None:
    response = _as(api, director).get("/api/v1/cases/", {"team": value})
    assert response.status_code == 400
    assert list(response.json()) == ["team"]


def test_list_queries_do_not_grow_with_cases(
    api: APIClient, head: User, three_cases: list[Case], django_assert_max_num_queries: Any
) -> None:
    _as(api, head)
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/cases/")
    assert len(response.json()) == 3


# --- GET /api/v1/cases/{id}/ ---------------------------------------------------------------


def test_case_detail(api: APIClient, curator: User, case: Case) -> None:
    body = _as(api, curator).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["id"] == case.pk
    assert body["family_name"] == "Ивановы"
    assert body["complexity"] == {"score": None, "level": ""}


def test_case_detail_queries_are_bounded(
    api: APIClient, curator: User, case: Case, django_assert_max_num_queries: Any
) -> None:
    _as(api, curator)
    with django_assert_max_num_queries(3):
        assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["colleague", "outsider", "intake_operator"])
def test_case_out_of_scope_is_404(
    api: APIClient, request: pytest.FixtureRequest, who: str, case: Case
) -> None:
    user = request.getfixturevalue(who)
    assert _as(api, user).get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk}/timeline/").status_code == 404
    assert api.post(f"/api/v1/cases/{case.pk}/complexity/", COMPLEXITY).status_code == 404


# --- POST /api/v1/cases/{id}/complexity/ ---------------------------------------------------


def test_complexity_returns_score_level_and_date(api: APIClient, curator: User, case: Case) -> None:
    response = _as(api, curator).post(
        f"/api/v1/cases/{case.pk}/complexity/", COMPLEXITY, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["score"], body["level"]) == (13, "high")
    assert body["scored_at"]
    assert _as(api, curator).get(f"/api/v1/cases/{case.pk}/").json()["complexity"] == {
        "score": 13,
        "level": "high",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("guardianship_tension", 0),
        ("resource_deficit", 4),
        ("removal_risk", "high"),
        ("substance_use", None),
        ("distance_km", -1),
        ("distance_km", "далеко"),
    ],
)
def test_complexity_bad_input_is_a_400_on_the_field(
    api: APIClient, curator: User, case: Case, field: str, value: Any
) -> None:
    response = _as(api, curator).post(
        f"/api/v1/cases/{case.pk}/complexity/", {**COMPLEXITY, field: value}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not case.complexity_assessments.exists()


def test_complexity_missing_field_is_a_400(api: APIClient, curator: User, case: Case) -> None:
    body = {k: v for k, v in COMPLEXITY.items() if k != "removal_risk"}
    response = _as(api, curator).post(f"/api/v1/cases/{case.pk}/complexity/", body, format="json")
    assert response.status_code == 400
    assert "removal_risk" in response.json()


def test_director_may_not_score_403(api: APIClient, director: User, case: Case) -> None:
    response = _as(api, director).post(
        f"/api/v1/cases/{case.pk}/complexity/", COMPLEXITY, format="json"
    )
    assert response.status_code == 403


# --- GET /api/v1/cases/{id}/timeline/ ------------------------------------------------------


def test_timeline_is_newest_first_with_text_and_actor(
    api: APIClient, curator: User, senior: User, case: Case
) -> None:
    _as(api, curator).post(f"/api/v1/cases/{case.pk}/complexity/", COMPLEXITY, format="json")
    events = api.get(f"/api/v1/cases/{case.pk}/timeline/").json()
    # Opening filed the first-visit report into the folder right after the «opened» row.
    assert [e["kind"] for e in events[:3]] == [
        "case.complexity_scored",
        "case.document_generated",
        "case.opened",
    ]
    assert events[0]["text"] == "Оценка сложности: 13 баллов, высокая"
    assert events[0]["actor"] == curator.pk
    assert events[2]["actor_name"] == "Морозова Елена"
    assert events[-1]["kind"] == "signal.recorded"
    moments = [e["created_at"] for e in events]
    assert moments == sorted(moments, reverse=True)


def test_timeline_queries_are_bounded(
    api: APIClient, curator: User, case: Case, django_assert_max_num_queries: Any
) -> None:
    _as(api, curator)
    with django_assert_max_num_queries(4):
        assert api.get(f"/api/v1/cases/{case.pk}/timeline/").status_code == 200


# --- schema --------------------------------------------------------------------------------


def test_every_case_endpoint_is_in_the_openapi_schema(api: APIClient, curator: User) -> None:
    response = _as(api, curator).get("/api/schema/", {"format": "json"})
    paths = response.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/cases/"])
    assert "get" in paths["/api/v1/cases/{id}/"]
    assert "post" in paths["/api/v1/cases/{id}/complexity/"]
    assert "get" in paths["/api/v1/cases/{id}/timeline/"]
    params = {p["name"] for p in paths["/api/v1/cases/"]["get"]["parameters"]}
    assert {"status", "curator", "complexity", "overdue"} <= params


def test_a_role_without_cases_gets_empty_lists_and_404_on_a_case(
    api: APIClient, org: Any, case: Case, other_team_curator: User
) -> None:
    """The role has no right to cases at all: the lists of cases, families, persons and
    signals are empty for her and a case's path is a 404, as for anyone out of scope (no
    answer tells that a case exists). A role with the right that sees no case gets an empty
    list too."""
    from kurator.accounts.roles import RoleCode
    from kurator.core.testing import make_user

    agent = make_user(RoleCode.RESOURCE_AGENT, organisation=org, username="agent_of_org")
    _as(api, agent)
    for path in ("/api/v1/cases/", "/api/v1/families/", "/api/v1/persons/", "/api/v1/signals/"):
        answer = api.get(path)
        assert (answer.status_code, answer.json()) == (200, []), path
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk}/timeline/").status_code == 404
    nothing = _as(api, other_team_curator).get("/api/v1/cases/")
    assert nothing.status_code == 200 and nothing.json() == []
