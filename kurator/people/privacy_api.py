"""``/api/v1/persons/{id}/consents/``, ``/api/v1/consents/{id}/withdraw/``,
``/api/v1/subject_requests/`` and ``/api/v1/subject_requests/{id}/answer/``.

Serializers check the shape; the services of ``kurator.people.privacy`` check the rules and
their ``PeopleError`` becomes ``400 {field: [message]}``. Reads start from ``kurator.access``
or the privacy module's scoped reads: a person, consent or request out of scope is a 404, an
id in a body that the user may not see is «not found».
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

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
from kurator.documents.models import CaseDocument
from kurator.people import privacy, privacy_queries
from kurator.people.models import (
    Consent,
    ConsentPurpose,
    Person,
    SubjectRequest,
    SubjectRequestKind,
)

NOBODY = AnonymousUser()


def _user(request: Request) -> User:
    return cast(User, request.user)


# --- consents --------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    purpose_display = serializers.CharField(source="purpose_label", read_only=True)
    signed_by_name = serializers.SerializerMethodField()
    recorded_by_name = serializers.SerializerMethodField()
    destroy_by = serializers.SerializerMethodField(
        help_text=_("Уничтожить данные до (если отзыв остановил обработку).")
    )

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "purpose",
            "purpose_display",
            "purpose_other",
            "scope",
            "given_on",
            "valid_until",
            "document",
            "signed_by",
            "signed_by_name",
            "recorded_by_name",
            "recorded_at",
            "withdrawn_on",
            "withdrawal_reason",
            "destroy_by",
        ]
        read_only_fields = fields

    def get_signed_by_name(self, consent: Consent) -> str | None:
        return consent.signed_by.full_name if consent.signed_by else None

    def get_recorded_by_name(self, consent: Consent) -> str:
        return consent.recorded_by.full_name or consent.recorded_by.username

    def get_destroy_by(self, consent: Consent) -> date | None:
        clock = getattr(consent, "destruction_clock", None)
        return clock.destroy_by if clock is not None else None


class ConsentCreateSerializer(serializers.Serializer[Consent]):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    purpose_other = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    scope = serializers.CharField(max_length=4000, allow_blank=True)
    given_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    signed_by = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Законный представитель (для ребёнка младше 14 лет — обязательно)."),
        error_messages={"does_not_exist": _("Человек не найден.")},
    )
    document = serializers.PrimaryKeyRelatedField(
        queryset=CaseDocument.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Документ «согласие на обработку ПДн» из папки случая семьи."),
        error_messages={"does_not_exist": _("Документ не найден.")},
    )

    def __init__(
        self, *args: Any, user: User | None = None, person: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Without a user and person (the schema generator builds one bare) nothing is valid.
        if user is not None and person is not None:
            signed_by: Any = self.fields["signed_by"]
            signed_by.queryset = access.persons_visible_to(user)
            document: Any = self.fields["document"]
            document.queryset = privacy.consent_documents_for(person, user)


class WithdrawSerializer(serializers.Serializer[Consent]):
    withdrawn_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("По умолчанию — сегодня.")
    )
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    retention_required = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Хранение требуется по закону: данные блокируются и уничтожаются за 6 месяцев."
        ),
    )
    legal_basis = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class PersonConsentsView(APIView):
    @extend_schema(responses=ConsentSerializer(many=True), summary="Согласия человека")
    def get(self, request: Request, pk: int) -> Response:
        person = access.get_person(_user(request), pk)
        consents = (
            privacy_queries.consents_visible_to(_user(request))
            .filter(person=person)
            .select_related("signed_by", "recorded_by", "destruction_clock")
            .order_by("-given_on", "-pk")
        )
        return Response(ConsentSerializer(consents, many=True).data)

    @extend_schema(
        request=ConsentCreateSerializer,
        responses={201: ConsentSerializer},
        summary="Записать согласие",
        description=(
            "Согласие с целью, перечнем данных и действий, датой и сроком (пусто — до отзыва). "
            "Согласие на обработку данных для помощи, данное после отзыва, снимает срок "
            "уничтожения."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        person = access.get_person(user, pk, action="people.family:write")
        serializer = ConsentCreateSerializer(data=request.data, user=user, person=person)
        serializer.is_valid(raise_exception=True)
        consent = privacy.record_consent(person=person, by=user, **serializer.validated_data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(APIView):
    @extend_schema(
        request=WithdrawSerializer,
        responses=ConsentSerializer,
        summary="Отозвать согласие",
        description=(
            "Отзыв согласия на обработку данных для помощи останавливает обработку: карточка "
            "человека становится только для чтения, данные уничтожаются через 30 дней (или "
            "блокируются и уничтожаются через 6 месяцев, если хранение требуется по закону)."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        consent = privacy_queries.get_consent(user, pk, action="people.family:write")
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        withdrawn = privacy.withdraw_consent(
            consent=consent,
            by=user,
            withdrawn_on=data["withdrawn_on"] or timezone.localdate(),
            reason=data["reason"],
            retention_required=data["retention_required"],
            legal_basis=data["legal_basis"],
        )
        reloaded = (
            privacy_queries.consents_visible_to(user)
            .select_related("signed_by", "recorded_by", "destruction_clock")
            .get(pk=withdrawn.pk)
        )
        return Response(ConsentSerializer(reloaded).data)


# --- subject requests ------------------------------------------------------------------------


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
        return request.handled_by.full_name or request.handled_by.username

    def get_overdue(self, request: SubjectRequest) -> bool:
        return request.is_overdue_on(timezone.localdate())


class SubjectRequestCreateSerializer(serializers.Serializer[SubjectRequest]):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        error_messages={"does_not_exist": _("Человек не найден.")},
    )
    kind = serializers.ChoiceField(choices=SubjectRequestKind.choices)
    received_on = serializers.DateField()
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.queryset = access.persons_visible_to(user or NOBODY)


class AnswerSerializer(serializers.Serializer[SubjectRequest]):
    answer = serializers.CharField(max_length=4000, allow_blank=True)
    answered_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("По умолчанию — сегодня.")
    )


SHOW = OpenApiParameter(
    "show",
    str,
    enum=["open", "overdue", "all"],
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
        user = _user(request)
        access.require(user, "people.family:read")
        requests = privacy_queries.subject_requests_visible_to(user).select_related(
            "person", "handled_by"
        )
        show = request.query_params.get("show", "open")
        if show == "open":
            requests = requests.filter(answered_on__isnull=True)
        elif show == "overdue":
            requests = requests.filter(answered_on__isnull=True, due_on__lt=timezone.localdate())
        elif show != "all":
            return Response(
                {"show": [str(_("Допустимые значения: open, overdue, all."))]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if person_id := request.query_params.get("person", "").strip():
            requests = requests.filter(person=access.get_person(user, person_id))
        requests = requests.order_by("answered_on", "due_on", "pk")
        return Response(SubjectRequestSerializer(requests, many=True).data)

    @extend_schema(
        request=SubjectRequestCreateSerializer,
        responses={201: SubjectRequestSerializer},
        summary="Зарегистрировать обращение",
        description="Срок ответа — 10 рабочих дней после получения (производственный календарь).",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        access.require(user, "people.family:write")
        serializer = SubjectRequestCreateSerializer(data=request.data, user=user)
        serializer.is_valid(raise_exception=True)
        created = privacy.register_subject_request(by=user, **serializer.validated_data)
        return Response(SubjectRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class SubjectRequestAnswerView(APIView):
    @extend_schema(
        request=AnswerSerializer,
        responses=SubjectRequestSerializer,
        summary="Записать ответ на обращение",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        subject_request = privacy_queries.get_subject_request(
            user, pk, action="people.family:write"
        )
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answered = privacy.answer_subject_request(
            request=subject_request, by=user, **serializer.validated_data
        )
        return Response(SubjectRequestSerializer(answered).data)
