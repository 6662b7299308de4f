"""The indicator report (issue 7; product.md, «Indicators the reports must give»).

``compute_indicators(scope=..., period=...)`` computes every indicator for the period and for
the same period a year before, as ``Section``s of ``Figure``s (``figures.py``). Every query
goes through ``scope.filter`` — a team head's report counts her team only — and is an
aggregate in SQL: the number of queries is the same for ten families and for a hundred
thousand, and no row list is ever pulled into Python.

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
* **Register** figures follow seed 003: distinct families on the register at any day of the
  period; removals in the period by reason; children leaving shelters in the period who
  returned to their birth family, of all who left.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.access.reports import ReportScope
from kurator.accounts.models import Norms, User
from kurator.accounts.roles import RoleCode
from kurator.assessments.models import Assessment, Instrument
from kurator.cases.models import Case, CaseClosure, OneOffHelp
from kurator.cases.services import norms_for
from kurator.intake.models import FirstVisit, Signal, TakeInDecision
from kurator.meetings.models import RegisterEntry
from kurator.network.engagement import VOLUNTEER_CATEGORIES
from kurator.network.models import Delivery, Referral, ResourceAgent, Service
from kurator.plans.models import PlanAction
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
from kurator.reports.staff_norms import staff_norms_summary
from kurator.tasks.models import TaskKind

__all__ = ["LONG_TERM_MONTHS", "SECTION_KEYS", "Share", "compute_indicators"]

# product.md: «Long-term support (≥ 6 months)».
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


# --- 1. signals -----------------------------------------------------------------------------


def _signals(scope: ReportScope, period: Period) -> Values:
    """Three queries: signals by source and channel; first visits; take-in decisions."""
    start, end = period.start, period.end
    counts: dict[str, Any] = {"signals_total": Count("pk")}
    for code in Signal.Source.values:
        counts[f"signals_source_{code}"] = Count("pk", filter=Q(source=code))
    for code in Signal.Channel.values:
        counts[f"signals_channel_{code}"] = Count("pk", filter=Q(channel=code))
    values: Values = dict(
        scope.filter(Signal.objects.all())
        .filter(between("received_at", start, end))
        .aggregate(**counts)
    )
    received = day_of("signal__received_at", datetime_field=True)
    visits = (
        scope.filter(
            FirstVisit.objects.all(), org="signal__organisation_id", team="signal__team_id"
        )
        .filter(between("visited_at", start, end))
        .annotate(visit_day=local_day("visited_at"))
        .aggregate(
            done=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(signal__visit_due__isnull=True) | Q(visit_day__lte=F("signal__visit_due")),
            ),
            days=Avg(day_of("visited_at", datetime_field=True) - received),
        )
    )
    values["visit_on_time"] = Share(visits["on_time"], visits["done"])
    values["days_to_visit"] = _avg(visits["days"])
    D = TakeInDecision.Decision
    decisions = (
        scope.filter(
            TakeInDecision.objects.all(), org="signal__organisation_id", team="signal__team_id"
        )
        .filter(between("decided_at", start, end))
        .annotate(decision_day=local_day("decided_at"))
        .aggregate(
            total=Count("pk"),
            accept=Count("pk", filter=Q(decision=D.ACCEPT)),
            refuse=Count("pk", filter=Q(decision=D.REFUSE)),
            redirect=Count("pk", filter=Q(decision=D.REDIRECT)),
            on_time=Count(
                "pk",
                filter=Q(signal__decision_due__isnull=True)
                | Q(decision_day__lte=F("signal__decision_due")),
            ),
            days=Avg(day_of("decided_at", datetime_field=True) - received),
        )
    )
    for code in ("accept", "refuse", "redirect"):
        values[f"decisions_{code}"] = decisions[code]
    values["decision_on_time"] = Share(decisions["on_time"], decisions["total"])
    values["days_to_decision"] = _avg(decisions["days"])
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


def _cases_values(scope: ReportScope, period: Period) -> Values:
    """One query."""
    first, after = _bounds(period)
    active = _active(first, after)
    new = between("opened_at", period.start, period.end)
    closed = between("closed_at", period.start, period.end)
    counts: dict[str, Any] = {
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
        counts[f"cases_active_complexity_{code}"] = Count(
            "pk", filter=active & Q(complexity_level=code)
        )
    for code in Case.Scenario.values:
        counts[f"cases_new_scenario_{code}"] = Count("pk", filter=new & Q(scenario=code))
    for code in Case.TargetGroup.values:
        counts[f"cases_new_target_{code}"] = Count("pk", filter=new & Q(target_group=code))
    for code in CaseClosure.Reason.values:
        counts[f"closures_reason_{code}"] = Count("pk", filter=closed & Q(closure__reason=code))
    values: Values = dict(_cases(scope).aggregate(**counts))
    days = values.pop("duration_days")
    values["case_duration_months"] = (
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


def _help(scope: ReportScope, period: Period) -> Values:
    """Five queries: families and persons, each in total and by service group (families
    from the deliveries alone, persons from the deliveries' person links — joining both
    would multiply the rows each distinct count sorts); one-off help."""
    counted = Q(
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
        approval__in=Delivery.COUNTED,
    )
    deliveries = _deliveries(scope).filter(counted)
    links = scope.filter(
        Delivery.persons.through.objects.filter(
            delivery__delivered_on__gte=period.start,
            delivery__delivered_on__lte=period.end,
            delivery__approval__in=Delivery.COUNTED,
        ),
        org="delivery__organisation_id",
        team="delivery__case__team_id",
    )
    values: Values = {
        "help_families_total": deliveries.aggregate(n=Count("case__family_id", distinct=True))["n"],
        "help_persons_total": links.aggregate(n=Count("person_id", distinct=True))["n"],
    }
    for code in Service.Group.values:
        values[f"help_families_{code}"] = values[f"help_persons_{code}"] = 0
    families = (
        deliveries.values("service__group")
        .annotate(n=Count("case__family_id", distinct=True))
        .order_by()
    )
    for row in families:
        values[f"help_families_{row['service__group']}"] = row["n"]
    persons = (
        links.values("delivery__service__group")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    for link in persons:
        values[f"help_persons_{link['delivery__service__group']}"] = link["n"]
    values.update(
        scope.filter(OneOffHelp.objects.all(), team="family__team_id")
        .filter(given_on__gte=period.start, given_on__lte=period.end)
        .aggregate(oneoff_families=Count("family_id", distinct=True))
    )
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


def _long_term(scope: ReportScope, period: Period) -> Values:
    """One query, with two per-case subqueries (the entry and the latest assessment's
    percentage) evaluated only for the long-term cases."""
    first, after = _bounds(period)
    counted = _counted_to(period)
    last_day = Least(coalesce_day("closed_at", counted), date_value(counted))
    percent = _percent_of_max("total_score", "max_total")
    entry = _family_assessments(
        case_id=OuterRef("pk"), kind=Assessment.Kind.ENTRY, assessed_on__lte=period.end
    ).order_by("assessed_on", "pk")
    latest = _family_assessments(
        case_id=OuterRef("pk"),
        kind__in=[Assessment.Kind.PERIODIC, Assessment.Kind.EXIT],
        assessed_on__lte=period.end,
    ).order_by("-assessed_on", "-pk")
    cases = (
        _cases(scope)
        .filter(_active(first, after))
        .annotate(months=whole_months(local_day("opened_at"), last_day))
        .filter(months__gte=LONG_TERM_MONTHS)
        .annotate(
            gain=ExpressionWrapper(
                Subquery(latest.values(p=percent)[:1], output_field=FloatField())
                - Subquery(entry.values(p=percent)[:1], output_field=FloatField()),
                output_field=FloatField(),
            )
        )
    )
    row = cases.aggregate(
        families=Count("family_id", distinct=True),
        improved=Count("family_id", distinct=True, filter=Q(gain__gte=IMPROVEMENT_POINTS)),
    )
    return {
        "long_term_families": row["families"],
        "long_term_improved": Share(row["improved"], row["families"]),
    }


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


def _parental_rights(scope: ReportScope, period: Period) -> Values:
    """One query; the other two figures come from the register section's queries."""
    first, after = _bounds(period)
    deprived = RegisterEntry.objects.filter(
        organisation_id=scope.organisation_id,
        family_id=OuterRef("family_id"),
        removal_reason=RegisterEntry.RemovalReason.DEPRIVATION,
        removed_on__lte=period.end,
    )
    return dict(
        _cases(scope)
        .filter(_active(first, after))
        .annotate(deprived=Exists(deprived))
        .aggregate(
            families_children_kept=Count("family_id", distinct=True, filter=Q(deprived=False))
        )
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


# --- 6. the state register (seed 003) ---------------------------------------------------------


def _register(scope: ReportScope, period: Period) -> Values:
    """Seed 003's state-register model. Two queries."""
    start, end = period.start, period.end
    entries = scope.filter(RegisterEntry.objects.all(), team="case__team_id")
    removed = Q(removed_on__gte=start, removed_on__lte=end)
    R = RegisterEntry.RemovalReason
    row = entries.filter(registered_on__lte=end).aggregate(
        on_register=Count(
            "family_id",
            distinct=True,
            filter=Q(removed_on__isnull=True) | Q(removed_on__gte=start),
        ),
        improved=Count("family_id", distinct=True, filter=removed & Q(removal_reason=R.IMPROVED)),
        deprivation=Count(
            "family_id", distinct=True, filter=removed & Q(removal_reason=R.DEPRIVATION)
        ),
    )
    exits = (
        scope.filter(ShelterExit.objects.all())
        .filter(left_on__gte=start, left_on__lte=end)
        .aggregate(
            total=Count("pk"),
            birth=Count("pk", filter=Q(destination=ShelterExit.Destination.BIRTH_FAMILY)),
        )
    )
    return {
        "register_families": row["on_register"],
        "register_removed_improved": row["improved"],
        "register_removed_deprivation": row["deprivation"],
        "shelter_children_returned": Share(exits["birth"], exits["total"]),
        "children_returned_to_family": exits["birth"],
        "families_deprivation": row["deprivation"],
    }


def _register_specs() -> list[Spec]:
    return [
        Spec("register_families", _("Семьи на учёте в СОП в течение периода")),
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


def _norms(scope: ReportScope, period: Period, norms: Norms) -> Values:
    """Six queries, and two for the staff norms."""
    first, after = _bounds(period)
    cases = _cases(scope)
    values: Values = {}
    at_end = Q(opened_at__lt=after) & (Q(closed_at__isnull=True) | Q(closed_at__gte=after))
    per_curator = (
        cases.filter(at_end)
        .values("curator_id")
        .annotate(n=Count("pk"))
        .order_by()
        .aggregate(
            curators=Count("curator_id"),
            cases=Sum("n"),
            over=Count("curator_id", filter=Q(n__gt=norms.caseload_max)),
        )
    )
    values["caseload_per_curator"] = _ratio(per_curator["cases"], per_curator["curators"])
    values["caseload_over_norm"] = Share(per_curator["over"], per_curator["curators"])
    # Intensity: done actions of each plan's current version (a revision copies the actions
    # with their status and day, so an action counts once and no distinct sort is needed).
    actions = (
        _on_cases(scope, PlanAction.objects.all(), "version__plan__case")
        .filter(
            status=PlanAction.Status.DONE,
            done_on__gte=period.start,
            done_on__lte=period.end,
            version__plan__current_version=F("version_id"),
        )
        .aggregate(n=Count("pk"))["n"]
    )
    counted = _counted_to(period)
    last_day = Least(coalesce_day("closed_at", counted), date_value(counted))
    first_day = Greatest(local_day("opened_at"), date_value(period.start))
    active = cases.filter(_active(first, after))
    open_days = active.aggregate(
        days=Sum(
            ExpressionWrapper(
                DayNumber(last_day) - DayNumber(first_day) + 1, output_field=IntegerField()
            )
        )
    )["days"]
    values["intensity"] = _ratio(actions * norms.intensity_days, open_days)
    folder = FilteredRelation("tasks", condition=Q(tasks__kind=TaskKind.CASE_FOLDER))
    delays = (
        active.alias(folder=folder)
        .annotate(delay=_delay_days(period))
        .aggregate(
            cases=Count("pk"),
            days=Avg("delay"),
            over=Count("pk", filter=Q(delay__gt=norms.cumulative_delay_max_days)),
        )
    )
    values["cumulative_delay_days"] = _avg(delays["days"])
    values["cumulative_delay_over_norm"] = Share(delays["over"], delays["cases"])
    # Durations: closed in the period within the norm; open at its end past the maximum.
    not_permanent = ~Q(scenario=Case.Scenario.PERMANENT)
    closed = between("closed_at", period.start, period.end)
    durations = (
        cases.filter(not_permanent)
        .annotate(
            closed_months=whole_months(local_day("opened_at"), local_day("closed_at")),
            open_months=whole_months(local_day("opened_at"), date_value(counted)),
        )
        .aggregate(
            closed=Count("pk", filter=closed),
            within=Count(
                "pk",
                filter=closed
                & Q(closed_months__gte=norms.duration_min_months)
                & Q(closed_months__lt=norms.duration_max_months),
            ),
            open=Count("pk", filter=at_end),
            over=Count("pk", filter=at_end & Q(open_months__gte=norms.duration_max_months)),
        )
    )
    values["duration_closed_within_norm"] = Share(durations["within"], durations["closed"])
    values["duration_open_over_norm"] = Share(durations["over"], durations["open"])
    costs = (
        _deliveries(scope)
        .filter(
            delivered_on__gte=period.start,
            delivered_on__lte=period.end,
            approval__in=Delivery.COUNTED,
        )
        .values("case_id")
        .annotate(spent=Sum("total"))
        .order_by()
        .aggregate(
            cases=Count("case_id"),
            total=Sum("spent"),
            over=Count("case_id", filter=Q(spent__gt=norms.cost_per_case_max)),
        )
    )
    values["cost_per_case"] = _ratio(costs["total"], costs["cases"], "1")
    values["cost_over_norm"] = Share(costs["over"], costs["cases"])
    staff = staff_norms_summary(specialists=_specialists(scope), year=period.end.year, norms=norms)
    values["staff_training_met"] = Share(sum(s.training_met for s in staff), len(staff))
    values["staff_supervision_met"] = Share(sum(s.supervisions_met for s in staff), len(staff))
    values["staff_leave_met"] = Share(sum(s.leave_met for s in staff), len(staff))
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


def _wellbeing(scope: ReportScope, period: Period) -> Values:
    """Two queries: family exit assessments against their entry; children's latest."""
    in_period = Q(assessed_on__gte=period.start, assessed_on__lte=period.end)
    percent = _percent_of_max("total_score", "max_total")
    entry = _family_assessments(
        case_id=OuterRef("case_id"),
        instrument_id=OuterRef("instrument_id"),
        kind=Assessment.Kind.ENTRY,
    ).order_by("assessed_on", "pk")
    exits = (
        _on_cases(scope, _family_assessments(kind=Assessment.Kind.EXIT))
        .filter(in_period)
        .annotate(entry_percent=Subquery(entry.values(p=percent)[:1]))
        .filter(entry_percent__isnull=False)
        .aggregate(entry=Avg("entry_percent"), exit=Avg(percent))
    )
    children = Assessment.objects.filter(instrument__subject=Instrument.Subject.CHILD)
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
    return {
        "assessment_entry_avg": _avg(exits["entry"]),
        "assessment_exit_avg": _avg(exits["exit"]),
        "child_wellbeing_index": _avg(child["index"]),
    }


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


def _engagement(scope: ReportScope, period: Period) -> Values:
    """Two queries: agents engaged (a referral sent or help delivered in the period, for the
    scope's cases — ``kurator.network.engagement``'s rule narrowed to the scope); appeals."""
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
    volunteer = Q(category__in=VOLUNTEER_CATEGORIES)
    agents = (
        ResourceAgent.objects.filter(organisation_id=scope.organisation_id)
        .filter(Q(pk__in=referred) | Q(pk__in=delivered))
        .aggregate(
            volunteers=Count("pk", filter=volunteer), partners=Count("pk", filter=~volunteer)
        )
    )
    answered = Q(answered_on__isnull=False)
    appeals = (
        scope.filter(Appeal.objects.all())
        .filter(received_on__gte=period.start, received_on__lte=period.end)
        .aggregate(
            total=Count("pk"),
            complaints=Count("pk", filter=Q(kind=Appeal.Kind.COMPLAINT)),
            suggestions=Count("pk", filter=Q(kind=Appeal.Kind.SUGGESTION)),
            answered=Count("pk", filter=answered),
            days=Avg(day_of("answered_on") - day_of("received_on"), filter=answered),
        )
    )
    return {
        "volunteers_engaged": agents["volunteers"],
        "partners_engaged": agents["partners"],
        "appeals_complaints": appeals["complaints"],
        "appeals_suggestions": appeals["suggestions"],
        "appeals_answered": Share(appeals["answered"], appeals["total"]),
        "appeal_days_to_answer": _avg(appeals["days"]),
    }


def _engagement_specs() -> list[Spec]:
    return [
        Spec("volunteers_engaged", _("Волонтёров привлечено")),
        Spec("partners_engaged", _("Партнёров привлечено")),
        Spec("appeals_complaints", _("Жалоб поступило")),
        Spec("appeals_suggestions", _("Предложений поступило")),
        Spec("appeals_answered", _("Обращений с ответом"), "share"),
        Spec("appeal_days_to_answer", _("Дней до ответа на обращение, в среднем"), "days"),
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
)


def _values(scope: ReportScope, period: Period, norms: Norms) -> Values:
    values: Values = {}
    for compute in (
        _signals,
        _cases_values,
        _help,
        _long_term,
        _parental_rights,
        _register,
        _wellbeing,
        _engagement,
    ):
        values.update(compute(scope, period))
    values.update(_norms(scope, period, norms))
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
    """Every indicator of product.md for ``period`` and the same period a year before,
    within ``scope``. A fixed number of aggregate queries, whatever the data size."""
    previous = period.year_before()
    norms = norms_for(scope.organisation_id)
    now = _values(scope, period, norms)
    before = _values(scope, previous, norms)
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
