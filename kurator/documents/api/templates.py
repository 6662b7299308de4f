"""``GET /api/v1/document-templates/``: the templates Kurator generates, their placeholders."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator.core.http import request_user
from kurator.documents.queries.templates import template_rows


class PlaceholderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    description = serializers.CharField()
    example = serializers.CharField()


class DocumentTemplateSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    scope = serializers.CharField(
        help_text="case — из случая; signal — из сигнала; commission — со страницы документов "
        "для комиссии (КДНиЗП); organisation — документ организации из её нормативов, "
        "со страницы шаблонов"
    )
    version = serializers.IntegerField(help_text="0 — шаблон Куратора, 1… — шаблон организации")
    placeholders = PlaceholderSerializer(many=True)


class DocumentTemplateListView(APIView):
    @extend_schema(
        summary="Шаблоны документов и их поля", responses=DocumentTemplateSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        rows = template_rows(getattr(user, "organisation_id", None))
        data = [
            {
                "code": row.spec.code,
                "title": str(row.spec.title),
                "scope": row.spec.scope,
                "version": row.version,
                "placeholders": [
                    {"name": name, "description": description, "example": example}
                    for name, description, example in row.examples
                ],
            }
            for row in rows
        ]
        return Response(DocumentTemplateSerializer(data, many=True).data)
