"""The monitoring API: record a review, apply it (twice → one revision), 400s in Russian,
404 out of scope; monthly forms pre-filled and submitted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.people.models import Person
from kurator.plans.models import PlanVersion
from kurator.plans.tests.factories import BuiltPlan

pytestmark = pytest.mark.django_db


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(built: BuiltPlan, mother: Person) -> dict[str, object]:
    return {
        "kind": "quarterly",
        "number": 1,
        "state": "Стало лучше",
        "items": [
            {"action": built.staff_action.pk, "done": True},
            {"action": built.family_action.pk, "done": False, "reason": "Не получилось"},
        ],
        "drop": [built.staff_action.pk],
        "add": [
            {
                "text": "Вести дневник сна",
                "goal": built.goal.pk,
                "responsible_kind": "family",
                "responsible_person": mother.pk,
                "due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
            }
        ],
    }


def test_review_and_apply_through_the_api(
    case: Case, built: BuiltPlan, curator: User, mother: Person
) -> None:
    api = _api(curator)
    response = api.post(
        reverse("api-case-reviews", args=[case.pk]), _payload(built, mother), format="json"
    )
    assert response.status_code == 201, response.json()
    review = response.json()
    assert [i["done"] for i in review["items"]] == [True, False]
    assert review["new_actions"][0]["responsible_name"] == mother.full_name
    apply = reverse("api-review-apply", args=[review["id"]])
    first = api.post(apply).json()
    second = api.post(apply).json()
    assert first == second and first["number"] == 2
    assert PlanVersion.objects.filter(plan=built.plan).count() == 2
    listed = api.get(reverse("api-case-reviews", args=[case.pk])).json()
    assert listed[0]["applied_version_number"] == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"state": ""}, "state", "Опишите текущее состояние семьи."),
        ({"number": 4}, "number", "За 4-й квартал проводится ежегодный пересмотр."),
        (
            {"add": [{"text": "x", "responsible_kind": "staff", "responsible_user": 2**40}]},
            "responsible_user",
            None,
        ),
        ({"drop": [999999]}, "drop", "Отмечайте действия текущей версии плана этого случая."),
        (
            {"items": [{"action": 1, "done": True}] * 0},
            "items",
            "Отметьте, выполнено ли действие «Договориться со школой о продлённом дне».",
        ),
        ({"kind": "weekly"}, "kind", "Вид обзора: quarterly или annual."),
    ],
)
def test_bad_review_input_is_a_400_with_the_field(
    case: Case,
    built: BuiltPlan,
    curator: User,
    mother: Person,
    change: dict[str, object],
    field: str,
    message: str | None,
) -> None:
    response = _api(curator).post(
        reverse("api-case-reviews", args=[case.pk]),
        _payload(built, mother) | change,
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    if message is None:  # a serializer error, nested under the row
        assert "add" in body
    else:
        assert body[field] == [message]


def test_annual_review_through_the_api(case: Case, curator: User) -> None:
    api = _api(curator)
    bad = api.post(
        reverse("api-case-reviews", args=[case.pk]),
        {"kind": "annual", "number": 1, "state": "Стабильно", "decision": "later"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json() == {"decision": ["Выберите решение: продлить или закрыть случай."]}
    good = api.post(
        reverse("api-case-reviews", args=[case.pk]),
        {
            "kind": "annual",
            "number": 1,
            "state": "Стабильно",
            "decision": "extend",
            "decision_reason": "Нужна поддержка ещё год",
        },
        format="json",
    )
    assert good.status_code == 201
    assert good.json()["decision"] == "extend"


def test_monthly_form_through_the_api(case: Case, built: BuiltPlan, curator: User) -> None:
    api = _api(curator)
    month = timezone.localdate().strftime("%Y-%m")
    created = api.post(
        reverse("api-case-monthly-forms", args=[case.pk]), {"month": month}, format="json"
    )
    assert created.status_code == 201
    form = created.json()
    submit = reverse("api-monthly-form-submit", args=[form["id"]])
    empty = api.post(submit, {}, format="json")
    assert empty.status_code == 400
    assert empty.json() == {"summary": ["Напишите итоги месяца."]}
    done = api.post(submit, {"summary": "Итоги", "contacts": 2}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    again = api.post(submit, {"summary": "Другое"}, format="json")
    assert again.status_code == 400
    assert "её нельзя менять" in again.json()["detail"][0]


def test_out_of_scope_is_404(case: Case, built: BuiltPlan, other_team_curator: User) -> None:
    api = _api(other_team_curator)
    assert api.get(reverse("api-case-reviews", args=[case.pk])).status_code == 404
    assert (
        api.post(reverse("api-case-reviews", args=[case.pk]), {}, format="json").status_code == 404
    )
