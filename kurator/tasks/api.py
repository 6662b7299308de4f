"""``GET /api/v1/tasks/`` — the caller's tasks («Мои задачи»), soonest first (docs/api.md).

Only the caller's own tasks (``access.tasks_visible_to``); open ones unless ``status`` says
otherwise. Tasks are written by the services of the apps that own the work, never here.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.http import request_user
from kurator.tasks.models import Task, TaskKind


class TaskSerializer(serializers.ModelSerializer[Task]):
    overdue_days = serializers.SerializerMethodField(
        help_text="Сколько дней просрочено (0 — не просрочено)"
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "key",
            "kind",
            "title",
            "due_on",
            "overdue_days",
            "case",
            "url",
            "status",
            "created_at",
            "completed_at",
        ]
        read_only_fields = fields

    def get_overdue_days(self, task: Task) -> int:
        if not task.is_open:
            return 0
        return task.overdue_days(self.context["today"])


class TaskFilterSerializer(serializers.Serializer[Task]):
    kind = serializers.ChoiceField(choices=TaskKind.choices, required=False)
    status = serializers.ChoiceField(choices=Task.Status.choices, required=False)
    case = serializers.IntegerField(required=False, min_value=1)
    overdue = serializers.BooleanField(required=False, default=False)
    due_before = serializers.DateField(required=False)


class TaskListView(APIView):
    @extend_schema(
        summary="Мои задачи: задачи пользователя, ближайшие сначала",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=TaskKind.values),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=Task.Status.values,
                description="по умолчанию open",
            ),
            OpenApiParameter("case", OpenApiTypes.INT, description="id случая"),
            OpenApiParameter(
                "overdue", OpenApiTypes.BOOL, description="true — только просроченные"
            ),
            OpenApiParameter(
                "due_before", OpenApiTypes.DATE, description="срок не позже этой даты"
            ),
        ],
        responses=TaskSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        params = TaskFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data: dict[str, Any] = params.validated_data
        today = timezone.localdate()
        tasks = access.tasks_visible_to(user).filter(status=data.get("status", Task.Status.OPEN))
        if data.get("kind"):
            tasks = tasks.filter(kind=data["kind"])
        if data.get("case"):
            tasks = tasks.filter(case_id=data["case"])
        if data.get("overdue"):
            tasks = tasks.filter(due_on__lt=today)
        if data.get("due_before"):
            tasks = tasks.filter(due_on__lte=data["due_before"])
        tasks = tasks.order_by("due_on", "pk")
        return Response(TaskSerializer(tasks, many=True, context={"today": today}).data)
