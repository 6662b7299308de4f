"""The folder, post-support, subject-request and destruction-clock deadlines as tasks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.services import lifecycle
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_person
from kurator.documents.models import REQUIRED_DOCUMENT_TYPES
from kurator.documents.services.folder import upload_document
from kurator.documents.tests.files import upload
from kurator.people.models import Family
from kurator.privacy.models import DestructionClock
from kurator.privacy.services.consents import record_consent, withdraw_consent
from kurator.privacy.services.subject_requests import (
    answer_subject_request,
    register_subject_request,
)
from kurator.tasks.models import Task


def _task(key: str) -> Task:
    return Task.objects.get(key=key)


def test_the_folder_task_is_done_when_every_required_document_is_in(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    key = f"case_folder:{case.pk}"
    for document_type in REQUIRED_DOCUMENT_TYPES[:-1]:
        upload_document(
            case=case, by=curator, document_type=document_type, title="Документ", file=upload()
        )
        assert _task(key).status == Task.Status.OPEN
    upload_document(
        case=case,
        by=curator,
        document_type=REQUIRED_DOCUMENT_TYPES[-1],
        title="Документ",
        file=upload(),
    )
    assert _task(key).status == Task.Status.DONE


def test_post_support_gives_the_curator_the_next_contact(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    lifecycle.close_case(
        case=case,
        by=curator,
        reason="other",
        criteria={},
        post_support=True,
        post_support_frequency_days=30,
    )
    task = _task(f"post_support_contact:{case.pk}")
    assert task.user == curator and task.status == Task.Status.OPEN
    assert task.due_on == timezone.localdate() + timedelta(days=30)
    assert _task(f"case_plan:{case.pk}").status == Task.Status.CANCELLED


def test_a_subject_request_goes_to_the_persons_case_curator_and_closes_when_answered(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    person = make_person(by=senior, family=family)
    open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    request = register_subject_request(
        person=person, by=curator, kind="access", received_on=timezone.localdate()
    )
    task = _task(f"subject_request:{request.pk}")
    assert (task.user, task.due_on, task.kind) == (curator, request.due_on, "subject_request")
    answer_subject_request(request=request, by=curator, answer="Выслали копию данных.")
    assert _task(f"subject_request:{request.pk}").status == Task.Status.DONE


def test_a_subject_request_without_a_case_goes_to_the_team_head(
    senior: User, head: User, family: Family
) -> None:
    person = make_person(by=senior, family=family)
    request = register_subject_request(
        person=person, by=senior, kind="correction", received_on=timezone.localdate()
    )
    assert _task(f"subject_request:{request.pk}").user == head


def test_a_destruction_clock_gives_the_team_head_a_task_a_new_consent_cancels_it(
    senior: User, head: User, curator: User, psychologist: User, family: Family
) -> None:
    open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    mother = make_person(by=senior, family=family, role="parent", birth_date=None)
    given = {"purpose": "case_work", "scope": "ФИО", "given_on": timezone.localdate()}
    consent = record_consent(person=mother, by=curator, **given)
    withdraw_consent(consent=consent, by=curator)
    clock = DestructionClock.objects.get(person=mother)
    task = _task(f"consent_destruction:{clock.pk}:{head.pk}")
    assert task.due_on == clock.destroy_by and task.status == Task.Status.OPEN
    record_consent(person=mother, by=curator, **given)
    assert _task(f"consent_destruction:{clock.pk}:{head.pk}").status == Task.Status.CANCELLED
