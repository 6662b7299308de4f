"""The Signals part of the published API contract (docs/api.md): paths, fields and status codes
are kept."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.core import workdays
from kurator.core.testing import make_family, make_user
from kurator.intake import services
from kurator.intake.models import Signal, TakeInDecision
from kurator.intake.tests.conftest import ago, record
from kurator.network.models import ResourceAgent
from kurator.people.models import Family

SIGNALS = "/api/v1/signals/"


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


# --- POST /signals/ -----------------------------------------------------------------------


def test_post_signal_answers_201_new_with_team_and_visit_deadlines(
    intake_operator: User, family: Family
) -> None:
    received = ago(hours=1)
    response = _client(intake_operator).post(
        SIGNALS,
        {
            "received_at": _iso(received),
            "channel": "phone",
            "source": "school",
            "reporter_name": "Классный руководитель",
            "reporter_contact": "+7 900 000-00-00",
            "description": "Ребёнок без обеда",
            "family": family.pk,
            "urgent": False,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "new"
    deadlines = workdays.signal_deadlines(received)
    assert body["deadlines"] == {
        "team_due": deadlines["team_due"].isoformat(),
        "visit_due": deadlines["visit_due"].isoformat(),
    }
    assert body["family"] == family.pk
    assert Signal.objects.get(pk=body["id"]).created_by == intake_operator


def test_post_signal_without_received_at_means_now(intake_operator: User) -> None:
    response = _client(intake_operator).post(
        SIGNALS,
        {"channel": "hotline", "source": "anonymous", "description": "Текст", "family": None},
        format="json",
    )
    assert response.status_code == 201
    received = datetime.fromisoformat(response.json()["received_at"])
    assert abs(received - timezone.now()) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": "pigeon", "source": "school", "description": "x"}, "channel"),
        ({"channel": "phone", "source": "rumour", "description": "x"}, "source"),
        ({"channel": "phone", "source": "school"}, "description"),
        ({"channel": "phone", "source": "school", "description": "x", "urgent": "maybe"}, "urgent"),
        ({"channel": "phone", "source": "school", "description": "x", "family": 999999}, "family"),
        (
            {"channel": "phone", "source": "school", "description": "x", "received_at": "вчера"},
            "received_at",
        ),
    ],
)
def test_bad_signal_input_is_400_with_the_field(
    intake_operator: User, payload: dict[str, Any], field: str
) -> None:
    response = _client(intake_operator).post(SIGNALS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Signal.objects.exists()


def test_family_of_another_organisation_is_400_not_found(
    intake_operator: User, outsider: User
) -> None:
    foreign = make_family(by=outsider, name="Чужие")
    response = _client(intake_operator).post(
        SIGNALS,
        {"channel": "phone", "source": "school", "description": "x", "family": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "family" in response.json()


def test_signal_from_the_future_is_400(intake_operator: User) -> None:
    response = _client(intake_operator).post(
        SIGNALS,
        {
            "channel": "phone",
            "source": "school",
            "description": "x",
            "received_at": _iso(timezone.now() + timedelta(days=1)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "received_at" in response.json()


def test_curator_may_not_post_signals(curator: User) -> None:
    response = _client(curator).post(
        SIGNALS, {"channel": "phone", "source": "school", "description": "x"}, format="json"
    )
    assert response.status_code == 403


def test_anonymous_gets_401(db: None) -> None:
    assert APIClient().get(SIGNALS).status_code == 401


# --- assign_team -----------------------------------------------------------------------------


def test_assign_team_makes_the_curator_the_future_curator(
    senior: User, signal: Signal, curator: User, psychologist: User
) -> None:
    planned = timezone.localdate()
    response = _client(senior).post(
        f"{SIGNALS}{signal.pk}/assign_team/",
        {"members": [psychologist.pk, curator.pk], "planned_visit_date": planned.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "team_assigned"
    assert body["visit"]["future_curator"] == curator.pk
    assert body["visit"]["psychologist"] == psychologist.pk
    assert body["visit"]["planned_date"] == planned.isoformat()


@pytest.mark.parametrize("members", ["one", "three", "two_curators", "unknown", "same_twice"])
def test_assign_team_needs_exactly_a_curator_and_a_psychologist(
    senior: User,
    signal: Signal,
    curator: User,
    colleague: User,
    psychologist: User,
    members: str,
) -> None:
    ids = {
        "one": [curator.pk],
        "three": [curator.pk, colleague.pk, psychologist.pk],
        "two_curators": [curator.pk, colleague.pk],
        "unknown": [curator.pk, 999999],
        "same_twice": [curator.pk, curator.pk],
    }[members]
    response = _client(senior).post(
        f"{SIGNALS}{signal.pk}/assign_team/", {"members": ids}, format="json"
    )
    assert response.status_code == 400
    assert "members" in response.json()
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW


def test_assign_team_of_another_team_is_400(
    senior: User, signal: Signal, org: Any, other_team: Any, curator: User
) -> None:
    far_psychologist = make_user(RoleCode.PSYCHOLOGIST, organisation=org, team=other_team)
    response = _client(senior).post(
        f"{SIGNALS}{signal.pk}/assign_team/",
        {"members": [curator.pk, far_psychologist.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "members" in response.json()


def test_assign_team_by_an_intake_operator_is_403(
    intake_operator: User, signal: Signal, curator: User, psychologist: User
) -> None:
    response = _client(intake_operator).post(
        f"{SIGNALS}{signal.pk}/assign_team/",
        {"members": [curator.pk, psychologist.pk]},
        format="json",
    )
    assert response.status_code == 403


# --- record_visit --------------------------------------------------------------------------


def test_record_visit_adds_report_and_decision_deadlines(
    curator: User, assigned_signal: Signal
) -> None:
    visited = ago(hours=4)
    response = _client(curator).post(
        f"{SIGNALS}{assigned_signal.pk}/record_visit/",
        {"visited_at": _iso(visited), "report": "Семья нуждается в помощи."},
        format="json",
    )
    assert response.status_code == 200, response.content
    deadlines = response.json()["deadlines"]
    assert set(deadlines) == {"team_due", "visit_due", "report_due", "decision_due"}
    assert datetime.fromisoformat(deadlines["report_due"]) == visited + timedelta(hours=24)
    assert date.fromisoformat(deadlines["decision_due"]) == workdays.add_working_days(
        timezone.localdate(), 3
    )


def test_record_visit_without_report_still_has_both_deadlines(
    curator: User, assigned_signal: Signal
) -> None:
    response = _client(curator).post(
        f"{SIGNALS}{assigned_signal.pk}/record_visit/",
        {"visited_at": _iso(ago(hours=1))},
        format="json",
    )
    assert response.status_code == 200
    assert {"report_due", "decision_due"} <= set(response.json()["deadlines"])
    assert response.json()["visit"]["report_submitted_at"] is None


def test_record_visit_before_team_is_400(senior: User, signal: Signal) -> None:
    response = _client(senior).post(
        f"{SIGNALS}{signal.pk}/record_visit/", {"visited_at": _iso(ago(hours=1))}, format="json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_submit_report_after_the_visit(curator: User, visited_signal: Signal) -> None:
    response = _client(curator).post(
        f"{SIGNALS}{visited_signal.pk}/submit_report/", {"report": "Отчёт"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["visit"]["report_submitted_at"] is not None


# --- decide -----------------------------------------------------------------------------------


def test_decide_accept(senior: User, reported_signal: Signal, curator: User) -> None:
    response = _client(senior).post(
        f"{SIGNALS}{reported_signal.pk}/decide/",
        {"decision": "accept", "participants": [curator.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["decision"]["decision"] == "accept"
    assert set(body["decision"]["participants"]) == {curator.pk, senior.pk}


@pytest.mark.parametrize("decision", ["refuse", "redirect"])
def test_refuse_or_redirect_without_reason_is_400(
    senior: User, reported_signal: Signal, decision: str
) -> None:
    response = _client(senior).post(
        f"{SIGNALS}{reported_signal.pk}/decide/", {"decision": decision}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_refuse_with_alternatives(
    senior: User, reported_signal: Signal, agents: list[ResourceAgent]
) -> None:
    response = _client(senior).post(
        f"{SIGNALS}{reported_signal.pk}/decide/",
        {"decision": "refuse", "reason": "Вне мандата", "alternatives": [agents[0].pk]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["decision"]["alternatives"] == [agents[0].pk]
    assert response.json()["status"] == "refused"


def test_unknown_alternative_is_400(senior: User, reported_signal: Signal) -> None:
    response = _client(senior).post(
        f"{SIGNALS}{reported_signal.pk}/decide/",
        {"decision": "refuse", "reason": "Причина", "alternatives": [424242]},
        format="json",
    )
    assert response.status_code == 400
    assert "alternatives" in response.json()


@pytest.mark.parametrize("field", ["alternatives", "participants"])
def test_an_id_beyond_64_bits_is_400_not_a_crash(
    senior: User, reported_signal: Signal, field: str
) -> None:
    # Found by schemathesis: SQLite could not bind the number in ``pk__in`` (a 500).
    response = _client(senior).post(
        f"{SIGNALS}{reported_signal.pk}/decide/",
        {"decision": "refuse", "reason": "Причина", field: [-(2**100), 2**64]},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not TakeInDecision.objects.filter(signal=reported_signal).exists()


def test_assign_team_with_an_id_beyond_64_bits_is_400(
    senior: User, signal: Signal, curator: User
) -> None:
    response = _client(senior).post(
        f"{SIGNALS}{signal.pk}/assign_team/", {"members": [curator.pk, 2**70]}, format="json"
    )
    assert response.status_code == 400
    assert "members" in response.json()


def test_unknown_decision_is_400(senior: User, reported_signal: Signal) -> None:
    response = _client(senior).post(
        f"{SIGNALS}{reported_signal.pk}/decide/", {"decision": "maybe"}, format="json"
    )
    assert response.status_code == 400
    assert "decision" in response.json()


def test_deciding_twice_is_400_and_one_decision(senior: User, reported_signal: Signal) -> None:
    client = _client(senior)
    url = f"{SIGNALS}{reported_signal.pk}/decide/"
    assert client.post(url, {"decision": "accept"}, format="json").status_code == 200
    second = client.post(url, {"decision": "refuse", "reason": "Нет"}, format="json")
    assert second.status_code == 400
    assert "detail" in second.json()
    assert TakeInDecision.objects.filter(signal=reported_signal).count() == 1


def test_escalate_and_decide_at_the_coordinator_level(
    senior: User, head: User, reported_signal: Signal
) -> None:
    url = f"{SIGNALS}{reported_signal.pk}/"
    escalated = _client(senior).post(f"{url}escalate/", {"reason": "Разошлись"}, format="json")
    assert escalated.status_code == 200
    assert escalated.json()["decision_level"] == "coordinator"
    refused = _client(senior).post(f"{url}decide/", {"decision": "accept"}, format="json")
    assert refused.status_code == 400
    accepted = _client(head).post(f"{url}decide/", {"decision": "accept"}, format="json")
    assert accepted.json()["decision"]["level"] == "coordinator"


def test_link_family(intake_operator: User, family: Family) -> None:
    signal = record(intake_operator)
    response = _client(intake_operator).post(
        f"{SIGNALS}{signal.pk}/link_family/", {"family": family.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["family"] == family.pk


# --- reading -----------------------------------------------------------------------------------


def test_list_is_scoped_to_the_team(
    curator: User, signal: Signal, org: Any, other_team: Any
) -> None:
    other_head = make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team)
    record(other_head)
    response = _client(curator).get(SIGNALS)
    assert response.status_code == 200
    assert [s["id"] for s in response.json()] == [signal.pk]


def test_list_filters_by_status(
    curator: User, assigned_signal: Signal, intake_operator: User
) -> None:
    record(intake_operator)
    response = _client(curator).get(SIGNALS, {"status": "team_assigned"})
    assert [s["id"] for s in response.json()] == [assigned_signal.pk]
    assert _client(curator).get(SIGNALS, {"status": "nonsense"}).status_code == 400


def test_list_filters_by_team(
    director: User, senior: User, intake_operator: User, org: Any, other_team: Any, outsider: User
) -> None:
    ours = record(intake_operator)
    theirs = record(make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team))
    record(outsider)
    client = _client(director)
    assert [s["id"] for s in client.get(SIGNALS, {"team": other_team.pk}).json()] == [theirs.pk]
    assert [s["id"] for s in client.get(SIGNALS, {"team": ours.team_id}).json()] == [ours.pk]
    # A team out of sight: an empty list, never another team's or organisation's signals.
    outside = client.get(SIGNALS, {"team": outsider.team_id})
    assert outside.status_code == 200 and outside.json() == []
    not_hers = _client(senior).get(SIGNALS, {"team": other_team.pk})
    assert not_hers.status_code == 200 and not_hers.json() == []


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", str(2**31), "١"])
def test_a_bad_team_is_a_400_on_the_field(director: User, value: str) -> None:
    response = _client(director).get(SIGNALS, {"team": value})
    assert response.status_code == 400
    assert list(response.json()) == ["team"]


def test_list_query_count_is_bounded(
    senior: User,
    reported_signal: Signal,
    intake_operator: User,
    agents: list[ResourceAgent],
    django_assert_max_num_queries: Any,
) -> None:
    services.decide_signal(
        signal=reported_signal, by=senior, decision="refuse", reason="x", alternatives=agents
    )
    for _ in range(10):
        record(intake_operator)
    client = _client(senior)
    with django_assert_max_num_queries(8):
        response = client.get(SIGNALS)
    assert len(response.json()) == 11


def test_detail_of_another_team_or_organisation_is_404(
    signal: Signal, other_team_curator: User, outsider: User
) -> None:
    for user in (other_team_curator, outsider):
        assert _client(user).get(f"{SIGNALS}{signal.pk}/").status_code == 404


def test_action_on_a_signal_out_of_scope_is_404(signal: Signal, outsider: User) -> None:
    response = _client(outsider).post(
        f"{SIGNALS}{signal.pk}/decide/", {"decision": "accept"}, format="json"
    )
    assert response.status_code == 404


def test_every_signal_endpoint_is_in_the_schema(outsider: User) -> None:
    schema = _client(outsider).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/signals/",
        "/api/v1/signals/{id}/",
        "/api/v1/signals/{id}/assign_team/",
        "/api/v1/signals/{id}/record_visit/",
        "/api/v1/signals/{id}/submit_report/",
        "/api/v1/signals/{id}/decide/",
        "/api/v1/signals/{id}/escalate/",
        "/api/v1/signals/{id}/link_family/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/signals/"] and "get" in paths["/api/v1/signals/"]
