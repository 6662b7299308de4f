"""``/api/v1/…`` — the monthly monitoring of docs/api.md's Monitoring section: the monthly
forms of a case (list, start pre-filled), a form, submitting it; and
``GET /api/v1/monitoring/monthly-summary/?month=YYYY-MM&curator=<id>`` — the monthly general
monitoring summary of a worker, with the same access as the page: one's own; the team's for
a team head or senior curator; the organisation's curators for the director and the quality
officer; anyone else is a 404. A bad month is a 400. Forms change only through ``services``;
a ``DomainError`` becomes ``400 {field or "detail": [message]}``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.api import MoneyField, idempotent
from kurator.core.http import request_user
from kurator.monitoring.models import MonthlyForm
from kurator.monitoring.queries.monthly import case_monthly_forms, monthly_summary, parse_month
from kurator.monitoring.rules import WRITE
from kurator.monitoring.services import monthly as services

# --- the monthly forms of a case -----------------------------------------------------------


class MonthlyFormSerializer(serializers.ModelSerializer[MonthlyForm]):
    class Meta:
        model = MonthlyForm
        fields = [
            "id",
            "case",
            "month",
            "author",
            "contacts",
            "home_visits",
            "actions_done",
            "actions_due",
            "meetings",
            "services",
            "summary",
            "difficulties",
            "next_steps",
            "status",
            "submitted_at",
            "submitted_by",
        ]
        read_only_fields = fields


class MonthInputSerializer(serializers.Serializer[Any]):
    month = serializers.DateField(
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text="ГГГГ-ММ",
        error_messages={"invalid": _("Укажите месяц в формате ГГГГ-ММ.")},
    )


class MonthlySubmitSerializer(serializers.Serializer[Any]):
    contacts = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    home_visits = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    actions_done = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    actions_due = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    meetings = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    services = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    summary = serializers.CharField(required=False, allow_blank=True)
    difficulties = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)


class CaseMonthlyFormsView(APIView):
    @extend_schema(summary="Ежемесячные формы случая", responses=MonthlyFormSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        return Response(MonthlyFormSerializer(case_monthly_forms(case), many=True).data)

    @extend_schema(
        summary="Начать форму месяца (заполняется по записям месяца; повтор вернёт ту же)",
        request=MonthInputSerializer,
        responses={201: MonthlyFormSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action=WRITE)
        payload = MonthInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        form = services.start_monthly_form(
            case=case, month=payload.validated_data["month"], by=user
        )
        return Response(MonthlyFormSerializer(form).data, status=status.HTTP_201_CREATED)


class MonthlyFormDetailView(APIView):
    @extend_schema(summary="Ежемесячная форма", responses=MonthlyFormSerializer)
    def get(self, request: Request, pk: int) -> Response:
        form = access.get_monthly_form(request_user(request), pk)
        return Response(MonthlyFormSerializer(form).data)


class MonthlyFormSubmitView(APIView):
    @extend_schema(
        summary="Поправить и сдать ежемесячную форму (после сдачи она не меняется)",
        request=MonthlySubmitSerializer,
        responses=MonthlyFormSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        form = access.get_monthly_form(user, pk, action=WRITE)
        payload = MonthlySubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data:
            form = services.update_monthly_form(form=form, by=user, **payload.validated_data)
        form = services.submit_monthly_form(form=form, by=user)
        return Response(MonthlyFormSerializer(form).data)


# --- the monthly summary of a worker --------------------------------------------------------


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
    aid_total = MoneyField()
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
    aid_total = MoneyField()
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
        user = request_user(request)
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
