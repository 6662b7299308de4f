"""Demo consents and subject requests (see kurator/core/demo.py), after the lifecycle demo.

The representatives consented before their cases opened (``before_cases``); here the
children get theirs, signed by a parent and linked to a consent document of the case folder
where the lifecycle demo uploaded one. So that every warning of the case page shows: the
emergency family has no consents at all (its curator's task «получить согласие» is open),
in one family a child has none, in one a child's consent has expired, one child's consent
expires within two weeks (the curator's task «продлить согласие»), and one mother has
withdrawn hers ten days ago — her card is read-only, her destruction clock runs («Сроки
уничтожения данных») and the curator has the task to decide on the case. Two subject
requests: one within its deadline, one overdue. Deterministic: the order of the cases decides.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.documents.models import DocumentType
from kurator.documents.services.folder import upload_document
from kurator.people.errors import PeopleError
from kurator.people.models import FamilyMembership, FamilyRole, Person
from kurator.privacy.common import age_on
from kurator.privacy.models import Consent, PurposeKind
from kurator.privacy.queries.consents import CONSENT_ROLES
from kurator.privacy.services.consent_tasks import schedule_expiring
from kurator.privacy.services.consents import (
    ADULT_AGE,
    consent_documents_for,
    record_consent,
    withdraw_consent,
)
from kurator.privacy.services.subject_requests import register_subject_request

SCOPE = (
    "ФИО, дата рождения, адрес, телефоны, сведения о семье, здоровье, обучении и "
    "материальном положении — сбор, запись, хранение, уточнение, использование для оказания "
    "помощи, передача в органы опеки и организации-партнёры по направлению куратора."
)
PHOTO_SCOPE = "Фотографии с мероприятий фонда — публикация на сайте и в соцсетях фонда без фамилии."

# Which family (by its case's place among the families with consents) shows which state.
ALL_VALID, CHILD_MISSING, CHILD_EXPIRED, WITHDRAWN, EXPIRING = range(5)


def _today(demo: DemoContext) -> date:
    # Services refuse dates in the future: never go past the real today.
    return min(demo.today, timezone.localdate())


def _members(case: Case) -> list[FamilyMembership]:
    return list(
        FamilyMembership.objects.filter(family_id=case.family_id, role__in=CONSENT_ROLES)
        .select_related("person")
        .order_by("role", "person__birth_date", "pk")
    )


def _record(
    demo: DemoContext,
    case: Case,
    members: list[FamilyMembership],
    membership: FamilyMembership,
    *,
    given_on: date,
    valid_until: date | None = None,
) -> None:
    person = membership.person
    given_on = max(given_on, person.birth_date or given_on)
    signed_by: Person | None = None
    if person.birth_date is not None and age_on(person.birth_date, given_on) < ADULT_AGE:
        adults = [m.person for m in members if m.role != FamilyRole.CHILD]
        signed_by = adults[0] if adults else None
        if signed_by is None:
            return  # nobody to sign for the child: the card shows «нет согласия»
    kind = (
        DocumentType.CONSENT_CHILD
        if membership.role == FamilyRole.CHILD
        else DocumentType.CONSENT_PARENT
    )
    document = consent_documents_for(person, case.curator).filter(document_type=kind).first()
    try:
        record_consent(
            person=person,
            by=case.curator,
            purposes=[PurposeKind.CASE_WORK],
            scope=SCOPE,
            given_on=given_on,
            valid_until=valid_until,
            signed_by=signed_by,
            document=document,
        )
    except PeopleError as error:
        demo.say(f"Согласие {person.full_name} не записано: {error.message}")


def _has_case_work(person: Person) -> bool:
    return Consent.objects.filter(
        person=person, purposes__kind=PurposeKind.CASE_WORK, withdrawn_on__isnull=True
    ).exists()


def _family(demo: DemoContext, index: int, case: Case, today: date) -> None:
    members = _members(case)
    adults = [m for m in members if m.role != FamilyRole.CHILD]
    children = [m for m in members if m.role == FamilyRole.CHILD]
    for membership in members:
        if _has_case_work(membership.person):
            continue  # the representatives consented before the case opened
        if index == CHILD_MISSING and membership is children[-1]:
            continue
        if index == CHILD_EXPIRED and membership is children[0]:
            _record(
                demo,
                case,
                members,
                membership,
                given_on=today - timedelta(days=400),
                valid_until=today - timedelta(days=35),
            )
            continue
        if index == EXPIRING and membership is children[0]:
            _record(
                demo,
                case,
                members,
                membership,
                given_on=today - timedelta(days=351),
                valid_until=today + timedelta(days=14),
            )
            continue
        given_on = today - timedelta(days=60 if index == WITHDRAWN else 20 + index % 7)
        valid_until = given_on + timedelta(days=3 * 365) if index % 3 == 2 else None
        _record(demo, case, members, membership, given_on=given_on, valid_until=valid_until)
    if index == WITHDRAWN and adults:
        consent = Consent.objects.filter(
            person=adults[0].person,
            purposes__kind=PurposeKind.CASE_WORK,
            withdrawn_on__isnull=True,
        ).first()
        if consent is not None:
            withdraw_consent(
                consent=consent,
                by=case.curator,
                withdrawn_on=max(today - timedelta(days=10), consent.given_on),
                reason="Письменное заявление об отзыве согласия, принято куратором лично.",
            )
            demo.extra["withdrawn_person"] = adults[0].person
    if index == ALL_VALID and adults:
        record_consent(
            person=adults[0].person,
            by=case.curator,
            purposes=[PurposeKind.PHOTO],
            scope=PHOTO_SCOPE,
            given_on=today - timedelta(days=15),
            valid_until=today + timedelta(days=365),
        )
        # With the consent, the photo from the family day goes into the case folder.
        upload_document(
            case=case,
            by=case.curator,
            document_type=DocumentType.PHOTO,
            title="Семейный день в фонде",
            file=ContentFile(_demo_jpeg(), "family-day.jpg"),
            person=adults[0].person,
        )


def _demo_jpeg() -> bytes:
    """A small real JPEG (a warm plain picture): the demo's stand-in for a photo."""
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (236, 200, 150)).save(out, format="JPEG", quality=70)
    return out.getvalue()


def _requests(demo: DemoContext, cases: list[Case], today: date) -> None:
    people = [(case.curator, _members(case)) for case in cases[:2]]
    adults = [
        (curator, m.person)
        for curator, members in people
        for m in members
        if m.role != FamilyRole.CHILD
    ]
    if not adults:
        return
    curator, person = adults[0]
    register_subject_request(
        person=person,
        by=curator,
        kind="access",
        received_on=today - timedelta(days=2),
        text="Просит выдать копию сведений о семье, которые хранит фонд.",
    )
    curator, person = adults[-1]
    overdue = register_subject_request(
        person=person,
        by=curator,
        kind="correction",
        received_on=today - timedelta(days=25),
        text="Сменила номер телефона и адрес, просит исправить в карточке.",
    )
    demo.extra["overdue_request"] = overdue


def build(demo: DemoContext) -> None:
    if demo.organisation is None:
        return
    today = _today(demo)
    cases = list(
        Case.objects.filter(
            organisation=demo.organisation,
            status__in=[Case.Status.OPEN, Case.Status.POST_SUPPORT],
        )
        .select_related("curator", "family")
        .order_by("pk")
    )
    if not cases:
        demo.say("Согласия: открытых случаев нет, пропущено.")
        return
    index = 0
    for case in cases:
        members = _members(case)
        if not members or not any(_has_case_work(m.person) for m in members):
            continue  # no consents at all: the emergency family
        if not [m for m in members if m.role == FamilyRole.CHILD]:
            _family(demo, ALL_VALID, case, today)
            continue
        _family(demo, index, case, today)
        index += 1
    schedule_expiring(today=today)  # as the daily job would: «продлить согласие»
    _requests(demo, cases, today)
    demo.say(
        f"Согласия: семьи {len(cases)} открытых случаев; у экстренной — никаких, у ребёнка "
        "истёкшее и истекающее, одно отозванное (идёт срок уничтожения), два обращения "
        "субъекта данных (одно просрочено)."
    )
