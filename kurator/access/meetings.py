"""Scopes of meetings, commission resolutions, working groups and register entries.

All of them hang off a case and are visible exactly to those who see the case
(``cases_visible_to``); a supervision share opens none of them. Writing needs
``cases.case:write`` on a case in scope. Out of scope is a 404, like the case itself.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, record_read, require
from kurator.access.cases import cases_visible_to
from kurator.cases.models import Case
from kurator.meetings.models import (
    CommissionDocument,
    CommissionResolution,
    Meeting,
    RegisterEntry,
    WorkingGroupMember,
)

__all__ = [
    "case_commission_documents",
    "case_meetings",
    "case_register_entries",
    "case_resolutions",
    "case_working_group",
    "get_meeting",
    "register_entries_visible_to",
]


def case_meetings(case: Case) -> QuerySet[Meeting]:
    """The case's meetings, newest first; ``case`` must come from ``get_case``."""
    return (
        Meeting.objects.filter(case_id=case.pk, organisation_id=case.organisation_id)
        .select_related("created_by", "finalized_by")
        .prefetch_related("amendments")
    )


def case_resolutions(case: Case) -> QuerySet[CommissionResolution]:
    return CommissionResolution.objects.filter(
        case_id=case.pk, organisation_id=case.organisation_id
    ).select_related("recorded_by")


def case_working_group(case: Case) -> QuerySet[WorkingGroupMember]:
    return WorkingGroupMember.objects.filter(case_id=case.pk, organisation_id=case.organisation_id)


def case_register_entries(case: Case) -> QuerySet[RegisterEntry]:
    """The register entries of the case's family (also those recorded on its earlier cases:
    a family's time on the register does not end with a case)."""
    return RegisterEntry.objects.filter(
        family_id=case.family_id, organisation_id=case.organisation_id
    ).select_related("resolution", "removal_resolution", "case")


def case_commission_documents(case: Case) -> QuerySet[CommissionDocument]:
    """The notes and reports for the commission prepared on the case, newest first."""
    return CommissionDocument.objects.filter(
        case_id=case.pk, organisation_id=case.organisation_id
    ).select_related("document", "created_by")


def register_entries_visible_to(user: AnyUser) -> QuerySet[RegisterEntry]:
    """Entries whose case the user sees; none for roles without cases.case:read."""
    staff = active_staff(user)
    if staff is None:
        return RegisterEntry.objects.none()
    return RegisterEntry.objects.filter(
        organisation_id=staff.organisation_id, case__in=cases_visible_to(user)
    ).select_related("family", "resolution", "removal_resolution")


def get_meeting(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Meeting:
    """The meeting if the user sees its case (else Http404) and her roles grant ``action``
    (else 403)."""
    staff = active_staff(user)
    if staff is None:
        raise Http404("meeting")
    try:
        meeting = Meeting.objects.select_related(
            "case", "case__family", "case__curator", "created_by", "finalized_by", "amends"
        ).get(pk=pk, organisation_id=staff.organisation_id)
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("meeting") from exc
    if not cases_visible_to(user).filter(pk=meeting.case_id).exists():
        raise Http404("meeting")
    require(user, action)
    record_read(user, meeting)
    return meeting
