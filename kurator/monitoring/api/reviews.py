"""``/api/v1/…`` — the reviews of docs/api.md's Monitoring section: the reviews of a case
(list, record a quarterly or annual review), a review, applying a quarterly review to the
plan. Every view resolves through ``access`` (404 out of scope, 403 without the permission)
and changes state only through ``services``; a ``DomainError`` becomes
``400 {field or "detail": [message]}``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.api import MAX_ID, idempotent
from kurator.core.http import request_user
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.models import Review, ReviewItem, ReviewNewAction
from kurator.monitoring.queries import reviews as queries
from kurator.monitoring.rules import WRITE
from kurator.monitoring.services import reviews as services
from kurator.plans.models import PlanAction
from kurator.plans.services import ActionDraft


def _id(**extra: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **extra)


# --- serializers ---------------------------------------------------------------------------


class ReviewItemSerializer(serializers.ModelSerializer[ReviewItem]):
    action_text = serializers.CharField(source="action.text", read_only=True)

    class Meta:
        model = ReviewItem
        fields = ["action", "action_text", "done", "reason", "drop"]
        read_only_fields = fields


class ReviewNewActionSerializer(serializers.ModelSerializer[ReviewNewAction]):
    responsible_name = serializers.CharField(read_only=True)

    class Meta:
        model = ReviewNewAction
        fields = [
            "text",
            "goal",
            "goal_text",
            "responsible_kind",
            "responsible_name",
            "due_on",
        ]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer[Review]):
    items = ReviewItemSerializer(many=True, read_only=True)
    new_actions = ReviewNewActionSerializer(many=True, read_only=True)
    applied_version_number = serializers.IntegerField(
        source="applied_version.number", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "case",
            "kind",
            "number",
            "period_start",
            "period_end",
            "state",
            "priorities",
            "agencies",
            "decision",
            "decision_reason",
            "plan_version",
            "applied_version",
            "applied_version_number",
            "applied_at",
            "recorded_by",
            "recorded_at",
            "items",
            "new_actions",
        ]
        read_only_fields = fields


class ItemInputSerializer(serializers.Serializer[Any]):
    action = _id(help_text="id действия текущей версии плана")
    done = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NewActionInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(allow_blank=True)
    goal = _id(required=False, allow_null=True, default=None)
    goal_text = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_kind = serializers.CharField(allow_blank=True)
    responsible_user = _id(required=False, allow_null=True, default=None)
    responsible_person = _id(required=False, allow_null=True, default=None)
    responsible_agent = _id(required=False, allow_null=True, default=None)
    responsible_other = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReviewInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=Review.Kind.choices,
        error_messages={"invalid_choice": _("Вид обзора: quarterly или annual.")},
    )
    number = serializers.IntegerField(
        min_value=1, max_value=100, help_text="Номер квартала (quarterly) или года (annual)"
    )
    state = serializers.CharField(allow_blank=True)
    items = ItemInputSerializer(many=True, required=False, default=list)
    priorities = serializers.CharField(required=False, allow_blank=True, default="")
    drop = serializers.ListField(child=_id(), required=False, default=list)
    add = NewActionInputSerializer(many=True, required=False, default=list)
    agencies = serializers.CharField(required=False, allow_blank=True, default="")
    decision = serializers.CharField(required=False, allow_blank=True, default="")
    decision_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AppliedSerializer(serializers.Serializer[Any]):
    review = serializers.IntegerField()
    version = serializers.IntegerField()
    number = serializers.IntegerField()


# --- input → service arguments -------------------------------------------------------------


def _actions(case: Case, ids: list[int], field: str) -> list[PlanAction]:
    current = {a.pk: a for a in queries.current_actions(case)}
    missing = [pk for pk in ids if pk not in current]
    if missing:
        raise services.not_current_action(field)
    return [current[pk] for pk in ids]


def _drafts(case: Case, rows: list[dict[str, Any]]) -> list[ActionDraft]:
    goals = {g.pk: g for g in queries.current_goals(case)}
    drafts = []
    for row in rows:
        if row["goal"] is not None and row["goal"] not in goals:
            raise services.not_current_goal()
        lookups = (
            ("responsible_user", queries.staff_of_case_org, _("Сотрудник не найден.")),
            ("responsible_person", queries.person_of_case, _("Этот человек не из семьи случая.")),
            ("responsible_agent", queries.agent_of_case_org, _("Агент ресурсной сети не найден.")),
        )
        found: dict[str, Any] = {}
        for name, lookup, message in lookups:
            if row[name] is not None:
                found[name] = lookup(case, row[name])
                if found[name] is None:
                    raise MonitoringError(message, field="add")
        drafts.append(
            ActionDraft(
                text=row["text"],
                responsible_kind=row["responsible_kind"],
                goal=goals.get(row["goal"]) if row["goal"] is not None else None,
                goal_text=row["goal_text"],
                responsible_user=found.get("responsible_user"),
                responsible_person=found.get("responsible_person"),
                responsible_agent=found.get("responsible_agent"),
                responsible_other=row["responsible_other"],
                due_on=row["due_on"],
            )
        )
    return drafts


# --- views ---------------------------------------------------------------------------------


class CaseReviewsView(APIView):
    @extend_schema(
        summary="Обзоры случая (квартальные и ежегодные)", responses=ReviewSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        case = access.get_case(request_user(request), pk)
        return Response(
            ReviewSerializer(
                queries.case_reviews(case).prefetch_related(
                    "items__action",
                    "new_actions__responsible_user",
                    "new_actions__responsible_person",
                    "new_actions__responsible_agent",
                ),
                many=True,
            ).data
        )

    @extend_schema(
        summary="Записать квартальный обзор или ежегодный пересмотр",
        request=ReviewInputSerializer,
        responses={201: ReviewSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = access.get_case(user, pk, action=WRITE)
        payload = ReviewInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        try:
            review = self._record(case, data, user)
        except MonitoringError as error:
            if error.field in ("period", "year"):
                error.field = "number"  # the API's name of the period
            raise
        review = queries.review_detail(review)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    def _record(self, case: Case, data: dict[str, Any], user: User) -> Review:
        if data["kind"] == Review.Kind.ANNUAL:
            return services.record_annual_review(
                case=case,
                year=data["number"],
                state=data["state"],
                decision=data["decision"],
                reason=data["decision_reason"],
                by=user,
            )
        items = data["items"]
        actions = _actions(case, [row["action"] for row in items], "items")
        return services.record_quarterly_review(
            case=case,
            period=data["number"],
            items=[
                services.ItemInput(action=action, done=row["done"], reason=row["reason"])
                for action, row in zip(actions, items, strict=True)
            ],
            state=data["state"],
            proposals=services.Proposals(
                priorities=data["priorities"],
                drop=_actions(case, data["drop"], "drop"),
                add=_drafts(case, data["add"]),
                agencies=data["agencies"],
            ),
            by=user,
        )


class ReviewDetailView(APIView):
    @extend_schema(summary="Обзор случая", responses=ReviewSerializer)
    def get(self, request: Request, pk: int) -> Response:
        review = queries.review_detail(access.get_review(request_user(request), pk))
        return Response(ReviewSerializer(review).data)


class ReviewApplyView(APIView):
    @extend_schema(
        summary="Превратить квартальный обзор в новую версию плана (повторный вызов вернёт ту же)",
        request=None,
        responses=AppliedSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        review = access.get_review(user, pk, action=WRITE)
        version = services.apply_review(review=review, by=user)
        return Response({"review": review.pk, "version": version.pk, "number": version.number})
