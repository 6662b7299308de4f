"""``/api/v1/hotline-calls/`` — the hotline journal for a telephony system and for scripts
(docs/api.md): post a call (its ``external_id`` makes a repeat harmless), read the journal,
make a signal of a call. Scope and permissions are the HTML pages' (``access``); a
service's ``IntakeError`` is a 400 naming the field."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.core.api import MAX_ID, UnknownFieldsRefused, idempotent
from kurator.core.http import request_user
from kurator.intake.errors import IntakeError
from kurator.intake.hotline import services
from kurator.intake.hotline.models import HotlineCall

TAG = ["hotline"]
WRITE = "intake.signal:write"


class CallSerializer(serializers.ModelSerializer[HotlineCall]):
    operator_name = serializers.CharField(source="operator.short_name", read_only=True)

    class Meta:
        model = HotlineCall
        fields = [
            "id",
            "direction",
            "started_at",
            "duration_seconds",
            "caller_kind",
            "caller_name",
            "caller_phone",
            "topic",
            "summary",
            "outcome",
            "redirected_to",
            "signal",
            "team",
            "operator",
            "operator_name",
            "external_id",
            "recorded_at",
        ]
        read_only_fields = fields


def _blank_choice(choices: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=list(choices), required=False, allow_blank=True, default=""
    )


class CallInSerializer(UnknownFieldsRefused[Any]):
    direction = serializers.ChoiceField(choices=HotlineCall.Direction.values)
    started_at = serializers.DateTimeField()
    duration_seconds = serializers.IntegerField(
        min_value=0, max_value=services.DURATION_MAX_SECONDS, required=False, default=0
    )
    caller_kind = _blank_choice(HotlineCall.CallerKind.values)
    caller_name = serializers.CharField(
        max_length=services.NAME_MAX, required=False, allow_blank=True, default=""
    )
    caller_phone = serializers.CharField(
        max_length=services.PHONE_MAX, required=False, allow_blank=True, default=""
    )
    topic = _blank_choice(HotlineCall.Topic.values)
    summary = serializers.CharField(
        max_length=services.SUMMARY_MAX, required=False, allow_blank=True, default=""
    )
    outcome = _blank_choice(
        [v for v in HotlineCall.Outcome.values if v != HotlineCall.Outcome.SIGNAL]
    )
    redirected_to = serializers.CharField(
        max_length=services.REDIRECT_MAX, required=False, allow_blank=True, default=""
    )
    operator = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Кто ответил (id сотрудника); по умолчанию — владелец ключа."),
    )
    external_id = serializers.CharField(
        max_length=services.EXTERNAL_ID_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Номер звонка в телефонии: повтор с тем же номером не создаст второй."),
    )


class SignalMadeSerializer(serializers.Serializer[Any]):
    signal = serializers.IntegerField()
    call = CallSerializer()


def _operator(user: User, pk: int | None) -> User | None:
    if pk is None:
        return None
    operator = access.hotline_operators_for(user).filter(pk=pk).first()
    if operator is None:
        raise IntakeError(_("Оператор не найден в вашей команде."), field="operator")
    return operator


class CallListCreateView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Журнал горячей линии",
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="с этого дня (по умолчанию — 7 дней назад)"
            ),
            OpenApiParameter(
                "end", OpenApiTypes.DATE, description="по этот день (по умолчанию — сегодня)"
            ),
            OpenApiParameter("outcome", OpenApiTypes.STR, enum=HotlineCall.Outcome.values),
        ],
        responses=CallSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "intake.signal:read")
        query = _PeriodSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        end = query.validated_data.get("end") or today
        start = query.validated_data.get("start") or end - timedelta(days=6)
        tz = timezone.get_current_timezone()
        calls = access.hotline_calls_visible_to(user).filter(
            started_at__gte=datetime.combine(start, time.min, tzinfo=tz),
            started_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
        )
        if query.validated_data.get("outcome"):
            calls = calls.filter(outcome=query.validated_data["outcome"])
        shown = list(calls.select_related("operator").order_by("-started_at", "-pk")[:500])
        access.record_listed(user, shown)
        return Response(CallSerializer(shown, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Записать звонок",
        request=CallInSerializer,
        responses={201: CallSerializer, 200: CallSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, WRITE)
        body = CallInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["operator"] = _operator(user, data.pop("operator"))
        external_id = data.get("external_id") or ""
        before = (
            access.hotline_calls_visible_to(user).filter(external_id=external_id).exists()
            if external_id
            else False
        )
        call = services.record_call(by=user, **data)
        answer = CallSerializer(call).data
        return Response(answer, status=status.HTTP_200_OK if before else status.HTTP_201_CREATED)


class _PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    outcome = serializers.ChoiceField(choices=HotlineCall.Outcome.values, required=False)


class CallDetailView(APIView):
    @extend_schema(tags=TAG, summary="Звонок", responses=CallSerializer)
    def get(self, request: Request, pk: int) -> Response:
        call = access.get_hotline_call(request_user(request), pk)
        return Response(CallSerializer(call).data)


class CallSignalView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Создать сигнал по звонку",
        request=None,
        responses={201: SignalMadeSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        call = access.get_hotline_call(user, pk, action=WRITE)
        signal = services.create_signal_from_call(call=call, by=user)
        call.refresh_from_db()
        answer = SignalMadeSerializer({"signal": signal.pk, "call": call}).data
        return Response(answer, status=status.HTTP_201_CREATED)


class ComplaintMadeSerializer(serializers.Serializer[Any]):
    appeal = serializers.IntegerField()
    due_on = serializers.DateField()
    call = CallSerializer()


class CallComplaintView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Записать жалобу звонившего (59-ФЗ: ответ в 30 дней)",
        request=None,
        responses={201: ComplaintMadeSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        call = access.get_hotline_call(user, pk, action=WRITE)
        access.require(user, access.APPEAL_RECORD)
        appeal = services.record_complaint_from_call(call=call, by=user)
        call.refresh_from_db()
        answer = ComplaintMadeSerializer(
            {"appeal": appeal.pk, "due_on": appeal.due_on, "call": call}
        ).data
        return Response(answer, status=status.HTTP_201_CREATED)
