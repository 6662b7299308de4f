"""``/api/v1/signals/`` — the Signals section of api.md.

Thin like the HTML views: resolve the signal through ``access`` (404 out of scope, 403
without the permission), check the shape with a serializer, call one service, answer with
the signal. A service's ``IntakeError`` becomes a 400 in ``kurator.core.api``.
"""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.core.api import MAX_ID
from kurator.intake import services
from kurator.intake.models import Signal
from kurator.intake.serializers import (
    AssignTeamSerializer,
    DecideSerializer,
    EscalateSerializer,
    LinkFamilySerializer,
    RecordVisitSerializer,
    SignalCreateSerializer,
    SignalSerializer,
    SubmitReportSerializer,
)

TAG = ["signals"]


def _user(request: Request) -> User:
    return cast(User, request.user)


def _with_details(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    return signals.select_related("first_visit", "decision").prefetch_related(
        "decision__participants", "decision__alternatives"
    )


def _answer(user: User, pk: int, code: int = status.HTTP_200_OK) -> Response:
    signal = _with_details(access.signals_visible_to(user)).get(pk=pk)
    return Response(SignalSerializer(signal).data, status=code)


class SignalListCreateView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Журнал сигналов",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Signal.Status.values),
            OpenApiParameter("urgent", OpenApiTypes.BOOL),
            OpenApiParameter(
                "team",
                OpenApiTypes.INT,
                description="id команды; команда вне видимости пользователя — пустой список",
            ),
        ],
        responses=SignalSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        access.require(user, "intake.signal:read")
        signals = _with_details(access.signals_visible_to(user))
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Signal.Status.values:
                message = _("Неизвестное значение «%(value)s».") % {"value": wanted}
                return Response({"status": [message]}, status=status.HTTP_400_BAD_REQUEST)
            signals = signals.filter(status=wanted)
        if request.query_params.get("urgent") in {"true", "1"}:
            signals = signals.filter(urgent=True)
        team = request.query_params.get("team")
        if team:
            if not (team.isascii() and team.isdigit() and 0 < int(team) <= MAX_ID):
                message = _("Номер команды — целое положительное число.")
                return Response({"team": [message]}, status=status.HTTP_400_BAD_REQUEST)
            signals = signals.filter(team_id=int(team))  # a team out of sight: an empty list
        return Response(SignalSerializer(signals, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Принять сигнал",
        request=SignalCreateSerializer,
        responses={201: SignalSerializer},
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        access.require(user, "intake.signal:write")
        serializer = SignalCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        signal = services.record_signal(by=user, **serializer.service_kwargs())
        return _answer(user, signal.pk, status.HTTP_201_CREATED)


class SignalDetailView(APIView):
    @extend_schema(tags=TAG, summary="Сигнал", responses=SignalSerializer)
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        signal = access.get_signal(user, pk)
        return _answer(user, signal.pk)


class SignalAssignTeamView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Назначить команду первичного выезда",
        request=AssignTeamSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        signal = access.get_signal(user, pk, action="intake.visit:assign")
        serializer = AssignTeamSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        curator, psychologist = services.split_visit_members(
            signal=signal, members=serializer.validated_data["members"]
        )
        services.assign_visit_team(
            signal=signal,
            by=user,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=serializer.validated_data.get("planned_visit_date"),
        )
        return _answer(user, signal.pk)


class SignalRecordVisitView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Отметить первичный выезд (и сдать отчёт)",
        request=RecordVisitSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        signal = access.get_signal(user, pk, action="intake.visit:report")
        serializer = RecordVisitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.record_visit(signal=signal, by=user, **serializer.validated_data)
        return _answer(user, signal.pk)


class SignalSubmitReportView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Сдать отчёт о первичном выезде",
        request=SubmitReportSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        signal = access.get_signal(user, pk, action="intake.visit:report")
        serializer = SubmitReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.submit_visit_report(signal=signal, by=user, **serializer.validated_data)
        return _answer(user, signal.pk)


class SignalDecideView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Решение о взятии в работу: accept / refuse / redirect",
        description=(
            "Отказ и перенаправление требуют обоснования (reason) — это информированный "
            "отказ; alternatives — id агентов ресурсной сети, куда ещё может обратиться семья. "
            "Повторное решение по тому же сигналу — 400."
        ),
        request=DecideSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        signal = access.get_signal(user, pk, action="intake.decision:decide")
        serializer = DecideSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.decide_signal(signal=signal, by=user, **serializer.validated_data)
        return _answer(user, signal.pk)


class SignalEscalateView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Передать решение на уровень выше",
        request=EscalateSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        signal = access.get_signal(user, pk, action="intake.decision:decide")
        serializer = EscalateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.escalate_signal(signal=signal, by=user, **serializer.validated_data)
        return _answer(user, signal.pk)


class SignalLinkFamilyView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Связать сигнал с семьёй",
        request=LinkFamilySerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        signal = access.get_signal(user, pk, action="intake.signal:write")
        serializer = LinkFamilySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.link_signal_family(
            signal=signal, family=serializer.validated_data["family"], by=user
        )
        return _answer(user, signal.pk)
