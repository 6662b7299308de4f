"""The meetings API: 201s, 400s with field errors in Russian, 404 out of scope, 403."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.meetings.models import Meeting
from kurator.meetings.services import meetings as services
from kurator.meetings.tests.helpers import consilium, position_fields, register, today
from kurator.people.models import Person

pytestmark = pytest.mark.django_db


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _meeting_body(**extra: Any) -> dict[str, Any]:
    return {"kind": "consilium", "held_on": today().isoformat()} | extra


def test_create_and_list_a_cases_meetings(
    curator: User, psychologist: User, case: Case, mother: Person
) -> None:
    api = _api(curator)
    url = reverse("api-case-meetings", args=[case.pk])
    response = api.post(
        url,
        _meeting_body(
            staff=[curator.pk, psychologist.pk],
            family_members=[mother.pk],
            outside=[{"name": "Соколова И.", "organisation": "Школа №5", "role": "учитель"}],
            agenda="План",
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "consilium"
    assert {p["kind"] for p in body["participants"]} == {"staff", "family", "outside"}
    listed = api.get(url).json()
    assert [m["id"] for m in listed] == [body["id"]]
    detail = api.get(reverse("api-meeting-detail", args=[body["id"]])).json()
    assert detail["guardianship_position"] is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "party"}, "kind", None),
        ({"held_on": "01.02.2026"}, "held_on", None),
        ({}, "staff", "Укажите хотя бы одного участника встречи."),
        ({"staff": [999999]}, "staff", "Сотрудник не найден."),
        ({"outside": [{"organisation": "Школа"}]}, "outside", None),
    ],
)
def test_bad_meeting_input_is_a_400_on_its_field(
    curator: User, case: Case, body: dict[str, Any], field: str, message: str | None
) -> None:
    response = _api(curator).post(
        reverse("api-case-meetings", args=[case.pk]), _meeting_body(**body), format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    if message is not None:
        assert errors[field] == [message]


def test_a_stranger_as_family_member_and_a_date_before_opening_are_400s(
    curator: User, case: Case, stranger: Person
) -> None:
    api = _api(curator)
    url = reverse("api-case-meetings", args=[case.pk])
    response = api.post(
        url, _meeting_body(staff=[curator.pk], family_members=[stranger.pk]), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"family_members": ["Этот человек — не член семьи этого случая."]}
    early = (today() - timedelta(days=40)).isoformat()
    response = api.post(url, _meeting_body(staff=[curator.pk], held_on=early), format="json")
    assert response.status_code == 400
    assert "раньше открытия случая" in response.json()["held_on"][0]


def test_minutes_finalize_and_the_400s_after_it(curator: User, case: Case) -> None:
    meeting = consilium(case, curator)
    api = _api(curator)
    minutes_url = reverse("api-meeting-minutes", args=[meeting.pk])
    response = api.post(
        minutes_url,
        {"minutes": "Итог", "decisions": [{"text": "Ремонт", "due_on": today().isoformat()}]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["decisions"][0]["text"] == "Ремонт"
    finalize = reverse("api-meeting-finalize", args=[meeting.pk])
    assert api.post(finalize).json()["is_final"] is True
    assert api.post(finalize).json() == {"detail": ["Протокол уже подписан."]}
    response = api.post(minutes_url, {"minutes": "Иначе"}, format="json")
    assert response.status_code == 400
    assert "Исправление вносится новой записью" in response.json()["minutes"][0]
    amend = api.post(reverse("api-meeting-amend", args=[meeting.pk]), {"reason": "Опечатка"})
    assert amend.status_code == 201
    assert amend.json()["amends"] == meeting.pk


def test_guardianship_position_api(curator: User, case: Case) -> None:
    api = _api(curator)
    mediation = consilium(case, curator, kind=Meeting.Kind.MEDIATION)
    url = reverse("api-meeting-guardianship-position", args=[mediation.pk])
    assert api.post(url, {"authority": "Опека"}, format="json").status_code == 400
    response = api.post(url, position_fields(), format="json")
    assert response.status_code == 200
    assert response.json()["stance"] == "doubtful"
    other = consilium(case, curator)
    response = api.post(
        reverse("api-meeting-guardianship-position", args=[other.pk]),
        position_fields(),
        format="json",
    )
    assert response.json() == {
        "detail": ["Позиция органа опеки записывается только для медиации с органом опеки."]
    }


def test_register_resolutions_working_group_and_removal(curator: User, case: Case) -> None:
    api = _api(curator)
    response = api.post(
        reverse("api-case-resolutions", args=[case.pk]),
        {
            "commission": "КДНиЗП",
            "number": "4",
            "resolution_date": today().isoformat(),
            "decision": "register",
            "plan_due": (today() + timedelta(days=90)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201
    member = api.post(
        reverse("api-case-working-group", args=[case.pk]),
        {"agency": "health", "agency_name": "Поликлиника №2", "person_name": "Врач"},
        format="json",
    )
    assert member.status_code == 201
    state = api.get(reverse("api-case-register", args=[case.pk])).json()
    assert state["on_register"] is True
    assert [r["number"] for r in state["resolutions"]] == ["4"]
    assert [m["agency"] for m in state["working_group"]] == ["health"]
    entries = api.get(reverse("api-register-entries"), {"open": "true"}).json()
    assert [e["case"] for e in entries] == [case.pk]
    assert api.get(reverse("api-register-entries"), {"open": "maybe"}).status_code == 400
    remove = reverse("api-case-register-remove", args=[case.pk])
    response = api.post(remove, {"removed_on": today().isoformat(), "reason": "other"})
    assert response.json() == {"note": ["Для причины «другое» опишите её."]}
    response = api.post(remove, {"removed_on": today().isoformat(), "reason": "improved"})
    assert response.status_code == 200
    assert response.json()["is_open"] is False
    assert api.get(reverse("api-register-entries"), {"open": "true"}).json() == []


def test_future_resolution_is_a_400(curator: User, case: Case) -> None:
    response = _api(curator).post(
        reverse("api-case-resolutions", args=[case.pk]),
        {
            "commission": "КДНиЗП",
            "number": "4",
            "resolution_date": (today() + timedelta(days=3)).isoformat(),
            "decision": "register",
        },
    )
    assert response.json() == {"resolution_date": ["Дата постановления не может быть в будущем."]}


def test_out_of_scope_is_404_and_without_the_right_403(
    curator: User, colleague: User, director: User, outsider: User, case: Case
) -> None:
    meeting = consilium(case, curator)
    register(case, curator)
    for user in (colleague, outsider):
        api = _api(user)
        assert api.get(reverse("api-meeting-detail", args=[meeting.pk])).status_code == 404
        assert api.get(reverse("api-case-register", args=[case.pk])).status_code == 404
        assert api.get(reverse("api-register-entries")).json() == []
    api = _api(director)
    assert api.get(reverse("api-meeting-detail", args=[meeting.pk])).status_code == 200
    response = api.post(reverse("api-case-meetings", args=[case.pk]), _meeting_body())
    assert response.status_code == 403
    assert len(api.get(reverse("api-register-entries")).json()) == 1


def test_the_cases_meetings_list_queries_do_not_grow_with_meetings(
    curator: User, case: Case, mother: Person, django_assert_max_num_queries: Any
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            meeting = services.schedule_meeting(
                case=case,
                kind="mediation",
                held_on=today(),
                staff=[curator],
                family_members=[mother],
                by=curator,
            )
            services.record_guardianship_position(meeting=meeting, by=curator, **position_fields())

    api = _api(curator)
    url = reverse("api-case-meetings", args=[case.pk])
    add(2)
    api.get(url)
    with django_assert_max_num_queries(12) as few:
        api.get(url)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(url)
    assert len(response.json()) == 10
    assert all(m["guardianship_position"]["stance"] == "doubtful" for m in response.json())
