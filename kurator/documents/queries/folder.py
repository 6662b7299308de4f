"""Read queries of the case folder. Each starts from a case fetched through ``access``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from kurator import access
from kurator.cases.models import Case
from kurator.documents.models import REQUIRED_DOCUMENT_TYPES, CaseDocument, DocumentType


@dataclass
class TypeGroup:
    code: str
    label: str
    required: bool
    documents: list[CaseDocument] = field(default_factory=list)

    @property
    def has_active(self) -> bool:
        """An active upload, or a generated paper with its signed scan attached."""
        return any(d.counts_in_folder for d in self.documents)


@dataclass
class FolderStatus:
    """What the folder page and the case page's summary show."""

    case: Case
    groups: list[TypeGroup]
    missing: list[tuple[str, str]]  # (code, label) of required types without an active document
    due: date | None
    today: date
    previous_case_ids: list[int]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def overdue(self) -> bool:
        """Incomplete past its deadline while the case is open."""
        return (
            not self.complete
            and self.case.in_active_work
            and self.due is not None
            and self.due < self.today
        )

    @property
    def document_count(self) -> int:
        return sum(len(g.documents) for g in self.groups)


def folder_status(case: Case, *, today: date | None = None) -> FolderStatus:
    """The folder by document type, required types first, with what is still missing.

    Documents of the cases this one was reopened from count: the new case inherits them.
    ``case`` must come from ``access.get_case``."""
    documents = list(access.folder_documents(case))
    by_type: dict[str, list[CaseDocument]] = {}
    for document in documents:
        by_type.setdefault(document.document_type, []).append(document)
    groups = [
        TypeGroup(
            code=code,
            label=str(label),
            required=code in REQUIRED_DOCUMENT_TYPES,
            documents=by_type.get(code, []),
        )
        for code, label in DocumentType.choices
    ]
    groups.sort(key=lambda g: (not g.required, not g.documents))
    # A signed consent of a legal representative that names children is the children's
    # consent too (a child under 14 does not sign her own).
    children_covered = any(
        d.counts_in_folder and d.details.get("children")
        for d in by_type.get(DocumentType.CONSENT_PARENT, [])
    )
    missing = [
        (g.code, g.label)
        for g in groups
        if g.required
        and not g.has_active
        and not (g.code == DocumentType.CONSENT_CHILD and children_covered)
    ]
    previous = sorted({d.case_id for d in documents if d.case_id != case.pk}, reverse=True)
    return FolderStatus(
        case=case,
        groups=groups,
        missing=missing,
        due=case.folder_due,
        today=today or timezone.localdate(),
        previous_case_ids=previous,
    )
