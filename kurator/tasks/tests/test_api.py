"""``GET /api/v1/tasks/``: the caller's open tasks, soonest first, with filters."""

from __future__ import annotations

from datetime import date, timedelta

from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.tasks.services import complete_task, schedule_task

URL = "/api/v1/tasks/"


def _day(n: int) -> date:
    from django.utils import timezone

    return timezone.localdate() + timedelta(days=n)


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_caller_gets_her_open_tasks_soonest_first(curator: User, colleague: User) -> None:
    schedule_task(key="k:2", user=curator, title="Второе", due_on=_day(5), kind="plan_action")
    schedule_task(key="k:1", user=curator, title="Первое", due_on=_day(-2), kind="case_plan")
    schedule_task(key="k:3", user=curator, title="Сделано", due_on=_day(1), kind="plan_action")
    schedule_task(key="k:4", user=colleague, title="Чужое", due_on=_day(1), kind="plan_action")
    complete_task(key="k:3")
    response = _client(curator).get(URL)
    assert response.status_code == 200
    rows = response.json()
    assert [r["title"] for r in rows] == ["Первое", "Второе"]
    assert rows[0]["overdue_days"] == 2 and rows[1]["overdue_days"] == 0
    assert rows[0]["key"] == "k:1" and rows[0]["status"] == "open"


def test_filters_by_kind_overdue_status_and_date(curator: User) -> None:
    schedule_task(key="k:1", user=curator, title="А", due_on=_day(-2), kind="case_plan")
    schedule_task(key="k:2", user=curator, title="Б", due_on=_day(5), kind="plan_action")
    schedule_task(key="k:3", user=curator, title="В", due_on=_day(9), kind="plan_action")
    client = _client(curator)
    assert [r["title"] for r in client.get(URL, {"kind": "plan_action"}).json()] == ["Б", "В"]
    assert [r["title"] for r in client.get(URL, {"overdue": "true"}).json()] == ["А"]
    due_before = _day(5).isoformat()
    assert [r["title"] for r in client.get(URL, {"due_before": due_before}).json()] == ["А", "Б"]
    complete_task(key="k:1")
    assert [r["title"] for r in client.get(URL, {"status": "done"}).json()] == ["А"]


def test_bad_filters_get_a_400_with_the_field(curator: User) -> None:
    response = _client(curator).get(URL, {"kind": "nonsense", "due_before": "завтра"})
    assert response.status_code == 400
    assert {"kind", "due_before"} <= set(response.json())


def test_anonymous_gets_401_and_another_organisation_sees_nothing(
    curator: User, outsider: User
) -> None:
    schedule_task(key="k:1", user=curator, title="А", due_on=_day(1), kind="plan_action")
    assert APIClient().get(URL).status_code == 401
    assert _client(outsider).get(URL).json() == []
