"""The first-visit report by its sections (living conditions, one block per child, needs,
risks, the recommendation) and the take-in decision ticked against the organisation's
selection criteria: the web form and the API reach the same service with the same result,
bad input is refused in Russian with nothing written, only the administrator edits the
criteria."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.core.testing import make_person
from kurator.intake import services
from kurator.intake.criteria import DEFAULT_CRITERIA, active_criteria
from kurator.intake.errors import IntakeError
from kurator.intake.models import FirstVisit, SelectionCriterion, Signal
from kurator.intake.tests.conftest import ago
from kurator.people.models import Family, FamilyRole, Person

SIGNALS = "/api/v1/signals/"


@pytest.fixture
def children(intake_operator: User, family: Family) -> list[Person]:
    make_person(by=intake_operator, family=family, role=FamilyRole.PARENT, first_name="Ольга")
    return [
        make_person(by=intake_operator, family=family, first_name="Мария"),
        make_person(by=intake_operator, family=family, first_name="Пётр", sex="M"),
    ]


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _saved(signal: Signal) -> dict[str, Any]:
    visit = FirstVisit.objects.get(signal=signal)
    return {
        "living_conditions": visit.living_conditions,
        "children": visit.children,
        "needs": visit.needs,
        "risks": visit.risks,
        "immediate_danger": visit.immediate_danger,
        "recommendation": visit.recommendation,
        "recommendation_comment": visit.recommendation_comment,
        "submitted": visit.report_submitted_at is not None,
    }


REPORT = {
    "living_conditions": "Две комнаты, сыро, печное отопление.",
    "needs": "Дрова, зимняя одежда.",
    "risks": "Холод в доме.",
    "immediate_danger": True,
    "recommendation": "accept",
    "recommendation_comment": "Мама готова работать.",
}


def test_the_form_and_the_api_store_the_same_structured_report(
    client: Client,
    curator: User,
    visited_signal: Signal,
    children: list[Person],
    intake_operator: User,
    family: Family,
    senior: User,
    psychologist: User,
) -> None:
    masha, _petya = children
    client.force_login(curator)
    form = {
        **REPORT,
        "immediate_danger": "on",
        f"child_{masha.pk}_health": "Здорова.",
        f"child_{masha.pk}_schooling": "3 класс, пропуски.",
        f"child_{masha.pk}_own_words": "«Дома холодно».",
    }
    url = reverse("intake:submit_report", args=[visited_signal.pk])
    page = client.get(url).content.decode()
    assert page.count('data-testid="child-block"') == 2
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()
    by_form = _saved(visited_signal)

    other = services.record_signal(
        by=intake_operator,
        received_at=ago(days=3),
        channel=Signal.Channel.PHONE,
        source=Signal.Source.SCHOOL,
        description="Второй сигнал о той же семье",
        family=family,
    )
    services.assign_visit_team(
        signal=other,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    body = {
        **REPORT,
        "visited_at": timezone.localtime(ago(days=1)).isoformat(),
        "children": [
            {
                "person": masha.pk,
                "health": "Здорова.",
                "schooling": "3 класс, пропуски.",
                "own_words": "«Дома холодно».",
            }
        ],
    }
    response = _api(curator).post(f"{SIGNALS}{other.pk}/record_visit/", body, format="json")
    assert response.status_code == 200, response.content
    assert _saved(other) == by_form
    assert by_form["children"] == [
        {
            "person": masha.pk,
            "name": masha.full_name,
            "health": "Здорова.",
            "development": "",
            "schooling": "3 класс, пропуски.",
            "care": "",
            "own_words": "«Дома холодно».",
        }
    ]
    visit = response.json()["visit"]
    assert visit["recommendation"] == "accept" and visit["immediate_danger"] is True
    assert visit["children"][0]["name"] == masha.full_name
    detail = client.get(reverse("intake:signal_detail", args=[other.pk])).content.decode()
    assert "Дома холодно" in detail and 'data-testid="immediate-danger"' in detail


def test_the_free_text_report_of_the_api_is_still_accepted_and_shown(
    client: Client, curator: User, visited_signal: Signal
) -> None:
    response = _api(curator).post(
        f"{SIGNALS}{visited_signal.pk}/submit_report/", {"report": "Отчёт"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["visit"]["report"] == "Отчёт"
    client.force_login(curator)
    page = client.get(reverse("intake:signal_detail", args=[visited_signal.pk])).content.decode()
    assert 'data-testid="visit-report"' in page


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"living_conditions": "Тесно"}, "recommendation", "Укажите рекомендацию"),
        ({"recommendation": "refuse"}, "recommendation_comment", "Объясните в комментарии"),
        ({"recommendation": "maybe"}, "recommendation", "Неизвестное значение"),
        ({"recommendation": "accept", "needs": "Е\x0bда"}, "needs", "управляющие символы"),
        ({}, "report", "Напишите отчёт"),
    ],
)
def test_a_bad_report_is_a_400_in_russian_and_nothing_is_written(
    curator: User, visited_signal: Signal, body: dict[str, Any], field: str, message: str
) -> None:
    response = _api(curator).post(
        f"{SIGNALS}{visited_signal.pk}/submit_report/", body, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert _saved(visited_signal)["submitted"] is False


def test_a_child_of_another_family_or_named_twice_is_refused(
    curator: User, visited_signal: Signal, children: list[Person], intake_operator: User
) -> None:
    stranger = make_person(by=intake_operator, first_name="Чужой")
    masha = children[0]
    for blocks, message in (
        ([{"person": stranger.pk, "health": "Здоров"}], "не из семьи сигнала"),
        ([{"person": masha.pk, "care": "Да"}, {"person": masha.pk, "care": "Да"}], "дважды"),
    ):
        response = _api(curator).post(
            f"{SIGNALS}{visited_signal.pk}/submit_report/",
            {"recommendation": "accept", "children": blocks},
            format="json",
        )
        assert response.status_code == 400
        assert message in response.json()["children"][0]
    response = _api(curator).post(
        f"{SIGNALS}{visited_signal.pk}/submit_report/",
        {"recommendation": "accept", "children": [{"person": masha.pk, "care": "Да\x1fнет"}]},
        format="json",
    )
    assert response.status_code == 400
    with pytest.raises(IntakeError) as error:
        services.submit_visit_report(
            signal=visited_signal,
            by=curator,
            report=services.VisitReport(
                recommendation="accept", children=[{"person": masha.pk, "care": "Да\x1fнет"}]
            ),
        )
    assert error.value.field == "children"
    assert _saved(visited_signal)["submitted"] is False


def test_the_form_shows_an_empty_recommendation_beside_its_field(
    client: Client, curator: User, visited_signal: Signal
) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("intake:submit_report", args=[visited_signal.pk]), {"needs": "Продукты"}
    )
    assert response.status_code == 200
    assert "Укажите рекомендацию команды" in response.content.decode()
    assert _saved(visited_signal)["submitted"] is False


# --- selection criteria -------------------------------------------------------------------------


def test_a_new_organisation_has_the_default_criteria(senior: User) -> None:
    assert senior.organisation_id is not None
    titles = list(active_criteria(senior.organisation_id).values_list("title", flat=True))
    assert titles == [str(t) for t in DEFAULT_CRITERIA]


def test_the_decision_keeps_the_criteria_ticked_in_the_form_and_the_api(
    client: Client, senior: User, reported_signal: Signal
) -> None:
    assert senior.organisation_id is not None
    first, second, *_rest = active_criteria(senior.organisation_id)
    client.force_login(senior)
    url = reverse("intake:accept", args=[reported_signal.pk])
    assert first.title in client.get(url).content.decode()
    response = client.post(url, {"criteria_met": [first.pk]})
    assert response.status_code == 302
    criteria = reported_signal.decision.criteria
    assert criteria[0] == {"id": first.pk, "title": first.title, "met": True}
    assert criteria[1] == {"id": second.pk, "title": second.title, "met": False}
    assert len(criteria) == len(DEFAULT_CRITERIA)
    body = _api(senior).get(f"{SIGNALS}{reported_signal.pk}/").json()
    assert body["decision"]["criteria"] == criteria
    listed = _api(senior).get(f"{SIGNALS}selection_criteria/").json()
    assert [c["id"] for c in listed][:2] == [first.pk, second.pk]


def test_a_criterion_of_another_organisation_or_retired_is_refused(
    senior: User, reported_signal: Signal, outsider: User
) -> None:
    assert senior.organisation_id is not None
    retired = active_criteria(senior.organisation_id).first()
    assert retired is not None
    SelectionCriterion.objects.filter(pk=retired.pk).update(is_active=False)
    foreign = SelectionCriterion.objects.filter(organisation_id=outsider.organisation_id).first()
    assert foreign is not None
    for pk in (retired.pk, foreign.pk):
        response = _api(senior).post(
            f"{SIGNALS}{reported_signal.pk}/decide/",
            {"decision": "accept", "criteria_met": [pk]},
            format="json",
        )
        assert response.status_code == 400
        assert "Критерий отбора не найден" in response.json()["criteria_met"][0]
    reported_signal.refresh_from_db()
    assert reported_signal.status == Signal.Status.VISITED


def test_only_the_administrator_edits_the_criteria(
    client: Client, curator: User, senior: User, administrator: User
) -> None:
    criterion = active_criteria(administrator.organisation_id or 0).first()
    assert criterion is not None
    change = reverse("admin:intake_selectioncriterion_change", args=[criterion.pk])
    for user in (curator, senior):
        client.force_login(user)
        assert client.get(change).status_code in (302, 403)
        client.post(change, {"title": "Взломано", "position": 1, "is_active": "on"})
        criterion.refresh_from_db()
        assert criterion.title != "Взломано"
    client.force_login(administrator)
    assert client.get(change).status_code == 200
    response = client.post(
        change,
        {
            "organisation": administrator.organisation_id,
            "title": "Семья живёт в Смоленской области",
            "position": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.title == "Семья живёт в Смоленской области"
