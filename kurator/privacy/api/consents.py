"""``/api/v1/persons/{id}/consents/`` and ``/api/v1/consents/{id}/withdraw/``.

Serializers check the shape; the services of ``kurator.privacy.services.consents`` check the
rules and their ``PeopleError`` becomes ``400 {field: [message]}``. Reads start from
``kurator.access`` or ``kurator.privacy.queries.consents``: a person or consent out of scope is
a 404, an id in a body that the user may not see is «not found».
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.core.api import idempotent
from kurator.core.http import request_user
from kurator.documents.models import CaseDocument
from kurator.people.models import Person
from kurator.privacy.common import PERSON_NOT_FOUND
from kurator.privacy.models import Consent, ConsentPurpose
from kurator.privacy.queries.consents import consents_visible_to, get_consent
from kurator.privacy.services.consents import (
    LEGAL_BASIS_MAX,
    PURPOSE_OTHER_MAX,
    SCOPE_MAX,
    TEXT_MAX,
    consent_documents_for,
    record_consent,
    withdraw_consent,
)


class PurposeSerializer(serializers.ModelSerializer[ConsentPurpose]):
    class Meta:
        model = ConsentPurpose
        fields = ["code", "title", "kind", "category"]
        read_only_fields = fields


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    purposes = PurposeSerializer(source="purpose_list", many=True, read_only=True)
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
            "purposes",
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
        return str(consent.recorded_by)  # the full name, else the login

    def get_destroy_by(self, consent: Consent) -> date | None:
        clock = getattr(consent, "destruction_clock", None)
        return clock.destroy_by if clock is not None else None


class ConsentCreateSerializer(serializers.Serializer[Consent]):
    purposes = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        help_text=_(
            "Коды целей организации: case_work, transfer_<категория агента> (transfer_agency, "
            "transfer_ngo …), supervision, photo, publication, other."
        ),
    )
    purpose = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Одна цель (код) — вместо списка purposes."),
    )
    purpose_other = serializers.CharField(
        max_length=PURPOSE_OTHER_MAX, required=False, allow_blank=True, default=""
    )
    scope = serializers.CharField(max_length=SCOPE_MAX, allow_blank=True)
    given_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    signed_by = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Законный представитель (для ребёнка младше 14 лет — обязательно)."),
        error_messages={"does_not_exist": PERSON_NOT_FOUND},
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
            document.queryset = consent_documents_for(person, user)


class WithdrawSerializer(serializers.Serializer[Consent]):
    withdrawn_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("По умолчанию — сегодня.")
    )
    reason = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )
    retention_required = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Хранение требуется по закону: данные блокируются и уничтожаются за 6 месяцев."
        ),
    )
    legal_basis = serializers.CharField(
        max_length=LEGAL_BASIS_MAX, required=False, allow_blank=True, default=""
    )


class PersonConsentsView(APIView):
    @extend_schema(responses=ConsentSerializer(many=True), summary="Согласия человека")
    def get(self, request: Request, pk: int) -> Response:
        person = access.get_person(request_user(request), pk)
        consents = (
            consents_visible_to(request_user(request))
            .filter(person=person)
            .select_related("signed_by", "recorded_by", "destruction_clock")
            .prefetch_related("purposes")
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
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = access.get_person(user, pk, action="people.family:write")
        serializer = ConsentCreateSerializer(data=request.data, user=user, person=person)
        serializer.is_valid(raise_exception=True)
        consent = record_consent(person=person, by=user, **serializer.validated_data)
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
        user = request_user(request)
        consent = get_consent(user, pk, action="people.family:write")
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        withdrawn = withdraw_consent(
            consent=consent,
            by=user,
            withdrawn_on=data["withdrawn_on"] or timezone.localdate(),
            reason=data["reason"],
            retention_required=data["retention_required"],
            legal_basis=data["legal_basis"],
        )
        reloaded = (
            consents_visible_to(user)
            .select_related("signed_by", "recorded_by", "destruction_clock")
            .prefetch_related("purposes")
            .get(pk=withdrawn.pk)
        )
        return Response(ConsentSerializer(reloaded).data)
