"""``/api/v1/cases/{id}/plan/…``, ``/api/v1/plan-actions/…`` and ``/api/v1/cases/{id}/contacts/``
— the plan section of docs/api.md.

Every view resolves through ``access`` (404 out of scope, 403 without the permission) and
changes state only through ``services``; a ``PlanError`` becomes ``400 {field: [message]}``.
Records named in a body (a goal, a staff member, a family member, an agent, an action) are
looked up within the case: one that is not there is a 400 on its field. A case without a plan
yet is a 400 too (it exists: nothing is missing but the plan).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.api import MAX_ID, UnknownFieldsRefused, idempotent
from kurator.core.http import request_user
from kurator.plans import queries, services
from kurator.plans.models import Contact, Goal, Plan, PlanAction, PlanVersion

WRITE = services.WRITE

# A case that exists but has no plan yet: not a missing record, so a 400 with the reason.
NO_PLAN = OpenApiResponse(description='У случая ещё нет плана: 400 {"detail": ["…"]}.')


# --- serializers ---------------------------------------------------------------------------


class PlanActionSerializer(serializers.ModelSerializer[PlanAction]):
    responsible_name = serializers.CharField(read_only=True)
    goal_text = serializers.CharField(source="goal.text", read_only=True)

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "goal",
            "goal_text",
            "text",
            "responsible_kind",
            "responsible_user",
            "responsible_person",
            "responsible_agent",
            "responsible_other",
            "responsible_name",
            "due_on",
            "status",
            "result",
            "done_on",
        ]
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer[Goal]):
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "position", "text", "actions"]
        read_only_fields = fields


class PlanVersionSerializer(serializers.ModelSerializer[PlanVersion]):
    goals = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "number",
            "reason",
            "created_at",
            "created_by",
            "agreed_with_family_on",
            "approved_by",
            "approved_at",
            "goals",
        ]
        read_only_fields = fields

    @extend_schema_field(GoalSerializer(many=True))
    def get_goals(self, version: PlanVersion) -> list[dict[str, Any]]:
        return list(GoalSerializer(queries.goals_with_actions(version), many=True).data)


class PlanSerializer(serializers.ModelSerializer[Plan]):
    plan_due = serializers.DateField(source="case.plan_due", read_only=True)
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "case", "agreed_on", "plan_due", "created_at", "current_version"]
        read_only_fields = fields

    @extend_schema_field(PlanVersionSerializer(allow_null=True))
    def get_current_version(self, plan: Plan) -> dict[str, Any] | None:
        if plan.current_version is None:
            return None
        return dict(PlanVersionSerializer(plan.current_version).data)


class GoalInputSerializer(serializers.Serializer[Goal]):
    text = serializers.CharField(max_length=2000)


class ActionInputSerializer(serializers.Serializer[PlanAction]):
    goal = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    text = serializers.CharField(max_length=2000)
    responsible_kind = serializers.ChoiceField(choices=PlanAction.Responsible.choices)
    responsible_user = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    responsible_person = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    responsible_agent = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    responsible_other = serializers.CharField(max_length=300, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class StatusInputSerializer(serializers.Serializer[PlanAction]):
    status = serializers.ChoiceField(choices=PlanAction.Status.choices)
    result = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    done_on = serializers.DateField(required=False, allow_null=True)
    expected_status = serializers.ChoiceField(choices=PlanAction.Status.choices, required=False)


class AgreeInputSerializer(serializers.Serializer[PlanVersion]):
    agreed_on = serializers.DateField()


class ReviseInputSerializer(UnknownFieldsRefused[PlanVersion]):
    reason = serializers.CharField(max_length=2000)
    drop = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )


class ContactSerializer(serializers.ModelSerializer[Contact]):
    class Meta:
        model = Contact
        fields = [
            "id",
            "kind",
            "happened_on",
            "staff",
            "persons",
            "notes",
            "actions",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ContactInputSerializer(serializers.Serializer[Contact]):
    kind = serializers.ChoiceField(choices=Contact.Kind.choices)
    happened_on = serializers.DateField()
    staff = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )
    persons = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    actions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )
    done_actions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )


# --- helpers -------------------------------------------------------------------------------


def _bad(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _pick(queryset: Any, pk: int | None, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise _bad(field, message)
    return found


def _many(queryset: Any, ids: list[int], field: str, message: str) -> list[Any]:
    found = list(queryset.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise _bad(field, message)
    return found


# --- views ---------------------------------------------------------------------------------


class CasePlanView(APIView):
    @extend_schema(
        summary="План помощи случая (текущая версия)",
        responses={200: PlanSerializer, 400: NO_PLAN},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_plan_case(request_user(request), pk)
        return Response(PlanSerializer(services.require_plan(case)).data)

    @extend_schema(summary="Начать план помощи", request=None, responses={201: PlanSerializer})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_plan_case(user, pk, action=WRITE)
        plan = services.create_plan(case=case, by=user)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanVersionsView(APIView):
    @extend_schema(
        summary="Все версии плана (прежние не меняются)",
        responses={200: PlanVersionSerializer(many=True), 400: NO_PLAN},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_plan_case(request_user(request), pk)
        versions = queries.versions_of_plan(services.require_plan(case))
        return Response(PlanVersionSerializer(versions, many=True).data)


class PlanGoalsView(APIView):
    @extend_schema(
        summary="Добавить цель в черновик плана",
        request=GoalInputSerializer,
        responses={201: GoalSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_plan_case(user, pk, action=WRITE)
        payload = GoalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        goal = services.add_goal(
            plan=services.require_plan(case), text=payload.validated_data["text"], by=user
        )
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class PlanActionsView(APIView):
    @extend_schema(
        summary="Действия текущей версии плана", responses=PlanActionSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_plan_case(request_user(request), pk)
        return Response(PlanActionSerializer(queries.current_actions(case), many=True).data)

    @extend_schema(
        summary="Добавить действие в черновик плана",
        request=ActionInputSerializer,
        responses={201: PlanActionSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_plan_case(user, pk, action=WRITE)
        plan = services.require_plan(case)
        payload = ActionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        version = plan.current_version
        assert version is not None
        goal = _pick(version.goals.all(), data["goal"], "goal", _("Цель не найдена в плане."))
        action = services.add_action(
            goal=goal,
            text=data["text"],
            responsible_kind=data["responsible_kind"],
            responsible_user=_pick(
                access.plan_staff_choices(case),
                data.get("responsible_user"),
                "responsible_user",
                _("Сотрудник не найден."),
            ),
            responsible_person=_pick(
                access.family_members_of_case(case),
                data.get("responsible_person"),
                "responsible_person",
                _("Этот человек не из семьи случая."),
            ),
            responsible_agent=_pick(
                access.resource_agents_visible_to(user),
                data.get("responsible_agent"),
                "responsible_agent",
                _("Агент не найден в ресурсной сети организации."),
            ),
            responsible_other=data.get("responsible_other", ""),
            due_on=data.get("due_on"),
            by=user,
        )
        return Response(PlanActionSerializer(action).data, status=status.HTTP_201_CREATED)


class PlanAgreeView(APIView):
    @extend_schema(
        summary="План согласован с семьёй (останавливает 45-дневный срок)",
        request=AgreeInputSerializer,
        responses=PlanVersionSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_plan_case(user, pk, action=WRITE)
        payload = AgreeInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.agree_plan_with_family(
            plan=services.require_plan(case), agreed_on=payload.validated_data["agreed_on"], by=user
        )
        return Response(PlanVersionSerializer(version).data)


class PlanReviseView(APIView):
    @extend_schema(
        summary="Пересмотреть план: новая версия с причиной",
        request=ReviseInputSerializer,
        responses={201: PlanVersionSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_plan_case(user, pk, action=WRITE)
        plan = services.require_plan(case)
        payload = ReviseInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        version = plan.current_version
        assert version is not None
        drop = _many(
            version.actions.all(),
            data.get("drop", []),
            "drop",
            _("Исключать можно только действия текущей версии."),
        )
        new = services.revise_plan(plan=plan, reason=data["reason"], drop=drop, by=user)
        return Response(PlanVersionSerializer(new).data, status=status.HTTP_201_CREATED)


class PlanActionStatusView(APIView):
    @extend_schema(
        summary="Изменить статус и результат действия плана",
        description="expected_status — статус, который видел пользователь: если его уже "
        "изменили, ответ 400. Повтор того же изменения ничего не меняет.",
        request=StatusInputSerializer,
        responses=PlanActionSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        action = access.get_plan_action(user, pk, action=WRITE)
        payload = StatusInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        updated = services.update_action_status(
            action=action,
            status=data["status"],
            result=data.get("result"),
            done_on=data.get("done_on"),
            expected_status=data.get("expected_status"),
            by=user,
        )
        return Response(PlanActionSerializer(updated).data)


class CaseContactsView(APIView):
    @extend_schema(summary="Контакты с семьёй", responses=ContactSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_plan_case(request_user(request), pk)
        return Response(ContactSerializer(queries.contacts_of_case(case), many=True).data)

    @extend_schema(
        summary="Записать контакт (посещение, звонок, встреча в офисе, сообщение)",
        request=ContactInputSerializer,
        responses={201: ContactSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_plan_case(user, pk, action=WRITE)
        payload = ContactInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        actions = queries.current_actions(case)
        contact = services.record_contact(
            case=case,
            kind=data["kind"],
            happened_on=data["happened_on"],
            staff=_many(
                access.plan_staff_choices(case),
                data.get("staff", []),
                "staff",
                _("Сотрудник не найден."),
            ),
            persons=_many(
                access.family_members_of_case(case),
                data.get("persons", []),
                "persons",
                _("Этот человек не из семьи случая."),
            ),
            notes=data.get("notes", ""),
            actions=_many(
                actions,
                data.get("actions", []),
                "actions",
                _("Действие не найдено в текущей версии плана."),
            ),
            done_actions=_many(
                actions,
                data.get("done_actions", []),
                "done_actions",
                _("Действие не найдено в текущей версии плана."),
            ),
            by=user,
        )
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
