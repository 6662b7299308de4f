"""Scopes of the case folder's documents.

A document is visible to whoever may see its case — or a later case of the same family that
was reopened from it (``Case.previous_case``): a reopened case inherits the earlier documents
(docs/domain.md, Scenarios), even when the new curator never worked on the old case. Nothing else
widens the scope; another organisation's documents are a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, record_read, require
from kurator.access.cases import cases_visible_to
from kurator.cases.models import Case
from kurator.documents.models import CaseDocument, SignalDocument

__all__ = [
    "FOLDER_CHAIN_MAX",
    "folder_chain",
    "folder_documents",
    "get_document",
    "get_signal_document",
]

# Reopened cases of one family form a chain; deeper than this is a data error, not a family.
FOLDER_CHAIN_MAX = 50


def folder_chain(case: Case) -> list[Case]:
    """The case and the cases it was reopened from, newest first.

    ``case`` must already come from ``get_case`` (or another access scope): seeing a case
    is what entitles one to its predecessors' folders."""
    chain = [case]
    current = case
    while current.previous_case_id is not None and len(chain) < FOLDER_CHAIN_MAX:
        current = Case.objects.select_related("family").get(pk=current.previous_case_id)
        chain.append(current)
    return chain


def folder_documents(case: Case, *, include_previous: bool = True) -> QuerySet[CaseDocument]:
    """Every document of the case's folder (with the earlier cases' when ``include_previous``),
    active and superseded/cancelled alike. ``case`` must come from an access scope."""
    case_ids = [c.pk for c in folder_chain(case)] if include_previous else [case.pk]
    return (
        CaseDocument.objects.filter(
            case_id__in=case_ids, case__organisation_id=case.organisation_id
        )
        .select_related("uploaded_by", "cancelled_by")
        .order_by("document_type", "-uploaded_at", "-pk")
    )


def _successor_ids(case_id: int, organisation_id: int) -> list[int]:
    """The case and the cases reopened from it, oldest first (one query per generation)."""
    ids = [case_id]
    current = case_id
    for _step in range(FOLDER_CHAIN_MAX):
        nxt = (
            Case.objects.filter(previous_case_id=current, organisation_id=organisation_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if nxt is None:
            break
        ids.append(nxt)
        current = nxt
    return ids


def get_document(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> CaseDocument:
    """The document if the user may see its case or a case reopened from it (else Http404),
    and her roles grant ``action`` (else 403). Checked on every download."""
    staff = active_staff(user)
    if staff is None:
        raise Http404("document")
    try:
        document = CaseDocument.objects.select_related("case", "uploaded_by").get(
            pk=pk, case__organisation_id=staff.organisation_id
        )
    except (CaseDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("document") from exc
    chain = _successor_ids(document.case_id, staff.organisation_id)
    if not cases_visible_to(user).filter(pk__in=chain).exists():
        raise Http404("document")
    require(user, action)
    record_read(user, document)
    return document


def get_signal_document(
    user: AnyUser, pk: int | str, *, action: str = "intake.signal:read"
) -> SignalDocument:
    """A paper generated from a signal (the first-visit instruction), if the user may see the
    signal (else Http404) with ``action`` (else 403); the signal's read is logged."""
    from kurator.access.intake import get_signal  # late: intake imports base like this module

    staff = active_staff(user)
    if staff is None:
        raise Http404("signal document")
    try:
        paper = SignalDocument.objects.get(pk=pk, signal__organisation_id=staff.organisation_id)
    except (SignalDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("signal document") from exc
    paper.signal = get_signal(user, paper.signal_id, action=action)
    return paper
