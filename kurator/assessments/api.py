"""``/api/v1/…`` for assessments — the «Оценки благополучия» section of docs/api.md.

Instruments (with domains, questions and answer options) are listed for anyone who reads
cases; a case's assessments are read and recorded through ``kurator.access.assessments``
(404 out of scope, 403 without the permission). Bad answers are a ``400`` naming each
question: ``{"answers": {"<question id>": ["message"]}}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator.access import assessments as scope
from kurator.assessments import queries, services
from kurator.assessments.models import (
    Answer,
    AnswerOption,
    Assessment,
    Band,
    Domain,
    DomainScore,
    Instrument,
    Question,
)
from kurator.core.api import MAX_ID, idempotent
from kurator.core.http import request_user

# --- instruments ---------------------------------------------------------------------------


class OptionSerializer(serializers.ModelSerializer[AnswerOption]):
    class Meta:
        model = AnswerOption
        fields = ["id", "label", "score"]


class QuestionSerializer(serializers.ModelSerializer[Question]):
    scale = serializers.CharField(source="scale.name")
    options = OptionSerializer(source="scale.options", many=True)

    class Meta:
        model = Question
        fields = ["id", "text", "hint", "scale", "options"]


class DomainSerializer(serializers.ModelSerializer[Domain]):
    questions = QuestionSerializer(many=True)

    class Meta:
        model = Domain
        fields = ["id", "title", "short_title", "questions"]


class BandSerializer(serializers.ModelSerializer[Band]):
    class Meta:
        model = Band
        fields = ["domain", "min_score", "max_score", "label", "interpretation"]


class InstrumentSerializer(serializers.ModelSerializer[Instrument]):
    domains = DomainSerializer(many=True)
    bands = BandSerializer(many=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "code",
            "version",
            "name",
            "description",
            "subject",
            "aggregation",
            "domains",
            "bands",
        ]


class InstrumentListView(APIView):
    @extend_schema(
        summary="Инструменты оценки благополучия (действующие)",
        responses=InstrumentSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        scope.require(request_user(request), scope.ASSESSMENT_READ)
        return Response(InstrumentSerializer(queries.instruments_with_questions(), many=True).data)


# --- assessments ---------------------------------------------------------------------------


class DomainScoreSerializer(serializers.ModelSerializer[DomainScore]):
    title = serializers.CharField(source="domain.title")

    class Meta:
        model = DomainScore
        fields = ["domain", "title", "score", "max_score", "band_label"]


class AnswerSerializer(serializers.ModelSerializer[Answer]):
    class Meta:
        model = Answer
        fields = ["question", "option", "score"]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    instrument_name = serializers.CharField(source="instrument.name", read_only=True)
    person_name = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "instrument",
            "instrument_name",
            "person",
            "person_name",
            "kind",
            "assessed_on",
            "total_score",
            "max_total",
            "band_label",
            "note",
            "created_at",
        ]
        read_only_fields = fields

    def get_person_name(self, assessment: Assessment) -> str | None:
        return assessment.person.full_name if assessment.person else None


class AssessmentDetailSerializer(AssessmentSerializer):
    domain_scores = DomainScoreSerializer(many=True, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "domain_scores", "answers"]
        read_only_fields = fields


class AssessmentInputSerializer(serializers.Serializer[Assessment]):
    instrument = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="id инструмента")
    kind = serializers.ChoiceField(choices=Assessment.Kind.choices)
    person = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="id ребёнка — для инструмента о ребёнке",
    )
    assessed_on = serializers.DateField(required=False, help_text="По умолчанию — сегодня")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    answers = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        help_text="id вопроса → id варианта ответа; нужен ответ на каждый вопрос",
    )


def _detail(assessment: Assessment) -> dict[str, Any]:
    return dict(AssessmentDetailSerializer(queries.with_scores(assessment)).data)


class CaseAssessmentsView(APIView):
    @extend_schema(
        summary="Оценки благополучия случая (новые сверху)",
        responses=AssessmentSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        case = scope.get_case_for_assessments(request_user(request), pk)
        return Response(AssessmentSerializer(queries.case_assessments(case), many=True).data)

    @extend_schema(
        summary="Провести оценку: входную, промежуточную или выходную",
        request=AssessmentInputSerializer,
        responses={201: AssessmentDetailSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = scope.get_case_for_assessments(user, pk, write=True)
        payload = AssessmentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        instrument = queries.active_instruments().filter(pk=data["instrument"]).first()
        if instrument is None:
            raise serializers.ValidationError(
                {"instrument": [_("Инструмент оценки не найден или не используется.")]}
            )
        person = None
        if data.get("person") is not None:
            person = next((c for c in queries.case_children(case) if c.pk == data["person"]), None)
            if person is None:
                raise serializers.ValidationError(
                    {"person": [_("Ребёнок не найден в семье этого случая.")]}
                )
        assessment = services.record_assessment(
            case=case,
            instrument=instrument,
            kind=data["kind"],
            answers=data["answers"],
            by=user,
            subject_person=person,
            assessed_on=data.get("assessed_on"),
            note=data.get("note", ""),
        )
        return Response(_detail(assessment), status=status.HTTP_201_CREATED)


class AssessmentDetailView(APIView):
    @extend_schema(
        summary="Оценка: баллы по сферам, итог и ответы", responses=AssessmentDetailSerializer
    )
    def get(self, request: Request, pk: int) -> Response:
        assessment = scope.get_assessment(request_user(request), pk)
        return Response(_detail(assessment))
