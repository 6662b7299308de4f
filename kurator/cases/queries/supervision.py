"""Reads of the supervision and co-worker pages. Each starts from a case fetched through
``access.get_case`` or from an ``access`` scope; none changes anything."""

from __future__ import annotations

from django.db.models import QuerySet

from kurator import access
from kurator.access.base import AnyUser
from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case, CaseMember, CaseSupervisionShare
from kurator.cases.services.supervision import CO_WORKER_ROLES


def shares_of(case: Case) -> QuerySet[CaseSupervisionShare]:
    """Every share of the case, live and past, newest first."""
    return case.supervision_shares.select_related("supervisor", "shared_by", "revoked_by")


def live_share_of(case: Case, pk: int | str) -> CaseSupervisionShare | None:
    """A share of this case that is not revoked yet (a run-out one may still be closed)."""
    try:
        return shares_of(case).filter(revoked_at__isnull=True).filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def live_shares_of(case: Case) -> QuerySet[CaseSupervisionShare]:
    return access.live_supervision_shares().filter(case=case).select_related("supervisor")


def supervisor_candidates(case: Case) -> QuerySet[User]:
    """Active supervisors of the case's organisation."""
    return (
        User.objects.filter(
            organisation_id=case.organisation_id, is_active=True, roles__code=RoleCode.SUPERVISOR
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def shared_with(user: AnyUser) -> QuerySet[CaseSupervisionShare]:
    """The live shares of the cases this supervisor may open, newest first."""
    staff = access.active_staff(user)
    if staff is None:
        return CaseSupervisionShare.objects.none()
    return (
        access.live_supervision_shares()
        .filter(supervisor_id=staff.user.pk)
        .filter(case__in=access.cases_shared_for_supervision(user))
        .select_related("case__family", "case__curator", "case__team", "shared_by")
        .order_by("-shared_at", "-pk")
    )


def members_of(case: Case) -> QuerySet[CaseMember]:
    """Every co-worker the case has had, attached ones first."""
    return case.members.select_related("user", "added_by", "removed_by").order_by(
        "-removed_at", "added_at", "pk"
    )


def live_member_of(case: Case, pk: int | str) -> CaseMember | None:
    try:
        return access.live_case_members().filter(case=case, pk=pk).select_related("user").first()
    except (ValueError, TypeError):
        return None


def co_worker_candidates(case: Case) -> QuerySet[User]:
    """Active curators, psychologists and specialists of the case's team who are not on it
    yet (its curator and attached co-workers excluded)."""
    attached = access.live_case_members().filter(case=case).values("user_id")
    return (
        User.objects.filter(
            organisation_id=case.organisation_id,
            team_id=case.team_id,
            is_active=True,
            roles__code__in=CO_WORKER_ROLES,
        )
        .exclude(pk=case.curator_id)
        .exclude(pk__in=attached)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
