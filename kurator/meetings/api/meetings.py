"""``/api/v1/…`` for meetings: a case's meetings, one meeting, its minutes, signing,
amending and the guardianship position (docs/api.md, «Meetings and the register»).

Every view resolves through ``access`` (404 out of scope, 403 without the permission) and
changes state only through ``services``; a ``MeetingError`` becomes
``400 {field or "detail": [message]}`` in ``kurator.core.api``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.api import MAX_ID, idempotent
from kurator.core.http import request_user
from kurator.meetings.models import (
    GuardianshipPosition,
    Meeting,
    MeetingDecision,
    MeetingParticipant,
)
from kurator.meetings.queries import meetings as queries
from kurator.meetings.services import meetings as services

WRITE = "cases.case:write"
MAX_ITEMS = 100


# --- serializers ---------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer[MeetingParticipant]):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = MeetingParticipant
        fields = ["kind", "user", "person", "display_name", "organisation_name", "role"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer[MeetingDecision]):
    class Meta:
        model = MeetingDecision
        fields = ["position", "text", "responsible", "due_on"]
        read_only_fields = fields


class GuardianshipPositionSerializer(serializers.ModelSerializer[GuardianshipPosition]):
    class Meta:
        model = GuardianshipPosition
        fields = [
            "authority",
            "specialist_name",
            "specialist_position",
            "specialist_contact",
            "source_of_case",
            "family_history",
            "stance",
            "expectations",
            "plans",
            "tension",
            "mediation_needed",
            "conclusion",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]
        extra_kwargs = {
            "specialist_position": {"required": False},
            "specialist_contact": {"required": False},
            "plans": {"required": False},
            "conclusion": {"required": False},
        }


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    participants = ParticipantSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    is_final = serializers.BooleanField(read_only=True)
    guardianship_position = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "case",
            "kind",
            "held_on",
            "agenda",
            "minutes",
            "is_final",
            "finalized_at",
            "finalized_by",
            "amends",
            "amendment_reason",
            "participants",
            "decisions",
            "guardianship_position",
        ]
        read_only_fields = fields

    @extend_schema_field(GuardianshipPositionSerializer(allow_null=True))
    def get_guardianship_position(self, meeting: Meeting) -> dict[str, Any] | None:
        position = queries.guardianship_position_of(meeting)
        if position is None:
            return None
        return dict(GuardianshipPositionSerializer(position).data)


class OutsideInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    organisation = serializers.CharField(max_length=300, required=False, allow_blank=True)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True)


class MeetingCreateSerializer(serializers.Serializer[Meeting]):
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    held_on = serializers.DateField()
    agenda = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    staff = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_ITEMS,
    )
    family_members = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_ITEMS,
    )
    outside = serializers.ListField(
        child=OutsideInputSerializer(), required=False, max_length=MAX_ITEMS
    )


class DecisionInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)
    responsible = serializers.CharField(required=False, allow_blank=True, max_length=300)
    due_on = serializers.DateField(required=False, allow_null=True)


class MinutesInputSerializer(serializers.Serializer[Meeting]):
    minutes = serializers.CharField(allow_blank=True, max_length=100000)
    decisions = serializers.ListField(
        child=DecisionInputSerializer(), required=False, max_length=MAX_ITEMS
    )


class AmendInputSerializer(serializers.Serializer[Meeting]):
    reason = serializers.CharField(max_length=2000)


# --- views ---------------------------------------------------------------------------------


def _missing(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


class CaseMeetingsView(APIView):
    @extend_schema(summary="Встречи по случаю", responses=MeetingSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        return Response(MeetingSerializer(queries.meetings_with_people(case), many=True).data)

    @extend_schema(
        summary="Назначить встречу (участники: сотрудники, члены семьи, внешние специалисты)",
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action=WRITE)
        payload = MeetingCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        staff_ids = set(data.get("staff", []))
        staff = list(queries.staff_of(case).filter(pk__in=staff_ids))
        if len(staff) != len(staff_ids):
            raise _missing("staff", _("Сотрудник не найден."))
        person_ids = set(data.get("family_members", []))
        persons = list(queries.family_members(case).filter(pk__in=person_ids))
        if len(persons) != len(person_ids):
            raise _missing("family_members", _("Этот человек — не член семьи этого случая."))
        meeting = services.schedule_meeting(
            case=case,
            kind=data["kind"],
            held_on=data["held_on"],
            agenda=data.get("agenda", ""),
            staff=staff,
            family_members=persons,
            outside=[services.OutsideParticipant(**item) for item in data.get("outside", [])],
            by=user,
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingDetailView(APIView):
    @extend_schema(summary="Встреча: участники, решения, протокол", responses=MeetingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        meeting = access.get_meeting(request_user(request), pk)
        return Response(MeetingSerializer(meeting).data)


class MeetingMinutesView(APIView):
    @extend_schema(
        summary="Записать протокол и решения (пока протокол не подписан)",
        request=MinutesInputSerializer,
        responses=MeetingSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        meeting = access.get_meeting(user, pk, action=WRITE)
        payload = MinutesInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        meeting = services.record_minutes(
            meeting=meeting,
            minutes=data["minutes"],
            decisions=[services.DecisionItem(**item) for item in data.get("decisions", [])],
            by=user,
        )
        return Response(MeetingSerializer(meeting).data)


class MeetingFinalizeView(APIView):
    @extend_schema(
        summary="Подписать протокол: после этого он только для чтения",
        request=None,
        responses=MeetingSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        meeting = access.get_meeting(user, pk, action=WRITE)
        meeting = services.finalize_minutes(meeting=meeting, by=user)
        return Response(MeetingSerializer(meeting).data)


class MeetingAmendView(APIView):
    @extend_schema(
        summary="Исправить подписанный протокол: новая запись со ссылкой на исходную",
        request=AmendInputSerializer,
        responses={201: MeetingSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        meeting = access.get_meeting(user, pk, action=WRITE)
        payload = AmendInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        amended = services.amend_minutes(
            meeting=meeting, reason=payload.validated_data["reason"], by=user
        )
        return Response(MeetingSerializer(amended).data, status=status.HTTP_201_CREATED)


class MeetingGuardianshipPositionView(APIView):
    @extend_schema(
        summary="Форма о позиции органа опеки и попечительства (медиация)",
        request=GuardianshipPositionSerializer,
        responses=GuardianshipPositionSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        meeting = access.get_meeting(user, pk, action=WRITE)
        payload = GuardianshipPositionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        position = services.record_guardianship_position(
            meeting=meeting, by=user, **payload.validated_data
        )
        return Response(GuardianshipPositionSerializer(position).data)
