"""``/api/v1/cases/…`` — the Cases part of the published API contract (docs/api.md; keep paths and
fields): the list, opening, a case, its complexity and its timeline.

Close and reopen are in ``api.lifecycle``. Every view
resolves through ``access`` (404 out of scope, 403 without the permission) and changes state
only through ``services``; a ``CaseError`` becomes ``400 {field or "detail": [message]}`` in
``kurator.core.api``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.cases.masking import SurnameMask, family_label, mask_for
from kurator.cases.models import Case, ComplexityAssessment, TimelineEvent
from kurator.cases.queries import opening as queries
from kurator.cases.services import opening
from kurator.cases.timeline import describe
from kurator.core.api import MAX_ID, idempotent
from kurator.core.http import request_user
from kurator.people.models import Family

# --- serializers ---------------------------------------------------------------------------


class DeadlinesSerializer(serializers.Serializer[Case]):
    folder_due = serializers.DateField(allow_null=True, help_text="Электронная папка собрана")
    plan_due = serializers.DateField(allow_null=True, help_text="План помощи согласован")


class ComplexitySummarySerializer(serializers.Serializer[Case]):
    score = serializers.IntegerField(source="complexity_score", allow_null=True)
    level = serializers.CharField(source="complexity_level", allow_blank=True)


class CaseSerializer(serializers.ModelSerializer[Case]):
    curator = serializers.PrimaryKeyRelatedField[User](read_only=True)
    curator_name = serializers.SerializerMethodField()
    family = serializers.PrimaryKeyRelatedField[Family](read_only=True)
    family_name = serializers.CharField(source="family.name", read_only=True)
    deadlines = DeadlinesSerializer(source="*", read_only=True)
    complexity = ComplexitySummarySerializer(source="*", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "status",
            "opened_at",
            "closed_at",
            "curator",
            "curator_name",
            "family",
            "family_name",
            "team",
            "signal",
            "previous_case",
            "scenario",
            "target_group",
            "deadlines",
            "complexity",
        ]
        read_only_fields = fields

    def get_curator_name(self, case: Case) -> str:
        return case.curator.full_name or case.curator.username

    def to_representation(self, instance: Case) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if self.context.get("mask") is not None:  # seen through a supervision share
            data["family_name"] = family_label(instance.family)
        return data


class CaseOpenSerializer(serializers.Serializer[Case]):
    signal = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    curator = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    scenario = serializers.ChoiceField(choices=Case.Scenario.choices, default=Case.Scenario.PLANNED)
    target_group = serializers.ChoiceField(
        choices=Case.TargetGroup.choices, default=Case.TargetGroup.FAMILY_WITH_CHILDREN
    )


class CaseFilterSerializer(serializers.Serializer[Case]):
    status = serializers.ChoiceField(choices=Case.Status.choices, required=False)
    curator = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    team = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    complexity = serializers.ChoiceField(choices=Case.Complexity.choices, required=False)
    overdue = serializers.BooleanField(required=False, default=False)


class ComplexityInputSerializer(serializers.Serializer[ComplexityAssessment]):
    distance_km = serializers.DecimalField(
        max_digits=8, decimal_places=3, min_value=Decimal(0), max_value=Decimal("99999.9")
    )
    guardianship_tension = serializers.IntegerField(min_value=1, max_value=3)
    resource_deficit = serializers.IntegerField(min_value=1, max_value=3)
    removal_risk = serializers.IntegerField(min_value=1, max_value=3)
    substance_use = serializers.IntegerField(min_value=1, max_value=3)


class ComplexityAssessmentSerializer(serializers.ModelSerializer[ComplexityAssessment]):
    class Meta:
        model = ComplexityAssessment
        fields = [
            "id",
            "score",
            "level",
            "scored_at",
            "distance_km",
            "distance_points",
            "guardianship_tension",
            "resource_deficit",
            "removal_risk",
            "substance_use",
        ]
        read_only_fields = fields


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    text = serializers.SerializerMethodField()
    actor = serializers.PrimaryKeyRelatedField[User](read_only=True)
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = TimelineEvent
        fields = [
            "id",
            "kind",
            "text",
            "created_at",
            "actor",
            "actor_name",
            "case",
            "family",
            "signal",
            "emergency",
            "data",
        ]
        read_only_fields = fields

    def get_text(self, event: TimelineEvent) -> str:
        return describe(event)

    def to_representation(self, instance: TimelineEvent) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        mask: SurnameMask | None = self.context.get("mask")
        if mask is not None:  # seen through a supervision share: names inside data too
            data["text"] = mask.text(data["text"])
            data["data"] = mask.data(data["data"])
        return data

    def get_actor_name(self, event: TimelineEvent) -> str | None:
        if event.actor is None:
            return None
        return event.actor.full_name or event.actor.username


# --- views ---------------------------------------------------------------------------------


class CaseListCreateView(APIView):
    @extend_schema(
        summary="Случаи, которые видит пользователь",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Case.Status.values),
            OpenApiParameter("curator", OpenApiTypes.INT, description="id куратора"),
            OpenApiParameter(
                "team",
                OpenApiTypes.INT,
                description="id команды; команда вне видимости пользователя — пустой список",
            ),
            OpenApiParameter("complexity", OpenApiTypes.STR, enum=Case.Complexity.values),
            OpenApiParameter(
                "overdue",
                OpenApiTypes.BOOL,
                description="true — только открытые случаи с прошедшим сроком папки или плана",
            ),
        ],
        responses=CaseSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if not access.lists_anything(user, "cases.case:read"):
            return Response([])
        params = CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data: dict[str, Any] = params.validated_data
        filters = queries.CaseFilters(
            status=data.get("status", ""),
            curator_id=data.get("curator"),
            complexity=data.get("complexity", ""),
            overdue=data.get("overdue", False),
            team_id=data.get("team"),
        )
        cases = list(queries.case_list(user, filters))
        access.record_listed(user, cases)
        return Response(CaseSerializer(cases, many=True).data)

    @extend_schema(
        summary="Открыть случай по принятому сигналу",
        request=CaseOpenSerializer,
        responses={201: CaseSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "cases.case:open")
        payload = CaseOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        # Referenced in the body, so "not yours" is a 400 on the field (as "does not exist").
        signal = opening.signal_in_scope(user, data["signal"])
        curator = queries.colleague(user, data["curator"])
        if curator is None:
            raise serializers.ValidationError({"curator": [_("Куратор не найден.")]})
        case = opening.open_case(
            signal=signal,
            curator=curator,
            by=user,
            scenario=data["scenario"],
            target_group=data["target_group"],
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    @extend_schema(
        summary="Случай",
        description="Супервизору, которому случай открыт для супервизии, — с фамилиями, "
        "сокращёнными до первой буквы («Семья И.»).",
        responses=CaseSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, supervision=True)
        mask = mask_for(user, case)
        return Response(CaseSerializer(case, context={"mask": mask}).data)


class CaseComplexityView(APIView):
    @extend_schema(
        summary="Оценить сложность случая (пять критериев)",
        request=ComplexityInputSerializer,
        responses=ComplexityAssessmentSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = ComplexityInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assessment = opening.score_complexity(case=case, by=user, **payload.validated_data)
        return Response(ComplexityAssessmentSerializer(assessment).data)


class CaseTimelineView(APIView):
    @extend_schema(
        summary="История благополучателя (новые события сверху)",
        description="Супервизору, которому случай открыт для супервизии, — с фамилиями, "
        "сокращёнными до первой буквы, и в тексте, и в data.",
        responses=TimelineEventSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, supervision=True)
        events = queries.case_timeline(case)
        context = {"mask": mask_for(user, case)}
        return Response(TimelineEventSerializer(events, many=True, context=context).data)
