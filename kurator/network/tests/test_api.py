"""The network API: 400 with field errors, the agent's side sees only its referrals."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.network.models import ResourceAgent, Service
from kurator.people.models import Person


def test_referral_through_the_api_and_the_agent_answers(
    case: Case,
    curator: User,
    agent: ResourceAgent,
    agent_user: User,
    mother: Person,
    food: Service,
) -> None:
    api = APIClient()
    api.force_authenticate(curator)
    url = reverse("api-case-referrals", args=[case.pk])
    bad = api.post(
        url,
        {"agent": agent.pk, "need": " ", "persons": [mother.pk], "due_on": "2020-01-01"},
        format="json",
    )
    assert bad.status_code == 400
    assert "need" in bad.json() or "due_on" in bad.json()
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    created = api.post(
        url,
        {
            "agent": agent.pk,
            "service": food.pk,
            "need": "Набор",
            "persons": [mother.pk],
            "due_on": due,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    sent = api.post(reverse("api-referral-move", args=[pk]), {"to": "sent"}, format="json")
    assert sent.json()["status"] == "sent"
    again = api.post(reverse("api-referral-move", args=[pk]), {"to": "sent"}, format="json")
    assert again.status_code == 400 and "уже в статусе" in again.json()["detail"][0]
    agent_api = APIClient()
    agent_api.force_authenticate(agent_user)
    mine = agent_api.get(reverse("api-agent-referral-list")).json()
    assert [r["id"] for r in mine] == [pk]
    assert mine[0]["persons"][0]["name"] == "Иванова Мария Петровна"
    assert "case" not in mine[0]
    respond = reverse("api-agent-referral-respond", args=[pk])
    assert agent_api.post(respond, {"to": "done", "comment": "x"}, format="json").status_code == 400
    assert agent_api.post(respond, {"to": "accepted"}, format="json").json()["status"] == "accepted"
    assert agent_api.get(reverse("api-case-referrals", args=[case.pk])).status_code == 404


def test_delivery_api_refuses_negative_numbers_and_future_dates(
    case: Case, curator: User, mother: Person, food: Service
) -> None:
    api = APIClient()
    api.force_authenticate(curator)
    url = reverse("api-case-deliveries", args=[case.pk])
    base = {
        "service": food.pk,
        "persons": [mother.pk],
        "quantity": "1",
        "unit_cost": "100",
        "provider": "staff",
        "funding": "grant",
        "delivered_on": timezone.localdate().isoformat(),
    }
    negative = api.post(url, {**base, "unit_cost": "-1"}, format="json")
    assert negative.status_code == 400 and negative.json() == {
        "unit_cost": ["Цена не может быть отрицательной."]
    }
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert api.post(url, {**base, "delivered_on": future}, format="json").json() == {
        "delivered_on": ["Дата помощи не может быть в будущем."]
    }
    assert api.post(url, base, format="json").status_code == 201
    listed = api.get(url).json()
    assert listed[0]["total"] == "100.00" and listed[0]["approval"] == "approved"
    assert api.get(reverse("api-case-acts", args=[case.pk])).json() == []
    assert api.get(reverse("api-network-agent-list")).status_code == 200


def test_a_referral_through_the_api_keeps_its_plan_action_and_refuses_unknown_fields(
    case: Case, curator: User, agent: ResourceAgent, mother: Person, food: Service
) -> None:
    from kurator.plans.tests.factories import make_plan

    action = make_plan(case=case, curator=curator, mother=mother).staff_action
    api = APIClient()
    api.force_authenticate(curator)
    url = reverse("api-case-referrals", args=[case.pk])
    body = {
        "agent": agent.pk,
        "service": food.pk,
        "need": "Набор",
        "persons": [mother.pk],
        "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
    }
    created = api.post(url, {**body, "plan_action": action.pk}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["plan_action"] == action.pk
    stranger = api.post(url, {**body, "plan_action": 999_999}, format="json")
    assert stranger.status_code == 400
    assert stranger.json() == {"plan_action": ["Мероприятие не найдено в плане случая."]}
    unknown = api.post(url, {**body, "planaction": action.pk}, format="json")
    assert unknown.status_code == 400
    assert unknown.json() == {"planaction": ["Такого поля нет в этой операции."]}
