"""Dashboards by role: what the views and the API show, computed in a fixed number
of queries whatever the amount of data (SQL groups and counts; ``measures`` does the norms).

- **my dashboard** — a caseworker's own caseload (the cases she curates) against the norms,
  her overdue and due-this-week tasks and the cases that need her now;
- **team dashboard** — a row per curator of the team (``measures`` by curator) and the
  signals pipeline with its deadline compliance;
- **director dashboard** — a row per team (``measures`` by team), the pipeline per team, and
  the last 12 months' trends (new signals, new cases, closed cases, active at month end).

Each figure carries the link to the records behind it, and only when the viewer may open
that page (the case list, the signal journal, «Мои задачи», a case). Scopes come from
``kurator.access``: ``report_scope`` for the team and director dashboards, ``own_caseload``
for a caseworker's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.access.base import AnyUser
from kurator.access.reports import ReportScope
from kurator.accounts.models import Norms, Team, User
from kurator.cases.models import Case
from kurator.cases.norms import norms_for
from kurator.cases.queries.opening import overdue_q
from kurator.cases.services.opening import CURATOR_ROLES
from kurator.core.concurrency import run_concurrently
from kurator.intake.models import Signal
from kurator.intake.models import overdue_q as signal_overdue_q
from kurator.reports.measures import NormMeasures, measures, total
from kurator.tasks.models import Task

__all__ = [
    "ATTENTION_LIMIT",
    "CASE_WRITE",
    "CuratorDashboard",
    "DirectorDashboard",
    "Pipeline",
    "Row",
    "TeamDashboard",
    "Trend",
    "curator_dashboard",
    "dashboard_kind",
    "director_dashboard",
    "own_caseload",
    "team_dashboard",
]

CASE_WRITE = "cases.case:write"
CASE_READ = "cases.case:read"
SIGNAL_READ = "intake.signal:read"
ATTENTION_LIMIT = 10
WEEK_DAYS = 7
PIPELINE_DAYS = 90  # deadline compliance: signals received in the last 90 days
TREND_MONTHS = 12


def dashboard_kind(user: AnyUser) -> str | None:
    """Which dashboard the reports home sends the user to: ``organisation`` (director,
    quality officer), ``team`` (team head, senior curator), ``curator`` (a caseworker) or
    None (no dashboard: intake operator, agent, administrator …)."""
    staff = access.active_staff(user)
    if staff is None:
        return None
    if staff.has_perm(access.REPORT_READ):
        return "organisation" if access.has_org_scope(staff) else "team"
    if staff.has_perm(CASE_WRITE):
        return "curator"
    return None


def own_caseload(user: AnyUser) -> tuple[ReportScope, User]:
    """The caseworker's own dashboard scope: her organisation's cases she curates. Without
    ``cases.case:write`` a 403."""
    access.require(user, CASE_WRITE)
    staff = access.active_staff(user)
    if staff is None:  # pragma: no cover - require() refuses anonymous users first
        raise Http404
    return ReportScope(staff.organisation_id, None, staff.user.full_name), staff.user


def _url(name: str, query: dict[str, Any] | None = None, args: list[Any] | None = None) -> str:
    url = reverse(name, args=args)
    query = {k: v for k, v in (query or {}).items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _case_links(
    user: AnyUser, curator_id: int | None, team_id: int | None = None
) -> dict[str, str]:
    """Links from caseload figures to the case list, filtered (its own filters: status,
    curator, team, complexity, overdue); none if the viewer may not open the list. Built
    from the ids alone: no query."""
    if not user.has_perm(CASE_READ):
        return {}
    who = {"curator": curator_id, "team": team_id}
    return {
        "active": _url("cases:case_list", {"status": Case.Status.OPEN, **who}),
        "high_complexity": _url(
            "cases:case_list",
            {"status": Case.Status.OPEN, "complexity": Case.Complexity.HIGH, **who},
        ),
        "post_support": _url("cases:case_list", {"status": Case.Status.POST_SUPPORT, **who}),
        "overdue": _url("cases:case_list", {"overdue": "on", **who}),
        "caseload": _url("cases:case_list", who),
    }


# --- my dashboard ------------------------------------------------------------------------------


@dataclass
class CuratorDashboard:
    curator: User
    norms: Norms
    today: date
    measures: NormMeasures
    over: dict[str, bool]
    under: dict[str, bool]
    links: dict[str, str]
    tasks_overdue: int
    tasks_today: int
    tasks_week: int
    upcoming: list[Task]  # open tasks overdue or due within a week, soonest first
    attention: Sequence[Case]  # her overdue open cases, oldest deadline first
    tasks_url: str = field(default_factory=lambda: reverse("tasks:mine"))


def curator_dashboard(user: AnyUser, *, today: date | None = None) -> CuratorDashboard:
    """The caseworker's own caseload against the norms, her tasks and overdue cases. Eight
    queries, whatever the caseload."""
    scope, curator = own_caseload(user)
    today = today or timezone.localdate()
    norms = norms_for(scope.organisation_id)
    row = measures(scope=scope, norms=norms, curator_id=curator.pk, today=today).get(
        curator.pk, NormMeasures(key=curator.pk)
    )
    week_end = today + timedelta(days=WEEK_DAYS)
    tasks = access.tasks_visible_to(user).filter(status=Task.Status.OPEN)
    counts = tasks.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        today=Count("pk", filter=Q(due_on=today)),
        week=Count("pk", filter=Q(due_on__gt=today, due_on__lte=week_end)),
    )
    upcoming = list(
        tasks.filter(due_on__lte=week_end)
        .select_related("case")
        .order_by("due_on", "pk")[:ATTENTION_LIMIT]
    )
    attention = list(
        _own_cases(scope, curator)
        .filter(overdue_q(today))
        .select_related("family")
        .annotate(plan_agreed_on=F("plan__agreed_on"))
        .order_by("folder_due", "plan_due", "pk")[:ATTENTION_LIMIT]
    )
    return CuratorDashboard(
        curator=curator,
        norms=norms,
        today=today,
        measures=row,
        over=row.over(norms),
        under=row.under(norms),
        links=_case_links(user, curator.pk),
        tasks_overdue=counts["overdue"],
        tasks_today=counts["today"],
        tasks_week=counts["week"],
        upcoming=upcoming,
        attention=attention,
    )


def _own_cases(scope: ReportScope, curator: User) -> QuerySet[Case]:
    return scope.filter(Case.objects.all()).filter(curator_id=curator.pk)


# --- the signals pipeline ----------------------------------------------------------------------


@dataclass
class Stage:
    """Deadline compliance of one stage: of the signals received in the window whose stage is
    done, how many met the deadline; and how many are late right now."""

    key: str
    label: str
    done: int = 0
    on_time: int = 0

    @property
    def percent(self) -> int | None:
        return round(self.on_time * 100 / self.done) if self.done else None


@dataclass
class Pipeline:
    key: int | None  # team id (None: the scope's total)
    new: int = 0
    team_assigned: int = 0
    visited: int = 0
    overdue: int = 0
    received: int = 0  # in the window
    accepted: int = 0
    refused: int = 0
    redirected: int = 0
    stages: list[Stage] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def in_progress(self) -> int:
        return self.new + self.team_assigned + self.visited

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "team_assigned": self.team_assigned,
            "visited": self.visited,
            "in_progress": self.in_progress,
            "overdue": self.overdue,
            "received": self.received,
            "accepted": self.accepted,
            "refused": self.refused,
            "redirected": self.redirected,
            "stages": [
                {
                    "key": s.key,
                    "label": s.label,
                    "done": s.done,
                    "on_time": s.on_time,
                    "percent": s.percent,
                }
                for s in self.stages
            ],
        }


STAGES = ("team", "visit", "report", "decision")
# The pipeline's counts: one aggregate each in ``pipelines``, summed over teams in
# ``_add_pipeline``.
COUNTS = (
    "new",
    "team_assigned",
    "visited",
    "overdue",
    "received",
    "accepted",
    "refused",
    "redirected",
)


def _stage_label(key: str) -> str:
    labels = {
        "team": _("команда выезда назначена в срок"),
        "visit": _("первичный выезд в срок"),
        "report": _("отчёт о выезде в срок"),
        "decision": _("решение в срок"),
    }
    return labels[key]


def pipelines(
    user: AnyUser, scope: ReportScope, *, by_team: bool, today: date
) -> dict[int | None, Pipeline]:
    """The signals pipeline of the scope (one query), per team when ``by_team`` (keyed by team
    id), else one ``None`` row. Counts of signals at each open stage now and those late now;
    of the signals received in the last ``PIPELINE_DAYS`` days: decisions, and each stage's
    compliance (done by its recorded deadline)."""
    now = timezone.now()
    since = timezone.make_aware(
        datetime.combine(today - timedelta(days=PIPELINE_DAYS), datetime.min.time())
    )
    S = Signal.Status
    recent = Q(received_at__gte=since)
    fv = "first_visit__"
    done = {
        "team": recent & Q(team_due__isnull=False, first_visit__isnull=False),
        "visit": recent & Q(visit_due__isnull=False, **{f"{fv}visited_at__isnull": False}),
        "report": recent
        & Q(report_due__isnull=False, **{f"{fv}report_submitted_at__isnull": False}),
        "decision": recent & Q(decision_due__isnull=False, decision__isnull=False),
    }
    on_time = {
        "team": Q(**{f"{fv}assigned_at__date__lte": F("team_due")}),
        "visit": Q(**{f"{fv}visited_at__date__lte": F("visit_due")}),
        "report": Q(**{f"{fv}report_submitted_at__lte": F("report_due")}),
        "decision": Q(decision__decided_at__date__lte=F("decision_due")),
    }
    aggregates: dict[str, Any] = {
        "new": Count("pk", filter=Q(status=S.NEW)),
        "team_assigned": Count("pk", filter=Q(status=S.TEAM_ASSIGNED)),
        "visited": Count("pk", filter=Q(status=S.VISITED)),
        "overdue": Count("pk", filter=signal_overdue_q(today=today, now=now)),
        "received": Count("pk", filter=recent),
        "accepted": Count("pk", filter=recent & Q(status=S.ACCEPTED)),
        "refused": Count("pk", filter=recent & Q(status=S.REFUSED)),
        "redirected": Count("pk", filter=recent & Q(status=S.REDIRECTED)),
    }
    for key in STAGES:
        aggregates[f"{key}_done"] = Count("pk", filter=done[key])
        aggregates[f"{key}_on_time"] = Count("pk", filter=done[key] & on_time[key])
    # Only the signals a figure counts: those still open and those of the window.
    signals = (
        scope.filter(Signal.objects.all())
        .filter(Q(status__in=[S.NEW, S.TEAM_ASSIGNED, S.VISITED]) | recent)
        .order_by()
    )
    data: list[dict[str, Any]]
    if by_team:
        data = [dict(item) for item in signals.values("team_id").annotate(**aggregates)]
    else:
        data = [{"team_id": None, **signals.aggregate(**aggregates)}]
    result: dict[int | None, Pipeline] = {}
    for item in data:
        pipeline = Pipeline(key=item["team_id"])
        for name in COUNTS:
            setattr(pipeline, name, item[name])
        pipeline.stages = [
            Stage(key, _stage_label(key), item[f"{key}_done"], item[f"{key}_on_time"])
            for key in STAGES
        ]
        pipeline.links = _signal_links(user, pipeline.key if by_team else scope.team_id)
        result[pipeline.key] = pipeline
    return result


def _signal_links(user: AnyUser, team_id: int | None = None) -> dict[str, str]:
    """Links to the signal journal with its own filters (status, overdue, and the team when
    the figures are one team's); the journal shows the viewer's scope of signals. None if
    she has no journal. Built from the ids alone: no query."""
    if not user.has_perm(SIGNAL_READ):
        return {}
    S = Signal.Status
    team = {"team": team_id}
    return {
        "new": _url("intake:signal_list", {"status": S.NEW, **team}),
        "team_assigned": _url("intake:signal_list", {"status": S.TEAM_ASSIGNED, **team}),
        "visited": _url("intake:signal_list", {"status": S.VISITED, **team}),
        "in_progress": _url("intake:signal_list", {"status": "open", **team}),
        "overdue": _url("intake:signal_list", {"overdue": "on", **team}),
        "accepted": _url("intake:signal_list", {"status": S.ACCEPTED, **team}),
        "refused": _url("intake:signal_list", {"status": S.REFUSED, **team}),
        "redirected": _url("intake:signal_list", {"status": S.REDIRECTED, **team}),
        "all": _url("intake:signal_list", team),
    }


# --- team dashboard ------------------------------------------------------------------------------


@dataclass
class Row:
    """One curator's or team's line: its measures, the over-norm flags and the links."""

    key: int | None
    name: str
    measures: NormMeasures
    over: dict[str, bool]
    under: dict[str, bool]
    links: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.key, "name": self.name, **self.measures.as_dict(), "over": self.over}


@dataclass
class TeamDashboard:
    scope: ReportScope
    norms: Norms
    today: date
    rows: list[Row]
    total: Row
    pipeline: Pipeline
    teams: list[Team]  # the team picker of organisation roles (empty for team roles)

    @property
    def needs_team(self) -> bool:
        """An organisation-wide viewer who has not picked a team yet."""
        return self.scope.is_organisation


def team_dashboard(
    user: AnyUser, *, team_id: int | str | None = None, today: date | None = None
) -> TeamDashboard:
    """A row per curator of the team, the team's total and its signals pipeline. Nine
    queries, whatever the team's size. The team head and senior curator always get their own
    team; the director and quality officer pick one (``team_id``; without it only the
    picker is shown; another organisation's team is a 404)."""
    scope = access.report_scope(user, team_id=team_id)
    today = today or timezone.localdate()
    teams = list(access.report_teams(user))
    norms = norms_for(scope.organisation_id)
    if scope.is_organisation:
        empty = Row(None, scope.label, NormMeasures(key=None), {}, {}, {})
        return TeamDashboard(scope, norms, today, [], empty, Pipeline(key=None), teams)
    by_curator = measures(scope=scope, norms=norms, by="curator", today=today)
    curators = User.objects.filter(
        Q(pk__in=list(by_curator))
        | Q(
            organisation_id=scope.organisation_id,
            team_id=scope.team_id,
            is_active=True,
            roles__code__in=CURATOR_ROLES,
        )
    ).distinct()
    rows = [
        _row(
            user,
            norms,
            curator.pk,
            curator.full_name or curator.username,
            by_curator.get(curator.pk),
            curator_id=curator.pk,
            team_id=scope.team_id,
        )
        for curator in sorted(curators, key=lambda u: (u.last_name, u.first_name, u.pk))
    ]
    whole = total(by_curator.values())
    total_row = Row(
        None, scope.label, whole, whole.over(norms), {}, _case_links(user, None, scope.team_id)
    )
    pipeline = pipelines(user, scope, by_team=False, today=today)[None]
    return TeamDashboard(scope, norms, today, rows, total_row, pipeline, teams)


def _row(
    user: AnyUser,
    norms: Norms,
    key: int,
    name: str,
    row: NormMeasures | None,
    *,
    curator_id: int | None = None,
    team_id: int | None = None,
) -> Row:
    """A curator's row (``curator_id``, and the team she is counted in) or a team's row
    (``team_id``): its links open the case list narrowed the same way."""
    row = row or NormMeasures(key=key)
    links = _case_links(user, curator_id, team_id)
    return Row(key, name, row, row.over(norms), row.under(norms), links)


# --- director dashboard ------------------------------------------------------------------------


@dataclass
class Trend:
    month: date  # the month's first day
    new_signals: int = 0
    new_cases: int = 0
    closed_cases: int = 0
    active_cases: int = 0  # open at the month's end (or today, for the current month)

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month.strftime("%Y-%m"),
            "new_signals": self.new_signals,
            "new_cases": self.new_cases,
            "closed_cases": self.closed_cases,
            "active_cases": self.active_cases,
        }


@dataclass
class DirectorDashboard:
    scope: ReportScope
    norms: Norms
    today: date
    rows: list[Row]
    total: Row
    pipelines: dict[int | None, Pipeline]
    pipeline: Pipeline
    trends: list[Trend]
    teams: list[Team]

    def chart_data(self) -> dict[str, Any]:
        """What the Chart.js chart reads (``json_script``)."""
        return {
            "labels": [t.month.strftime("%m.%Y") for t in self.trends],
            "new_signals": [t.new_signals for t in self.trends],
            "new_cases": [t.new_cases for t in self.trends],
            "closed_cases": [t.closed_cases for t in self.trends],
            "active_cases": [t.active_cases for t in self.trends],
            "names": {
                "new_signals": _("Новые сигналы"),
                "new_cases": _("Открыто случаев"),
                "closed_cases": _("Закрыто случаев"),
                "active_cases": _("Активных на конец месяца"),
            },
        }


def director_dashboard(
    user: AnyUser, *, team_id: int | str | None = None, today: date | None = None
) -> DirectorDashboard:
    """A row per team, each team's signals pipeline and the last 12 months' trends.
    Eleven queries, whatever the organisation's size; on PostgreSQL the measures, the
    pipelines and the trends run on two connections at once (``kurator.core.concurrency``)."""
    scope = access.report_scope(user, team_id=team_id)
    today = today or timezone.localdate()
    norms = norms_for(scope.organisation_id)
    parts: list[Callable[[], Any]] = [
        lambda: measures(scope=scope, norms=norms, by="team", today=today),
        lambda: pipelines(user, scope, by_team=True, today=today),
        lambda: trends(scope, today=today),
    ]
    by_team, per_team, trend = run_concurrently(parts)
    teams = list(access.report_teams(user))
    shown = teams if scope.is_organisation else [t for t in teams if t.pk == scope.team_id]
    if not shown and scope.team_id is not None:  # a team role: her own team
        shown = list(Team.objects.filter(pk=scope.team_id))
    rows = [_row(user, norms, t.pk, t.name, by_team.get(t.pk), team_id=t.pk) for t in shown]
    whole = total(by_team.values())
    total_row = Row(
        None, scope.label, whole, whole.over(norms), {}, _case_links(user, None, scope.team_id)
    )
    pipeline = Pipeline(key=None, links=_signal_links(user, scope.team_id))
    for item in per_team.values():
        _add_pipeline(pipeline, item)
    for team in shown:
        per_team.setdefault(
            team.pk,
            Pipeline(key=team.pk, stages=_empty_stages(), links=_signal_links(user, team.pk)),
        )
    return DirectorDashboard(
        scope=scope,
        norms=norms,
        today=today,
        rows=rows,
        total=total_row,
        pipelines=per_team,
        pipeline=pipeline,
        trends=trend,
        teams=teams,
    )


def _empty_stages() -> list[Stage]:
    return [Stage(key, _stage_label(key)) for key in STAGES]


def _add_pipeline(target: Pipeline, item: Pipeline) -> None:
    for name in COUNTS:
        setattr(target, name, getattr(target, name) + getattr(item, name))
    if not target.stages:
        target.stages = _empty_stages()
    for mine, theirs in zip(target.stages, item.stages, strict=True):
        mine.done += theirs.done
        mine.on_time += theirs.on_time


def _month_starts(today: date, months: int) -> list[date]:
    first = today.replace(day=1)
    return [first - relativedelta(months=n) for n in range(months - 1, -1, -1)]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def trends(scope: ReportScope, *, today: date, months: int = TREND_MONTHS) -> list[Trend]:
    """The last ``months`` calendar months (the current one so far): new signals, new cases,
    cases closed (or moved to post-support), cases open at the month's end. Four queries,
    each grouping only the window's rows: the cases open at a month's end are those opened
    before the window and not closed before it, plus the window's openings, less its
    closings, month by month."""
    starts = _month_starts(today, months)
    window = _aware(starts[0])
    cases = scope.filter(Case.objects.all()).order_by()
    before = cases.filter(opened_at__lt=window).aggregate(
        opened=Count("pk"), closed=Count("pk", filter=Q(closed_at__lt=window))
    )
    opened = _by_month(cases.filter(opened_at__gte=window), "opened_at")
    closed = _by_month(cases.filter(closed_at__gte=window), "closed_at")
    received = _by_month(
        scope.filter(Signal.objects.all()).order_by().filter(received_at__gte=window),
        "received_at",
    )
    active = before["opened"] - before["closed"]
    result = []
    for start in starts:
        active += opened.get(start, 0) - closed.get(start, 0)
        result.append(
            Trend(
                month=start,
                new_signals=received.get(start, 0),
                new_cases=opened.get(start, 0),
                closed_cases=closed.get(start, 0),
                active_cases=active,
            )
        )
    return result


def _by_month(rows: QuerySet[Any], field: str) -> dict[date, int]:
    """Counts of ``rows`` by the local calendar month of ``field`` (keyed by its first day)."""
    grouped = rows.annotate(month=TruncMonth(field)).values("month").annotate(n=Count("pk"))
    result: dict[date, int] = {}
    for item in grouped:
        month = item["month"]
        day = timezone.localtime(month).date() if isinstance(month, datetime) else month
        result[day.replace(day=1)] = result.get(day.replace(day=1), 0) + item["n"]
    return result
