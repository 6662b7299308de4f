"""Every change to a case folder goes through these functions.

Uploads are checked for size (≤ 20 MB), extension and the file's first bytes (a renamed .exe
is not a PDF); a DOCX or XLSX also for what it unpacks to (``core.packages``: no zip bombs).
The stored name is random, so the path cannot be guessed, and the file is only ever served by
``documents:download`` after an access check. Nothing is deleted: a document is
superseded by a newer version or cancelled with a reason.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.core.packages import package_problem
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, DocumentType
from kurator.people.models import FamilyMembership, Person
from kurator.privacy.queries.coverage import photo_refusal

__all__ = [
    "ALLOWED_TYPES",
    "MAX_UPLOAD_BYTES",
    "FileKind",
    "cancel_document",
    "check_accepts_documents",
    "check_file",
    "upload_document",
]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)


@dataclass(frozen=True)
class FileKind:
    content_type: str
    magic: tuple[bytes, ...]  # the file must start with one of these


# Extension → what the file must look like. docx/xlsx are ZIP packages, doc is OLE2.
ALLOWED_TYPES: dict[str, FileKind] = {
    ".pdf": FileKind("application/pdf", (b"%PDF-",)),
    ".docx": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP
    ),
    ".doc": FileKind("application/msword", _OLE),
    ".xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".jpg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": FileKind("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
_ALLOWED_WORDS = "PDF, DOCX, DOC, XLSX, JPG, JPEG, PNG"
_TITLE_MAX = 300
_NAME_MAX = 255


def _read_head(file: File[bytes], n: int = 16) -> bytes:
    file.seek(0)
    head = file.read(n)
    file.seek(0)
    return head if isinstance(head, bytes) else bytes(head)


def check_file(file: File[bytes] | None) -> tuple[str, FileKind, int]:
    """(extension, kind, size) of an acceptable upload; DocumentError(field="file") otherwise."""
    if file is None:
        raise DocumentError(_("Выберите файл."), field="file")
    name = PurePath(file.name or "").name
    extension = PurePath(name).suffix.lower()
    kind = ALLOWED_TYPES.get(extension)
    if kind is None:
        raise DocumentError(
            _("Такой тип файла не принимается. Можно: %(types)s.") % {"types": _ALLOWED_WORDS},
            field="file",
        )
    size = file.size or 0
    if size <= 0:
        raise DocumentError(_("Файл пустой."), field="file")
    if size > MAX_UPLOAD_BYTES:
        raise DocumentError(
            _("Файл больше %(mb)s МБ. Уменьшите его или разделите на части.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    if not _read_head(file).startswith(kind.magic):
        raise DocumentError(
            _("Содержимое файла не похоже на %(ext)s. Проверьте файл.")
            % {"ext": extension.lstrip(".").upper()},
            field="file",
        )
    if kind.magic == _ZIP and (
        problem := package_problem(file, kind=extension.lstrip(".").upper())
    ):
        raise DocumentError(problem, field="file")
    return extension, kind, size


def check_accepts_documents(case: Case) -> None:
    """New documents go only into the folder of a case that accepts records (not closed)."""
    if not case.accepts_records:
        raise DocumentError(_("Случай закрыт: в его папку документы не добавляются."))


def upload_document(
    *,
    case: Case,
    by: User,
    document_type: str,
    title: str,
    file: File[bytes],
    replaces: CaseDocument | None = None,
    person: Person | None = None,
) -> CaseDocument:
    """Add a document to the case's folder, optionally as a new version of an active one of the
    same type (which becomes superseded, never deleted).

    A photo or video names the family member it shows (``person``) and needs her live consent
    to photo and video (152-FZ: an image is personal data); for a child, the consent her
    representative signed."""
    access.require(by, "cases.case:write")
    if document_type not in DocumentType.values:
        raise DocumentError(_("Выберите вид документа из списка."), field="document_type")
    if document_type == DocumentType.PHOTO:
        if person is None:
            raise DocumentError(_("Укажите, кто на фото или видео."), field="person")
        if not FamilyMembership.objects.filter(
            family_id=case.family_id, person_id=person.pk
        ).exists():
            raise DocumentError(_("Этого человека нет в семье случая."), field="person")
        refusal = photo_refusal(person)
        if refusal is not None:
            raise DocumentError(refusal, field="consent")
    elif person is not None:
        person = None  # only a photo names whom it shows
    title = (title or "").strip() or str(DocumentType(document_type).label)
    if len(title) > _TITLE_MAX:
        raise DocumentError(
            _("Название не длиннее %(n)s символов.") % {"n": _TITLE_MAX}, field="title"
        )
    extension, kind, size = check_file(file)
    original_name = PurePath(file.name or "").name[-_NAME_MAX:]
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.organisation_id != access.organisation_id_of(by):
            raise DocumentError(_("Случай не найден."))
        check_accepts_documents(locked)
        old: CaseDocument | None = None
        if replaces is not None:
            old = CaseDocument.objects.select_for_update().filter(pk=replaces.pk).first()
            if old is None or old.case_id != locked.pk:
                raise DocumentError(_("Заменить можно только документ этого случая."))
            if old.status != CaseDocument.Status.ACTIVE:
                raise DocumentError(_("Этот документ уже заменён или аннулирован."))
            if old.document_type != document_type:
                raise DocumentError(
                    _("Новая версия должна быть того же вида, что и заменяемый документ."),
                    field="document_type",
                )
        document = CaseDocument(
            case=locked,
            document_type=document_type,
            title=title,
            original_name=original_name,
            size=size,
            content_type=kind.content_type,
            uploaded_by=by,
            person=person,
        )
        # 128 random bits: the path says nothing about the case or the family.
        document.file.save(f"{secrets.token_hex(16)}{extension}", file, save=False)
        try:
            document._history_user = by  # type: ignore[attr-defined]
            document.save()
            if old is not None:
                old.status = CaseDocument.Status.SUPERSEDED
                old.superseded_by = document
                old._history_user = by  # type: ignore[attr-defined]
                old.save(update_fields=["status", "superseded_by"])
            record(
                kind="case.document_uploaded",
                actor=by,
                case=locked,
                data={
                    "document_type": str(DocumentType(document_type).label),
                    "document_type_code": document_type,
                    "title": title,
                    "document": document.pk,
                    "replaces": old.pk if old is not None else None,
                },
            )
        except Exception:
            # The row did not make it: do not leave an orphan file in the storage.
            document.file.delete(save=False)
            raise
    return document


def cancel_document(*, document: CaseDocument, by: User, reason: str) -> CaseDocument:
    """Cancel a document uploaded by mistake; it stays in the folder, struck through, with the
    reason (django-simple-history keeps who and when)."""
    access.require(by, "cases.case:write")
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError(_("Укажите причину аннулирования."), field="reason")
    with transaction.atomic():
        locked = (
            CaseDocument.objects.select_for_update()
            .select_related("case")
            .filter(pk=document.pk)
            .first()
        )
        if locked is None or locked.case.organisation_id != access.organisation_id_of(by):
            raise DocumentError(_("Документ не найден."))
        if locked.status != CaseDocument.Status.ACTIVE:
            raise DocumentError(_("Этот документ уже заменён или аннулирован."))
        if not locked.case.accepts_records:
            raise DocumentError(_("Случай закрыт: документы его папки не меняются."))
        locked.status = CaseDocument.Status.CANCELLED
        locked.cancelled_reason = reason
        locked.cancelled_by = by
        locked.cancelled_at = timezone.now()
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["status", "cancelled_reason", "cancelled_by", "cancelled_at"])
    document.status = locked.status
    return locked
