"""``/api/v1/subject_requests/`` and ``/api/v1/subject_requests/{id}/answer/``.

Serializers check the shape; the services of ``kurator.privacy.services.subject_requests``
check the rules and their ``PeopleError`` becomes ``400 {field: [message]}``. Reads start from
``kurator.access`` or ``kurator.privacy.queries.subject_requests``: a person or request out of
scope is a 404, an id in a body that the user may not see is «not found».
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.core.api import idempotent
from kurator.core.http import request_user
from kurator.people.models import Person
from kurator.privacy.common import PERSON_NOT_FOUND
from kurator.privacy.models import SubjectRequest, SubjectRequestKind
from kurator.privacy.queries.subject_requests import (
    SHOW_CHOICES,
    get_subject_request,
    subject_requests_shown,
)
from kurator.privacy.services.subject_requests import (
    TEXT_MAX,
    answer_subject_request,
    register_subject_request,
)

NOBODY = AnonymousUser()


class SubjectRequestSerializer(serializers.ModelSerializer[SubjectRequest]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    handled_by_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(
        help_text=_("Без ответа после срока или ответ дан позже срока.")
    )

    class Meta:
        model = SubjectRequest
        fields = [
            "id",
            "person",
            "person_name",
            "kind",
            "kind_display",
            "received_on",
            "text",
            "due_on",
            "answered_on",
            "answer",
            "handled_by_name",
            "overdue",
        ]
        read_only_fields = fields

    def get_handled_by_name(self, request: SubjectRequest) -> str | None:
        if request.handled_by is None:
            return None
        return str(request.handled_by)  # the full name, else the login

    def get_overdue(self, request: SubjectRequest) -> bool:
        return request.is_overdue_on(timezone.localdate())


class SubjectRequestCreateSerializer(serializers.Serializer[SubjectRequest]):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        error_messages={"does_not_exist": PERSON_NOT_FOUND},
    )
    kind = serializers.ChoiceField(choices=SubjectRequestKind.choices)
    received_on = serializers.DateField()
    text = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.queryset = access.persons_visible_to(user or NOBODY)


class AnswerSerializer(serializers.Serializer[SubjectRequest]):
    answer = serializers.CharField(max_length=TEXT_MAX, allow_blank=True)
    answered_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("По умолчанию — сегодня.")
    )


SHOW = OpenApiParameter(
    "show",
    str,
    enum=list(SHOW_CHOICES),
    description=_("open — без ответа (по умолчанию), overdue — просроченные, all — все."),
)
PERSON = OpenApiParameter("person", int, description=_("Только обращения этого человека."))


class SubjectRequestListView(APIView):
    @extend_schema(
        parameters=[SHOW, PERSON],
        responses=SubjectRequestSerializer(many=True),
        summary="Обращения субъектов данных",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if not access.lists_anything(user, "people.family:read"):
            return Response([])
        show = request.query_params.get("show", "open")
        if show not in SHOW_CHOICES:
            return Response(
                {"show": [str(_("Допустимые значения: open, overdue, all."))]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        requests = subject_requests_shown(user, show, today=timezone.localdate())
        if person_id := request.query_params.get("person", "").strip():
            requests = requests.filter(person=access.get_person(user, person_id))
        return Response(SubjectRequestSerializer(requests, many=True).data)

    @extend_schema(
        request=SubjectRequestCreateSerializer,
        responses={201: SubjectRequestSerializer},
        summary="Зарегистрировать обращение",
        description="Срок ответа — 10 рабочих дней после получения (производственный календарь).",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "people.family:write")
        serializer = SubjectRequestCreateSerializer(data=request.data, user=user)
        serializer.is_valid(raise_exception=True)
        created = register_subject_request(by=user, **serializer.validated_data)
        return Response(SubjectRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class SubjectRequestAnswerView(APIView):
    @extend_schema(
        request=AnswerSerializer,
        responses=SubjectRequestSerializer,
        summary="Записать ответ на обращение",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        subject_request = get_subject_request(user, pk, action="people.family:write")
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answered = answer_subject_request(
            request=subject_request, by=user, **serializer.validated_data
        )
        return Response(SubjectRequestSerializer(answered).data)
