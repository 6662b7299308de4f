"""``/api/v1/network/…`` — the resource network in the API: the directory (agents with their
agreements), referrals of a case and the agent's own side, deliveries and acts.

Every view resolves through ``access`` (404 out of scope, 403 without the permission) and
changes state only through the services; a ``NetworkError`` becomes ``400 {field: [message]}``.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.core.api import MAX_ID
from kurator.network import aid, referrals
from kurator.network.errors import NetworkError
from kurator.network.models import Act, Agreement, Delivery, Referral, ResourceAgent


def _user(request: Request) -> User:
    return cast(User, request.user)


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


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    persons = serializers.PrimaryKeyRelatedField[Any](many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "agent",
            "service",
            "plan_action",
            "need",
            "persons",
            "due_on",
            "status",
            "sent_at",
            "answered_at",
            "finished_at",
            "feedback",
        ]
        read_only_fields = fields


class AgentReferralSerializer(serializers.ModelSerializer[Referral]):
    """The agent's side: the minimum to act — who (name, phone), what, by when."""

    persons = serializers.SerializerMethodField()
    service = serializers.StringRelatedField[Any]()

    class Meta:
        model = Referral
        fields = ["id", "need", "service", "persons", "due_on", "status", "feedback"]
        read_only_fields = fields

    def get_persons(self, referral: Referral) -> list[dict[str, str]]:
        return [{"name": p.full_name, "phones": p.phones} for p in referral.persons.all()]


class ReferralInputSerializer(serializers.Serializer[Referral]):
    agent = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    service = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    need = serializers.CharField(max_length=4000)
    persons = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1
    )
    due_on = serializers.DateField()
    confirmed = serializers.BooleanField(default=False)


class MoveSerializer(serializers.Serializer[Referral]):
    to = serializers.ChoiceField(choices=[s for s in Referral.Status.values if s != "draft"])
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


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


def _pick(queryset: Any, pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NetworkError("Не найдено в справочнике.", field=field)
    return found


def _persons(case: Any, pks: list[int]) -> list[Any]:
    persons = list(access.family_members_of_case(case).filter(pk__in=pks))
    if len(persons) != len(set(pks)):
        raise NetworkError("Выберите членов семьи этого случая.", field="persons")
    return persons


class AgentListView(APIView):
    @extend_schema(summary="Справочник ресурсной сети", responses=AgentSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = _user(request)
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
        return Response(AgentSerializer(access.get_resource_agent(_user(request), pk)).data)


class CaseReferralsView(APIView):
    @extend_schema(summary="Направления случая", responses=ReferralSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(_user(request), pk)
        items = access.referrals_visible_to(_user(request)).filter(case=case)
        return Response(ReferralSerializer(items.prefetch_related("persons"), many=True).data)

    @extend_schema(
        summary="Направить к агенту (черновик)",
        request=ReferralInputSerializer,
        responses={201: ReferralSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = ReferralInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        referral = referrals.create_referral(
            case=case,
            by=user,
            agent=_pick(access.resource_agents_visible_to(user), data["agent"], "agent"),
            service=_pick(access.services_visible_to(user), data.get("service"), "service"),
            need=data["need"],
            persons=_persons(case, data["persons"]),
            due_on=data["due_on"],
            confirmed=data["confirmed"],
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralMoveView(APIView):
    @extend_schema(
        summary="Сменить статус направления (сторона куратора)",
        request=MoveSerializer,
        responses=ReferralSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        referral = access.get_referral(user, pk, action="cases.case:write")
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = referrals.move_referral(referral=referral, by=user, **payload.validated_data)
        return Response(ReferralSerializer(referral).data)


class AgentReferralListView(APIView):
    @extend_schema(
        summary="Направления к моей организации (агент)",
        responses=AgentReferralSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        access.require(user, "network.referral:respond")
        items = access.agent_referrals_visible_to(user).select_related("service")
        return Response(AgentReferralSerializer(items.prefetch_related("persons"), many=True).data)


class AgentReferralRespondView(APIView):
    @extend_schema(
        summary="Ответить на направление (агент): принять, отказать, выполнено",
        request=MoveSerializer,
        responses=AgentReferralSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        referral = access.get_agent_referral(user, pk)
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = referrals.move_referral(referral=referral, by=user, **payload.validated_data)
        return Response(AgentReferralSerializer(referral).data)


class CaseDeliveriesView(APIView):
    @extend_schema(summary="Оказанная помощь по случаю", responses=DeliverySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(_user(request), pk)
        items = access.case_deliveries(case).prefetch_related("persons")
        return Response(DeliverySerializer(items, many=True).data)

    @extend_schema(
        summary="Записать оказанную помощь",
        request=DeliveryInputSerializer,
        responses={201: DeliverySerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = DeliveryInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data["service"] = _pick(access.services_visible_to(user), data["service"], "service")
        data["agent"] = _pick(access.resource_agents_visible_to(user), data.get("agent"), "agent")
        data["persons"] = _persons(case, data["persons"])
        delivery = aid.record_delivery(case=case, by=user, **data)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)


class CaseActsView(APIView):
    @extend_schema(summary="Акты по случаю", responses=ActSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(_user(request), pk)
        acts = access.case_acts(case).prefetch_related("deliveries")
        return Response(ActSerializer(acts, many=True).data)
