"""Scopes of cases (the signals a case is opened from are ``access.get_signal``'s).

Who sees which case (product.md: "need-to-know"):

- a case curator, psychologist or specialist — the cases she curates, plus the cases opened
  from signals where she was on the first-visit team (future curator or psychologist);
- a senior curator and a team head — every case of their team;
- the programme director, quality officer and operations manager — the organisation's cases;
- a supervisor — none for now (issue 4 adds cases shared with her);
- anyone of another organisation — none (404, never 403).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, has_org_scope, require
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case

__all__ = [
    "CASE_TEAM_ROLES",
    "CASE_WORKER_ROLES",
    "cases_visible_to",
    "get_case",
]

# Roles that see every case of their team.
CASE_TEAM_ROLES = frozenset({RoleCode.SENIOR_CURATOR, RoleCode.TEAM_HEAD})
# Roles that see only the cases they work on (curated, or visited the family first).
CASE_WORKER_ROLES = frozenset({RoleCode.CURATOR, RoleCode.PSYCHOLOGIST, RoleCode.SPECIALIST})


def cases_visible_to(user: AnyUser) -> QuerySet[Case]:
    staff = active_staff(user)
    if staff is None:
        return Case.objects.none()
    if not staff.has_perm("cases.case:read"):
        return Case.objects.none()
    cases = Case.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return cases
    if staff.team_id is not None and staff.has_role(*CASE_TEAM_ROLES):
        return cases.filter(team_id=staff.team_id)
    if staff.has_role(*CASE_WORKER_ROLES):
        # first_visit is a reverse one-to-one: the join cannot duplicate rows.
        return cases.filter(
            Q(curator_id=staff.user.pk)
            | Q(signal__first_visit__future_curator_id=staff.user.pk)
            | Q(signal__first_visit__psychologist_id=staff.user.pk)
        )
    return Case.objects.none()


def get_case(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Case:
    """The case if the user may see it (else Http404) and her roles grant ``action`` (else 403)."""
    try:
        case = (
            cases_visible_to(user)
            .select_related("family", "curator", "team", "organisation", "signal")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("case") from exc
    require(user, action)
    return case
