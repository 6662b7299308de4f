"""``/api/v1/…`` for the register of families in a socially dangerous position: a case's
register entries, commission resolutions and working group; recording a resolution, taking the
family off the register, adding a working-group member; the entries the user sees
(docs/api.md, «Meetings and the register»).

Every view resolves through ``access`` (404 out of scope, 403 without the permission) and
changes state only through ``services``; a ``MeetingError`` becomes
``400 {field or "detail": [message]}`` in ``kurator.core.api``.
"""

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
from kurator.core.api import idempotent
from kurator.core.http import request_user
from kurator.meetings.models import CommissionResolution, RegisterEntry, WorkingGroupMember
from kurator.meetings.queries.register import register_view
from kurator.meetings.services import register as services

WRITE = "cases.case:write"


# --- serializers ---------------------------------------------------------------------------


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


class CaseRegisterView(APIView):
    @extend_schema(
        summary="Учёт семьи в СОП: записи учёта, постановления КДНиЗП, рабочая группа",
        responses=CaseRegisterSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        view = register_view(case)
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
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
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
        user = request_user(request)
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
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
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
        user = request_user(request)
        if not access.lists_anything(user, "cases.case:read"):
            return Response([])
        params = serializers.BooleanField(required=False)
        entries = access.register_entries_visible_to(user)
        raw = request.query_params.get("open")
        if raw is not None:
            try:
                only_open = params.to_internal_value(raw)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError(
                    {"open": [_("Ожидается true или false.")]}
                ) from exc
            if only_open:
                entries = entries.filter(removed_on__isnull=True)
        return Response(RegisterEntrySerializer(entries, many=True).data)
