"""Reads of the case lifecycle pages; none changes anything."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case

# Who sits on a consilium: the case's team and the organisation's programme roles.
CONSILIUM_ROLES = (
    RoleCode.CURATOR,
    RoleCode.SENIOR_CURATOR,
    RoleCode.PSYCHOLOGIST,
    RoleCode.SPECIALIST,
    RoleCode.TEAM_HEAD,
    RoleCode.PROGRAMME_DIRECTOR,
    RoleCode.SUPERVISOR,
)


def consilium_candidates(case: Case) -> QuerySet[User]:
    """Active colleagues of the case's team, and organisation-wide staff without a team."""
    return (
        User.objects.filter(organisation_id=case.organisation_id, is_active=True)
        .filter(Q(team_id=case.team_id) | Q(team__isnull=True))
        .filter(roles__code__in=CONSILIUM_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
