"""``GET /api/v1/reports/indicators/?start=&end=&team=`` — the indicator report as JSON: the
same ``IndicatorReport`` the page, the XLSX and the PDF show (docs/api.md, «Reports»).

Needs ``reports.report:read`` (403 otherwise); the scope is ``access.report_scope``: the
organisation or one of its teams (``team``; another organisation's team is a 404) for the
director and the quality officer, always her own team for a team head or senior curator. A
bad period is a 400 naming the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.api import MAX_ID, MONEY_SCHEMA, money_string
from kurator.core.http import request_user
from kurator.reports.figures import Figure, Period, check_period, period_label
from kurator.reports.queries.indicators import compute_indicators


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return float(value)
    return int(value)


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """An int stays an int; a decimal (a count, days, a percent — never money) becomes a JSON
    number."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> int | float | None:
        return _number(value)


@extend_schema_field({"oneOf": [{"type": "number"}, MONEY_SCHEMA], "nullable": True})
class FigureValueField(serializers.Field):
    """``current`` or ``previous`` of a figure: a number, or for a figure in roubles
    (``unit`` «rub») a decimal string with two places, as money is everywhere in the API."""

    def __init__(self, attribute: str, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)
        self.attribute = attribute

    def to_representation(self, value: Any) -> int | float | str | None:
        figure: Figure = value
        amount = getattr(figure, self.attribute)
        if figure.unit == "rub" and amount is not None:
            return money_string(amount)
        return _number(amount)


class IndicatorQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(
        required=False,
        help_text="Начало периода, ГГГГ-ММ-ДД (без start и end — текущий год)",
        error_messages={"invalid": gettext_lazy("Дата в формате ГГГГ-ММ-ДД.")},
    )
    end = serializers.DateField(
        required=False,
        help_text="Конец периода включительно, ГГГГ-ММ-ДД; не больше 366 дней от начала",
        error_messages={"invalid": gettext_lazy("Дата в формате ГГГГ-ММ-ДД.")},
    )
    team = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="id команды (директор программы, специалист по качеству); без него — вся "
        "организация. Руководителю команды и старшему куратору — всегда своя команда",
    )


class IndicatorPeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True)
    label = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_label(self, period: Period) -> str:
        return period_label(period)


class IndicatorScopeSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="Организация или команда"
    )
    organisation = serializers.IntegerField(read_only=True)
    team = serializers.IntegerField(read_only=True, allow_null=True)


class IndicatorFigureSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    unit = serializers.CharField(
        read_only=True,
        help_text="count, share (current из current_of), days, months, rub, hours, score",
    )
    current = FigureValueField(
        "current",
        help_text="Значение за период (для доли — часть); для unit rub — сумма строкой «3703.50»",
    )
    previous = FigureValueField(
        "previous", help_text="Значение за тот же период годом раньше (для rub — строкой)"
    )
    current_of = NumberField(help_text="Для доли: из скольких (за период)")
    previous_of = NumberField(help_text="Для доли: из скольких (годом раньше)")
    current_percent = NumberField(help_text="Для доли: процент, целый, округление half-up")
    previous_percent = NumberField()
    change = NumberField(
        help_text="Изменение: в процентах к году раньше, для доли — в процентных пунктах; "
        "null, если его нельзя сказать (годом раньше было 0 или нет данных)"
    )
    change_unit = serializers.SerializerMethodField(help_text="percent или points")
    note = serializers.CharField(read_only=True)

    def get_change_unit(self, item: Figure) -> str:
        return "points" if item.change_is_points else "percent"


class IndicatorSectionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    chart = serializers.BooleanField(read_only=True)
    figures = IndicatorFigureSerializer(many=True, read_only=True)


class IndicatorReportSerializer(serializers.Serializer[Any]):
    scope = IndicatorScopeSerializer(read_only=True)
    period = IndicatorPeriodSerializer(read_only=True)
    previous = IndicatorPeriodSerializer(read_only=True, help_text="Тот же период годом раньше")
    generated_at = serializers.DateTimeField(read_only=True)
    sections = IndicatorSectionSerializer(many=True, read_only=True)


class IndicatorReportView(APIView):
    @extend_schema(
        summary="Отчёт по показателям за период в сравнении с тем же периодом годом раньше",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("team", OpenApiTypes.INT),
        ],
        responses=IndicatorReportSerializer,
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, access.REPORT_READ)
        params = IndicatorQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data: dict[str, Any] = params.validated_data
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            period = Period.year(timezone.localdate().year)
        else:
            period = check_period(start, end)
        scope = access.report_scope(user, team_id=data.get("team"))
        report = compute_indicators(scope=scope, period=period)
        body = {
            "scope": {
                "label": scope.label,
                "organisation": scope.organisation_id,
                "team": scope.team_id,
            },
            "period": report.period,
            "previous": report.previous,
            "generated_at": report.generated_at,
            "sections": report.sections,
        }
        return Response(IndicatorReportSerializer(body).data)
