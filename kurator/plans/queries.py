"""Read queries of the plans app. Every one starts from a case that came through ``access``
(or a list of them); none changes anything.

Warnings (docs/domain.md, Norms; the case-work technology: «не менее 1 действия по Плану в две
недели»):

- **Low intensity** — an open case with an agreed plan where more than ``Norms.intensity_days``
  (default 14) calendar days passed since the last *plan action*: an action marked done, or a
  contact that moved an action of the plan. The count starts at the plan's first agreement
  with the family. A step on day D keeps the case quiet through day D + 14; on day D + 15 it
  warns. Cases without an agreed plan are watched by the 45-day deadline instead.
- **No home visit** — an open case whose family is on the register of families in a socially
  dangerous situation (``kurator.meetings``; docs/domain.md, Deadlines: a home visit at least once a
  month) and more than a calendar month passed since the last home visit (or, before the first one,
  since the family was registered): a visit on 15.01 keeps it quiet through 15.02, on 16.02 it warns
  (31.01 → 29.02 or 28.02: the month's last day).

``plan_warnings(cases)`` computes both for a page of cases in three queries, whatever its size.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.cases.models import Case
from kurator.cases.norms import norms_for
from kurator.meetings.models import RegisterEntry
from kurator.network.models import Referral
from kurator.plans.models import Contact, Goal, Plan, PlanAction, PlanVersion

__all__ = [
    "CaseWarnings",
    "PlanDeadline",
    "add_month",
    "contacts_of_case",
    "current_actions",
    "goals_with_actions",
    "late_days",
    "plan_deadline",
    "plan_of_case",
    "plan_warnings",
    "versions_of_plan",
]


def plan_of_case(case: Case) -> Plan | None:
    return (
        Plan.objects.filter(case_id=case.pk).select_related("current_version", "created_by").first()
    )


@dataclass(frozen=True)
class PlanDeadline:
    """The 45-day deadline (``Case.plan_due``) on the plan page and the case page's card:
    agreed on time or ``late_days`` late, or not agreed yet and ``overdue`` (an open case past
    the date)."""

    due: date | None
    agreed_on: date | None
    late_days: int
    overdue: bool


def late_days(agreed_on: date, due: date | None) -> int:
    """How many days after ``due`` the plan was first agreed (0 on time or without a due)."""
    return max((agreed_on - due).days, 0) if due is not None else 0


def plan_deadline(case: Case, plan: Plan | None, today: date | None = None) -> PlanDeadline:
    due = case.plan_due
    if plan is not None and plan.agreed_on is not None:
        return PlanDeadline(due, plan.agreed_on, late_days(plan.agreed_on, due), overdue=False)
    today = today or timezone.localdate()
    overdue = case.in_active_work and due is not None and due < today
    return PlanDeadline(due, None, 0, overdue=overdue)


def versions_of_plan(plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("created_by", "approved_by", "agreed_recorded_by").order_by(
        "number"
    )


def goals_with_actions(version: PlanVersion, *, with_referrals: bool = False) -> list[Goal]:
    """The version's goals in order, each with its actions prefetched (two queries); with
    ``with_referrals`` each action also carries its referrals to agents with the agent (one
    more query, whatever their number)."""
    actions = PlanAction.objects.select_related(
        "responsible_user", "responsible_person", "responsible_agent"
    ).order_by("position", "pk")
    if with_referrals:
        referrals = Referral.objects.select_related("agent").order_by("created_at", "pk")
        actions = actions.prefetch_related(Prefetch("referrals", queryset=referrals))
    return list(
        version.goals.order_by("position", "pk").prefetch_related(
            Prefetch("actions", queryset=actions)
        )
    )


def current_actions(case: Case) -> QuerySet[PlanAction]:
    """Actions of the case plan's current version (for the contact form and the API)."""
    return (
        PlanAction.objects.filter(version__plan__case_id=case.pk)
        .filter(version__plan__current_version=F("version_id"))
        .select_related("goal", "responsible_user", "responsible_person", "responsible_agent")
        .order_by("goal__position", "goal_id", "position", "pk")
    )


def contacts_of_case(case: Case) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(case_id=case.pk)
        .select_related("recorded_by")
        .prefetch_related("staff", "persons", "actions")
        .order_by("-happened_on", "-pk")
    )


# --- warnings ------------------------------------------------------------------------------


def add_month(day: date) -> date:
    """The same day a calendar month later (the month's last day when it has no such day)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class CaseWarnings:
    plan_agreed_on: date | None = None
    last_plan_step: date | None = None
    intensity_days: int = 14
    low_intensity: bool = False
    on_register: bool = False
    last_home_visit: date | None = None
    no_home_visit: bool = False
    messages: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.messages)


def plan_warnings(cases: Iterable[Case], today: date | None = None) -> dict[int, CaseWarnings]:
    """Warnings for each of ``cases`` (already from an access scope), keyed by case id.

    Three queries for any number of cases (plans with their last done action and last moving
    contact; home visits; register entries) plus one for each organisation's norms."""
    today = today or timezone.localdate()
    open_cases: Sequence[Case] = [c for c in cases if c.in_active_work]
    result: dict[int, CaseWarnings] = {c.pk: CaseWarnings() for c in open_cases}
    if not open_cases:
        return result
    ids = [c.pk for c in open_cases]
    norms = {org: norms_for(org).intensity_days for org in {c.organisation_id for c in open_cases}}
    plans = Plan.objects.filter(case_id__in=ids, agreed_on__isnull=False).annotate(
        last_done=Max(
            "versions__actions__done_on",
            filter=Q(versions__actions__status=PlanAction.Status.DONE),
        )
    )
    moving = dict(
        Contact.objects.filter(case_id__in=ids, moved_plan=True)
        .values("case_id")
        .annotate(last=Max("happened_on"))
        .values_list("case_id", "last")
    )
    visits = dict(
        Contact.objects.filter(case_id__in=ids, kind=Contact.Kind.HOME_VISIT)
        .values("case_id")
        .annotate(last=Max("happened_on"))
        .values_list("case_id", "last")
    )
    family_of = {c.pk: c.family_id for c in open_cases}
    registered = dict(
        RegisterEntry.objects.filter(
            family_id__in=set(family_of.values()), removed_on__isnull=True
        ).values_list("family_id", "registered_on")
    )
    for plan in plans:
        warnings = result[plan.case_id]
        warnings.plan_agreed_on = plan.agreed_on
        steps = [d for d in (plan.agreed_on, plan.last_done, moving.get(plan.case_id)) if d]
        warnings.last_plan_step = max(steps)
        days = norms[next(c.organisation_id for c in open_cases if c.pk == plan.case_id)]
        warnings.intensity_days = days
        if warnings.last_plan_step + timedelta(days=days) < today:
            warnings.low_intensity = True
            warnings.messages.append(
                _(
                    "Низкая интенсивность: последнее действие по плану %(date)s — больше "
                    "%(days)s дней назад (норматив — не реже раза в %(days)s дней)."
                )
                % {"date": warnings.last_plan_step.strftime("%d.%m.%Y"), "days": days}
            )
    for case in open_cases:
        since = registered.get(case.family_id)
        if since is None:
            continue
        warnings = result[case.pk]
        warnings.on_register = True
        warnings.last_home_visit = visits.get(case.pk)
        anchor = max(d for d in (since, warnings.last_home_visit) if d)
        if add_month(anchor) < today:
            warnings.no_home_visit = True
            if warnings.last_home_visit:
                text = _(
                    "Семья на учёте СОП: больше месяца без посещения на дому "
                    "(последнее — %(date)s)."
                ) % {"date": warnings.last_home_visit.strftime("%d.%m.%Y")}
            else:
                text = _("Семья на учёте СОП с %(date)s: больше месяца без посещения на дому.") % {
                    "date": since.strftime("%d.%m.%Y")
                }
            warnings.messages.append(text)
    return result
