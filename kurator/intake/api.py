"""``/api/v1/signals/`` — the Signals part of the published API contract (docs/api.md): its
shapes (keep names, add freely) and its views.

Input serializers check shape and resolve ids among the records the caller may see; the
services check the rules. Output: ``SignalSerializer``.

Views are thin like the HTML ones: resolve the signal through ``access`` (404 out of scope,
403 without the permission), check the shape with a serializer, call one service, answer
with the signal. A service's ``IntakeError`` becomes a 400 in ``kurator.core.api``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import Team, User
from kurator.core.api import MAX_ID, idempotent
from kurator.core.http import request_user
from kurator.intake import services
from kurator.intake.criteria import active_criteria
from kurator.intake.models import (
    FirstVisit,
    Recommendation,
    SelectionCriterion,
    Signal,
    TakeInDecision,
)
from kurator.network.models import ResourceAgent
from kurator.people.models import Family

_UNKNOWN_CHOICE = _("Неизвестное значение «{input}».")
# Ids in a body's lists are bounded to 64 bits: a bigger number is refused by its field,
# before ``pk__in`` sends it to the database (SQLite cannot bind it and answered with a 500).
# Not ``core.api.MAX_ID`` (2**31 - 1): the published schema has this bound for these lists.
_LIST_ID_MAX = 2**63 - 1


def _id_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=_LIST_ID_MAX)


def _caller(serializer: serializers.Serializer[Any]) -> User:
    return request_user(serializer.context["request"])


# --- output -----------------------------------------------------------------------------------


class SignalDeadlinesSerializer(serializers.Serializer[Any]):
    """Each deadline appears once it is known: the team and visit ones at once, the report
    and decision ones when the visit is recorded."""

    team_due = serializers.DateField()
    visit_due = serializers.DateField()
    report_due = serializers.DateTimeField(required=False)
    decision_due = serializers.DateField(required=False)


class FirstVisitSerializer(serializers.ModelSerializer[FirstVisit]):
    class Meta:
        model = FirstVisit
        fields = [
            "future_curator",
            "psychologist",
            "planned_date",
            "assigned_by",
            "assigned_at",
            "visited_at",
            "report",
            "living_conditions",
            "children",
            "needs",
            "risks",
            "immediate_danger",
            "recommendation",
            "recommendation_comment",
            "report_submitted_at",
        ]
        extra_kwargs = {
            "children": {
                "help_text": "[{person, name, health, development, schooling, care, own_words}]"
            }
        }


class TakeInDecisionSerializer(serializers.ModelSerializer[TakeInDecision]):
    participants = serializers.SerializerMethodField()
    alternatives = serializers.SerializerMethodField()

    class Meta:
        model = TakeInDecision
        fields = [
            "decision",
            "reason",
            "level",
            "participants",
            "alternatives",
            "criteria",
            "decided_by",
            "decided_at",
        ]
        extra_kwargs = {"criteria": {"help_text": "[{id, title, met}]"}}

    # From the prefetched rows, not .values_list(): the list stays at a fixed query count.
    def get_participants(self, decision: TakeInDecision) -> list[int]:
        return sorted(u.pk for u in decision.participants.all())

    def get_alternatives(self, decision: TakeInDecision) -> list[int]:
        return sorted(a.pk for a in decision.alternatives.all())


class SignalSerializer(serializers.ModelSerializer[Signal]):
    deadlines = serializers.SerializerMethodField()
    visit = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id",
            "received_at",
            "channel",
            "source",
            "reporter_name",
            "reporter_contact",
            "description",
            "family",
            "urgent",
            "team",
            "status",
            "deadlines",
            "decision_level",
            "subject_last_name",
            "subject_first_name",
            "subject_middle_name",
            "subject_birth_date",
            "address",
            "visit",
            "decision",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(SignalDeadlinesSerializer)
    def get_deadlines(self, signal: Signal) -> dict[str, Any]:
        names = ("team_due", "visit_due", "report_due", "decision_due")
        present = {name: getattr(signal, name) for name in names}
        present = {name: value for name, value in present.items() if value is not None}
        data: dict[str, Any] = SignalDeadlinesSerializer(present).data
        return {name: value for name, value in data.items() if name in present}

    @extend_schema_field(FirstVisitSerializer(allow_null=True))
    def get_visit(self, signal: Signal) -> dict[str, Any] | None:
        try:
            visit = signal.first_visit
        except FirstVisit.DoesNotExist:
            return None
        return FirstVisitSerializer(visit).data

    @extend_schema_field(TakeInDecisionSerializer(allow_null=True))
    def get_decision(self, signal: Signal) -> dict[str, Any] | None:
        try:
            decision = signal.decision
        except TakeInDecision.DoesNotExist:
            return None
        return TakeInDecisionSerializer(decision).data


# --- input ------------------------------------------------------------------------------------


class _ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField[Any]):
    """An id among the records the caller may see (``scope(user)``); anything else,
    including another organisation's records, is «not found»."""

    default_error_messages = {
        "does_not_exist": _("Не найдено (id {pk_value})."),
        "incorrect_type": _("Ожидался числовой id."),
    }

    def __init__(self, *, scope: Callable[[User], QuerySet[Any]], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any] | None:
        request = self.context.get("request")
        if request is None:
            return super().get_queryset()  # schema generation: the model only
        return self.scope(request.user)


class SignalCreateSerializer(serializers.Serializer[Any]):
    received_at = serializers.DateTimeField(required=False)
    channel = serializers.ChoiceField(choices=Signal.Channel.choices)
    source = serializers.ChoiceField(choices=Signal.Source.choices)  # type: ignore[assignment]
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    reporter_contact = serializers.CharField(required=False, allow_blank=True, max_length=300)
    description = serializers.CharField()
    family = _ScopedPrimaryKeyField(
        queryset=Family.objects.none(),
        scope=access.families_visible_to,
        required=False,
        allow_null=True,
    )
    urgent = serializers.BooleanField(required=False, default=False)
    team = _ScopedPrimaryKeyField(
        queryset=Team.objects.none(),
        scope=access.teams_visible_to,
        required=False,
        allow_null=True,
    )
    subject_last_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    subject_first_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    subject_middle_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    subject_birth_date = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("channel", "source"):
            self.fields[name].error_messages["invalid_choice"] = _UNKNOWN_CHOICE

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data.setdefault("received_at", timezone.now())
        return data


class AssignTeamSerializer(serializers.Serializer[Any]):
    members = serializers.ListField(
        child=_id_field(),
        help_text=_("Два id: будущий куратор (роль куратора) и психолог (роль психолога)."),
    )
    planned_visit_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("По умолчанию — срок выезда.")
    )

    def validate_members(self, ids: list[int]) -> list[User]:
        """The ids as staff of the caller's organisation; that they are two different
        specialists of the signal's team is ``services.split_visit_members``' rule."""
        user = _caller(self)
        found = {
            u.pk: u
            for u in User.objects.filter(
                pk__in=ids, organisation_id=access.organisation_id_of(user), is_active=True
            ).prefetch_related("roles")
        }
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(
                _("Сотрудник не найден: %(ids)s.") % {"ids": ", ".join(map(str, missing))}
            )
        return [found[pk] for pk in ids]


class ChildStateSerializer(serializers.Serializer[Any]):
    """One child of the signal's family in the visit report (the service checks the child)."""

    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    health = serializers.CharField(required=False, allow_blank=True, default="")
    development = serializers.CharField(required=False, allow_blank=True, default="")
    schooling = serializers.CharField(required=False, allow_blank=True, default="")
    care = serializers.CharField(required=False, allow_blank=True, default="")
    own_words = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitReportSerializer(serializers.Serializer[Any]):
    """The report's sections, or (as before they existed) a free ``report`` text."""

    report = serializers.CharField(required=False, allow_blank=True, default="")
    living_conditions = serializers.CharField(required=False, allow_blank=True, default="")
    children = ChildStateSerializer(many=True, required=False, default=list)
    needs = serializers.CharField(required=False, allow_blank=True, default="")
    risks = serializers.CharField(required=False, allow_blank=True, default="")
    immediate_danger = serializers.BooleanField(required=False, default=False)
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, required=False, allow_blank=True, default=""
    )
    recommendation_comment = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].error_messages["invalid_choice"] = _UNKNOWN_CHOICE

    def visit_report(self) -> services.VisitReport:
        data = dict(self.validated_data)
        return services.VisitReport(
            text=data.pop("report", ""),
            children=[dict(block) for block in data.pop("children", [])],
            living_conditions=data.get("living_conditions", ""),
            needs=data.get("needs", ""),
            risks=data.get("risks", ""),
            immediate_danger=data.get("immediate_danger", False),
            recommendation=data.get("recommendation", ""),
            recommendation_comment=data.get("recommendation_comment", ""),
        )


class RecordVisitSerializer(SubmitReportSerializer):
    visited_at = serializers.DateTimeField()


class DecideSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=TakeInDecision.Decision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    alternatives = serializers.ListField(child=_id_field(), required=False, default=list)
    participants = serializers.ListField(child=_id_field(), required=False, default=list)
    criteria_met = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["invalid_choice"] = _UNKNOWN_CHOICE

    def validate_alternatives(self, ids: list[int]) -> list[ResourceAgent]:
        agents = {
            a.pk: a for a in access.resource_agents_visible_to(_caller(self)).filter(pk__in=ids)
        }
        missing = [pk for pk in ids if pk not in agents]
        if missing:
            raise serializers.ValidationError(
                _("Организация не найдена в ресурсной сети: %(ids)s.")
                % {"ids": ", ".join(map(str, missing))}
            )
        return [agents[pk] for pk in dict.fromkeys(ids)]

    def validate_participants(self, ids: list[int]) -> list[User]:
        user = _caller(self)
        found = {
            u.pk: u
            for u in User.objects.filter(
                pk__in=ids, organisation_id=access.organisation_id_of(user)
            ).prefetch_related("roles")
        }
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(
                _("Сотрудник не найден: %(ids)s.") % {"ids": ", ".join(map(str, missing))}
            )
        return [found[pk] for pk in dict.fromkeys(ids)]


class EscalateSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class LinkFamilySerializer(serializers.Serializer[Any]):
    family = _ScopedPrimaryKeyField(
        queryset=Family.objects.none(), scope=access.families_visible_to
    )


# --- views ------------------------------------------------------------------------------------

TAG = ["signals"]


def _with_details(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    return signals.select_related("first_visit", "decision").prefetch_related(
        "decision__participants", "decision__alternatives"
    )


def _answer(user: User, pk: int, code: int = status.HTTP_200_OK) -> Response:
    signal = _with_details(access.signals_visible_to(user)).get(pk=pk)
    return Response(SignalSerializer(signal).data, status=code)


class SignalListCreateView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Журнал сигналов",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Signal.Status.values),
            OpenApiParameter("urgent", OpenApiTypes.BOOL),
            OpenApiParameter(
                "team",
                OpenApiTypes.INT,
                description="id команды; команда вне видимости пользователя — пустой список",
            ),
        ],
        responses=SignalSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if not access.lists_anything(user, "intake.signal:read"):
            return Response([])
        signals = _with_details(access.signals_visible_to(user))
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Signal.Status.values:
                message = gettext("Неизвестное значение «%(value)s».") % {"value": wanted}
                return Response({"status": [message]}, status=status.HTTP_400_BAD_REQUEST)
            signals = signals.filter(status=wanted)
        if request.query_params.get("urgent") in {"true", "1"}:
            signals = signals.filter(urgent=True)
        team = request.query_params.get("team")
        if team:
            if not (team.isascii() and team.isdigit() and 0 < int(team) <= MAX_ID):
                message = gettext("Номер команды — целое положительное число.")
                return Response({"team": [message]}, status=status.HTTP_400_BAD_REQUEST)
            signals = signals.filter(team_id=int(team))  # a team out of sight: an empty list
        shown = list(signals)
        access.record_listed(user, shown)
        return Response(SignalSerializer(shown, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Принять сигнал",
        request=SignalCreateSerializer,
        responses={201: SignalSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "intake.signal:write")
        serializer = SignalCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        signal = services.record_signal(by=user, **serializer.service_kwargs())
        return _answer(user, signal.pk, status.HTTP_201_CREATED)


class SignalDetailView(APIView):
    @extend_schema(tags=TAG, summary="Сигнал", responses=SignalSerializer)
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk)
        return _answer(user, signal.pk)


class SignalAssignTeamView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Назначить команду первичного выезда",
        request=AssignTeamSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk, action="intake.visit:assign")
        serializer = AssignTeamSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        curator, psychologist = services.split_visit_members(
            signal=signal, members=serializer.validated_data["members"]
        )
        services.assign_visit_team(
            signal=signal,
            by=user,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=serializer.validated_data.get("planned_visit_date"),
        )
        return _answer(user, signal.pk)


class SignalRecordVisitView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Отметить первичный выезд (и сдать отчёт)",
        request=RecordVisitSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk, action="intake.visit:report")
        serializer = RecordVisitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.record_visit(
            signal=signal,
            by=user,
            visited_at=serializer.validated_data["visited_at"],
            report=serializer.visit_report(),
        )
        return _answer(user, signal.pk)


class SignalSubmitReportView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Сдать отчёт о первичном выезде",
        request=SubmitReportSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk, action="intake.visit:report")
        serializer = SubmitReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.submit_visit_report(signal=signal, by=user, report=serializer.visit_report())
        return _answer(user, signal.pk)


class SignalDecideView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Решение о взятии в работу: accept / refuse / redirect",
        description=(
            "Отказ и перенаправление требуют обоснования (reason) — это информированный "
            "отказ; alternatives — id агентов ресурсной сети, куда ещё может обратиться семья. "
            "Повторное решение по тому же сигналу — 400."
        ),
        request=DecideSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk, action="intake.decision:decide")
        serializer = DecideSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.decide_signal(signal=signal, by=user, **serializer.validated_data)
        return _answer(user, signal.pk)


class SignalEscalateView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Передать решение на уровень выше",
        request=EscalateSerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk, action="intake.decision:decide")
        serializer = EscalateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.escalate_signal(signal=signal, by=user, **serializer.validated_data)
        return _answer(user, signal.pk)


class SignalLinkFamilyView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Связать сигнал с семьёй",
        request=LinkFamilySerializer,
        responses=SignalSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        signal = access.get_signal(user, pk, action="intake.signal:write")
        serializer = LinkFamilySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.link_signal_family(
            signal=signal, family=serializer.validated_data["family"], by=user
        )
        return _answer(user, signal.pk)


class SelectionCriterionSerializer(serializers.ModelSerializer[SelectionCriterion]):
    class Meta:
        model = SelectionCriterion
        fields = ["id", "title", "position"]


class SelectionCriteriaView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Критерии отбора семей организации",
        description="Активные критерии; их id принимает decide в criteria_met.",
        responses=SelectionCriterionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "intake.decision:decide")
        criteria = active_criteria(access.organisation_id_of(user))
        return Response(SelectionCriterionSerializer(criteria, many=True).data)
