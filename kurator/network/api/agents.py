"""``/api/v1/network/agents/…`` — the directory: agents with their catalogue and agreements."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.http import request_user
from kurator.network.models import Agreement, ResourceAgent


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    class Meta:
        model = Agreement
        fields = ["id", "kind", "number", "signed_on", "valid_from", "valid_until", "status"]
        read_only_fields = fields


class AgentSerializer(serializers.ModelSerializer[ResourceAgent]):
    catalogue = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="name")
    agreements = AgreementSerializer(many=True, read_only=True)

    class Meta:
        model = ResourceAgent
        fields = [
            "id",
            "name",
            "category",
            "vetting",
            "catalogue",
            "services",
            "territory",
            "address",
            "contacts",
            "email",
            "is_active",
            "agreements",
        ]
        read_only_fields = fields


class AgentListView(APIView):
    @extend_schema(summary="Справочник ресурсной сети", responses=AgentSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "network.agent:read")
        agents = (
            access.resource_agents_visible_to(user)
            .prefetch_related("catalogue", "agreements")
            .order_by("name")
        )
        return Response(AgentSerializer(agents, many=True).data)


class AgentDetailView(APIView):
    @extend_schema(summary="Агент ресурсной сети с соглашениями", responses=AgentSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(AgentSerializer(access.get_resource_agent(request_user(request), pk)).data)
