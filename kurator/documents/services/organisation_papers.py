"""Documents of the organisation itself, made from its settings and norms rather than from a
case: the instruction for keeping the case folder and the rules of the consilium (templates
of scope «organisation»). Generated on demand from the organisation's newest upload of the
template, else Kurator's default, and downloaded; nothing is filed or stored, so the paper
always states the norms as they are today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator import access
from kurator.accounts.models import Organisation, User
from kurator.cases.norms import norms_for
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.core import workdays
from kurator.core.text import printable
from kurator.documents import contexts, rendering
from kurator.documents.models import REQUIRED_DOCUMENT_TYPES, DocumentType
from kurator.documents.queries.templates import active_template
from kurator.documents.services.record_papers import template_spec

__all__ = ["MINUTES_DUE_WORKING_DAYS", "generate_organisation_document", "organisation_context"]

# The consilium's minutes are due working day 1 after it (``meetings.services.meetings``).
MINUTES_DUE_WORKING_DAYS = 1
# Never in the folder's list of other documents: a photo is filed with its own consent rule,
# «другое» is no kind of document.
_NOT_LISTED = frozenset({DocumentType.PHOTO, DocumentType.OTHER})


def organisation_context(*, organisation: Organisation, today: date) -> dict[str, Any]:
    """The plain values an organisation document is filled with (the keys of
    ``catalogue.DEMO_CONTEXT`` its templates use)."""
    norms = norms_for(organisation.pk)
    return {
        "organisation": {
            "name": printable(organisation.name),
            "address": printable(organisation.address),
        },
        "date": contexts.long_date(today),
        "norms": {
            "caseload_min": str(norms.caseload_min),
            "caseload_optimal": str(norms.caseload_optimal),
            "caseload_max": str(norms.caseload_max),
            "high_complexity_max": str(norms.high_complexity_max),
            "intensity_days": str(norms.intensity_days),
            "cumulative_delay_max_days": str(norms.cumulative_delay_max_days),
            "duration_min_months": str(norms.duration_min_months),
            "duration_max_months": str(norms.duration_max_months),
            # ``cases.norms.complexity_level``: a sum above the medium band is high.
            "complexity_high_from": str(norms.complexity_medium_max + 1),
            "supervisions_min": str(norms.supervisions_min),
        },
        "folder": {
            "due_working_days": str(workdays.FOLDER_DUE_WORKING_DAYS),
            "required": [str(DocumentType(t).label) for t in REQUIRED_DOCUMENT_TYPES],
            "other": [
                str(label)
                for value, label in DocumentType.choices
                if value not in REQUIRED_DOCUMENT_TYPES and value not in _NOT_LISTED
            ],
        },
        "plan": {"due_days": str(workdays.PLAN_DUE_CALENDAR_DAYS)},
        "consilium": {
            "minutes_due_working_days": str(MINUTES_DUE_WORKING_DAYS),
            "closure_criteria": [str(label) for label in CLOSURE_CRITERIA.values()],
        },
    }


def generate_organisation_document(*, organisation: Organisation, code: str, by: User) -> bytes:
    """The organisation document ``code`` (a template of scope «organisation») filled from
    the organisation's settings and norms, as DOCX bytes. Any member of the organisation may
    have it: it holds the organisation's rules, no one's personal data."""
    if access.organisation_id_of(by) != organisation.pk:
        raise PermissionDenied("organisation")
    spec = template_spec(code, "organisation")
    context = organisation_context(organisation=organisation, today=timezone.localdate())
    source, _version = active_template(organisation.pk, spec.code)
    return rendering.render_docx(source, context)
