"""``/api/v1/cases/{id}/close/``, ``…/reopen/`` (the published API contract) and the rest of the
case lifecycle: post-support contacts and its end, emergency steps and their approval,
one-off help of a family and its growing into a case.

Each view resolves through ``access`` (404 out of scope, 403 without the permission),
validates shape with a serializer and calls one service in ``services.lifecycle``; a
``CaseError`` becomes ``400 {field or "detail": [message]}`` in ``kurator.core.api``.
"""

from __future__ import annotations

from typing import Any, cast

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.cases.api.opening import CaseSerializer
from kurator.cases.errors import CaseError
from kurator.cases.models import (
    Case,
    CaseClosure,
    EmergencyStep,
    OneOffHelp,
    PostSupportContact,
)
from kurator.cases.queries import opening as queries
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA, POST_SUPPORT_FREQUENCY_MAX_DAYS
from kurator.cases.services.opening import signal_in_scope
from kurator.core.api import idempotent
from kurator.core.http import request_user

# When a partner system reopens without saying why (the published API contract's body is
# empty): the reason a new case opens (docs/domain.md, Scenarios).
DEFAULT_REOPEN_REASON = "ситуация в семье ухудшилась"


def _colleague(user: User, pk: int | None, field: str) -> User | None:
    """A user of the caller's organisation named in the body; unknown → 400 on the field."""
    if pk is None:
        return None
    colleague = queries.colleague(user, pk)
    if colleague is None:
        raise serializers.ValidationError({field: [_("Сотрудник не найден.")]})
    return colleague


# --- serializers ---------------------------------------------------------------------------


class CriteriaSerializer(serializers.Serializer[dict[str, bool]]):
    """The closure checklist (docs/domain.md, Scenarios); a missing criterion is «not ticked»."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            key: serializers.BooleanField(required=False, default=False, help_text=str(label))
            for key, label in CLOSURE_CRITERIA.items()
        }

    def to_internal_value(self, data: Any) -> dict[str, bool]:
        if isinstance(data, dict):
            try:
                lifecycle.check_known_criteria(data)
            except CaseError as error:
                raise serializers.ValidationError(error.message) from error
        return cast(dict[str, bool], super().to_internal_value(data))


class CaseCloseSerializer(serializers.Serializer[CaseClosure]):
    reason = serializers.ChoiceField(choices=CaseClosure.Reason.choices)
    criteria = CriteriaSerializer(required=False)
    consilium_participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )
    consilium_decision = serializers.CharField(required=False, allow_blank=True, default="")
    exit_diagnostics = serializers.CharField(required=False, allow_blank=True, default="")
    family_feedback = serializers.CharField(required=False, allow_blank=True, default="")
    post_support = serializers.BooleanField(required=False, default=False)
    post_support_frequency_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=POST_SUPPORT_FREQUENCY_MAX_DAYS,
        help_text="Обязательно при post_support=true: контакт с семьёй раз в N дней",
    )


class ClosureSerializer(serializers.ModelSerializer[CaseClosure]):
    class Meta:
        model = CaseClosure
        fields = [
            "reason",
            "criteria",
            "consilium_participants",
            "consilium_decision",
            "exit_diagnostics",
            "family_feedback",
            "post_support",
            "post_support_frequency_days",
            "closed_by",
            "closed_at",
        ]
        read_only_fields = fields


class ClosedCaseSerializer(CaseSerializer):
    closure = ClosureSerializer(read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "closure"]
        read_only_fields = fields


class ReopenSerializer(serializers.Serializer[Case]):
    reason = serializers.CharField(
        required=False,
        allow_blank=False,
        default=DEFAULT_REOPEN_REASON,
        help_text=f"Почему нужен новый случай; по умолчанию «{DEFAULT_REOPEN_REASON}»",
    )
    curator = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="Куратор нового случая; по умолчанию прежний",
    )


class PostSupportContactSerializer(serializers.ModelSerializer[PostSupportContact]):
    class Meta:
        model = PostSupportContact
        fields = [
            "id",
            "contact_date",
            "summary",
            "seasonal_help",
            "situation_worsened",
            "next_contact_due",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "next_contact_due", "recorded_by", "recorded_at"]
        extra_kwargs = {"seasonal_help": {"required": False}}


class EndPostSupportSerializer(serializers.Serializer[Case]):
    reason = serializers.CharField()


class EmergencyStepSerializer(serializers.ModelSerializer[EmergencyStep]):
    class Meta:
        model = EmergencyStep
        fields = ["id", "case", "description", "taken_at", "taken_by", "approved_by", "approved_at"]
        read_only_fields = ["id", "case", "taken_by", "approved_by", "approved_at"]


class OneOffHelpSerializer(serializers.ModelSerializer[OneOffHelp]):
    class Meta:
        model = OneOffHelp
        fields = ["id", "family", "signal", "given_on", "description", "given_by", "converted_to"]
        read_only_fields = fields


class OneOffHelpInputSerializer(serializers.Serializer[OneOffHelp]):
    given_on = serializers.DateField()
    description = serializers.CharField()
    signal = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, help_text="id сигнала"
    )


class ConvertOneOffHelpSerializer(serializers.Serializer[Case]):
    curator = serializers.IntegerField(min_value=1)
    scenario = serializers.ChoiceField(choices=Case.Scenario.choices, default=Case.Scenario.PLANNED)
    target_group = serializers.ChoiceField(
        choices=Case.TargetGroup.choices, default=Case.TargetGroup.FAMILY_WITH_CHILDREN
    )


# --- closure and reopening (the published API contract) -----------------------------------


class CaseCloseView(APIView):
    @extend_schema(
        summary="Закрыть случай (консилиум, критерии, постсопровождение)",
        description=(
            "Только открытый случай; закрытый → 400. Причина goals_met требует всех критериев; "
            "post_support=true требует post_support_frequency_days. 400 и пока семья на учёте "
            "СОП (нужно постановление КДНиЗП о снятии с учёта), и для случая высокой "
            "сложности без проведённого консилиума."
        ),
        request=CaseCloseSerializer,
        responses={200: ClosedCaseSerializer},
        examples=[
            OpenApiExample(
                "В постсопровождение",
                value={
                    "reason": "goals_met",
                    "criteria": dict.fromkeys(CLOSURE_CRITERIA, True),
                    "post_support": True,
                    "post_support_frequency_days": 30,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = CaseCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        participants = [
            _colleague(user, user_id, "consilium_participants")
            for user_id in data["consilium_participants"]
        ]
        lifecycle.close_case(
            case=case,
            by=user,
            reason=data["reason"],
            criteria=data.get("criteria") or {},
            consilium_participants=[p for p in participants if p is not None],
            consilium_decision=data["consilium_decision"],
            exit_diagnostics=data["exit_diagnostics"],
            family_feedback=data["family_feedback"],
            post_support=data["post_support"],
            post_support_frequency_days=data["post_support_frequency_days"],
        )
        return Response(ClosedCaseSerializer(case).data)


class CaseReopenView(APIView):
    @extend_schema(
        summary="Открыть новый случай вместо закрытого",
        description=(
            "Только закрытый случай или случай в постсопровождении (он закрывается); открытый "
            "→ 400, повторно → 400. Новый случай ссылается на прежний (previous_case) и "
            "наследует его историю и документы."
        ),
        request=ReopenSerializer,
        responses={201: CaseSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = ReopenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        new = lifecycle.reopen_case(
            case=case,
            by=user,
            curator=_colleague(user, data["curator"], "curator"),
            reason=data["reason"],
        )
        return Response(CaseSerializer(new).data, status=status.HTTP_201_CREATED)


# --- post-support --------------------------------------------------------------------------


class PostSupportContactsView(APIView):
    @extend_schema(
        summary="Контакты постсопровождения", responses=PostSupportContactSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        contacts = case.post_support_contacts.order_by("-contact_date", "-pk")
        return Response(PostSupportContactSerializer(contacts, many=True).data)

    @extend_schema(
        summary="Записать контакт постсопровождения",
        description="Только в постсопровождении; next_contact_due = contact_date + частота.",
        request=PostSupportContactSerializer,
        responses={201: PostSupportContactSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = PostSupportContactSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        contact = lifecycle.record_post_support_contact(
            case=case,
            by=user,
            contact_date=data["contact_date"],
            summary=data["summary"],
            seasonal_help=data.get("seasonal_help", ""),
            situation_worsened=data.get("situation_worsened", False),
        )
        return Response(PostSupportContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class EndPostSupportView(APIView):
    @extend_schema(
        summary="Завершить постсопровождение (случай закрывается)",
        request=EndPostSupportSerializer,
        responses={200: CaseSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = EndPostSupportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lifecycle.end_post_support(case=case, by=user, reason=payload.validated_data["reason"])
        return Response(CaseSerializer(case).data)


# --- emergency steps -----------------------------------------------------------------------


class EmergencyStepsView(APIView):
    @extend_schema(summary="Экстренные шаги случая", responses=EmergencyStepSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        steps = case.emergency_steps.order_by("-taken_at", "-pk")
        return Response(EmergencyStepSerializer(steps, many=True).data)

    @extend_schema(
        summary="Записать экстренный шаг (сделан до согласования)",
        description="Только в сценарии emergency; шаг ждёт согласования руководителя команды.",
        request=EmergencyStepSerializer,
        responses={201: EmergencyStepSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:write")
        payload = EmergencyStepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        step = lifecycle.record_emergency_step(
            case=case, by=user, description=data["description"], taken_at=data["taken_at"]
        )
        return Response(EmergencyStepSerializer(step).data, status=status.HTTP_201_CREATED)


class EmergencyStepApproveView(APIView):
    @extend_schema(
        summary="Согласовать экстренный шаг (руководитель команды)",
        description="Повторное согласование → 400.",
        request=None,
        responses={200: EmergencyStepSerializer},
    )
    def post(self, request: Request, pk: int, step_pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action="cases.case:approve")
        step = get_object_or_404(case.emergency_steps.all(), pk=step_pk)
        step = lifecycle.approve_emergency_step(step=step, by=user)
        return Response(EmergencyStepSerializer(step).data)


# --- one-off help --------------------------------------------------------------------------


class OneOffHelpListView(APIView):
    @extend_schema(summary="Разовая помощь семье", responses=OneOffHelpSerializer(many=True))
    def get(self, request: Request, family_id: int) -> Response:
        family = access.get_family(request_user(request), family_id, action="cases.case:read")
        helps = family.one_off_help.order_by("-given_on", "-pk")
        return Response(OneOffHelpSerializer(helps, many=True).data)

    @extend_schema(
        summary="Записать разовую помощь (без открытия случая)",
        request=OneOffHelpInputSerializer,
        responses={201: OneOffHelpSerializer},
    )
    @idempotent
    def post(self, request: Request, family_id: int) -> Response:
        user = request_user(request)
        family = access.get_family(user, family_id, action="cases.case:write")
        payload = OneOffHelpInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        signal = None
        if data["signal"] is not None:
            # Only a signal the caller may see can be named; another reads as "does not exist".
            signal = signal_in_scope(user, data["signal"])
        help_ = lifecycle.record_one_off_help(
            family=family,
            by=user,
            given_on=data["given_on"],
            description=data["description"],
            signal=signal,
        )
        return Response(OneOffHelpSerializer(help_).data, status=status.HTTP_201_CREATED)


class OneOffHelpConvertView(APIView):
    @extend_schema(
        summary="Разовая помощь перерастает в случай",
        description="Открывает случай без сигнала; повторно → 400.",
        request=ConvertOneOffHelpSerializer,
        responses={201: CaseSerializer},
    )
    @idempotent
    def post(self, request: Request, family_id: int, pk: int) -> Response:
        user = request_user(request)
        family = access.get_family(user, family_id, action="cases.case:open")
        help_ = get_object_or_404(family.one_off_help.all(), pk=pk)
        payload = ConvertOneOffHelpSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        curator = _colleague(user, data["curator"], "curator")
        assert curator is not None
        case = lifecycle.convert_one_off_help(
            help=help_,
            by=user,
            curator=curator,
            scenario=data["scenario"],
            target_group=data["target_group"],
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)
