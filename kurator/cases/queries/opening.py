"""Reads of the case list, the case page and opening. Every one starts from an ``access``
scope or a case that was fetched through ``access.get_case``; none changes anything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kurator import access
from kurator.access.base import AnyUser
from kurator.accounts.models import Team, User
from kurator.cases.models import Case, CaseLink, ComplexityAssessment, TimelineEvent
from kurator.cases.services.opening import ACTIVE_STATUSES, CURATOR_ROLES
from kurator.intake.models import Signal

# How many rows of the history a case page shows (the newest).
TIMELINE_LIMIT = 300


def overdue_q(today: date | None = None) -> Q:
    """An open case whose folder deadline, or plan deadline with no plan agreed, has passed."""
    today = today or timezone.localdate()
    plan_late = Q(plan_due__lt=today) & Q(plan__agreed_on__isnull=True)
    return Q(status=Case.Status.OPEN) & (Q(folder_due__lt=today) | plan_late)


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    curator_id: int | None = None
    complexity: str = ""
    overdue: bool = False
    team_id: int | None = None


def filter_cases(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.curator_id is not None:
        cases = cases.filter(curator_id=filters.curator_id)
    if filters.team_id is not None:
        cases = cases.filter(team_id=filters.team_id)
    if filters.complexity == "none":
        cases = cases.filter(complexity_level="")
    elif filters.complexity:
        cases = cases.filter(complexity_level=filters.complexity)
    if filters.overdue:
        cases = cases.filter(overdue_q())
    return cases


def case_list(user: AnyUser, filters: CaseFilters) -> QuerySet[Case]:
    """The cases the user may see, filtered, with what a list row shows."""
    cases = access.cases_visible_to(user).select_related("family", "curator", "team")
    return filter_cases(cases, filters).order_by("-opened_at", "-pk")


def case_counts(user: AnyUser) -> dict[str, int]:
    """Counts over everything the user may see (not the filtered list), in one query;
    ``teams``: how many teams those cases belong to (the team filter is worth showing
    from two)."""
    return access.cases_visible_to(user).aggregate(
        total=Count("pk"),
        teams=Count("team_id", distinct=True),
        open=Count("pk", filter=Q(status=Case.Status.OPEN)),
        post_support=Count("pk", filter=Q(status=Case.Status.POST_SUPPORT)),
        closed=Count("pk", filter=Q(status=Case.Status.CLOSED)),
        high=Count("pk", filter=Q(status=Case.Status.OPEN, complexity_level=Case.Complexity.HIGH)),
        overdue=Count("pk", filter=overdue_q()),
    )


def curators_of_visible_cases(user: AnyUser) -> QuerySet[User]:
    """For the list's curator filter: people who curate at least one case the user sees."""
    curator_ids = access.cases_visible_to(user).values("curator_id")
    return User.objects.filter(pk__in=curator_ids).order_by("last_name", "first_name")


def teams_of_visible_cases(user: AnyUser) -> QuerySet[Team]:
    """For the list's team filter: the teams of at least one case the user sees."""
    team_ids = access.cases_visible_to(user).values("team_id")
    return Team.objects.filter(pk__in=team_ids).order_by("name", "pk")


def colleague(user: AnyUser, pk: int) -> User | None:
    """A user of the same organisation by id (whether she may curate is the service's rule)."""
    organisation_id = access.organisation_id_of(user)
    return User.objects.filter(pk=pk, organisation_id=organisation_id).first()


def curator_candidates(team: Team) -> QuerySet[User]:
    """Active curators of the team, with their active and high-complexity caseload."""
    active = Q(curated_cases__status__in=ACTIVE_STATUSES)
    return (
        User.objects.filter(team=team, is_active=True, roles__code__in=CURATOR_ROLES)
        .distinct()
        .annotate(
            active_cases=Count("curated_cases", filter=active, distinct=True),
            high_cases=Count(
                "curated_cases",
                filter=active & Q(curated_cases__complexity_level=Case.Complexity.HIGH),
                distinct=True,
            ),
        )
        .order_by("last_name", "first_name", "pk")
    )


def case_of_signal(signal: Signal) -> Case | None:
    """The case already opened from this signal, if any (at most one: Case.signal is unique)."""
    return Case.objects.filter(signal_id=signal.pk).first()


def case_timeline(case: Case) -> QuerySet[TimelineEvent]:
    """The beneficiary history shown on a case: the case's own events, the family's (earlier
    cases, one-off help …) and the signal's from before a family was linked; newest first."""
    where = Q(case_id=case.pk) | Q(family_id=case.family_id)
    if case.signal_id is not None:
        where |= Q(signal_id=case.signal_id)
    return (
        TimelineEvent.objects.filter(organisation_id=case.organisation_id)
        .filter(where)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def complexity_history(case: Case) -> QuerySet[ComplexityAssessment]:
    return case.complexity_assessments.select_related("scored_by").order_by("-scored_at", "-pk")


@dataclass(frozen=True)
class LinkedCase:
    case: Case
    note: str
    visible: bool  # False: shown by number only, the user may not open it


def successor_id(case: Case) -> int | None:
    """The case this one was reopened as, if it was."""
    found: int | None = (
        Case.objects.filter(previous_case_id=case.pk)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return found


def openable_case_ids(user: AnyUser, ids: Iterable[int | None]) -> set[int]:
    """Which of the cases ``ids`` the user may open — a page links only to those and names the
    others by number. One query; none when there is nothing to ask about."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    return set(access.cases_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))


def linked_cases(user: AnyUser, case: Case) -> list[LinkedCase]:
    """Cases linked to this one in either direction. One the user may not see is listed by
    number only (its family's name is not shown)."""
    links = CaseLink.objects.filter(Q(case=case) | Q(related_case=case)).select_related(
        "case__family", "related_case__family"
    )
    others = [
        (link.related_case if link.case_id == case.pk else link.case, link.note) for link in links
    ]
    visible_ids = set(
        access.cases_visible_to(user)
        .filter(pk__in=[other.pk for other, _ in others])
        .values_list("pk", flat=True)
    )
    return [LinkedCase(other, note, other.pk in visible_ids) for other, note in others]
