"""The indicator report (docs/domain.md, Indicators).

``compute_indicators(scope=..., period=...)`` computes every indicator for the period and for
the same period a year before, as ``Section``s of ``Figure``s (``figures.py``). Every query
goes through ``scope.filter`` — a team head's report counts her team only — and is an
aggregate in SQL: the number of queries is the same for ten families and for a hundred
thousand, and no row list is ever pulled into Python.

Both periods are counted by the same queries (29 in all): each section reads the rows of
either period once, and each figure is an aggregate filtered to its period
(``_per_period``/``_split``). Distinct families and persons helped are counted by grouping
rather than by ``COUNT(DISTINCT …)`` per figure (``_distinct``). The figures and the
benchmark that measures them: docs/benchmarks.md.

Rules the figures follow (the glossary names them too):

* A case is **active** in a period when it was opened on or before its last day and not
  closed (``closed_at``; closing to post-support counts as closing) before its first day.
* **Days to visit / to decision** are calendar days from the day the signal was received to
  the day of the first visit / of the take-in decision; **on time** means that day is not
  after the stored deadline (``visit_due``, ``decision_due``).
* **Families helped** are distinct families with a delivery in the period whose spending
  counts (``Delivery.COUNTED``); persons are the distinct people the deliveries name.
* **Long-term support**: a family whose case, active in the period, had lasted at least
  6 whole calendar months by the period's last day (today, while the period runs) or by its
  closing, whichever is earlier.
  It **significantly improved** when the case's latest periodic or exit assessment of the
  family (a family instrument) made up to the period's end is better than its first entry
  assessment by at least 20 % of the highest possible score (higher scores are better in
  every instrument; both are taken as a percentage of their instrument's highest score, so
  40 of 64 → 56 of 64 is +25 points: improved; 40 → 44 is +6: not significantly).
* **Cumulative delay** of a case: the calendar days by which its first visit, take-in
  decision and other stages came after their stored deadlines (a
  stage not done yet counts up to the period's end — today while it runs — or the case's
  closing), summed. The stages are the dashboards' (``measures.py``): first-visit team,
  first visit, visit report, take-in decision, case folder, plan agreed with the family.
* **Intensity**: plan actions done in the period per open case per 14 days — done actions
  of each plan's current version (a revision copies an action with its status and day, so
  it counts once) × 14 ÷ the days the scope's cases were open within the period.
* **Well-being** scores are shown as a percentage of the instrument's highest possible score,
  so that instruments of different length can be averaged.
* **Register** figures follow the state model: distinct families on the register at any day of the
  period; of them, those put on it within the period (registered on one of its days: the
  commission asks how many were newly entered); removals in the period by reason; children
  leaving shelters in the period who returned to their birth family, of all who left.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models import Case as DjangoCase
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.access.reports import ReportScope
from kurator.accounts.models import Norms, User
from kurator.accounts.roles import RoleCode
from kurator.assessments.models import Assessment, Instrument
from kurator.cases.models import Case, CaseClosure, OneOffHelp
from kurator.cases.norms import norms_for
from kurator.core.concurrency import run_concurrently
from kurator.intake.models import FirstVisit, HotlineCall, Signal, TakeInDecision
from kurator.meetings.models import RegisterEntry
from kurator.network.models import Delivery, Referral, ResourceAgent, Service
from kurator.network.queries.engagement import VOLUNTEER_CATEGORIES
from kurator.plans.models import Plan, PlanAction
from kurator.reports.figures import Figure, IndicatorReport, Number, Period, Section, Unit
from kurator.reports.indicator_sql import (
    DayNumber,
    between,
    coalesce_day,
    date_value,
    day_of,
    local_day,
    moment,
    one_decimal,
    whole_months,
)
from kurator.reports.models import Appeal, ShelterExit
from kurator.reports.queries.records import staff_norms_summary
from kurator.tasks.models import TaskKind

__all__ = ["LONG_TERM_MONTHS", "SECTION_KEYS", "Share", "compute_indicators"]

# Long-term support: at least 6 months (docs/domain.md, Norms).
LONG_TERM_MONTHS = 6
# «Significantly improved»: by at least this many percent of the highest possible score.
IMPROVEMENT_POINTS = 20
# The roles whose training, supervision and leave the norms count.
SPECIALIST_ROLES = (
    RoleCode.CURATOR,
    RoleCode.SENIOR_CURATOR,
    RoleCode.PSYCHOLOGIST,
    RoleCode.SPECIALIST,
    RoleCode.TEAM_HEAD,
)
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12


@dataclass(frozen=True)
class Share:
    """«part of whole»: the value of a ``unit="share"`` figure."""

    part: int
    whole: int


Value = Number | Share | None
Values = dict[str, Value]


@dataclass(frozen=True)
class Spec:
    key: str
    label: str
    unit: Unit = "count"
    note: str = ""


def _choices(prefix: str, choices: Any, template: str) -> list[Spec]:
    return [
        Spec(f"{prefix}{code}", template % {"name": str(label)}) for code, label in choices.choices
    ]


def _avg(value: object) -> Decimal | None:
    return one_decimal(value)


def _ratio(part: Number | None, whole: Number | None, places: str = "0.1") -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places), ROUND_HALF_UP)


def _active(start_moment: Any, after_moment: Any) -> Q:
    """Open at any day of the period: opened before its end, not closed before its start."""
    return Q(opened_at__lt=after_moment) & (
        Q(closed_at__isnull=True) | Q(closed_at__gte=start_moment)
    )


def _bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the period and the first instant after it."""
    return moment(period.start), moment(period.end + datetime.timedelta(days=1))


def _counted_to(period: Period) -> datetime.date:
    """The day durations and delays are measured to: the period's end, or today while the
    period is still running (a delay does not grow into days that have not come yet)."""
    return max(period.start, min(period.end, timezone.localdate()))


def _cases(scope: ReportScope) -> QuerySet[Case]:
    return scope.filter(Case.objects.all())


def _on_cases(scope: ReportScope, queryset: QuerySet[Any], path: str = "case") -> QuerySet[Any]:
    """Records hanging off a case, narrowed by the case's organisation and team."""
    return scope.filter(queryset, org=f"{path}__organisation_id", team=f"{path}__team_id")


def _deliveries(scope: ReportScope) -> QuerySet[Delivery]:
    """Deliveries of the scope: by their own organisation column (no join for the
    organisation's report), by the case's team for a team's."""
    return scope.filter(Delivery.objects.all(), team="case__team_id")


# Both periods of a report — the period and the same period a year before — are counted by
# the same query: the rows of either are read once, and each figure is an aggregate with a
# ``FILTER`` for its period. ``_per_period`` names each period's aggregates with a suffix,
# ``_split`` turns the one row back into a dict per period.
Periods = tuple[Period, ...]
_SUFFIX = "_p"


def _per_period(periods: Periods, make: Callable[[Period], dict[str, Any]]) -> dict[str, Any]:
    return {
        f"{name}{_SUFFIX}{index}": aggregate
        for index, period in enumerate(periods)
        for name, aggregate in make(period).items()
    }


def _split(row: dict[str, Any], periods: Periods) -> list[dict[str, Any]]:
    values: list[dict[str, Any]] = [{} for _ in periods]
    for key, value in row.items():
        name, _, index = key.rpartition(_SUFFIX)
        values[int(index)][name] = value
    return values


def _any(periods: Periods, condition: Callable[[Period], Q]) -> Q:
    """The rows of any of the periods (the query's ``WHERE``; each figure filters its own)."""
    result = condition(periods[0])
    for period in periods[1:]:
        result |= condition(period)
    return result


def _within(periods: Periods, inside: Callable[[Period], Q]) -> Q:
    """Like ``_any`` for a condition that is a range of days (``inside``): one range when
    the periods touch (a year and the year before), so that an index range serves it."""
    ordered = sorted(periods, key=lambda p: p.start)
    if all((later.start - earlier.end).days <= 1 for earlier, later in pairwise(ordered)):
        return inside(Period(ordered[0].start, max(p.end for p in ordered)))
    return _any(periods, inside)


def _int(value: Any) -> int:
    return int(value or 0)


def _active_any(periods: Periods) -> Q:
    """Cases open at any day of any of the periods."""
    first = min(_bounds(p)[0] for p in periods)
    after = max(_bounds(p)[1] for p in periods)
    return _active(first, after)


# --- 1. signals -----------------------------------------------------------------------------


def _signals(scope: ReportScope, periods: Periods) -> list[Values]:
    """Three queries: signals by source and channel; first visits; take-in decisions."""

    def received(p: Period) -> Q:
        return between("received_at", p.start, p.end)

    def signal_counts(p: Period) -> dict[str, Any]:
        inside = received(p)
        counts: dict[str, Any] = {"signals_total": Count("pk", filter=inside)}
        for code in Signal.Source.values:
            counts[f"signals_source_{code}"] = Count("pk", filter=inside & Q(source=code))
        for code in Signal.Channel.values:
            counts[f"signals_channel_{code}"] = Count("pk", filter=inside & Q(channel=code))
        return counts

    values = _split(
        scope.filter(Signal.objects.all())
        .filter(_within(periods, received))
        .aggregate(**_per_period(periods, signal_counts)),
        periods,
    )
    received_day = day_of("signal__received_at", datetime_field=True)

    def visited(p: Period) -> Q:
        return between("visited_at", p.start, p.end)

    def visit_counts(p: Period) -> dict[str, Any]:
        inside = visited(p)
        return {
            "done": Count("pk", filter=inside),
            "on_time": Count(
                "pk",
                filter=inside
                & (Q(signal__visit_due__isnull=True) | Q(visit_day__lte=F("signal__visit_due"))),
            ),
            "days": Avg(day_of("visited_at", datetime_field=True) - received_day, filter=inside),
        }

    visits = _split(
        scope.filter(
            FirstVisit.objects.all(), org="signal__organisation_id", team="signal__team_id"
        )
        .filter(_within(periods, visited))
        .annotate(visit_day=local_day("visited_at"))
        .aggregate(**_per_period(periods, visit_counts)),
        periods,
    )
    D = TakeInDecision.Decision

    def decided(p: Period) -> Q:
        return between("decided_at", p.start, p.end)

    def decision_counts(p: Period) -> dict[str, Any]:
        inside = decided(p)
        return {
            "total": Count("pk", filter=inside),
            "accept": Count("pk", filter=inside & Q(decision=D.ACCEPT)),
            "refuse": Count("pk", filter=inside & Q(decision=D.REFUSE)),
            "redirect": Count("pk", filter=inside & Q(decision=D.REDIRECT)),
            "on_time": Count(
                "pk",
                filter=inside
                & (
                    Q(signal__decision_due__isnull=True)
                    | Q(decision_day__lte=F("signal__decision_due"))
                ),
            ),
            "days": Avg(day_of("decided_at", datetime_field=True) - received_day, filter=inside),
        }

    decisions = _split(
        scope.filter(
            TakeInDecision.objects.all(), org="signal__organisation_id", team="signal__team_id"
        )
        .filter(_within(periods, decided))
        .annotate(decision_day=local_day("decided_at"))
        .aggregate(**_per_period(periods, decision_counts)),
        periods,
    )
    for value, visit, decision in zip(values, visits, decisions, strict=True):
        value["visit_on_time"] = Share(_int(visit["on_time"]), _int(visit["done"]))
        value["days_to_visit"] = _avg(visit["days"])
        for code in ("accept", "refuse", "redirect"):
            value[f"decisions_{code}"] = decision[code]
        value["decision_on_time"] = Share(_int(decision["on_time"]), _int(decision["total"]))
        value["days_to_decision"] = _avg(decision["days"])
    return values


def _signals_specs() -> list[Spec]:
    return [
        Spec("signals_total", _("Сигналов поступило")),
        *_choices("signals_source_", Signal.Source, _("Источник: %(name)s")),
        *_choices("signals_channel_", Signal.Channel, _("Канал: %(name)s")),
        Spec("decisions_accept", _("Решения: взять в работу")),
        Spec("decisions_refuse", _("Решения: информированный отказ")),
        Spec("decisions_redirect", _("Решения: перенаправить")),
        Spec(
            "visit_on_time",
            _("Первичный выезд в срок"),
            "share",
            _("от всех проведённых за период выездов; срок — 3-й рабочий день после сигнала"),
        ),
        Spec(
            "decision_on_time",
            _("Решение о взятии в работу в срок"),
            "share",
            _("от всех решений за период; срок — 3-й рабочий день после отчёта о выезде"),
        ),
        Spec("days_to_visit", _("Дней от сигнала до выезда, в среднем"), "days"),
        Spec("days_to_decision", _("Дней от сигнала до решения, в среднем"), "days"),
    ]


# --- 2. cases -------------------------------------------------------------------------------


def _cases_values(scope: ReportScope, periods: Periods) -> list[Values]:
    """One query."""

    def counts(period: Period) -> dict[str, Any]:
        first, after = _bounds(period)
        active = _active(first, after)
        new = between("opened_at", period.start, period.end)
        closed = between("closed_at", period.start, period.end)
        result: dict[str, Any] = {
            "cases_active": Count("pk", filter=active),
            "cases_new": Count("pk", filter=new),
            "cases_closed": Count("pk", filter=closed),
            "cases_reopened": Count("pk", filter=new & Q(previous_case__isnull=False)),
            "duration_days": Avg(
                day_of("closed_at", datetime_field=True) - day_of("opened_at", datetime_field=True),
                filter=closed,
            ),
        }
        for code in Case.Complexity.values:
            result[f"cases_active_complexity_{code}"] = Count(
                "pk", filter=active & Q(complexity_level=code)
            )
        for code in Case.Scenario.values:
            result[f"cases_new_scenario_{code}"] = Count("pk", filter=new & Q(scenario=code))
        for code in Case.TargetGroup.values:
            result[f"cases_new_target_{code}"] = Count("pk", filter=new & Q(target_group=code))
        for code in CaseClosure.Reason.values:
            result[f"closures_reason_{code}"] = Count("pk", filter=closed & Q(closure__reason=code))
        return result

    # Every case counted — new, closed or in work — is active in its period.
    row = _cases(scope).filter(_active_any(periods)).aggregate(**_per_period(periods, counts))
    values = _split(row, periods)
    for value in values:
        days = value.pop("duration_days")
        value["case_duration_months"] = (
            None if days is None else _ratio(Decimal(str(days)), DAYS_PER_MONTH)
        )
    return values


def _cases_specs() -> list[Spec]:
    return [
        Spec("cases_active", _("Случаев в работе за период")),
        Spec("cases_new", _("Открыто случаев")),
        Spec("cases_closed", _("Закрыто случаев")),
        *_choices("cases_active_complexity_", Case.Complexity, _("В работе, сложность: %(name)s")),
        *_choices("cases_new_scenario_", Case.Scenario, _("Открыто, сценарий: %(name)s")),
        *_choices("cases_new_target_", Case.TargetGroup, _("Открыто, целевая группа: %(name)s")),
        *_choices("closures_reason_", CaseClosure.Reason, _("Причина закрытия: %(name)s")),
        Spec(
            "case_duration_months",
            _("Длительность закрытых случаев, мес. в среднем"),
            "months",
        ),
        Spec(
            "cases_reopened",
            _("Открыто повторно (регресс)"),
            note=_("новый случай семьи после закрытого"),
        ),
    ]


# --- 3. help --------------------------------------------------------------------------------


def _distinct(queryset: QuerySet[Any], key: str, conditions: dict[str, Q]) -> dict[str, int]:
    """For each named condition, how many distinct ``key`` values have a row meeting it —
    in one query: the rows grouped by ``key`` (a hash aggregate) with a count per condition,
    then the groups counted, instead of a sorting ``COUNT(DISTINCT …)`` per condition."""
    rows = queryset.values(key).annotate(
        **{f"rows_{name}": Count("pk", filter=q) for name, q in conditions.items()}
    )
    return rows.order_by().aggregate(
        **{name: Count(key, filter=Q(**{f"rows_{name}__gt": 0})) for name in conditions}
    )


def _help(scope: ReportScope, periods: Periods) -> list[Values]:
    """Three queries: families (from the deliveries alone) and persons (from the deliveries'
    person links — joining both would multiply the rows), each in total and by service
    group; one-off help."""

    def delivered(p: Period, prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}delivered_on__gte": p.start,
                f"{prefix}delivered_on__lte": p.end,
            }
        )

    def conditions(what: str, prefix: str) -> dict[str, Q]:
        result: dict[str, Q] = {}
        for index, period in enumerate(periods):
            inside = delivered(period, prefix)
            result[f"help_{what}_total{_SUFFIX}{index}"] = inside
            for code in Service.Group.values:
                result[f"help_{what}_{code}{_SUFFIX}{index}"] = inside & Q(
                    **{f"{prefix}service__group": code}
                )
        return result

    deliveries = _deliveries(scope).filter(
        _within(periods, delivered), approval__in=Delivery.COUNTED
    )
    links = scope.filter(
        Delivery.persons.through.objects.filter(
            _within(periods, lambda p: delivered(p, "delivery__")),
            delivery__approval__in=Delivery.COUNTED,
        ),
        org="delivery__organisation_id",
        team="delivery__case__team_id",
    )
    values = _split(
        _distinct(deliveries, "case__family_id", conditions("families", ""))
        | _distinct(links, "person_id", conditions("persons", "delivery__")),
        periods,
    )

    def given(p: Period) -> Q:
        return Q(given_on__gte=p.start, given_on__lte=p.end)

    oneoff = _split(
        scope.filter(OneOffHelp.objects.all(), team="family__team_id")
        .filter(_within(periods, given))
        .aggregate(
            **_per_period(
                periods,
                lambda p: {"oneoff_families": Count("family_id", distinct=True, filter=given(p))},
            )
        ),
        periods,
    )
    for value, counted in zip(values, oneoff, strict=True):
        value.update(counted)
    return values


def _help_specs() -> list[Spec]:
    specs = [
        Spec("help_families_total", _("Семей получили помощь")),
        Spec("help_persons_total", _("Человек получили помощь")),
    ]
    for code, label in Service.Group.choices:
        specs.append(Spec(f"help_families_{code}", _("Семей: %(name)s") % {"name": label}))
        specs.append(Spec(f"help_persons_{code}", _("Человек: %(name)s") % {"name": label}))
    specs.append(
        Spec(
            "oneoff_families",
            _("Семей получили разовую помощь"),
            note=_("без открытия случая"),
        )
    )
    return specs


# --- 4. long-term support ---------------------------------------------------------------------


def _family_assessments(**filters: Any) -> QuerySet[Assessment]:
    return Assessment.objects.filter(instrument__subject=Instrument.Subject.FAMILY, **filters)


def _long_term(scope: ReportScope, periods: Periods) -> list[Values]:
    """One query, with two per-case subqueries per period (the entry and the latest
    assessment's percentage) evaluated only for the cases long-term in that period."""
    percent = _percent_of_max("total_score", "max_total")
    annotations: dict[str, Any] = {}
    aggregates: dict[str, Any] = {}
    long_in_any = Q()
    for index, period in enumerate(periods):
        first, after = _bounds(period)
        counted = _counted_to(period)
        last_day = Least(coalesce_day("closed_at", counted), date_value(counted))
        months = f"months{_SUFFIX}{index}"
        long_term = _active(first, after) & Q(**{f"{months}__gte": LONG_TERM_MONTHS})
        long_in_any |= long_term
        entry = _family_assessments(
            case_id=OuterRef("pk"), kind=Assessment.Kind.ENTRY, assessed_on__lte=period.end
        ).order_by("assessed_on", "pk")
        latest = _family_assessments(
            case_id=OuterRef("pk"),
            kind__in=[Assessment.Kind.PERIODIC, Assessment.Kind.EXIT],
            assessed_on__lte=period.end,
        ).order_by("-assessed_on", "-pk")
        gain = ExpressionWrapper(
            Subquery(latest.values(p=percent)[:1], output_field=FloatField())
            - Subquery(entry.values(p=percent)[:1], output_field=FloatField()),
            output_field=FloatField(),
        )
        annotations[months] = whole_months(local_day("opened_at"), last_day)
        # A CASE, so that the subqueries run only for the cases long-term in this period.
        annotations[f"gain{_SUFFIX}{index}"] = DjangoCase(
            When(long_term, then=gain), default=None, output_field=FloatField()
        )
        aggregates[f"families{_SUFFIX}{index}"] = Count(
            "family_id", distinct=True, filter=long_term
        )
        aggregates[f"improved{_SUFFIX}{index}"] = Count(
            "family_id",
            distinct=True,
            filter=Q(**{f"gain{_SUFFIX}{index}__gte": IMPROVEMENT_POINTS}),
        )
    row = (
        _cases(scope)
        .filter(_active_any(periods))
        .alias(**{k: v for k, v in annotations.items() if k.startswith("months")})
        .filter(long_in_any)
        .annotate(**{k: v for k, v in annotations.items() if k.startswith("gain")})
        .aggregate(**aggregates)
    )
    return [
        {
            "long_term_families": value["families"],
            "long_term_improved": Share(value["improved"], value["families"]),
        }
        for value in _split(row, periods)
    ]


def _long_term_specs() -> list[Spec]:
    return [
        Spec(
            "long_term_families",
            _("Семей на долгосрочном сопровождении (6 месяцев и дольше)"),
        ),
        Spec(
            "long_term_improved",
            _("Из них — со значительным улучшением"),
            "share",
            _(
                "последняя оценка благополучия семьи выше входной не меньше чем на 20 % "
                "наибольшего возможного балла"
            ),
        ),
    ]


# --- 5. parental rights ---------------------------------------------------------------------


def _parental_rights(scope: ReportScope, periods: Periods) -> list[Values]:
    """One query; the other two figures come from the register section's queries."""
    deprived: dict[str, Any] = {}
    aggregates: dict[str, Any] = {}
    for index, period in enumerate(periods):
        name = f"deprived{_SUFFIX}{index}"
        deprived[name] = Exists(
            RegisterEntry.objects.filter(
                organisation_id=scope.organisation_id,
                family_id=OuterRef("family_id"),
                removal_reason=RegisterEntry.RemovalReason.DEPRIVATION,
                removed_on__lte=period.end,
            )
        )
        aggregates[f"families_children_kept{_SUFFIX}{index}"] = Count(
            "family_id",
            distinct=True,
            filter=_active(*_bounds(period)) & Q(**{name: False}),
        )
    return _split(
        _cases(scope).filter(_active_any(periods)).alias(**deprived).aggregate(**aggregates),
        periods,
    )


def _parental_rights_specs() -> list[Spec]:
    return [
        Spec(
            "families_children_kept",
            _("Семьи, в которых дети остались в семье"),
            note=_("семьи со случаем в работе за период, не лишённые родительских прав"),
        ),
        Spec(
            "children_returned_to_family",
            _("Дети, вернувшиеся в родную семью из учреждений"),
        ),
        Spec("families_deprivation", _("Семьи, лишённые родительских прав")),
    ]


# --- 6. the state register (state model) -----------------------------------------------------


def _register(scope: ReportScope, periods: Periods) -> list[Values]:
    """The state model's register figures. Two queries."""
    entries = scope.filter(RegisterEntry.objects.all(), team="case__team_id")
    R = RegisterEntry.RemovalReason

    def register_counts(p: Period) -> dict[str, Any]:
        removed = Q(registered_on__lte=p.end, removed_on__gte=p.start, removed_on__lte=p.end)
        return {
            "on_register": Count(
                "family_id",
                distinct=True,
                filter=Q(registered_on__lte=p.end)
                & (Q(removed_on__isnull=True) | Q(removed_on__gte=p.start)),
            ),
            "entered": Count(
                "family_id",
                distinct=True,
                filter=Q(registered_on__gte=p.start, registered_on__lte=p.end),
            ),
            "improved": Count(
                "family_id", distinct=True, filter=removed & Q(removal_reason=R.IMPROVED)
            ),
            "deprivation": Count(
                "family_id", distinct=True, filter=removed & Q(removal_reason=R.DEPRIVATION)
            ),
        }

    rows = _split(
        entries.filter(registered_on__lte=max(p.end for p in periods)).aggregate(
            **_per_period(periods, register_counts)
        ),
        periods,
    )

    def left(p: Period) -> Q:
        return Q(left_on__gte=p.start, left_on__lte=p.end)

    birth = Q(destination=ShelterExit.Destination.BIRTH_FAMILY)
    exits = _split(
        scope.filter(ShelterExit.objects.all())
        .filter(_within(periods, left))
        .aggregate(
            **_per_period(
                periods,
                lambda p: {
                    "total": Count("pk", filter=left(p)),
                    "birth": Count("pk", filter=left(p) & birth),
                },
            )
        ),
        periods,
    )
    return [
        {
            "register_families": row["on_register"],
            "register_entered": row["entered"],
            "register_removed_improved": row["improved"],
            "register_removed_deprivation": row["deprivation"],
            "shelter_children_returned": Share(_int(exit_["birth"]), _int(exit_["total"])),
            "children_returned_to_family": exit_["birth"],
            "families_deprivation": row["deprivation"],
        }
        for row, exit_ in zip(rows, exits, strict=True)
    ]


def _register_specs() -> list[Spec]:
    return [
        Spec("register_families", _("Семьи на учёте в СОП в течение периода")),
        Spec(
            "register_entered",
            _("Семьи, поставленные на учёт в СОП за период"),
            note=_("дата постановки на учёт — в пределах периода"),
        ),
        Spec(
            "register_removed_improved",
            _("Сняты с учёта в связи с исправлением ситуации в семье"),
        ),
        Spec(
            "register_removed_deprivation",
            _("Сняты с учёта в связи с лишением родительских прав"),
        ),
        Spec(
            "shelter_children_returned",
            _("Дети, выбывшие из приютов и вернувшиеся в родную семью"),
            "share",
            _("от всех выбывших из учреждений за период"),
        ),
    ]


# --- 7. norms -------------------------------------------------------------------------------


def _late(due: Any, done: Any) -> Any:
    """Calendar days by which ``done`` (a date expression) came after ``due``; 0 when on time
    or without a deadline."""
    return Coalesce(Greatest(DayNumber(done) - DayNumber(due), 0), 0, output_field=IntegerField())


def _delay_days(period: Period) -> Any:
    """The cumulative delay of a case's stage deadlines up to the period's end (or the
    case's closing): first-visit team, first visit, visit report, take-in decision, case
    folder and plan — the same stages as the dashboards' measure."""
    counted = _counted_to(period)
    last_day = Least(coalesce_day("closed_at", counted), date_value(counted))

    def done(field: str) -> Any:
        return Least(Coalesce(local_day(field), last_day), last_day)

    parts = [
        _late(F("signal__team_due"), done("signal__first_visit__assigned_at")),
        _late(F("signal__visit_due"), done("signal__first_visit__visited_at")),
        _late(local_day("signal__report_due"), done("signal__first_visit__report_submitted_at")),
        _late(F("signal__decision_due"), done("signal__decision__decided_at")),
        # The case's folder task (one per case: tasks are keyed) joined as ``folder``.
        _late(F("folder_due"), done("folder__completed_at")),
        _late(F("plan_due"), Least(Coalesce(F("plan__agreed_on"), last_day), last_day)),
    ]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return ExpressionWrapper(total, output_field=IntegerField())


def _specialists(scope: ReportScope) -> QuerySet[User]:
    people = User.objects.filter(is_active=True, roles__code__in=SPECIALIST_ROLES)
    return scope.filter(people).distinct()


def _norms(scope: ReportScope, periods: Periods, norms: Norms) -> list[Values]:
    """Six queries, and two per period for the staff norms."""
    cases = _cases(scope)

    def at_end(p: Period) -> Q:
        after = _bounds(p)[1]
        return Q(opened_at__lt=after) & (Q(closed_at__isnull=True) | Q(closed_at__gte=after))

    def n(index: int) -> str:
        return f"n{_SUFFIX}{index}"

    caseloads = (
        cases.filter(_any(periods, at_end))
        .values("curator_id")
        .annotate(**{n(i): Count("pk", filter=at_end(p)) for i, p in enumerate(periods)})
        .order_by()
        .aggregate(
            **{
                f"{name}{_SUFFIX}{i}": aggregate
                for i in range(len(periods))
                for name, aggregate in {
                    "curators": Count("curator_id", filter=Q(**{f"{n(i)}__gt": 0})),
                    "cases": Sum(n(i)),
                    "over": Count("curator_id", filter=Q(**{f"{n(i)}__gt": norms.caseload_max})),
                }.items()
            }
        )
    )
    values: list[Values] = [
        {
            "caseload_per_curator": _ratio(row["cases"], row["curators"]),
            "caseload_over_norm": Share(_int(row["over"]), _int(row["curators"])),
        }
        for row in _split(caseloads, periods)
    ]
    # Intensity: done actions of each plan's current version (a revision copies the actions
    # with their status and day, so an action counts once and no distinct sort is needed).

    def done_in(p: Period) -> Q:
        return Q(done_on__gte=p.start, done_on__lte=p.end)

    # The current versions as a semi-join: joining action → version → plan instead makes the
    # database guess one row and look every plan's actions up one by one.
    current = _on_cases(scope, Plan.objects.all()).values("current_version_id")
    actions = _split(
        PlanAction.objects.filter(
            _within(periods, done_in),
            status=PlanAction.Status.DONE,
            version_id__in=current,
        ).aggregate(**_per_period(periods, lambda p: {"n": Count("done_on", filter=done_in(p))})),
        periods,
    )
    active = cases.filter(_active_any(periods))
    open_days: dict[str, Any] = {}
    delay_aggregates: dict[str, Any] = {}
    delay_days: dict[str, Any] = {}
    for index, period in enumerate(periods):
        counted = _counted_to(period)
        last_day = Least(coalesce_day("closed_at", counted), date_value(counted))
        first_day = Greatest(local_day("opened_at"), date_value(period.start))
        in_period = _active(*_bounds(period))
        open_days[f"days{_SUFFIX}{index}"] = Sum(
            ExpressionWrapper(
                DayNumber(last_day) - DayNumber(first_day) + 1, output_field=IntegerField()
            ),
            filter=in_period,
        )
        delay = f"delay{_SUFFIX}{index}"
        delay_days[delay] = _delay_days(period)
        delay_aggregates[f"cases{_SUFFIX}{index}"] = Count("pk", filter=in_period)
        delay_aggregates[f"days{_SUFFIX}{index}"] = Avg(delay, filter=in_period)
        delay_aggregates[f"over{_SUFFIX}{index}"] = Count(
            "pk", filter=in_period & Q(**{f"{delay}__gt": norms.cumulative_delay_max_days})
        )
    days = _split(active.aggregate(**open_days), periods)
    folder = FilteredRelation("tasks", condition=Q(tasks__kind=TaskKind.CASE_FOLDER))
    delays = _split(
        active.alias(folder=folder).annotate(**delay_days).aggregate(**delay_aggregates), periods
    )
    for value, done, open_, late in zip(values, actions, days, delays, strict=True):
        value["intensity"] = _ratio(_int(done["n"]) * norms.intensity_days, open_["days"])
        value["cumulative_delay_days"] = _avg(late["days"])
        value["cumulative_delay_over_norm"] = Share(_int(late["over"]), _int(late["cases"]))
    # Durations: closed in the period within the norm; open at its end past the maximum.
    not_permanent = ~Q(scenario=Case.Scenario.PERMANENT)
    open_months: dict[str, Any] = {}

    def duration_counts(p: Period) -> dict[str, Any]:
        index = periods.index(p)
        closed = between("closed_at", p.start, p.end)
        over = Q(**{f"open_months{_SUFFIX}{index}__gte": norms.duration_max_months})
        return {
            "closed": Count("pk", filter=closed),
            "within": Count(
                "pk",
                filter=closed
                & Q(closed_months__gte=norms.duration_min_months)
                & Q(closed_months__lt=norms.duration_max_months),
            ),
            "open": Count("pk", filter=at_end(p)),
            "over": Count("pk", filter=at_end(p) & over),
        }

    for index, period in enumerate(periods):
        open_months[f"open_months{_SUFFIX}{index}"] = whole_months(
            local_day("opened_at"), date_value(_counted_to(period))
        )
    durations = _split(
        cases.filter(not_permanent)
        .filter(_any(periods, lambda p: between("closed_at", p.start, p.end) | at_end(p)))
        .annotate(closed_months=whole_months(local_day("opened_at"), local_day("closed_at")))
        .annotate(**open_months)
        .aggregate(**_per_period(periods, duration_counts)),
        periods,
    )

    def delivered(p: Period) -> Q:
        return Q(delivered_on__gte=p.start, delivered_on__lte=p.end)

    def spent(index: int) -> str:
        return f"spent{_SUFFIX}{index}"

    costs = _split(
        _deliveries(scope)
        .filter(_within(periods, delivered), approval__in=Delivery.COUNTED)
        .values("case_id")
        .annotate(**{spent(i): Sum("total", filter=delivered(p)) for i, p in enumerate(periods)})
        .order_by()
        .aggregate(
            **{
                f"{name}{_SUFFIX}{i}": aggregate
                for i in range(len(periods))
                for name, aggregate in {
                    "cases": Count("case_id", filter=Q(**{f"{spent(i)}__isnull": False})),
                    "total": Sum(spent(i)),
                    "over": Count(
                        "case_id", filter=Q(**{f"{spent(i)}__gt": norms.cost_per_case_max})
                    ),
                }.items()
            }
        ),
        periods,
    )
    specialists = _specialists(scope)
    for value, duration, cost, period in zip(values, durations, costs, periods, strict=True):
        value["duration_closed_within_norm"] = Share(
            _int(duration["within"]), _int(duration["closed"])
        )
        value["duration_open_over_norm"] = Share(_int(duration["over"]), _int(duration["open"]))
        value["cost_per_case"] = _ratio(cost["total"], cost["cases"], "1")
        value["cost_over_norm"] = Share(_int(cost["over"]), _int(cost["cases"]))
        staff = staff_norms_summary(specialists=specialists, year=period.end.year, norms=norms)
        value["staff_training_met"] = Share(sum(s.training_met for s in staff), len(staff))
        value["staff_supervision_met"] = Share(sum(s.supervisions_met for s in staff), len(staff))
        value["staff_leave_met"] = Share(sum(s.leave_met for s in staff), len(staff))
    return values


def _norms_specs() -> list[Spec]:
    return [
        Spec(
            "caseload_per_curator",
            _("Случаев в работе на куратора на конец периода"),
            note=_("норматив — 10–15, оптимально 12"),
        ),
        Spec("caseload_over_norm", _("Кураторы с нагрузкой выше норматива"), "share"),
        Spec(
            "intensity",
            _("Действий по плану на открытый случай за 14 дней"),
            note=_("норматив — не меньше одного"),
        ),
        Spec(
            "cumulative_delay_days",
            _("Накопленная просрочка этапов на случай, дней в среднем"),
            "days",
        ),
        Spec(
            "cumulative_delay_over_norm",
            _("Случаи с накопленной просрочкой выше норматива"),
            "share",
        ),
        Spec(
            "duration_closed_within_norm",
            _("Закрытые случаи длительностью в пределах норматива"),
            "share",
            _("3–18 месяцев; постоянное сопровождение не учитывается"),
        ),
        Spec(
            "duration_open_over_norm",
            _("Случаи в работе дольше норматива на конец периода"),
            "share",
        ),
        Spec("cost_per_case", _("Затраты на случай, ₽ в среднем"), "rub"),
        Spec("cost_over_norm", _("Случаи с затратами выше норматива"), "share"),
        Spec("staff_training_met", _("Специалисты, выполнившие норматив обучения"), "share"),
        Spec(
            "staff_supervision_met", _("Специалисты, получившие супервизии по нормативу"), "share"
        ),
        Spec("staff_leave_met", _("Специалисты, использовавшие отпуск по нормативу"), "share"),
    ]


# --- 8. well-being --------------------------------------------------------------------------


def _percent_of_max(total: str, maximum: str) -> Any:
    return ExpressionWrapper(
        Cast(total, FloatField()) * 100 / Cast(maximum, FloatField()), output_field=FloatField()
    )


def _wellbeing(scope: ReportScope, periods: Periods) -> list[Values]:
    """One query for family exit assessments against their entry; one per period for the
    children's latest (each child's latest within that period)."""

    def assessed(p: Period) -> Q:
        return Q(assessed_on__gte=p.start, assessed_on__lte=p.end)

    percent = _percent_of_max("total_score", "max_total")
    # The same instrument as the exit assessment's, a family one.
    entry = Assessment.objects.filter(
        case_id=OuterRef("case_id"),
        instrument_id=OuterRef("instrument_id"),
        kind=Assessment.Kind.ENTRY,
    ).order_by("assessed_on", "pk")
    exits = _split(
        _on_cases(scope, _family_assessments(kind=Assessment.Kind.EXIT))
        .filter(_within(periods, assessed))
        .annotate(entry_percent=Subquery(entry.values(p=percent)[:1]))
        .filter(entry_percent__isnull=False)
        .aggregate(
            **_per_period(
                periods,
                lambda p: {
                    "entry": Avg("entry_percent", filter=assessed(p)),
                    "exit": Avg(percent, filter=assessed(p)),
                },
            )
        ),
        periods,
    )
    values: list[Values] = []
    children = Assessment.objects.filter(instrument__subject=Instrument.Subject.CHILD)
    for period, exit_ in zip(periods, exits, strict=True):
        in_period = assessed(period)
        # Each child's latest assessment in the period: none of the same instrument after it
        # (an anti-join, which the database runs as one hash join rather than a lookup per row).
        later = children.filter(
            in_period,
            person_id=OuterRef("person_id"),
            instrument_id=OuterRef("instrument_id"),
            assessed_on__gt=OuterRef("assessed_on"),
        )
        child = (
            _on_cases(scope, children)
            .filter(in_period)
            .filter(~Exists(later))
            .aggregate(index=Avg(_percent_of_max("total_score", "max_total")))
        )
        values.append(
            {
                "assessment_entry_avg": _avg(exit_["entry"]),
                "assessment_exit_avg": _avg(exit_["exit"]),
                "child_wellbeing_index": _avg(child["index"]),
            }
        )
    return values


def _wellbeing_specs() -> list[Spec]:
    note = _("% от наибольшего возможного балла инструмента")
    return [
        Spec(
            "assessment_entry_avg",
            _("Входная оценка благополучия семей, средний балл"),
            "score",
            _("семьи с выходной оценкой за период; ") + note,
        ),
        Spec(
            "assessment_exit_avg",
            _("Выходная оценка благополучия тех же семей, средний балл"),
            "score",
            note,
        ),
        Spec(
            "child_wellbeing_index",
            _("Интегральный показатель благополучия ребёнка, в среднем"),
            "score",
            _("последняя оценка каждого ребёнка за период; ") + note,
        ),
    ]


# --- 9. engagement --------------------------------------------------------------------------


def _engagement(scope: ReportScope, periods: Periods) -> list[Values]:
    """One query per period for the agents engaged (a referral sent or help delivered in the
    period, for the scope's cases — ``kurator.network.queries.engagement``'s rule narrowed to the
    scope); one for the appeals."""
    volunteer = Q(category__in=VOLUNTEER_CATEGORIES)
    values: list[Values] = []
    for period in periods:
        referred = (
            scope.filter(Referral.objects.all(), team="case__team_id")
            .filter(between("sent_at", period.start, period.end))
            .values("agent_id")
        )
        delivered = (
            _deliveries(scope)
            .filter(
                delivered_on__gte=period.start,
                delivered_on__lte=period.end,
                approval__in=Delivery.COUNTED,
                agent__isnull=False,
            )
            .values("agent_id")
        )
        agents = (
            ResourceAgent.objects.filter(organisation_id=scope.organisation_id)
            .filter(Q(pk__in=referred) | Q(pk__in=delivered))
            .aggregate(
                volunteers=Count("pk", filter=volunteer), partners=Count("pk", filter=~volunteer)
            )
        )
        values.append(
            {"volunteers_engaged": agents["volunteers"], "partners_engaged": agents["partners"]}
        )

    def received(p: Period) -> Q:
        return Q(received_on__gte=p.start, received_on__lte=p.end)

    answered = Q(answered_on__isnull=False)
    appeals = _split(
        scope.filter(Appeal.objects.all())
        .filter(_within(periods, received))
        .aggregate(
            **_per_period(
                periods,
                lambda p: {
                    "total": Count("pk", filter=received(p)),
                    "complaints": Count("pk", filter=received(p) & Q(kind=Appeal.Kind.COMPLAINT)),
                    "suggestions": Count("pk", filter=received(p) & Q(kind=Appeal.Kind.SUGGESTION)),
                    "answered": Count("pk", filter=received(p) & answered),
                    "days": Avg(
                        day_of("answered_on") - day_of("received_on"),
                        filter=received(p) & answered,
                    ),
                },
            )
        ),
        periods,
    )
    for value, appeal in zip(values, appeals, strict=True):
        value.update(
            {
                "appeals_complaints": appeal["complaints"],
                "appeals_suggestions": appeal["suggestions"],
                "appeals_answered": Share(_int(appeal["answered"]), _int(appeal["total"])),
                "appeal_days_to_answer": _avg(appeal["days"]),
            }
        )
    return values


def _engagement_specs() -> list[Spec]:
    return [
        Spec("volunteers_engaged", _("Волонтёров привлечено")),
        Spec("partners_engaged", _("Партнёров привлечено")),
        Spec("appeals_complaints", _("Жалоб поступило")),
        Spec("appeals_suggestions", _("Предложений поступило")),
        Spec("appeals_answered", _("Обращений с ответом"), "share"),
        Spec("appeal_days_to_answer", _("Дней до ответа на обращение, в среднем"), "days"),
    ]


# --- 10. hotline ---------------------------------------------------------------------------


def _hotline(scope: ReportScope, periods: Periods) -> list[Values]:
    """One query: the hotline's calls of each period, by direction, topic and outcome."""

    def started(p: Period) -> Q:
        return between("started_at", p.start, p.end)

    def call_counts(p: Period) -> dict[str, Any]:
        inside = started(p)
        counts: dict[str, Any] = {
            "calls_total": Count("pk", filter=inside),
            "calls_incoming": Count("pk", filter=inside & Q(direction="incoming")),
            "calls_outgoing": Count("pk", filter=inside & Q(direction="outgoing")),
        }
        for code in HotlineCall.Topic.values:
            counts[f"calls_topic_{code}"] = Count("pk", filter=inside & Q(topic=code))
        for code in HotlineCall.Outcome.values:
            counts[f"calls_outcome_{code}"] = Count("pk", filter=inside & Q(outcome=code))
        return counts

    row = (
        scope.filter(HotlineCall.objects.all())
        .filter(_within(periods, started))
        .aggregate(**_per_period(periods, call_counts))
    )
    return [{k: _int(v) for k, v in values.items()} for values in _split(row, periods)]


def _hotline_specs() -> list[Spec]:
    return [
        Spec("calls_total", _("Звонков на горячую линию")),
        Spec("calls_incoming", _("Входящих")),
        Spec("calls_outgoing", _("Исходящих")),
        *_choices("calls_topic_", HotlineCall.Topic, _("Тема: %(name)s")),
        *_choices("calls_outcome_", HotlineCall.Outcome, _("Итог: %(name)s")),
    ]


# --- assembly -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: Callable[[], str]
    specs: Callable[[], list[Spec]]
    chart: bool = False


def _sections() -> list[SectionSpec]:
    return [
        SectionSpec("signals", lambda: _("Сигналы и решения"), _signals_specs, chart=True),
        SectionSpec("cases", lambda: _("Случаи"), _cases_specs, chart=True),
        SectionSpec("help", lambda: _("Помощь семьям"), _help_specs, chart=True),
        SectionSpec("long_term", lambda: _("Долгосрочное сопровождение"), _long_term_specs),
        SectionSpec(
            "parental_rights", lambda: _("Сохранение детей в семье"), _parental_rights_specs
        ),
        SectionSpec(
            "register",
            lambda: _("Модель работы с семьями в СОП (краевой банк данных)"),
            _register_specs,
            chart=True,
        ),
        SectionSpec("norms", lambda: _("Нормативы"), _norms_specs),
        SectionSpec("wellbeing", lambda: _("Динамика благополучия"), _wellbeing_specs),
        SectionSpec(
            "engagement",
            lambda: _("Ресурсная сеть, жалобы и предложения"),
            _engagement_specs,
        ),
        SectionSpec("hotline", lambda: _("Горячая линия"), _hotline_specs),
    ]


SECTION_KEYS = (
    "signals",
    "cases",
    "help",
    "long_term",
    "parental_rights",
    "register",
    "norms",
    "wellbeing",
    "engagement",
    "hotline",
)


def _values(scope: ReportScope, periods: Periods, norms: Norms) -> list[Values]:
    """Every figure of both periods. The sections do not depend on each other: on PostgreSQL
    they run on two connections at once (``kurator.core.concurrency``), the slowest first."""
    sections: list[Callable[[], list[Values]]] = [
        lambda: _norms(scope, periods, norms),
        lambda: _help(scope, periods),
        lambda: _wellbeing(scope, periods),
        lambda: _long_term(scope, periods),
        lambda: _signals(scope, periods),
        lambda: _cases_values(scope, periods),
        lambda: _engagement(scope, periods),
        lambda: _parental_rights(scope, periods),
        lambda: _register(scope, periods),
        lambda: _hotline(scope, periods),
    ]
    values: list[Values] = [{} for _ in periods]
    for section in run_concurrently(sections):
        for value, part in zip(values, section, strict=True):
            value.update(part)
    return values


def _figure(spec: Spec, now: Value, before: Value) -> Figure:
    if spec.unit == "share":
        current = now if isinstance(now, Share) else Share(0, 0)
        previous = before if isinstance(before, Share) else Share(0, 0)
        return Figure(
            key=spec.key,
            label=spec.label,
            current=current.part,
            previous=previous.part,
            unit="share",
            current_of=current.whole,
            previous_of=previous.whole,
            note=spec.note,
        )
    assert not isinstance(now, Share) and not isinstance(before, Share)
    return Figure(
        key=spec.key, label=spec.label, current=now, previous=before, unit=spec.unit, note=spec.note
    )


def compute_indicators(*, scope: ReportScope, period: Period) -> IndicatorReport:
    """Every indicator (docs/domain.md, Indicators) for ``period`` and the same period a year
    before, within ``scope``. A fixed number of aggregate queries, whatever the data size."""
    previous = period.year_before()
    norms = norms_for(scope.organisation_id)
    now, before = _values(scope, (period, previous), norms)
    sections = [
        Section(
            key=section.key,
            title=section.title(),
            figures=[_figure(s, now.get(s.key), before.get(s.key)) for s in section.specs()],
            chart=section.chart,
        )
        for section in _sections()
    ]
    return IndicatorReport(
        scope_label=scope.label,
        period=period,
        previous=previous,
        sections=sections,
        generated_at=timezone.now(),
    )
