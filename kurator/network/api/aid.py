"""``/api/v1/cases/{id}/deliveries/`` and ``…/acts/`` — services and aid delivered to a family
(recorded through ``services.aid``, past the norm awaiting approval) and the acts."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.api import MAX_ID, idempotent
from kurator.core.http import request_user
from kurator.network.models import Act, Delivery
from kurator.network.services.agents import pick_from_directory
from kurator.network.services.aid import record_delivery
from kurator.network.services.family import members_by_id


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    persons = serializers.PrimaryKeyRelatedField[Any](many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "service",
            "delivered_on",
            "persons",
            "quantity",
            "unit_cost",
            "total",
            "provider",
            "agent",
            "funding",
            "cost_kind",
            "approval",
            "decided_by",
            "decided_at",
            "act",
        ]
        read_only_fields = fields


class DeliveryInputSerializer(serializers.Serializer[Delivery]):
    service = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    delivered_on = serializers.DateField()
    persons = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1
    )
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit_cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    provider = serializers.ChoiceField(choices=Delivery.Provider.choices)
    funding = serializers.ChoiceField(choices=Delivery.Funding.choices)
    agent = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ActSerializer(serializers.ModelSerializer[Act]):
    number = serializers.CharField(read_only=True)
    deliveries = serializers.PrimaryKeyRelatedField[Any](many=True, read_only=True)

    class Meta:
        model = Act
        fields = ["id", "number", "kind", "issued_on", "recipient", "deliveries"]
        read_only_fields = fields


class CaseDeliveriesView(APIView):
    @extend_schema(summary="Оказанная помощь по случаю", responses=DeliverySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        items = access.case_deliveries(case).prefetch_related("persons")
        return Response(DeliverySerializer(items, many=True).data)

    @extend_schema(
        summary="Записать оказанную помощь",
        request=DeliveryInputSerializer,
        responses={201: DeliverySerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = DeliveryInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data["service"] = pick_from_directory(
            access.services_visible_to(user), data["service"], "service"
        )
        data["agent"] = pick_from_directory(
            access.resource_agents_visible_to(user), data.get("agent"), "agent"
        )
        data["persons"] = members_by_id(case, data["persons"])
        delivery = record_delivery(case=case, by=user, **data)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)


class CaseActsView(APIView):
    @extend_schema(summary="Акты по случаю", responses=ActSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        acts = access.case_acts(case).prefetch_related("deliveries")
        return Response(ActSerializer(acts, many=True).data)
