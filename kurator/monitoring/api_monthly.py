"""``GET /api/v1/monitoring/monthly-summary/?month=YYYY-MM&curator=<id>`` — the monthly
general monitoring summary of a worker (docs/api.md, «Monitoring»). The same access as the
page: one's own; the team's for a team head or senior curator; the organisation's curators
for the director and the quality officer; anyone else is a 404. A bad month is a 400."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.monitoring.monthly_summary import monthly_summary, parse_month


class SummaryCaseSerializer(serializers.Serializer[Any]):
    case_id = serializers.IntegerField()
    family = serializers.CharField()
    status = serializers.CharField()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    at_start = serializers.BooleanField()
    at_end = serializers.BooleanField()
    opened_in_month = serializers.BooleanField()
    closed_in_month = serializers.BooleanField()
    contacts = serializers.IntegerField()
    home_visits = serializers.IntegerField()
    actions_done = serializers.IntegerField()
    actions_due = serializers.IntegerField()
    actions_overdue = serializers.IntegerField()
    meetings = serializers.IntegerField()
    services = serializers.IntegerField()
    aid_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    form_status = serializers.CharField(help_text="submitted / draft / пусто — не начата")
    on_register = serializers.BooleanField()
    register_without_visit = serializers.BooleanField()


class SummaryTotalsSerializer(serializers.Serializer[Any]):
    cases_at_start = serializers.IntegerField()
    cases_at_end = serializers.IntegerField()
    cases_opened = serializers.IntegerField()
    cases_closed = serializers.IntegerField()
    contacts = serializers.IntegerField()
    home_visits = serializers.IntegerField()
    actions_done = serializers.IntegerField()
    actions_due = serializers.IntegerField()
    actions_overdue = serializers.IntegerField()
    meetings = serializers.IntegerField()
    services = serializers.IntegerField()
    aid_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    forms_submitted = serializers.IntegerField()
    forms_not_submitted = serializers.IntegerField()
    register_families = serializers.IntegerField()
    register_without_visit = serializers.IntegerField()


class SummaryCuratorSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MonthlySummarySerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    curator = SummaryCuratorSerializer()
    totals = SummaryTotalsSerializer()
    cases = SummaryCaseSerializer(many=True)


class MonthlySummaryView(APIView):
    @extend_schema(
        summary="Ежемесячный общий мониторинг сотрудника",
        parameters=[
            OpenApiParameter(
                "month", OpenApiTypes.STR, description="Месяц: 2026-11 (по умолчанию текущий)"
            ),
            OpenApiParameter(
                "curator",
                OpenApiTypes.INT,
                description="id сотрудника (по умолчанию — сам пользователь)",
            ),
        ],
        responses=MonthlySummarySerializer,
    )
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        curator = access.get_summary_curator(user, request.query_params.get("curator"))
        month = parse_month(request.query_params.get("month"))
        summary = monthly_summary(cases=access.cases_visible_to(user), curator=curator, month=month)
        body = {
            "month": summary.month.strftime("%Y-%m"),
            "curator": {"id": curator.pk, "name": curator.full_name or curator.username},
            "totals": summary.totals,
            "cases": summary.rows,  # the serializer reads the rows' attributes
        }
        return Response(MonthlySummarySerializer(body).data)
