"""``/api/v1/…`` for meetings, commission resolutions, working groups and the register
(docs/api.md, «Meetings and the register»).

Every view resolves through ``access`` (404 out of scope, 403 without the permission) and
changes state only through ``services``; a ``MeetingError`` becomes
``400 {field or "detail": [message]}`` in ``kurator.core.api``.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.core.api import MAX_ID
from kurator.meetings import queries, services
from kurator.meetings.models import (
    CommissionResolution,
    GuardianshipPosition,
    Meeting,
    MeetingDecision,
    MeetingParticipant,
    RegisterEntry,
    WorkingGroupMember,
)

WRITE = "cases.case:write"
MAX_ITEMS = 100


def _user(request: Request) -> User:
    return cast(User, request.user)  # IsAuthenticated has run


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


class ResolutionSerializer(serializers.ModelSerializer[CommissionResolution]):
    class Meta:
        model = CommissionResolution
        fields = [
            "id",
            "case",
            "commission",
            "number",
            "resolution_date",
            "decision",
            "plan_ordered",
            "plan_due",
            "notes",
            "recorded_at",
        ]
        read_only_fields = fields


class ResolutionInputSerializer(serializers.Serializer[CommissionResolution]):
    commission = serializers.CharField(max_length=300)
    number = serializers.CharField(max_length=50)
    resolution_date = serializers.DateField()
    decision = serializers.ChoiceField(choices=CommissionResolution.Decision.choices)
    plan_ordered = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    plan_due = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    removal_reason = serializers.ChoiceField(
        choices=RegisterEntry.RemovalReason.choices, required=False, allow_blank=True
    )


class WorkingGroupMemberSerializer(serializers.ModelSerializer[WorkingGroupMember]):
    class Meta:
        model = WorkingGroupMember
        fields = ["id", "agency", "agency_name", "person_name", "position", "contact", "added_at"]
        read_only_fields = ["id", "added_at"]
        extra_kwargs = {"position": {"required": False}, "contact": {"required": False}}


class RegisterEntrySerializer(serializers.ModelSerializer[RegisterEntry]):
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = RegisterEntry
        fields = [
            "id",
            "family",
            "case",
            "registered_on",
            "resolution",
            "is_open",
            "removed_on",
            "removal_reason",
            "removal_note",
            "removal_resolution",
        ]
        read_only_fields = fields


class RegisterRemoveSerializer(serializers.Serializer[RegisterEntry]):
    removed_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=RegisterEntry.RemovalReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class CaseRegisterSerializer(serializers.Serializer[Any]):
    on_register = serializers.BooleanField()
    entries = RegisterEntrySerializer(many=True)
    resolutions = ResolutionSerializer(many=True)
    working_group = WorkingGroupMemberSerializer(many=True)


# --- views ---------------------------------------------------------------------------------


def _missing(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


class CaseMeetingsView(APIView):
    @extend_schema(summary="Встречи по случаю", responses=MeetingSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(_user(request), pk)
        return Response(MeetingSerializer(queries.meetings_with_people(case), many=True).data)

    @extend_schema(
        summary="Назначить встречу (участники: сотрудники, члены семьи, внешние специалисты)",
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
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
        meeting = access.get_meeting(_user(request), pk)
        return Response(MeetingSerializer(meeting).data)


class MeetingMinutesView(APIView):
    @extend_schema(
        summary="Записать протокол и решения (пока протокол не подписан)",
        request=MinutesInputSerializer,
        responses=MeetingSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
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
        user = _user(request)
        meeting = access.get_meeting(user, pk, action=WRITE)
        meeting = services.finalize_minutes(meeting=meeting, by=user)
        return Response(MeetingSerializer(meeting).data)


class MeetingAmendView(APIView):
    @extend_schema(
        summary="Исправить подписанный протокол: новая запись со ссылкой на исходную",
        request=AmendInputSerializer,
        responses={201: MeetingSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
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
        user = _user(request)
        meeting = access.get_meeting(user, pk, action=WRITE)
        payload = GuardianshipPositionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        position = services.record_guardianship_position(
            meeting=meeting, by=user, **payload.validated_data
        )
        return Response(GuardianshipPositionSerializer(position).data)


class CaseRegisterView(APIView):
    @extend_schema(
        summary="Учёт семьи в СОП: записи учёта, постановления КДНиЗП, рабочая группа",
        responses=CaseRegisterSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(_user(request), pk)
        view = queries.register_view(case)
        data = {
            "on_register": view.current is not None,
            "entries": view.entries,
            "resolutions": view.resolutions,
            "working_group": view.group,
        }
        return Response(CaseRegisterSerializer(data).data)


class CaseResolutionsView(APIView):
    @extend_schema(
        summary="Внести постановление КДНиЗП (и применить: поставить на учёт / снять с учёта)",
        request=ResolutionInputSerializer,
        responses={201: ResolutionSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access.get_case(user, pk, action=WRITE)
        payload = ResolutionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        resolution = services.record_resolution(case=case, by=user, **payload.validated_data)
        return Response(ResolutionSerializer(resolution).data, status=status.HTTP_201_CREATED)


class CaseRegisterRemoveView(APIView):
    @extend_schema(
        summary="Снять семью с учёта (дата и причина)",
        request=RegisterRemoveSerializer,
        responses=RegisterEntrySerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access.get_case(user, pk, action=WRITE)
        payload = RegisterRemoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = services.remove_from_register(case=case, by=user, **payload.validated_data)
        return Response(RegisterEntrySerializer(entry).data)


class CaseWorkingGroupView(APIView):
    @extend_schema(
        summary="Включить члена в межведомственную рабочую группу",
        request=WorkingGroupMemberSerializer,
        responses={201: WorkingGroupMemberSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access.get_case(user, pk, action=WRITE)
        payload = WorkingGroupMemberSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = services.add_working_group_member(case=case, by=user, **payload.validated_data)
        return Response(WorkingGroupMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class RegisterEntryListView(APIView):
    @extend_schema(
        summary="Записи учёта семей в СОП по случаям, которые видит пользователь",
        parameters=[
            OpenApiParameter(
                "open",
                OpenApiTypes.BOOL,
                description="true — только семьи, которые сейчас на учёте",
            )
        ],
        responses=RegisterEntrySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        access.require(user, "cases.case:read")
        params = serializers.BooleanField(required=False)
        entries = access.register_entries_visible_to(user)
        raw = request.query_params.get("open")
        if raw is not None:
            try:
                only_open = params.to_internal_value(raw)
            except serializers.ValidationError as exc:
                raise _missing("open", _("Ожидается true или false.")) from exc
            if only_open:
                entries = entries.filter(removed_on__isnull=True)
        return Response(RegisterEntrySerializer(entries, many=True).data)
