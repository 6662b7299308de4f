"""Generated papers in the API: generate into the case folder (or from a signal), the PDF,
the signed scan. Access as for the case folder; every file served is read-logged."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.stepup import EXPORT_PERMISSIONS, STEP_UP_RESPONSE
from kurator.core.api import idempotent
from kurator.core.http import request_user
from kurator.documents.models import CaseDocument, SignalDocument
from kurator.documents.queries.generation import case_acts, case_checks, family_members
from kurator.documents.responses import paper_pdf_response, stored_response
from kurator.documents.services import generation


class GeneratedDocumentSerializer(serializers.ModelSerializer[CaseDocument]):
    template = serializers.CharField(source="template_code", read_only=True)
    status = serializers.CharField(
        source="paper_status",
        read_only=True,
        help_text="generated — сформирован; signed — подписан; cancelled — аннулирован",
    )
    generated_by = serializers.IntegerField(source="uploaded_by_id", read_only=True)
    generated_at = serializers.DateTimeField(source="uploaded_at", read_only=True)
    download_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "case",
            "number",
            "title",
            "template",
            "template_version",
            "person",
            "status",
            "generated_by",
            "generated_at",
            "signed_on",
            "download_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: CaseDocument) -> str:
        return reverse("api-document-download", args=[document.pk])

    def get_pdf_url(self, document: CaseDocument) -> str:
        return reverse("api-document-pdf", args=[document.pk])


class SignalDocumentSerializer(serializers.ModelSerializer[SignalDocument]):
    template = serializers.CharField(source="template_code", read_only=True)
    number = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = SignalDocument
        fields = [
            "id",
            "signal",
            "number",
            "title",
            "template",
            "template_version",
            "status",
            "generated_by",
            "generated_at",
            "download_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_number(self, paper: SignalDocument) -> str:
        return ""

    def get_status(self, paper: SignalDocument) -> str:
        return "generated"

    def get_download_url(self, paper: SignalDocument) -> str:
        return reverse("api-signal-document-download", args=[paper.pk])

    def get_pdf_url(self, paper: SignalDocument) -> str:
        return reverse("api-signal-document-pdf", args=[paper.pk])


class GenerateSerializer(serializers.Serializer[Any]):
    template = serializers.CharField(
        help_text="application, contract, consent_representative, consent_minor, family_card, "
        "visit_report, take_in_decision, complaint, act_goods, act_services"
    )
    person = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="id человека из семьи случая"
    )
    check = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="для complaint: id проверки госуслуги случая (по умолчанию — последняя с "
        "недопоставкой)",
    )
    act = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="для act_goods и act_services: id акта случая (по умолчанию — последний "
        "акт этого вида)",
    )


class SignalGenerateSerializer(serializers.Serializer[Any]):
    template = serializers.CharField(help_text="visit_instruction")


class SignSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="скан: PDF, JPG или PNG, не больше 20 МБ")
    signed_on = serializers.DateField()


_PDF = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
    (403, "application/json"): STEP_UP_RESPONSE,
}


class CaseGenerateView(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Сформировать документ по шаблону в папку случая",
        request=GenerateSerializer,
        responses={201: GeneratedDocumentSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = GenerateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = None
        if payload.validated_data["person"] is not None:
            person = family_members(case).filter(pk=payload.validated_data["person"]).first()
            if person is None:
                raise serializers.ValidationError(
                    {"person": [_("Выберите человека из состава семьи этого случая.")]}
                )
        check = None
        if payload.validated_data["check"] is not None:
            check = case_checks(case).filter(pk=payload.validated_data["check"]).first()
            if check is None:
                raise serializers.ValidationError(
                    {"check": [_("Проверка госуслуги не найдена в этом случае.")]}
                )
        act = None
        if payload.validated_data["act"] is not None:
            act = case_acts(case).filter(pk=payload.validated_data["act"]).first()
            if act is None:
                raise serializers.ValidationError({"act": [_("Акт не найден в этом случае.")]})
        document = generation.generate_document(
            case=case,
            template=payload.validated_data["template"],
            person=person,
            check=check,
            act=act,
            by=user,
        )
        return Response(GeneratedDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class SignalGenerateView(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Сформировать поручение команде первичного выезда по сигналу",
        request=SignalGenerateSerializer,
        responses={201: SignalDocumentSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk, action="intake.visit:assign")
        payload = SignalGenerateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        paper = generation.generate_signal_document(
            signal=signal, template=payload.validated_data["template"], by=user
        )
        return Response(SignalDocumentSerializer(paper).data, status=status.HTTP_201_CREATED)


class DocumentPdfView(APIView):
    permission_classes = EXPORT_PERMISSIONS

    @extend_schema(summary="PDF сформированного документа для печати", responses=_PDF)
    def get(self, request: Request, pk: int) -> HttpResponse:
        document = access.get_document(request_user(request), pk)
        if not document.is_generated:
            raise Http404("not generated")
        return paper_pdf_response(document.title, generation.pdf_for(document))


class DocumentSignView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Приложить подписанный скан к сформированному документу",
        request={"multipart/form-data": SignSerializer},
        responses=GeneratedDocumentSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        document = access.get_document(user, pk, action="cases.case:write")
        if not document.is_generated:
            raise Http404("not generated")
        payload = SignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = generation.sign_document(
            document=document,
            by=user,
            file=payload.validated_data["file"],
            signed_on=payload.validated_data["signed_on"],
        )
        return Response(GeneratedDocumentSerializer(document).data)


class SignalDocumentDownloadView(APIView):
    permission_classes = EXPORT_PERMISSIONS

    @extend_schema(
        summary="Скачать DOCX документа сигнала",
        responses={
            (200, generation.DOCX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (403, "application/json"): STEP_UP_RESPONSE,
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        paper = access.get_signal_document(request_user(request), pk)
        return stored_response(paper.file, f"{paper.title}.docx", generation.DOCX_TYPE)


class SignalDocumentPdfView(APIView):
    permission_classes = EXPORT_PERMISSIONS

    @extend_schema(summary="PDF документа сигнала", responses=_PDF)
    def get(self, request: Request, pk: int) -> HttpResponse:
        paper = access.get_signal_document(request_user(request), pk)
        return paper_pdf_response(paper.title, generation.pdf_for(paper))
