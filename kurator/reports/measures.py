"""Per-case norm measures (docs/domain.md, Norms), counted in SQL and grouped by curator or team.

Every function takes a ``ReportScope`` (``kurator.access.report_scope``, or the caseworker's
own caseload with ``curator_id``) and returns one ``NormMeasures`` per curator or team in a
fixed number of queries, however many cases there are: the database groups and counts, no
case is loaded into Python. The dashboards show them beside the organisation's ``Norms``;
the indicator report's norms section reuses them.

What each measure means (``today`` is the day they are counted on, the local date by default):

- **caseload** — ``active``: open cases; ``high_complexity``: open cases of high complexity;
  ``post_support``: cases in post-support. Norms: ``caseload_min``–``caseload_max``
  (optimal ``caseload_optimal``), ``high_complexity_max``, ``post_support_max``.
- **overdue** — open cases whose folder deadline, or plan deadline with no plan agreed, has
  passed (``kurator.cases.queries.opening.overdue_q``: the case list's «только просроченные»).
- **intensity** — ``plan_actions``: plan actions marked done in the last ``intensity_days``
  (norm, 14) days on open cases, each action once across plan versions (its lineage);
  ``not_intensive``: open cases with an agreed plan whose last plan step — the agreement, an
  action done, a contact that moved the plan — is older than ``intensity_days`` (the same
  rule as the case page's «низкая интенсивность», ``kurator.plans.queries.plan_warnings``).
- **cumulative delay** — per open case, the calendar days by which each stage missed its
  recorded deadline, summed: first-visit team (``Signal.team_due`` → ``FirstVisit.assigned_at``),
  first visit (``visit_due`` → ``visited_at``), visit report (``report_due`` →
  ``report_submitted_at``), take-in decision (``decision_due`` → ``TakeInDecision.decided_at``),
  case folder (``Case.folder_due`` → the folder task closed by ``kurator.tasks``), plan
  (``Case.plan_due`` → ``Plan.agreed_on``). A stage still not done counts up to today (or to
  the closing day). ``delayed_cases``: open cases above ``cumulative_delay_max_days`` (10).
- **duration** — ``duration_days``: days since opening, summed over open cases (the mean is
  ``avg_duration_months``); ``long_cases``: open cases older than ``duration_max_months``
  (18), permanent support excepted; ``closed_12m``/``closed_duration_days``/``short_closed``:
  cases closed (or moved to post-support) in the last 12 months, their summed duration and
  those closed before ``duration_min_months`` (3), permanent support excepted.
- **cost** — counted spending (``Delivery.COUNTED``) delivered in the last 365 days (the
  window of ``kurator.network.services.aid.case_cost``) on the
  cases of the caseload (open and post-support): ``cost`` in total, ``costed_cases`` that
  had any, ``cost_over_norm`` cases above ``cost_per_case_max`` (500 000 ₽).
- **consents missing** — open cases where a parent, guardian or child of the family has no
  live consent to processing for case work (missing, expired or withdrawn).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from django.db.models import Case as DjangoCase
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from kurator.access.reports import ReportScope
from kurator.accounts.models import Norms
from kurator.cases.models import Case
from kurator.cases.queries.opening import overdue_q
from kurator.network.models import Delivery
from kurator.network.services.aid import WINDOW_DAYS
from kurator.people.models import FamilyMembership, FamilyRole
from kurator.plans.models import Contact, PlanAction
from kurator.privacy.models import Consent, PurposeKind
from kurator.tasks.models import TaskKind

__all__ = [
    "Group",
    "NormMeasures",
    "case_delay_days",
    "consents_missing_q",
    "measures",
    "not_intensive_q",
    "total",
    "with_folder_task",
]

Group = Literal["curator", "team"]
KEYS: dict[str, str] = {"curator": "curator_id", "team": "team_id"}
CONSENT_ROLES = (FamilyRole.PARENT, FamilyRole.GUARDIAN, FamilyRole.CHILD)
ZERO = timedelta(0)
DAYS_PER_MONTH = 365.25 / 12


@dataclass
class NormMeasures:
    """The norm measures of one curator or team (``key`` is its id; None for a total)."""

    key: int | None
    active: int = 0
    high_complexity: int = 0
    post_support: int = 0
    overdue: int = 0
    plan_actions: int = 0
    not_intensive: int = 0
    delay_days: int = 0
    delayed_cases: int = 0
    duration_days: int = 0
    long_cases: int = 0
    closed_12m: int = 0
    closed_duration_days: int = 0
    short_closed: int = 0
    cost: Decimal = Decimal(0)
    costed_cases: int = 0
    cost_over_norm: int = 0
    consents_missing: int = 0

    @property
    def caseload(self) -> int:
        """Open and post-support cases: whose cost is counted."""
        return self.active + self.post_support

    @property
    def intensity(self) -> float | None:
        """Plan actions done in the window per open case (None without open cases)."""
        return round(self.plan_actions / self.active, 1) if self.active else None

    @property
    def avg_delay_days(self) -> float | None:
        return round(self.delay_days / self.active, 1) if self.active else None

    @property
    def avg_duration_months(self) -> float | None:
        if not self.active:
            return None
        return round(self.duration_days / self.active / DAYS_PER_MONTH, 1)

    @property
    def avg_closed_duration_months(self) -> float | None:
        if not self.closed_12m:
            return None
        return round(self.closed_duration_days / self.closed_12m / DAYS_PER_MONTH, 1)

    @property
    def cost_per_case(self) -> Decimal | None:
        """Counted spending of the last 12 months per case of the caseload."""
        if not self.caseload:
            return None
        return (self.cost / self.caseload).quantize(Decimal("0.01"))

    def over(self, norms: Norms) -> dict[str, bool]:
        """Which figures break the norms (a cell the dashboards flag red)."""
        return {
            "active": self.active > norms.caseload_max,
            "high_complexity": self.high_complexity > norms.high_complexity_max,
            "post_support": self.post_support > norms.post_support_max,
            "overdue": self.overdue > 0,
            "not_intensive": self.not_intensive > 0,
            "delayed_cases": self.delayed_cases > 0,
            "long_cases": self.long_cases > 0,
            "short_closed": self.short_closed > 0,
            "cost_over_norm": self.cost_over_norm > 0,
            "consents_missing": self.consents_missing > 0,
        }

    def under(self, norms: Norms) -> dict[str, bool]:
        """Figures below the norm's lower bound (a curator with too few cases)."""
        return {"active": 0 < self.active < norms.caseload_min}

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(
            caseload=self.caseload,
            intensity=self.intensity,
            avg_delay_days=self.avg_delay_days,
            avg_duration_months=self.avg_duration_months,
            avg_closed_duration_months=self.avg_closed_duration_months,
            cost_per_case=self.cost_per_case,
        )
        return data


def total(rows: Iterable[NormMeasures]) -> NormMeasures:
    """The sum of several rows (the team's or organisation's line); averages follow."""
    result = NormMeasures(key=None)
    for row in rows:
        for f in fields(NormMeasures):
            if f.name != "key":
                setattr(result, f.name, getattr(result, f.name) + getattr(row, f.name))
    return result


# --- the per-case conditions, reusable as filters ------------------------------------------


def not_intensive_q(*, today: date, days: int) -> Q:
    """An open case with an agreed plan and no plan step in the last ``days`` days."""
    cutoff = today - timedelta(days=days)
    done = PlanAction.objects.filter(
        version__plan__case_id=OuterRef("pk"),
        status=PlanAction.Status.DONE,
        done_on__gte=cutoff,
    )
    moving = Contact.objects.filter(
        case_id=OuterRef("pk"), moved_plan=True, happened_on__gte=cutoff
    )
    return Q(~Exists(done), ~Exists(moving), status=Case.Status.OPEN, plan__agreed_on__lt=cutoff)


def consents_missing_q(*, today: date) -> Q:
    """An open case whose family has a parent, guardian or child without a live consent to
    processing for case work (none, expired or withdrawn)."""
    live = Consent.objects.filter(
        person_id=OuterRef("person_id"),
        purposes__kind=PurposeKind.CASE_WORK,
        withdrawn_on__isnull=True,
        given_on__lte=today,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    lacking = FamilyMembership.objects.filter(
        family_id=OuterRef("family_id"), role__in=CONSENT_ROLES
    ).filter(~Exists(live))
    return Q(Exists(lacking), status=Case.Status.OPEN)


def _late(due: Any, done: Any) -> Expression:
    """Calendar days (as an interval) by which ``done`` missed ``due``; zero when on time or
    when there is no deadline."""
    late = ExpressionWrapper(done - due, output_field=DurationField())
    return Coalesce(Greatest(late, Value(ZERO)), Value(ZERO), output_field=DurationField())


def with_folder_task(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` joined to their case-folder task (``folder_task``), which ``case_delay_days``
    reads: a LEFT JOIN, never two rows for a case (one folder task per case)."""
    return cases.alias(
        folder_task=FilteredRelation("tasks", condition=Q(tasks__kind=TaskKind.CASE_FOLDER))
    )


def case_delay_days(*, today: date) -> Expression:
    """The cumulative delay of a case's stage deadlines (an interval of whole days): see the
    module's docstring. A stage not yet done counts up to today, or to the closing day. The
    queryset must come through ``with_folder_task``."""
    end = Coalesce(TruncDate("closed_at"), Value(today, output_field=DateField()))

    def done(field: str) -> Expression:
        return Coalesce(TruncDate(field), end, output_field=DateField())

    # The folder task (one per case: its key is unique), joined by ``with_folder_task``; no
    # task — the tasks app never scheduled one, the folder was complete in time — is no delay.
    folder_done = DjangoCase(
        When(
            folder_task__isnull=False,
            then=Coalesce(
                TruncDate("folder_task__completed_at"), Value(today, output_field=DateField())
            ),
        ),
        default=None,
        output_field=DateField(),
    )
    parts = [
        _late(F("signal__team_due"), done("signal__first_visit__assigned_at")),
        _late(F("signal__visit_due"), done("signal__first_visit__visited_at")),
        _late(TruncDate("signal__report_due"), done("signal__first_visit__report_submitted_at")),
        _late(F("signal__decision_due"), done("signal__decision__decided_at")),
        _late(F("folder_due"), folder_done),
        _late(F("plan_due"), Coalesce("plan__agreed_on", end, output_field=DateField())),
    ]
    result: Expression = parts[0]
    for part in parts[1:]:
        result = ExpressionWrapper(result + part, output_field=DurationField())
    return result


# --- the measures -----------------------------------------------------------------------------


def _as_days(value: timedelta | None) -> int:
    return value.days if value else 0


def _start(day: date) -> datetime:
    """The first moment of ``day`` in the current time zone (a range bound an index can use)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _now(today: date) -> datetime:
    """The end of ``today`` in the current time zone (durations are counted to it)."""
    return timezone.make_aware(datetime.combine(today, datetime.max.time()))


def measures(
    *,
    scope: ReportScope,
    norms: Norms,
    by: Group = "curator",
    curator_id: int | None = None,
    today: date | None = None,
) -> dict[int, NormMeasures]:
    """The norm measures of the scope's cases, one row per curator or team (keyed by its id;
    a curator or team with no case in the scope has no row). ``curator_id`` narrows to one
    curator's cases (the caseworker's own dashboard). Four queries."""
    today = today or timezone.localdate()
    key = KEYS[by]
    cases = scope.filter(Case.objects.all())
    if curator_id is not None:
        cases = cases.filter(curator_id=curator_id)
    rows: dict[int, NormMeasures] = {}

    def row(pk: int) -> NormMeasures:
        return rows.setdefault(pk, NormMeasures(key=pk))

    for data in [
        *_case_counts(cases, key=key, norms=norms, today=today),
        *_closed_counts(cases, key=key, norms=norms, today=today),
    ]:
        target = row(data.pop(key))
        for name, value in data.items():
            setattr(target, name, value)
    for data in _costs(cases, key=key, norms=norms, today=today):
        target = row(data[key])
        target.cost = data["cost"] or Decimal(0)
        target.costed_cases = data["costed_cases"]
        target.cost_over_norm = data["cost_over_norm"]
    for pk, count in _plan_actions(cases, key=key, norms=norms, today=today):
        row(pk).plan_actions = count
    return rows


def _case_counts(
    cases: QuerySet[Case], *, key: str, norms: Norms, today: date
) -> list[dict[str, Any]]:
    """The caseload's counts: one pass over the open and post-support cases only (an index
    range), so the per-case subqueries never touch the closed history."""
    open_ = Q(status=Case.Status.OPEN)
    now = _now(today)
    not_permanent = ~Q(scenario=Case.Scenario.PERMANENT)
    long_since = today - relativedelta(months=norms.duration_max_months)
    age = ExpressionWrapper(Value(now) - F("opened_at"), output_field=DurationField())
    delay_max = timedelta(days=norms.cumulative_delay_max_days)
    result = list(
        with_folder_task(cases.filter(status__in=[Case.Status.OPEN, Case.Status.POST_SUPPORT]))
        .alias(delay=case_delay_days(today=today), age=age)
        .order_by()
        .values(key)
        .annotate(
            active=Count("pk", filter=open_),
            high_complexity=Count("pk", filter=open_ & Q(complexity_level=Case.Complexity.HIGH)),
            post_support=Count("pk", filter=Q(status=Case.Status.POST_SUPPORT)),
            overdue=Count("pk", filter=overdue_q(today)),
            not_intensive=Count(
                "pk", filter=not_intensive_q(today=today, days=norms.intensity_days)
            ),
            delay_sum=Sum("delay", filter=open_),
            delayed_cases=Count("pk", filter=open_ & Q(delay__gt=delay_max)),
            duration=Sum("age", filter=open_),
            long_cases=Count(
                "pk", filter=open_ & not_permanent & Q(opened_at__lt=_start(long_since))
            ),
            consents_missing=Count("pk", filter=consents_missing_q(today=today)),
        )
    )
    for data in result:
        data["delay_days"] = _as_days(data.pop("delay_sum"))
        data["duration_days"] = _as_days(data.pop("duration"))
    return result


def _closed_counts(
    cases: QuerySet[Case], *, key: str, norms: Norms, today: date
) -> list[dict[str, Any]]:
    """Cases closed (or moved to post-support) in the last 12 months and how long they ran."""
    year_ago = today - relativedelta(years=1)
    lived = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    short = timedelta(days=round(norms.duration_min_months * DAYS_PER_MONTH))
    not_permanent = ~Q(scenario=Case.Scenario.PERMANENT)
    result = list(
        cases.filter(closed_at__gte=_start(year_ago + timedelta(days=1)))
        .alias(lived=lived)
        .order_by()
        .values(key)
        .annotate(
            closed_12m=Count("pk"),
            closed_duration=Sum("lived"),
            short_closed=Count("pk", filter=not_permanent & Q(lived__lt=short)),
        )
    )
    for data in result:
        data["closed_duration_days"] = _as_days(data.pop("closed_duration"))
    return result


def _costs(cases: QuerySet[Case], *, key: str, norms: Norms, today: date) -> list[dict[str, Any]]:
    since = today - timedelta(days=WINDOW_DAYS - 1)  # the window of network.services.aid.case_cost
    spent = (
        Delivery.objects.filter(
            case_id=OuterRef("pk"),
            approval__in=Delivery.COUNTED,
            delivered_on__gte=since,
            delivered_on__lte=today,
        )
        .order_by()
        .values("case_id")
        .annotate(s=Sum("total"))
        .values("s")
    )
    money = DecimalField(max_digits=16, decimal_places=2)
    return list(
        cases.filter(status__in=[Case.Status.OPEN, Case.Status.POST_SUPPORT])
        .alias(
            spent=Coalesce(
                Subquery(spent, output_field=money), Value(Decimal(0)), output_field=money
            )
        )
        .order_by()
        .values(key)
        .annotate(
            cost=Sum("spent"),
            costed_cases=Count("pk", filter=Q(spent__gt=0)),
            cost_over_norm=Count("pk", filter=Q(spent__gt=norms.cost_per_case_max)),
        )
    )


def _plan_actions(
    cases: QuerySet[Case], *, key: str, norms: Norms, today: date
) -> list[tuple[int, int]]:
    cutoff = today - timedelta(days=norms.intensity_days)
    case_ids = cases.filter(status=Case.Status.OPEN).values("pk")
    return list(
        PlanAction.objects.filter(
            version__plan__case_id__in=case_ids,
            status=PlanAction.Status.DONE,
            done_on__gte=cutoff,
            done_on__lte=today,
        )
        .order_by()
        .values_list(f"version__plan__case__{key}")
        .annotate(n=Count("lineage", distinct=True))
        .values_list(f"version__plan__case__{key}", "n")
    )
