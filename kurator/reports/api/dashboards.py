"""``GET /api/v1/reports/dashboard/?team=`` — the caller's own dashboard as JSON (docs/api.md,
«Reports»): the same figures the pages show.

Which dashboard follows from the caller's roles (``queries.dashboards.dashboard_kind``): the
programme director and the quality officer get the organisation's (a row per team, the
signals pipeline, 12 months' trends) or, with ``team``, that team's (a row per curator;
another organisation's team is a 404); the team head and the senior curator their team's;
a caseworker (``cases.case:write``) her own caseload and tasks. Anyone else has no
dashboard: 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator.access.reports import ReportScope
from kurator.accounts.models import Norms, User
from kurator.core.api import MAX_ID, MoneyField
from kurator.core.http import request_user
from kurator.reports.queries import dashboards
from kurator.reports.queries.dashboards import Pipeline, Row

NORM_FIELDS = (
    "caseload_min",
    "caseload_optimal",
    "caseload_max",
    "high_complexity_max",
    "post_support_max",
    "intensity_days",
    "cumulative_delay_max_days",
    "duration_min_months",
    "duration_max_months",
    "cost_per_case_max",
)


class DashboardQuerySerializer(serializers.Serializer[Any]):
    team = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="id команды (директор программы, специалист по качеству): строки по "
        "кураторам этой команды; без него — по командам организации",
        error_messages={"invalid": gettext_lazy("Укажите номер команды.")},
    )


class NormsSerializer(serializers.Serializer[Any]):
    caseload_min = serializers.IntegerField(read_only=True)
    caseload_optimal = serializers.IntegerField(read_only=True)
    caseload_max = serializers.IntegerField(read_only=True)
    high_complexity_max = serializers.IntegerField(read_only=True)
    post_support_max = serializers.IntegerField(read_only=True)
    intensity_days = serializers.IntegerField(read_only=True)
    cumulative_delay_max_days = serializers.IntegerField(read_only=True)
    duration_min_months = serializers.IntegerField(read_only=True)
    duration_max_months = serializers.IntegerField(read_only=True)
    cost_per_case_max = MoneyField()


class OverSerializer(serializers.Serializer[Any]):
    active = serializers.BooleanField(read_only=True)
    high_complexity = serializers.BooleanField(read_only=True)
    post_support = serializers.BooleanField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    not_intensive = serializers.BooleanField(read_only=True)
    delayed_cases = serializers.BooleanField(read_only=True)
    long_cases = serializers.BooleanField(read_only=True)
    short_closed = serializers.BooleanField(read_only=True)
    cost_over_norm = serializers.BooleanField(read_only=True)
    consents_missing = serializers.BooleanField(read_only=True)


class MeasuresSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="id куратора или команды; null — итог"
    )
    name = serializers.CharField(read_only=True)
    active = serializers.IntegerField(read_only=True, help_text="Открытые случаи")
    high_complexity = serializers.IntegerField(read_only=True)
    post_support = serializers.IntegerField(read_only=True)
    caseload = serializers.IntegerField(read_only=True, help_text="Открытые и постсопровождение")
    overdue = serializers.IntegerField(read_only=True, help_text="Просроченные случаи")
    plan_actions = serializers.IntegerField(
        read_only=True, help_text="Действий плана выполнено за intensity_days дней"
    )
    intensity = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Действий плана на открытый случай"
    )
    not_intensive = serializers.IntegerField(
        read_only=True, help_text="Открытые случаи без шага плана дольше intensity_days"
    )
    delay_days = serializers.IntegerField(
        read_only=True, help_text="Суммарная задержка этапов по открытым случаям, дней"
    )
    avg_delay_days = serializers.FloatField(read_only=True, allow_null=True)
    delayed_cases = serializers.IntegerField(
        read_only=True, help_text="Случаи с задержкой больше норматива"
    )
    duration_days = serializers.IntegerField(read_only=True)
    avg_duration_months = serializers.FloatField(read_only=True, allow_null=True)
    long_cases = serializers.IntegerField(
        read_only=True, help_text="Открыты дольше duration_max_months (кроме постоянного)"
    )
    closed_12m = serializers.IntegerField(read_only=True)
    closed_duration_days = serializers.IntegerField(read_only=True)
    avg_closed_duration_months = serializers.FloatField(read_only=True, allow_null=True)
    short_closed = serializers.IntegerField(read_only=True)
    cost = MoneyField(help_text="Учтённые расходы за 12 месяцев, ₽")
    costed_cases = serializers.IntegerField(read_only=True)
    cost_per_case = MoneyField(allow_null=True)
    cost_over_norm = serializers.IntegerField(read_only=True)
    consents_missing = serializers.IntegerField(
        read_only=True, help_text="Открытые случаи, где у члена семьи нет согласия на обработку"
    )
    over = OverSerializer(read_only=True, help_text="Какие значения нарушают норматив")


class StageSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(read_only=True, help_text="team, visit, report, decision")
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    done = serializers.IntegerField(read_only=True)
    on_time = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True, allow_null=True)


class PipelineSerializer(serializers.Serializer[Any]):
    team = serializers.IntegerField(read_only=True, allow_null=True)
    new = serializers.IntegerField(read_only=True)
    team_assigned = serializers.IntegerField(read_only=True)
    visited = serializers.IntegerField(read_only=True)
    in_progress = serializers.IntegerField(read_only=True)
    overdue = serializers.IntegerField(read_only=True)
    received = serializers.IntegerField(read_only=True, help_text="Получено за 90 дней")
    accepted = serializers.IntegerField(read_only=True)
    refused = serializers.IntegerField(read_only=True)
    redirected = serializers.IntegerField(read_only=True)
    stages = StageSerializer(many=True, read_only=True)


class TasksSerializer(serializers.Serializer[Any]):
    overdue = serializers.IntegerField(read_only=True)
    today = serializers.IntegerField(read_only=True)
    week = serializers.IntegerField(read_only=True)


class TrendSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(read_only=True, help_text="ГГГГ-ММ")
    new_signals = serializers.IntegerField(read_only=True)
    new_cases = serializers.IntegerField(read_only=True)
    closed_cases = serializers.IntegerField(read_only=True)
    active_cases = serializers.IntegerField(read_only=True)


class ScopeSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    organisation = serializers.IntegerField(read_only=True)
    team = serializers.IntegerField(read_only=True, allow_null=True)


class DashboardSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(
        read_only=True, help_text="curator, team или organisation: по кому строки"
    )
    today = serializers.DateField(read_only=True)
    scope = ScopeSerializer(read_only=True)
    norms = NormsSerializer(read_only=True)
    rows = MeasuresSerializer(many=True, read_only=True)
    total = MeasuresSerializer(read_only=True)
    tasks = TasksSerializer(read_only=True, allow_null=True)
    signals = PipelineSerializer(read_only=True, allow_null=True)
    signals_by_team = PipelineSerializer(many=True, read_only=True)
    trends = TrendSerializer(many=True, read_only=True)


def _norms(norms: Norms) -> dict[str, Any]:
    return {name: getattr(norms, name) for name in NORM_FIELDS}


def _scope(scope: ReportScope) -> dict[str, Any]:
    return {"label": scope.label, "organisation": scope.organisation_id, "team": scope.team_id}


def _pipeline(pipeline: Pipeline) -> dict[str, Any]:
    return {"team": pipeline.key, **pipeline.as_dict()}


def _row(row: Row) -> dict[str, Any]:
    return row.as_dict()


def payload(user: User, team_id: int | None, *, today: date | None = None) -> dict[str, Any]:
    kind = dashboards.dashboard_kind(user)
    if kind is None:
        raise NotFound
    if kind == "curator":
        mine = dashboards.curator_dashboard(user, today=today)
        row = Row(mine.curator.pk, mine.curator.full_name, mine.measures, mine.over, {}, {})
        return {
            "kind": "curator",
            "today": mine.today,
            "scope": {"label": row.name, "organisation": user.organisation_id, "team": None},
            "norms": _norms(mine.norms),
            "rows": [_row(row)],
            "total": _row(row),
            "tasks": {
                "overdue": mine.tasks_overdue,
                "today": mine.tasks_today,
                "week": mine.tasks_week,
            },
            "signals": None,
            "signals_by_team": [],
            "trends": [],
        }
    if kind == "team" or team_id is not None:
        team = dashboards.team_dashboard(user, team_id=team_id, today=today)
        return {
            "kind": "team",
            "today": team.today,
            "scope": _scope(team.scope),
            "norms": _norms(team.norms),
            "rows": [_row(r) for r in team.rows],
            "total": _row(team.total),
            "tasks": None,
            "signals": _pipeline(team.pipeline),
            "signals_by_team": [],
            "trends": [],
        }
    org = dashboards.director_dashboard(user, today=today)
    return {
        "kind": "organisation",
        "today": org.today,
        "scope": _scope(org.scope),
        "norms": _norms(org.norms),
        "rows": [_row(r) for r in org.rows],
        "total": _row(org.total),
        "tasks": None,
        "signals": _pipeline(org.pipeline),
        "signals_by_team": [_pipeline(p) for key, p in org.pipelines.items() if key is not None],
        "trends": [t.as_dict() for t in org.trends],
    }


class DashboardView(APIView):
    @extend_schema(
        operation_id="reports_dashboard",
        summary="Дашборд по роли: своя нагрузка, команда или организация",
        parameters=[DashboardQuerySerializer],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        team_id = query.validated_data.get("team")
        data = payload(request_user(request), team_id)
        return Response(DashboardSerializer(data).data)
