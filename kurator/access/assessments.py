"""Scopes of well-being assessments and comprehensive reports: exactly the case's.

An assessment or a report hangs off a case and is visible to those who see the case
(``cases_visible_to``; a supervision share opens none of them); reading needs
``cases.case:read``, writing ``cases.case:write``. Out of scope is a 404, in scope without the
permission a 403. Every fetch notes the read in the read log.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, record_read, require
from kurator.access.cases import cases_visible_to, get_case
from kurator.assessments.models import Assessment, ComprehensiveReport
from kurator.cases.models import Case

__all__ = [
    "ASSESSMENT_READ",
    "ASSESSMENT_WRITE",
    "assessments_visible_to",
    "get_assessment",
    "get_case_for_assessments",
    "get_report",
    "reports_visible_to",
    "require",
]

ASSESSMENT_READ = "cases.case:read"
ASSESSMENT_WRITE = "cases.case:write"


def assessments_visible_to(user: AnyUser) -> QuerySet[Assessment]:
    return Assessment.objects.filter(case__in=cases_visible_to(user))


def reports_visible_to(user: AnyUser) -> QuerySet[ComprehensiveReport]:
    return ComprehensiveReport.objects.filter(case__in=cases_visible_to(user))


def get_case_for_assessments(user: AnyUser, pk: int | str, *, write: bool = False) -> Case:
    """The case whose assessments are shown (404 out of scope) — 403 without the permission
    to read, or with ``write`` to record them."""
    case = get_case(user, pk)
    if write:
        require(user, ASSESSMENT_WRITE)
    return case


def get_assessment(user: AnyUser, pk: int | str) -> Assessment:
    try:
        assessment = (
            assessments_visible_to(user)
            .select_related("case__family", "instrument", "person", "created_by")
            .get(pk=pk)
        )
    except (Assessment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("assessment") from exc
    require(user, ASSESSMENT_READ)
    record_read(user, assessment)
    return assessment


def get_report(user: AnyUser, pk: int | str, *, write: bool = False) -> ComprehensiveReport:
    try:
        report = (
            reports_visible_to(user)
            .select_related("case__family", "created_by", "finalized_by")
            .get(pk=pk)
        )
    except (ComprehensiveReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("report") from exc
    require(user, ASSESSMENT_WRITE if write else ASSESSMENT_READ)
    record_read(user, report)
    return report
