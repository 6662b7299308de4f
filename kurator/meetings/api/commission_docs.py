"""``/api/v1/cases/<pk>/commission-documents/…``: the quarterly analytic note to the working
group and the final report to the commission (docs/api.md, «Commission documents»).

Readers of the case list them; those who write the case's plan generate them (201 with the
document's id and download URL); a ``MeetingError`` becomes ``400 {field: [message]}``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.api import idempotent
from kurator.core.http import request_user
from kurator.meetings.models import CommissionDocument
from kurator.meetings.services import commission_docs

GENERATE = "plans.plan:write"


class CommissionDocumentSerializer(serializers.ModelSerializer[CommissionDocument]):
    kind = serializers.CharField(help_text="quarterly — за квартал; final — итоговый отчёт")
    kind_display = serializers.CharField(source="get_kind_display")
    recommendation = serializers.CharField(help_text="remove / continue / пусто")
    document = serializers.IntegerField(source="document_id")
    title = serializers.CharField(source="document.title")
    status = serializers.CharField(source="document.status")
    url = serializers.SerializerMethodField()

    class Meta:
        model = CommissionDocument
        fields = [
            "id",
            "kind",
            "kind_display",
            "period_start",
            "period_end",
            "conclusions",
            "proposals",
            "recommendation",
            "document",
            "title",
            "status",
            "url",
            "created_at",
        ]
        read_only_fields = fields

    def get_url(self, obj: CommissionDocument) -> str:
        """Download address of the DOCX (the access check runs again there)."""
        return reverse("documents:download", args=[obj.document_id])


class QuarterlyNoteSerializer(serializers.Serializer[Any]):
    quarter_start = serializers.DateField(help_text="Первый день календарного квартала: 2026-07-01")
    conclusions = serializers.CharField(max_length=8000, allow_blank=True)
    proposals = serializers.CharField(max_length=8000, allow_blank=True, required=False)


class FinalReportSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField(max_length=8000, allow_blank=True)
    recommendation = serializers.CharField(
        max_length=20, help_text="remove — снять с учёта; continue — продолжить работу"
    )
    conclusions = serializers.CharField(max_length=8000, allow_blank=True, required=False)
    proposals = serializers.CharField(max_length=8000, allow_blank=True, required=False)


class CaseCommissionDocumentsView(APIView):
    @extend_schema(
        summary="Документы для КДНиЗП и рабочей группы по случаю",
        responses=CommissionDocumentSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        documents = access.case_commission_documents(case)
        return Response(CommissionDocumentSerializer(documents, many=True).data)


class CaseQuarterlyNoteView(APIView):
    @extend_schema(
        summary="Составить аналитическую информацию для рабочей группы за квартал (DOCX)",
        request=QuarterlyNoteSerializer,
        responses={201: CommissionDocumentSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action=GENERATE)
        payload = QuarterlyNoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        row = commission_docs.make_quarterly_note(
            case=case,
            quarter_start=data["quarter_start"],
            conclusions=data["conclusions"],
            proposals=data.get("proposals", ""),
            by=user,
        )
        return Response(CommissionDocumentSerializer(row).data, status=status.HTTP_201_CREATED)


class CaseFinalReportView(APIView):
    @extend_schema(
        summary="Составить итоговый отчёт для КДНиЗП (DOCX)",
        request=FinalReportSerializer,
        responses={201: CommissionDocumentSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action=GENERATE)
        payload = FinalReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        row = commission_docs.make_final_report(
            case=case,
            outcome=data["outcome"],
            recommendation=data["recommendation"],
            conclusions=data.get("conclusions", ""),
            proposals=data.get("proposals", ""),
            by=user,
        )
        return Response(CommissionDocumentSerializer(row).data, status=status.HTTP_201_CREATED)
