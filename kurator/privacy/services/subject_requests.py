"""A data subject's requests (152-FZ, art. 14, 20, 21): registered, answered within 10 working
days of their receipt. The scoped reads are in ``kurator.privacy.queries.subject_requests``."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator import access
from kurator.accounts.models import User
from kurator.core.workdays import add_working_days
from kurator.people.errors import PeopleError
from kurator.people.models import Person
from kurator.privacy.common import check_person, clean_text, format_day, past_date
from kurator.privacy.models import SubjectRequest, SubjectRequestKind

__all__ = [
    "SUBJECT_REQUEST_WORKING_DAYS",
    "answer_subject_request",
    "register_subject_request",
    "subject_request_due",
]

SUBJECT_REQUEST_WORKING_DAYS = 10  # 152-FZ, art. 14 and 20: answer within 10 working days
TEXT_MAX = 4000
# Messages the forms show for the same mistakes (kurator.privacy.forms.subject_requests).
KIND_UNKNOWN = gettext_lazy("Выберите вид обращения из списка.")
RECEIVED_ON_REQUIRED = gettext_lazy("Укажите дату получения обращения.")
ANSWER_REQUIRED = gettext_lazy("Напишите ответ.")
ANSWERED_ON_REQUIRED = gettext_lazy("Укажите дату ответа.")


def subject_request_due(received_on: date) -> date:
    return add_working_days(received_on, SUBJECT_REQUEST_WORKING_DAYS)


def register_subject_request(
    *, person: Person, by: User, kind: str, received_on: date | None, text: str = ""
) -> SubjectRequest:
    """Register a data subject's request; the answer is due 10 working days after receipt.
    Registered even when the person's processing is stopped: the right to ask outlives it."""
    access.require(by, "people.family:write")
    check_person(person, by)
    if kind not in SubjectRequestKind.values:
        raise PeopleError(KIND_UNKNOWN, field="kind")
    received_on = past_date(received_on, "received_on", required=RECEIVED_ON_REQUIRED)
    text = clean_text(text, "text", max_length=TEXT_MAX)
    request = SubjectRequest(
        person=person,
        organisation_id=person.organisation_id,
        kind=kind,
        received_on=received_on,
        text=text,
        due_on=subject_request_due(received_on),
        registered_by=by,
    )
    request._history_user = by  # type: ignore[attr-defined]
    with transaction.atomic():
        request.save()
    return request


def answer_subject_request(
    *, request: SubjectRequest, by: User, answer: str, answered_on: date | None = None
) -> SubjectRequest:
    """Record the answer sent to the person and its date (today unless given)."""
    access.require(by, "people.family:write")
    check_person(request.person, by, "request")
    answer = clean_text(answer, "answer", max_length=TEXT_MAX, required=ANSWER_REQUIRED)
    answered_on = past_date(
        answered_on or timezone.localdate(), "answered_on", required=ANSWERED_ON_REQUIRED
    )
    with transaction.atomic():
        locked = SubjectRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None or locked.organisation_id != access.organisation_id_of(by):
            raise PeopleError(_("Обращение не найдено."), field="request")
        if locked.answered_on is not None:
            raise PeopleError(
                _("На это обращение уже ответили %(date)s.")
                % {"date": format_day(locked.answered_on)},
                field="request",
            )
        if answered_on < locked.received_on:
            raise PeopleError(
                _("Ответ не может быть раньше получения обращения (%(date)s).")
                % {"date": format_day(locked.received_on)},
                field="answered_on",
            )
        locked.answer = answer
        locked.answered_on = answered_on
        locked.handled_by = by
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["answer", "answered_on", "handled_by"])
    request.answer, request.answered_on, request.handled_by = answer, answered_on, by
    return locked
