"""Reads of a case's reviews: its periods of support, the next review to record, the reviews,
the open review tasks and the plan's current actions, goals and responsible people.

Every function takes a case the caller already resolved through ``access`` (so it is in the
user's scope) and reads only that case's records.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services.lifecycle import add_months
from kurator.monitoring.models import Review
from kurator.network.models import ResourceAgent
from kurator.people.models import Person
from kurator.plans.models import Goal, Plan, PlanAction
from kurator.tasks.models import Task, TaskKind

REVIEW_TASK_KINDS = (TaskKind.QUARTERLY_REVIEW, TaskKind.ANNUAL_REVIEW, TaskKind.MONTHLY_FORM)


def opened_on(case: Case) -> date:
    return timezone.localdate(case.opened_at)


def quarter_period(case: Case, number: int) -> tuple[date, date]:
    """The n-th quarter of support: from 3·(n−1) months after opening to the day before 3·n."""
    start = add_months(opened_on(case), 3 * (number - 1))
    return start, add_months(opened_on(case), 3 * number) - timedelta(days=1)


def year_period(case: Case, number: int) -> tuple[date, date]:
    start = add_months(opened_on(case), 12 * (number - 1))
    return start, add_months(opened_on(case), 12 * number) - timedelta(days=1)


def current_quarter(case: Case, today: date | None = None) -> int:
    today = today or timezone.localdate()
    n = 1
    while add_months(opened_on(case), 3 * n) <= today:
        n += 1
    return n


def next_quarterly_number(case: Case, today: date | None = None) -> int:
    """The earliest started quarter (not a 4th, 8th …) without a review; else the current."""
    done = set(
        Review.objects.filter(case=case, kind=Review.Kind.QUARTERLY).values_list(
            "number", flat=True
        )
    )
    current = current_quarter(case, today)
    for n in range(1, current + 1):
        if n % 4 and n not in done:
            return n
    return current if current % 4 else current + 1


def next_annual_number(case: Case, today: date | None = None) -> int:
    done = set(
        Review.objects.filter(case=case, kind=Review.Kind.ANNUAL).values_list("number", flat=True)
    )
    y = 1
    while y in done:
        y += 1
    return y


def case_reviews(case: Case) -> QuerySet[Review]:
    return (
        Review.objects.filter(case=case)
        .select_related("recorded_by", "applied_version", "plan_version")
        .order_by("-period_start", "-pk")
    )


def case_review_tasks(case: Case) -> QuerySet[Task]:
    """The case's open review tasks (scheduled from the opening date), soonest first."""
    return Task.objects.filter(
        case=case, status=Task.Status.OPEN, kind__in=REVIEW_TASK_KINDS
    ).order_by("due_on", "pk")


def review_detail(review: Review) -> Review:
    return (
        Review.objects.select_related(
            "case__family", "recorded_by", "applied_by", "plan_version", "applied_version"
        )
        .prefetch_related(
            "items__action__goal",
            "items__action__responsible_user",
            "items__action__responsible_person",
            "items__action__responsible_agent",
            "new_actions__goal",
            "new_actions__responsible_user",
            "new_actions__responsible_person",
            "new_actions__responsible_agent",
        )
        .get(pk=review.pk)
    )


def current_actions(case: Case) -> list[PlanAction]:
    """The actions of the plan's current version (empty without a plan)."""

    version_id = Plan.objects.filter(case=case).values_list("current_version", flat=True).first()
    if version_id is None:
        return []
    return list(
        PlanAction.objects.filter(version_id=version_id)
        .select_related("goal", "responsible_user", "responsible_person", "responsible_agent")
        .order_by("goal__position", "goal_id", "position", "pk")
    )


def current_goals(case: Case) -> list[Goal]:
    version_id = Plan.objects.filter(case=case).values_list("current_version", flat=True).first()
    if version_id is None:
        return []
    return list(Goal.objects.filter(version_id=version_id).order_by("position", "pk"))


def current_version_number(case: Case) -> int | None:
    return Plan.objects.filter(case=case).values_list("current_version__number", flat=True).first()


def staff_of_case_org(case: Case, pk: int) -> User | None:
    return access.plan_staff_choices(case).filter(pk=pk).first()


def person_of_case(case: Case, pk: int) -> Person | None:
    return access.family_members_of_case(case).filter(pk=pk).first()


def agent_of_case_org(case: Case, pk: int) -> ResourceAgent | None:
    return ResourceAgent.objects.filter(organisation_id=case.organisation_id, pk=pk).first()
