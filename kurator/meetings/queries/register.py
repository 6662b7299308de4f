"""The register of families in a socially dangerous position: who is on it, as other apps
ask about it, and the case page's view of it.

Plans (the monthly home visit warning), tasks and reports import these; none of them checks
access — pass cases and organisations that already came from ``kurator.access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from kurator import access
from kurator.cases.models import Case
from kurator.meetings.models import CommissionResolution, RegisterEntry, WorkingGroupMember

__all__ = [
    "RegisterView",
    "entries_in_period",
    "is_on_register",
    "open_entry",
    "register_case_ids",
    "register_family_ids",
    "register_view",
    "removals_in_period",
]


def _current(case: Case) -> QuerySet[RegisterEntry]:
    """The family's entry not removed yet (at most one: a unique index)."""
    return RegisterEntry.objects.filter(family_id=case.family_id, removed_on__isnull=True)


def open_entry(case: Case) -> RegisterEntry | None:
    """The family's current time on the register, if it is on it."""
    return _current(case).select_related("resolution").first()


def is_on_register(case: Case) -> bool:
    """Is the case's family on the register now (registered and not removed)?"""
    return _current(case).exists()


def register_family_ids(organisation_id: int) -> QuerySet[RegisterEntry, int]:
    """Ids of the organisation's families on the register now (a subquery-friendly queryset)."""
    return RegisterEntry.objects.filter(
        organisation_id=organisation_id, removed_on__isnull=True
    ).values_list("family_id", flat=True)


def register_case_ids(organisation_id: int) -> set[int]:
    """Ids of the organisation's cases whose family is on the register now — every case of
    the family, not only the one the registration was recorded on."""
    return set(
        Case.objects.filter(
            organisation_id=organisation_id, family_id__in=register_family_ids(organisation_id)
        ).values_list("pk", flat=True)
    )


def entries_in_period(organisation_id: int, start: date, end: date) -> QuerySet[RegisterEntry]:
    """Entries on the register at any day of ``start``…``end`` (both inclusive): the figure
    «families on the register in the period» (docs/domain.md, Indicators) counts their distinct
    families."""
    return RegisterEntry.objects.filter(
        organisation_id=organisation_id, registered_on__lte=end
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gte=start))


def removals_in_period(organisation_id: int, start: date, end: date) -> QuerySet[RegisterEntry]:
    """Entries removed within ``start``…``end``; group by ``removal_reason`` for the report."""
    return RegisterEntry.objects.filter(
        organisation_id=organisation_id, removed_on__gte=start, removed_on__lte=end
    )


@dataclass(frozen=True)
class RegisterView:
    entries: list[RegisterEntry]
    current: RegisterEntry | None
    resolutions: list[CommissionResolution]
    group: list[WorkingGroupMember]


def register_view(case: Case) -> RegisterView:
    entries = list(access.case_register_entries(case))
    return RegisterView(
        entries=entries,
        current=next((e for e in entries if e.removed_on is None), None),
        resolutions=list(access.case_resolutions(case)),
        group=list(access.case_working_group(case)),
    )
