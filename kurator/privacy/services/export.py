"""The person's data export (152-FZ, art. 14: the subject's right to their data): one ZIP.

``person.json`` holds the person's card, memberships, relations, consents, destruction clocks,
subject requests, and the cases of their families with the beneficiary history (timeline) and
the folder's document list; ``documents/`` holds the files of those folders and of the
person's consents. Built by ``export_person_data`` for a team head or the programme director
(``kurator.privacy.common.can_manage_privacy``), within the persons and cases she may see.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import TimelineEvent
from kurator.cases.timeline import describe
from kurator.documents.models import CaseDocument
from kurator.people.models import FamilyMembership, Person, PersonRelation
from kurator.privacy.common import can_manage_privacy
from kurator.privacy.models import Consent, DestructionClock, SubjectRequest

__all__ = ["ExportSummary", "export_filename", "export_person_data"]

JSON_NAME = "person.json"
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


@dataclass(frozen=True)
class ExportSummary:
    person_id: int
    cases: int
    documents: int
    files: int


def export_filename(person: Person) -> str:
    return f"person-{person.pk}-{timezone.localdate():%Y%m%d}.zip"


def _user_name(user: User | None) -> str | None:
    if user is None:
        return None
    return str(user)  # the full name, else the login


def _person_dict(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "middle_name": person.middle_name,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "phones": person.phones,
        "address": person.address,
        "notes": person.notes,
        "created_at": person.created_at,
    }


def _consent_dict(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "purposes": [p.code for p in consent.purpose_list],
        "purpose_display": consent.purpose_label,
        "scope": consent.scope,
        "given_on": consent.given_on,
        "valid_until": consent.valid_until,
        "signed_by": consent.signed_by.full_name if consent.signed_by else None,
        "document": consent.document_id,
        "recorded_by": _user_name(consent.recorded_by),
        "recorded_at": consent.recorded_at,
        "withdrawn_on": consent.withdrawn_on,
        "withdrawal_reason": consent.withdrawal_reason,
    }


def _file_name(document: CaseDocument) -> str:
    original = PurePath(document.original_name or document.file.name or "file").name
    safe = _UNSAFE.sub("_", original).strip("._") or "file"
    return f"documents/{document.pk}-{safe[-120:]}"


def _document_dict(document: CaseDocument, path: str | None) -> dict[str, Any]:
    return {
        "id": document.pk,
        "case": document.case_id,
        "document_type": document.document_type,
        "document_type_display": str(document.get_document_type_display()),
        "title": document.title,
        "status": document.status,
        "uploaded_at": document.uploaded_at,
        "original_name": document.original_name,
        "file": path,
    }


def export_person_data(*, person: Person, by: User, out: IO[bytes]) -> ExportSummary:
    """Write the person's ZIP to ``out``. ``person`` comes from ``access.get_person``; only
    the families, cases and documents ``by`` may see go in."""
    if not can_manage_privacy(by):
        raise PermissionDenied("privacy manager")
    if not access.persons_visible_to(by).filter(pk=person.pk).exists():
        raise PermissionDenied("person")
    families = access.families_visible_to(by)
    memberships = list(
        FamilyMembership.objects.filter(person=person, family__in=families)
        .select_related("family")
        .order_by("family__name", "pk")
    )
    family_ids = [m.family_id for m in memberships]
    relations = list(
        PersonRelation.objects.filter(Q(person=person) | Q(relative=person))
        .select_related("person", "relative")
        .order_by("pk")
    )
    consents = list(
        Consent.objects.filter(person=person)
        .select_related("signed_by", "recorded_by")
        .order_by("given_on", "pk")
    )
    clocks = list(DestructionClock.objects.filter(person=person).order_by("pk"))
    requests = list(
        SubjectRequest.objects.filter(person=person)
        .select_related("handled_by")
        .order_by("received_on", "pk")
    )
    cases = list(
        access.cases_visible_to(by)
        .filter(family_id__in=family_ids)
        .select_related("curator", "family")
        .order_by("opened_at", "pk")
    )
    case_ids = [c.pk for c in cases]
    events = list(
        TimelineEvent.objects.filter(case_id__in=case_ids)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    consent_document_ids = [c.document_id for c in consents if c.document_id]
    documents = list(
        CaseDocument.objects.filter(
            Q(case_id__in=case_ids) | Q(pk__in=consent_document_ids),
            case__organisation_id=person.organisation_id,
        )
        .filter(case__in=access.cases_visible_to(by))
        .order_by("case_id", "uploaded_at", "pk")
    )

    files = 0
    document_rows: dict[int, list[dict[str, Any]]] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            name = _file_name(document)
            stored: str | None = name
            try:
                with document.file.open("rb") as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target)
                files += 1
            except OSError:
                stored = None  # the file is missing from the storage: say so in the JSON
            document_rows.setdefault(document.case_id, []).append(_document_dict(document, stored))
        events_of: dict[int, list[dict[str, Any]]] = {}
        for event in events:
            assert event.case_id is not None
            events_of.setdefault(event.case_id, []).append(
                {
                    "at": event.created_at,
                    "kind": event.kind,
                    "text": describe(event),
                    "actor": _user_name(event.actor),
                    "emergency": event.emergency,
                }
            )
        data = {
            "exported_at": timezone.now(),
            "exported_by": _user_name(by),
            "person": _person_dict(person),
            "memberships": [
                {
                    "family": m.family_id,
                    "family_name": m.family.name,
                    "role": m.role,
                    "role_display": str(m.get_role_display()),
                }
                for m in memberships
            ],
            "relations": [
                {
                    "person": r.person_id,
                    "person_name": r.person.full_name,
                    "relative": r.relative_id,
                    "relative_name": r.relative.full_name,
                    "kind": r.kind,
                    "kind_display": str(r.get_kind_display()),
                    "note": r.note,
                }
                for r in relations
            ],
            "consents": [_consent_dict(c) for c in consents],
            "destruction_clocks": [
                {
                    "consent": c.consent_id,
                    "stopped_on": c.stopped_on,
                    "blocked": c.blocked,
                    "legal_basis": c.legal_basis,
                    "destroy_by": c.destroy_by,
                    "destroyed_at": c.destroyed_at,
                    "lifted_at": c.lifted_at,
                }
                for c in clocks
            ],
            "subject_requests": [
                {
                    "id": r.pk,
                    "kind": r.kind,
                    "kind_display": str(r.get_kind_display()),
                    "received_on": r.received_on,
                    "text": r.text,
                    "due_on": r.due_on,
                    "answered_on": r.answered_on,
                    "answer": r.answer,
                    "handled_by": _user_name(r.handled_by),
                }
                for r in requests
            ],
            "cases": [
                {
                    "id": c.pk,
                    "family": c.family_id,
                    "family_name": c.family.name,
                    "status": c.status,
                    "status_display": str(c.get_status_display()),
                    "opened_at": c.opened_at,
                    "closed_at": c.closed_at,
                    "curator": _user_name(c.curator),
                    "timeline": events_of.get(c.pk, []),
                    "documents": document_rows.get(c.pk, []),
                }
                for c in cases
            ],
            "consent_documents": [
                row
                for rows in document_rows.values()
                for row in rows
                if row["id"] in consent_document_ids and row["case"] not in case_ids
            ],
        }
        archive.writestr(
            JSON_NAME,
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
    return ExportSummary(
        person_id=person.pk, cases=len(cases), documents=len(documents), files=files
    )
