"""Reads that the intake pages and the API share: who can go on a first visit and with what
load, who can sit on the consilium, which agents to suggest for an informed refusal, and
«is this family already known?» before a signal is saved.

Inputs are records already fetched through ``kurator.access``; these only add figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kurator import access
from kurator.access.base import AnyUser
from kurator.accounts.models import Role, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.intake.models import FirstVisit, PublicReport, Signal, TakeInDecision
from kurator.intake.services import PSYCHOLOGIST_ROLES, VISIT_CURATOR_ROLES
from kurator.network.matching import AgentMatch, rank_agents
from kurator.network.models import ResourceAgent
from kurator.people.duplicates import find_duplicates
from kurator.people.models import Family
from kurator.people.names import normalize_name

# Team staff who may sit on the take-in consilium.
CONSILIUM_ROLES = (
    RoleCode.CURATOR,
    RoleCode.PSYCHOLOGIST,
    RoleCode.SPECIALIST,
    RoleCode.SENIOR_CURATOR,
    RoleCode.TEAM_HEAD,
)


def _with_roles(users: QuerySet[User], roles: tuple[str, ...]) -> QuerySet[User]:
    role_rows = Role.objects.filter(users=OuterRef("pk"), code__in=roles)
    return users.filter(Exists(role_rows))


def _count(queryset: QuerySet[Case] | QuerySet[FirstVisit]) -> Coalesce:
    """``(SELECT COUNT(id) FROM … WHERE …)`` as a correlated subquery: one query for the
    whole list, and no join that would multiply rows of other counts."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class VisitCandidate:
    user: User
    is_curator: bool
    is_psychologist: bool
    active_cases: int
    high_complexity_cases: int
    open_visits: int


def visit_candidates(*, signal: Signal) -> list[VisitCandidate]:
    """The team's curators and psychologists with their load: open cases, of them high
    complexity, and first visits assigned but not made yet — one query (plus roles)."""
    staff = User.objects.filter(
        organisation_id=signal.organisation_id, team_id=signal.team_id, is_active=True
    )
    staff = _with_roles(staff, (*VISIT_CURATOR_ROLES, *PSYCHOLOGIST_ROLES))
    open_cases = Case.objects.filter(curator=OuterRef("pk"), status=Case.Status.OPEN)
    pending_visits = FirstVisit.objects.filter(
        Q(future_curator=OuterRef("pk")) | Q(psychologist=OuterRef("pk")),
        signal__status=Signal.Status.TEAM_ASSIGNED,
    ).exclude(signal_id=signal.pk)
    staff = (
        staff.annotate(
            active_cases=_count(open_cases),
            high_complexity_cases=_count(open_cases.filter(complexity_level=Case.Complexity.HIGH)),
            open_visits=_count(pending_visits),
        )
        .prefetch_related("roles")
        .order_by("last_name", "first_name")
    )
    return [
        VisitCandidate(
            user=user,
            is_curator=user.has_role(*VISIT_CURATOR_ROLES),
            is_psychologist=user.has_role(*PSYCHOLOGIST_ROLES),
            active_cases=user.active_cases,
            high_complexity_cases=user.high_complexity_cases,
            open_visits=user.open_visits,
        )
        for user in staff
    ]


def family_distance(signal: Signal) -> Decimal | None:
    return signal.family.distance_km if signal.family is not None else None


def consilium_candidates(*, signal: Signal) -> QuerySet[User]:
    """Team staff who may take part in the take-in decision."""
    staff = User.objects.filter(
        organisation_id=signal.organisation_id, team_id=signal.team_id, is_active=True
    )
    return _with_roles(staff, CONSILIUM_ROLES).order_by("last_name", "first_name")


def suggested_alternatives(
    *, signal: Signal, agents: QuerySet[ResourceAgent], limit: int = 6
) -> list[AgentMatch]:
    """Agents of the directory that fit the family's address and the reported need."""
    address = " ".join(
        part for part in (signal.family.address if signal.family else "", signal.address) if part
    )
    # A family of unknown address: anything on the team's territory is near enough.
    address = address or signal.team.territory
    # The agents' catalogue services count in the match (kurator.network.matching).
    candidates = agents.filter(is_active=True).prefetch_related("catalogue")
    return rank_agents(candidates, address=address, need=signal.description)[:limit]


def visit_of(signal: Signal) -> FirstVisit | None:
    """The signal's first visit with its two specialists, if the team is named."""
    try:
        return FirstVisit.objects.select_related("future_curator", "psychologist").get(
            signal=signal
        )
    except FirstVisit.DoesNotExist:
        return None


def decision_of(signal: Signal) -> TakeInDecision | None:
    """The take-in decision with its participants and alternatives, if taken."""
    try:
        return (
            TakeInDecision.objects.select_related("decided_by")
            .prefetch_related("participants", "alternatives")
            .get(signal=signal)
        )
    except TakeInDecision.DoesNotExist:
        return None


def public_report_of(signal: Signal) -> PublicReport | None:
    """What the public page kept with the signal (settlement, consent), if it came from there:
    only a signal nobody signed for did."""
    if signal.created_by_id is not None:
        return None
    return PublicReport.objects.filter(signal=signal).first()


def teams_of_signals(signals: QuerySet[Signal]) -> QuerySet[Team]:
    """For the journal's team filter: the teams of these signals (those the user sees)."""
    return Team.objects.filter(pk__in=signals.values("team_id")).order_by("name", "pk")


# --- «Is this family already known?» — what the operator sees before saving a signal -----------
# Persons come from the people app's duplicate check (``kurator.people.duplicates``: tolerant
# to case, ё/е, one typo, swapped names, a missing patronymic, the birth date) in the form it
# allows to show (``as_dict``: a match outside the operator's scope carries only the name,
# birth year, case status and curator). Families whose name looks like the surname are added,
# so a household recorded as «Ивановы» is found from «Иванова».

_FAMILY_STEM_MIN = 4  # «Ивановы» ~ «Иванова»: compare all but the last letters
_FAMILY_LIMIT = 5


@dataclass
class Matches:
    persons: list[dict[str, Any]] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    searched: bool = False

    @property
    def family_ids(self) -> set[int]:
        ids = {f.pk for f in self.families}
        for match in self.persons:
            ids |= {f["id"] for f in match["person"]["families"]}
        return ids


def _persons(
    user: AnyUser, last_name: str, first_name: str, middle_name: str, birth_date: date | None
) -> list[dict[str, Any]]:
    matches = find_duplicates(
        user=user,  # type: ignore[arg-type]
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        birth_date=birth_date,
    )
    return [m.as_dict() for m in matches]


def _families(user: AnyUser, last_name: str) -> list[Family]:
    last = normalize_name(last_name)
    if len(last) < _FAMILY_STEM_MIN:
        return []
    stem = last[: max(_FAMILY_STEM_MIN, len(last) - 2)]
    return list(
        access.families_visible_to(user)
        .filter(search_name__startswith=stem)
        .order_by("name", "pk")[:_FAMILY_LIMIT]
    )


def possible_matches(
    *,
    user: AnyUser,
    last_name: str,
    first_name: str = "",
    middle_name: str = "",
    birth_date: date | None = None,
) -> Matches:
    last_name, first_name = last_name.strip(), first_name.strip()
    if not last_name:
        return Matches()
    persons = _persons(user, last_name, first_name, middle_name, birth_date) if first_name else []
    known = {f["id"] for m in persons for f in m["person"]["families"]}
    families = [f for f in _families(user, last_name) if f.pk not in known]
    return Matches(persons=persons, families=families, searched=True)
