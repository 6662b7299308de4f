"""Scopes of cases (the signals a case is opened from are ``access.get_signal``'s).

Who sees which case (need-to-know: docs/domain.md, Personal data):

- a case curator, psychologist or specialist ("case worker") — the cases she curates, the
  cases opened from signals where she was on the first-visit team (future curator or
  psychologist), and the cases she is attached to as a co-worker (``CaseMember``); not the
  other cases of her team;
- a senior curator and a team head — every case of their team;
- the programme director, quality officer and operations manager — the organisation's cases;
- a supervisor — the cases shared with her for supervision (``CaseSupervisionShare``, live:
  not revoked and not past ``until``). They are *not* in ``cases_visible_to``: only the case
  page and the case and timeline API ask for them (``get_case(…, supervision=True)``), read
  only, with surnames hidden (``kurator.cases.masking``). A share opens nothing
  else — family card, persons, signal, folder and documents stay 404;
- the intake operator, resource agents and administrators — none (their roles have no
  ``cases.case:read``);
- anyone of another organisation — none (404, never 403).

``case_scope(user, case)`` names the scope a case is seen under — ``"organisation"``,
``"team"``, ``"own"`` or ``"supervision"`` — for the read log and for masking.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kurator.access.base import AnyUser, Staff, active_staff, has_org_scope, record_read, require
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case, CaseMember, CaseSupervisionShare

__all__ = [
    "CASE_TEAM_ROLES",
    "CASE_WORKER_ROLES",
    "SCOPE_ORGANISATION",
    "SCOPE_OWN",
    "SCOPE_SUPERVISION",
    "SCOPE_TEAM",
    "case_scope",
    "cases_shared_for_supervision",
    "cases_visible_to",
    "get_case",
    "live_case_members",
    "live_supervision_shares",
    "may_work_case",
    "may_write_case",
]

# Roles that see every case of their team.
CASE_TEAM_ROLES = frozenset({RoleCode.SENIOR_CURATOR, RoleCode.TEAM_HEAD})
# Roles that see only the cases they work on (curated, visited the family first, co-worker).
CASE_WORKER_ROLES = frozenset({RoleCode.CURATOR, RoleCode.PSYCHOLOGIST, RoleCode.SPECIALIST})

# The scope a case is seen under (``case_scope``), widest first.
SCOPE_ORGANISATION = "organisation"
SCOPE_TEAM = "team"
SCOPE_OWN = "own"
SCOPE_SUPERVISION = "supervision"


def live_case_members() -> QuerySet[CaseMember]:
    """Co-workers still attached to their case."""
    return CaseMember.objects.filter(removed_at__isnull=True)


def live_supervision_shares() -> QuerySet[CaseSupervisionShare]:
    """Shares not revoked and not past their last day (``until`` is inclusive)."""
    return CaseSupervisionShare.objects.filter(revoked_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=timezone.localdate())
    )


def _worked_on_by(staff: Staff) -> Q:
    """The cases a case worker works on; one condition per line, so coverage shows every branch."""
    me = staff.user.pk
    attached = live_case_members().filter(case=OuterRef("pk"), user_id=me)
    # first_visit is a reverse one-to-one: the join cannot duplicate rows; co-workers are an
    # EXISTS for the same reason.
    return (
        Q(curator_id=me)
        | Q(signal__first_visit__future_curator_id=me)
        | Q(signal__first_visit__psychologist_id=me)
        | Q(Exists(attached))
    )


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
        return cases.filter(_worked_on_by(staff))
    return Case.objects.none()


def cases_shared_for_supervision(user: AnyUser) -> QuerySet[Case]:
    """The cases shared with this supervisor for supervision, while the share is live.

    Not part of ``cases_visible_to``: lists, counts, folders and documents never include
    them; only the pages that mask surnames ask (``get_case(…, supervision=True)``)."""
    staff = active_staff(user)
    if staff is None:
        return Case.objects.none()
    if not staff.has_role(RoleCode.SUPERVISOR):
        return Case.objects.none()
    if not staff.has_perm("cases.case:read"):
        return Case.objects.none()
    shares = live_supervision_shares().filter(case=OuterRef("pk"), supervisor_id=staff.user.pk)
    return Case.objects.filter(organisation_id=staff.organisation_id).filter(Exists(shares))


def get_case(
    user: AnyUser,
    pk: int | str,
    *,
    action: str = "cases.case:read",
    supervision: bool = False,
) -> Case:
    """The case if the user may see it (else Http404) and her roles grant ``action`` (else 403).

    ``supervision=True`` also admits the cases shared with a supervisor — only for the
    read-only pages that hide surnames (the case page, the case and timeline API); they ask
    ``case_scope`` whether to mask."""
    cases = cases_visible_to(user)
    if supervision and action == "cases.case:read":
        cases = cases | cases_shared_for_supervision(user)
    try:
        case = cases.select_related("family", "curator", "team", "organisation", "signal").get(
            pk=pk
        )
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("case") from exc
    require(user, action)
    record_read(user, case)
    return case


def case_scope(user: AnyUser, case: Case) -> str | None:
    """Under which scope ``user`` sees ``case`` (the widest that applies), or None.

    ``"supervision"`` means: only through a supervision share — show it masked."""
    staff = active_staff(user)
    if staff is None:
        return None
    if case.organisation_id != staff.organisation_id:
        return None
    if not staff.has_perm("cases.case:read"):
        return None
    if has_org_scope(staff):
        return SCOPE_ORGANISATION
    if staff.team_id == case.team_id and staff.has_role(*CASE_TEAM_ROLES):
        return SCOPE_TEAM
    if cases_visible_to(user).filter(pk=case.pk).exists():
        return SCOPE_OWN
    if cases_shared_for_supervision(user).filter(pk=case.pk).exists():
        return SCOPE_SUPERVISION
    return None


def may_write_case(user: AnyUser, case: Case, permission: str = "cases.case:write") -> bool:
    """May ``user`` add to ``case`` (a record, a document, a meeting …) with ``permission``?
    Only while the case accepts records (open or post-support). The case itself was fetched
    through ``get_case``, so the scope is already checked."""
    return user.has_perm(permission) and case.accepts_records


def may_work_case(user: AnyUser, case: Case, permission: str = "cases.case:write") -> bool:
    """May ``user`` change the plan, reviews or monitoring of ``case`` with ``permission``?
    Only while the case is in active work (open)."""
    return user.has_perm(permission) and case.in_active_work
