"""Data subject's requests: registered with a deadline of 10 working days after receipt on the
production calendar, answered with a date, overdue ones flagged."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator.accounts.models import User
from kurator.core.testing import make_family, make_person
from kurator.core.workdays import add_working_days
from kurator.people.errors import PeopleError
from kurator.people.models import Person
from kurator.privacy.models import SubjectRequest
from kurator.privacy.services.consents import record_consent, withdraw_consent
from kurator.privacy.services.subject_requests import (
    answer_subject_request,
    register_subject_request,
    subject_request_due,
)


@pytest.fixture
def person(senior: User) -> Person:
    family = make_family(by=senior, name="Ивановы")
    return make_person(by=senior, family=family, role="parent", birth_date=date(1990, 1, 1))


def register(person: Person, by: User, **kwargs: Any) -> SubjectRequest:
    params: dict[str, Any] = {"kind": "access", "received_on": timezone.localdate()} | kwargs
    return register_subject_request(person=person, by=by, **params)


def test_the_deadline_is_10_working_days_on_the_production_calendar(db: None) -> None:
    # May holidays 2025: 1–4 and 8–11 May are days off.
    assert subject_request_due(date(2025, 4, 30)) == date(2025, 5, 20)
    # New Year 2027: 31 Dec 2026 is a transferred day off, 1–8 January are holidays.
    assert subject_request_due(date(2026, 12, 25)) == date(2027, 1, 19)


def test_request_is_registered_with_its_due_date(curator: User, person: Person) -> None:
    received = timezone.localdate() - timedelta(days=3)
    request = register(person, curator, kind="correction", received_on=received, text="Адрес")
    assert request.due_on == add_working_days(received, 10)
    assert request.registered_by == curator
    assert request.answered_on is None
    assert not request.is_overdue_on(timezone.localdate())


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "complaint"}, "kind"),
        ({"received_on": None}, "received_on"),
        ({"received_on": date(2999, 1, 1)}, "received_on"),
        ({"text": "x" * 4001}, "text"),
    ],
)
def test_bad_request_input_is_refused(
    curator: User, person: Person, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(PeopleError) as error:
        register(person, curator, **kwargs)
    assert error.value.field == field
    assert not SubjectRequest.objects.exists()


def test_an_unanswered_request_past_its_deadline_is_overdue(curator: User, person: Person) -> None:
    request = register(person, curator, received_on=timezone.localdate() - timedelta(days=30))
    assert request.is_overdue_on(timezone.localdate())


def test_answering_records_the_date_and_who(curator: User, person: Person) -> None:
    request = register(person, curator, received_on=timezone.localdate() - timedelta(days=2))
    answered = answer_subject_request(request=request, by=curator, answer="Выдали копию.")
    assert answered.answered_on == timezone.localdate()
    assert answered.handled_by == curator
    assert answered.answer == "Выдали копию."
    assert not answered.is_overdue_on(timezone.localdate() + timedelta(days=60))


def test_an_answer_after_the_deadline_stays_marked_late(curator: User, person: Person) -> None:
    request = register(person, curator, received_on=timezone.localdate() - timedelta(days=40))
    answered = answer_subject_request(request=request, by=curator, answer="Исправили.")
    assert answered.is_overdue_on(timezone.localdate())


def test_a_request_is_answered_once(curator: User, person: Person) -> None:
    request = register(person, curator)
    answer_subject_request(request=request, by=curator, answer="Готово.")
    with pytest.raises(PeopleError) as error:
        answer_subject_request(request=request, by=curator, answer="Ещё раз.")
    assert "уже ответили" in error.value.message


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"answer": " "}, "answer"),
        ({"answer": "Да", "answered_on": date(2001, 1, 1)}, "answered_on"),
    ],
)
def test_bad_answers_are_refused(
    curator: User, person: Person, kwargs: dict[str, Any], field: str
) -> None:
    request = register(person, curator)
    with pytest.raises(PeopleError) as error:
        answer_subject_request(request=request, by=curator, **kwargs)
    assert error.value.field == field
    request.refresh_from_db()
    assert request.answered_on is None


def test_requests_are_registered_even_after_withdrawal(curator: User, person: Person) -> None:
    consent = record_consent(
        person=person, by=curator, purpose="case_work", scope="Всё", given_on=date(2026, 1, 1)
    )
    withdraw_consent(consent=consent, by=curator)
    assert register(person, curator, kind="deletion").kind == "deletion"


def test_other_team_and_read_only_roles_cannot_register(
    other_team_curator: User, director: User, person: Person
) -> None:
    with pytest.raises(PeopleError):
        register(person, other_team_curator)
    with pytest.raises(PermissionDenied):
        register(person, director)
