"""The case folder in the API: list and upload documents of a case, the folder's state,
download (access checked on every request) and cancelling.

Resolved through ``access`` (404 out of scope, 403 without the permission); a
``DocumentError`` becomes ``400 {field or "detail": [message]}`` in ``kurator.core.api``.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
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
from kurator.documents.models import CaseDocument, DocumentType
from kurator.documents.queries.folder import folder_status
from kurator.documents.responses import file_response
from kurator.documents.services import folder as services


class CaseDocumentSerializer(serializers.ModelSerializer[CaseDocument]):
    # Plain text in the schema: an enum named "status" would collide with the case's.
    status = serializers.CharField(
        read_only=True,
        help_text="active — действует; superseded — заменён; cancelled — аннулирован",
    )
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "case",
            "document_type",
            "title",
            "original_name",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "status",
            "superseded_by",
            "cancelled_reason",
            "cancelled_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: CaseDocument) -> str:
        return reverse("api-document-download", args=[document.pk])


class DocumentUploadSerializer(serializers.Serializer[CaseDocument]):
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    file = serializers.FileField(
        help_text="PDF, DOCX, DOC, XLSX, JPG, JPEG или PNG, не больше 20 МБ"
    )
    replaces = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="id документа, который заменяется"
    )
    person = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="id члена семьи на фото или видео (для вида photo; нужно его согласие на съёмку)",
    )


class MissingSerializer(serializers.Serializer[Any]):
    document_type = serializers.CharField()
    name = serializers.CharField()


class FolderSerializer(serializers.Serializer[Any]):
    complete = serializers.BooleanField()
    folder_due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    missing = MissingSerializer(many=True)
    previous_cases = serializers.ListField(child=serializers.IntegerField())
    documents = CaseDocumentSerializer(many=True)


class DocumentCancelSerializer(serializers.Serializer[CaseDocument]):
    reason = serializers.CharField()


class CaseDocumentsView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Документы папки случая (включая документы прежних случаев семьи)",
        responses=CaseDocumentSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        return Response(CaseDocumentSerializer(access.folder_documents(case), many=True).data)

    @extend_schema(
        summary="Загрузить документ в папку случая",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: CaseDocumentSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = DocumentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        replaces = None
        if data["replaces"] is not None:
            replaces = (
                access.folder_documents(case, include_previous=False)
                .filter(pk=data["replaces"])
                .first()
            )
            if replaces is None:
                raise serializers.ValidationError({"replaces": [_("Документ не найден.")]})
        person = None
        if data["person"] is not None:
            person = (
                access.persons_visible_to(user)
                .filter(pk=data["person"], memberships__family_id=case.family_id)
                .first()
            )
            if person is None:
                raise serializers.ValidationError({"person": [_("Этого человека нет в семье.")]})
        document = services.upload_document(
            case=case,
            by=user,
            document_type=data["document_type"],
            title=data["title"],
            file=data["file"],
            replaces=replaces,
            person=person,
        )
        return Response(CaseDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class CaseFolderView(APIView):
    @extend_schema(
        summary="Состояние папки: чего не хватает, срок, просрочка", responses=FolderSerializer
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        folder = folder_status(case)
        documents = [d for group in folder.groups for d in group.documents]
        return Response(
            {
                "complete": folder.complete,
                "folder_due": folder.due,
                "overdue": folder.overdue,
                "missing": [{"document_type": c, "name": name} for c, name in folder.missing],
                "previous_cases": folder.previous_case_ids,
                "documents": CaseDocumentSerializer(documents, many=True).data,
            }
        )


class DocumentDetailView(APIView):
    @extend_schema(summary="Документ", responses=CaseDocumentSerializer)
    def get(self, request: Request, pk: int) -> Response:
        document = access.get_document(request_user(request), pk)
        return Response(CaseDocumentSerializer(document).data)


class DocumentDownloadView(APIView):
    permission_classes = EXPORT_PERMISSIONS

    @extend_schema(
        summary="Скачать файл документа (доступ проверяется при каждом запросе)",
        # The file is served with the type it was accepted as (services.ALLOWED_TYPES).
        responses={
            **{
                (200, kind.content_type): OpenApiResponse(OpenApiTypes.BINARY)
                for kind in services.ALLOWED_TYPES.values()
            },
            (403, "application/json"): STEP_UP_RESPONSE,
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        return file_response(access.get_document(request_user(request), pk))


class DocumentCancelView(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Аннулировать документ (он остаётся в папке с причиной)",
        request=DocumentCancelSerializer,
        responses=CaseDocumentSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        document = access.get_document(user, pk, action="cases.case:write")
        payload = DocumentCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.cancel_document(
            document=document, by=user, reason=payload.validated_data["reason"]
        )
        return Response(CaseDocumentSerializer(document).data)
