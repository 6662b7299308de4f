"""The assessments API: instruments, a case's assessments (list, record), detail with scores,
and the 400s of bad answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.assessments.models import Assessment, Instrument, Question
from kurator.cases.models import Case
from kurator.people.models import Person

Answers = Callable[..., dict[int, int]]


def _as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(instrument: Instrument, chosen: dict[int, int], **extra: Any) -> dict[str, Any]:
    return {
        "instrument": instrument.pk,
        "kind": "entry",
        "answers": {str(q): o for q, o in chosen.items()},
        **extra,
    }


def test_instruments_list_domains_questions_and_options(
    curator: User, family_instrument: Instrument
) -> None:
    data = _as(curator).get(reverse("api-assessment-instruments")).json()
    family = next(i for i in data if i["code"] == "family-wellbeing")
    assert len(family["domains"]) == 6
    question = family["domains"][0]["questions"][0]
    assert question["text"] == "Риск отобрания ребёнка органами опеки и попечительства"
    assert [o["score"] for o in question["options"]] == ["1.00", "2.00", "3.00", "4.00"]
    assert {b["label"] for b in family["bands"]} >= {"благополучие"}


def test_record_list_and_detail_with_scores(
    curator: User,
    case: Case,
    child: Person,
    child_instrument: Instrument,
    answers: Answers,
    django_assert_max_num_queries: Any,
) -> None:
    api = _as(curator)
    url = reverse("api-case-assessments", args=[case.pk])
    created = api.post(
        url,
        _payload(child_instrument, answers(child_instrument, 4), person=child.pk),
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["total_score"] == "4.00" and body["band_label"] == "высокий уровень"
    assert body["person_name"] == child.full_name
    assert [d["score"] for d in body["domain_scores"]] == ["4.00"] * 6
    assert len(body["answers"]) == 13
    with django_assert_max_num_queries(6):
        listed = api.get(url).json()
    assert [a["id"] for a in listed] == [body["id"]]
    detail = api.get(reverse("api-assessment-detail", args=[body["id"]])).json()
    assert detail["domain_scores"][0]["title"] == "Здоровье"


def test_a_missing_answer_is_a_400_naming_the_question(
    curator: User, case: Case, family_instrument: Instrument, answers: Answers
) -> None:
    chosen = answers(family_instrument, 2)
    missing = next(iter(chosen))
    del chosen[missing]
    response = _as(curator).post(
        reverse("api-case-assessments", args=[case.pk]),
        _payload(family_instrument, chosen),
        format="json",
    )
    assert response.status_code == 400
    text = Question.objects.get(pk=missing).text
    assert response.json() == {"answers": {str(missing): [f"Не отвечен вопрос «{text}»."]}}
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": "final"}, "kind", "Значения final нет среди допустимых вариантов."),
        ({"instrument": 999999}, "instrument", "Инструмент оценки не найден или не используется."),
        ({"person": 999999}, "person", "Ребёнок не найден в семье этого случая."),
        ({"answers": "все по 4"}, "answers", None),
        ({"assessed_on": "2000-01-01"}, "assessed_on", "Дата оценки раньше открытия случая"),
    ],
)
def test_bad_input_is_a_400_on_its_field(
    curator: User,
    case: Case,
    family_instrument: Instrument,
    answers: Answers,
    change: dict[str, Any],
    field: str,
    message: str | None,
) -> None:
    payload = _payload(family_instrument, answers(family_instrument, 2)) | change
    response = _as(curator).post(
        reverse("api-case-assessments", args=[case.pk]), payload, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    if message is not None:
        assert message in errors[field][0]
    assert not Assessment.objects.exists()


def test_a_family_instrument_refuses_a_person(
    curator: User, case: Case, child: Person, family_instrument: Instrument, answers: Answers
) -> None:
    response = _as(curator).post(
        reverse("api-case-assessments", args=[case.pk]),
        _payload(family_instrument, answers(family_instrument, 2), person=child.pk),
        format="json",
    )
    assert response.status_code == 400
    assert "оценивает семью" in response.json()["subject_person"][0]


@pytest.mark.parametrize(("who", "status"), [("director", 403), ("other_team_curator", 404)])
def test_recording_through_the_api_needs_write_and_scope(
    request: pytest.FixtureRequest,
    case: Case,
    family_instrument: Instrument,
    answers: Answers,
    who: str,
    status: int,
) -> None:
    response = _as(request.getfixturevalue(who)).post(
        reverse("api-case-assessments", args=[case.pk]),
        _payload(family_instrument, answers(family_instrument, 2)),
        format="json",
    )
    assert response.status_code == status
    assert not Assessment.objects.exists()
