"""The plan API: the whole flow, 400s with field errors in Russian, 404 out of scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.people.models import Person
from kurator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_plan_flow_through_the_api(case: Case, curator: User, mother: Person) -> None:
    api = _api(curator)
    assert api.post(reverse("api-case-plan", args=[case.pk])).status_code == 201
    goal = api.post(
        reverse("api-plan-goals", args=[case.pk]), {"text": "Тепло дома"}, format="json"
    ).json()
    action = api.post(
        reverse("api-plan-actions", args=[case.pk]),
        {
            "goal": goal["id"],
            "text": "Топить печь",
            "responsible_kind": "family",
            "responsible_person": mother.pk,
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    today = timezone.localdate().isoformat()
    agreed = api.post(reverse("api-plan-agree", args=[case.pk]), {"agreed_on": today})
    assert agreed.json()["agreed_with_family_on"] == today
    contact = api.post(
        reverse("api-case-contacts", args=[case.pk]),
        {
            "kind": "home_visit",
            "happened_on": today,
            "persons": [mother.pk],
            "done_actions": [action.json()["id"]],
        },
        format="json",
    )
    assert contact.status_code == 201, contact.json()
    revised = api.post(
        reverse("api-plan-revise", args=[case.pk]), {"reason": "Пересмотр"}, format="json"
    )
    assert revised.status_code == 201
    versions = api.get(reverse("api-plan-versions", args=[case.pk])).json()
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[0]["goals"][0]["actions"][0]["status"] == "done"
    plan = api.get(reverse("api-case-plan", args=[case.pk])).json()
    assert plan["current_version"]["number"] == 2


def test_action_without_a_responsible_is_a_400_on_its_field(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    response = _api(curator).post(
        reverse("api-plan-actions", args=[case.pk]),
        {"goal": built.goal.pk, "text": "Шаг", "responsible_kind": "staff"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"responsible_user": ["Выберите сотрудника, который отвечает."]}


def test_due_date_before_opening_is_a_400(case: Case, curator: User, mother: Person) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    before = timezone.localdate(case.opened_at) - timedelta(days=3)
    response = _api(curator).post(
        reverse("api-plan-actions", args=[case.pk]),
        {
            "goal": built.goal.pk,
            "text": "Шаг",
            "responsible_kind": "organisation",
            "responsible_other": "Школа",
            "due_on": before.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "раньше открытия случая" in response.json()["due_on"][0]


def test_editing_an_agreed_plan_is_a_400(case: Case, curator: User, mother: Person) -> None:
    make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    response = _api(curator).post(
        reverse("api-plan-goals", args=[case.pk]), {"text": "Ещё"}, format="json"
    )
    assert response.status_code == 400
    assert "пересмотрите план" in response.json()["detail"][0]


def test_bad_status_and_missing_reason_are_400s(case: Case, curator: User, mother: Person) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    api = _api(curator)
    bad = api.post(reverse("api-plan-action-status", args=[built.staff_action.pk]), {"status": "x"})
    assert bad.status_code == 400
    assert "status" in bad.json()
    no_reason = api.post(reverse("api-plan-revise", args=[case.pk]), {}, format="json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()


def test_contact_with_a_stranger_is_a_400(
    case: Case, curator: User, mother: Person, senior: User
) -> None:
    from kurator.core.testing import make_family, make_person

    stranger = make_person(by=senior, family=make_family(by=senior, name="Петровы"))
    response = _api(curator).post(
        reverse("api-case-contacts", args=[case.pk]),
        {"kind": "call", "happened_on": timezone.localdate().isoformat(), "persons": [stranger.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"persons": ["Этот человек не из семьи случая."]}


def test_status_double_submit_through_the_api(case: Case, curator: User, mother: Person) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    api = _api(curator)
    url = reverse("api-plan-action-status", args=[built.staff_action.pk])
    body = {"status": "done", "expected_status": "planned"}
    assert api.post(url, body).status_code == 200
    assert api.post(url, body).status_code == 200
    assert case.timeline.filter(kind="plan.action_status").count() == 1


def test_out_of_scope_is_404(
    case: Case, curator: User, mother: Person, other_team_curator: User
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    api = _api(other_team_curator)
    assert api.get(reverse("api-case-plan", args=[case.pk])).status_code == 404
    assert api.get(reverse("api-case-contacts", args=[case.pk])).status_code == 404
    url = reverse("api-plan-action-status", args=[built.staff_action.pk])
    assert api.post(url, {"status": "done"}).status_code == 404


def test_a_revision_refuses_a_field_it_does_not_take(
    case: Case, curator: User, mother: Person
) -> None:
    from kurator.plans.models import PlanVersion

    make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    response = _api(curator).post(
        reverse("api-plan-revise", args=[case.pk]),
        {"reason": "Пересмотр", "add": [{"text": "Новый шаг", "responsible_kind": "family"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"add": ["Такого поля нет в этой операции."]}
    assert PlanVersion.objects.filter(plan__case=case).count() == 1


def test_a_case_without_a_plan_is_a_400_with_the_reason(case: Case, curator: User) -> None:
    api = _api(curator)
    for name in ("api-case-plan", "api-plan-versions"):
        response = api.get(reverse(name, args=[case.pk]))
        assert response.status_code == 400, name
        assert response.json() == {"detail": ["У случая ещё нет плана."]}
