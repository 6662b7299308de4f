"""``/api/v1/…`` referrals — a case's referrals (the curator's side) and the agent's own side:
referrals to her organisation, with the minimum she needs to act, and her answers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.cases.models import Case
from kurator.core.api import MAX_ID, UnknownFieldsRefused, idempotent
from kurator.core.http import request_user
from kurator.network.errors import NetworkError
from kurator.network.models import Referral
from kurator.network.queries.referrals import AgentView, agent_view
from kurator.network.services.agents import pick_from_directory
from kurator.network.services.family import members_by_id
from kurator.network.services.referrals import create_referral, move_referral
from kurator.plans.models import PlanAction


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
            "depersonalised",
            "status",
            "sent_at",
            "answered_at",
            "finished_at",
            "feedback",
        ]
        read_only_fields = fields


class AgentReferralSerializer(serializers.ModelSerializer[Referral]):
    """The agent's side: the minimum to act — who (name, phone), what, by when, the curator's
    contact. Without the persons' transfer consent: «Семья № …» and ``withheld`` says why
    (``network.queries.referrals.agent_view``); ``persons`` is empty."""

    persons = serializers.SerializerMethodField()
    family = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()
    curator = serializers.SerializerMethodField()
    service = serializers.StringRelatedField[Any]()

    class Meta:
        model = Referral
        fields = [
            "id",
            "family",
            "need",
            "service",
            "persons",
            "withheld",
            "due_on",
            "status",
            "feedback",
            "curator",
        ]
        read_only_fields = fields

    def _view(self, referral: Referral) -> AgentView:
        views: dict[int, AgentView] = self.__dict__.setdefault(
            "_views", dict(self.context.get("views") or {})
        )
        if referral.pk not in views:
            views.update(agent_view([referral]))
        return views[referral.pk]

    def get_persons(self, referral: Referral) -> list[dict[str, str]]:
        return [{"name": p.full_name, "phones": p.phones} for p in self._view(referral).persons]

    def get_family(self, referral: Referral) -> str:
        return self._view(referral).family_label

    def get_withheld(self, referral: Referral) -> str:
        return self._view(referral).withheld

    def get_curator(self, referral: Referral) -> dict[str, str]:
        curator = referral.case.curator
        return {"name": curator.full_name or curator.username, "email": curator.email}


class ReferralInputSerializer(UnknownFieldsRefused[Referral]):
    agent = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    service = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    plan_action = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("Мероприятие плана случая, по которому направляют (не завершённое)."),
    )
    need = serializers.CharField(max_length=4000)
    persons = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1
    )
    due_on = serializers.DateField()
    confirmed = serializers.BooleanField(default=False)
    depersonalised = serializers.BooleanField(
        default=False,
        help_text=_(
            "Отправить обезличенно: агент увидит номер семьи, услугу, срок и контакт "
            "куратора, без имён (когда нет согласия на передачу данных)."
        ),
    )


class MoveSerializer(serializers.Serializer[Referral]):
    to = serializers.ChoiceField(choices=[s for s in Referral.Status.values if s != "draft"])
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


def _plan_action(case: Case, pk: int | None) -> PlanAction | None:
    """The unfinished action ``pk`` of the case's plan, as the form offers; another is a 400."""
    if pk is None:
        return None
    found = access.plan_actions_of_case(case).filter(pk=pk).first()
    if found is None:
        raise NetworkError(gettext("Мероприятие не найдено в плане случая."), field="plan_action")
    return found


class CaseReferralsView(APIView):
    @extend_schema(summary="Направления случая", responses=ReferralSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        items = access.referrals_visible_to(request_user(request)).filter(case=case)
        return Response(ReferralSerializer(items.prefetch_related("persons"), many=True).data)

    @extend_schema(
        summary="Направить к агенту (черновик)",
        request=ReferralInputSerializer,
        responses={201: ReferralSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = ReferralInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        referral = create_referral(
            case=case,
            by=user,
            agent=pick_from_directory(
                access.resource_agents_visible_to(user), data["agent"], "agent"
            ),
            service=pick_from_directory(
                access.services_visible_to(user), data.get("service"), "service"
            ),
            plan_action=_plan_action(case, data.get("plan_action")),
            need=data["need"],
            persons=members_by_id(case, data["persons"]),
            due_on=data["due_on"],
            confirmed=data["confirmed"],
            depersonalised=data["depersonalised"],
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralMoveView(APIView):
    @extend_schema(
        summary="Сменить статус направления (сторона куратора)",
        request=MoveSerializer,
        responses=ReferralSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        referral = access.get_referral(user, pk, action="cases.case:write")
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = move_referral(referral=referral, by=user, **payload.validated_data)
        return Response(ReferralSerializer(referral).data)


class AgentReferralListView(APIView):
    @extend_schema(
        summary="Направления к моей организации (агент)",
        responses=AgentReferralSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "network.referral:respond")
        items = list(
            access.agent_referrals_visible_to(user)
            .select_related("service", "agent", "case__curator")
            .prefetch_related("persons")
        )
        return Response(
            AgentReferralSerializer(items, many=True, context={"views": agent_view(items)}).data
        )


class AgentReferralRespondView(APIView):
    @extend_schema(
        summary="Ответить на направление (агент): принять, отказать, выполнено",
        request=MoveSerializer,
        responses=AgentReferralSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        referral = access.get_agent_referral(user, pk)
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = move_referral(referral=referral, by=user, **payload.validated_data)
        return Response(AgentReferralSerializer(referral).data)
