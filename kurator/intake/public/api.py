"""``/api/v1/public-signals/`` — the organisation's own site posts the reports its visitors
leave in its own form, as the public page «Сообщить о семье» does (docs/api.md).

The site's server calls with an integration token of a user of the organisation who may take
signals in (``intake.signal:write``); the signal is the visitor's, so nobody is named as the
one who took it, and it goes to the team of the settlement she picked. The site sends its own
``submission_id`` for each form: sending it again returns the first answer, never a second
signal. The answer carries the number and the code to show the visitor; the status lookup
answers the four words of the public status page, and 404 alike for an unknown number and a
wrong code.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.core.api import MAX_ID, UnknownFieldsRefused
from kurator.core.http import request_user
from kurator.intake.errors import IntakeError
from kurator.intake.models import PublicPage, Settlement
from kurator.intake.public import queries, services

TAG = ["public signals"]


class SettlementSerializer(serializers.ModelSerializer[Settlement]):
    team = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = Settlement
        fields = ["id", "name", "team"]
        read_only_fields = fields


class PublicSignalInSerializer(UnknownFieldsRefused[Any]):
    submission_id = serializers.CharField(
        max_length=services.SUBMISSION_MAX,
        help_text=_("Номер отправки формы на сайте: повтор с тем же номером — тот же ответ."),
    )
    settlement = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    description = serializers.CharField(max_length=services.DESCRIPTION_MAX)
    address = serializers.CharField(
        max_length=services.ADDRESS_MAX, required=False, allow_blank=True, default=""
    )
    family_name = serializers.CharField(
        max_length=services.FAMILY_NAME_MAX, required=False, allow_blank=True, default=""
    )
    urgent = serializers.BooleanField(required=False, default=False)
    relation = serializers.ChoiceField(
        choices=[value for value, _label in services.RELATIONS],
        required=False,
        allow_blank=True,
        default="",
    )
    reporter_name = serializers.CharField(
        max_length=services.NAME_MAX, required=False, allow_blank=True, default=""
    )
    reporter_contact = serializers.CharField(
        max_length=services.CONTACT_MAX, required=False, allow_blank=True, default=""
    )
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Обязательно true, если переданы имя или контакт сообщившего."),
    )


class ReceiptSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    code = serializers.CharField()
    again = serializers.BooleanField(help_text=_("true — эта отправка уже была принята раньше."))


class StatusInSerializer(UnknownFieldsRefused[Any]):
    number = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    code = serializers.CharField(max_length=20)


class StatusOutSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=list(queries.PUBLIC_STATUSES))
    status_display = serializers.CharField()


def _page_of(user: Any) -> PublicPage:
    page = queries.page_of_organisation(access.organisation_id_of(user))
    if page is None:
        raise IntakeError(
            _(
                "Приём сообщений с публичной страницы у организации не открыт: администратор "
                "открывает его в настройках."
            )
        )
    return page


class PublicSettlementsView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Населённые пункты для формы «Сообщить о семье»",
        responses={
            200: SettlementSerializer(many=True),
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="Приём сообщений с публичной страницы у организации не открыт.",
            ),
        },
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "intake.signal:write")
        page = _page_of(user)
        return Response(SettlementSerializer(queries.settlements_of(page), many=True).data)


class PublicSignalCreateView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Сообщение о семье с сайта организации",
        request=PublicSignalInSerializer,
        responses={201: ReceiptSerializer, 200: ReceiptSerializer},
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "intake.signal:write")
        body = PublicSignalInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        page = _page_of(user)
        settlement = queries.settlements_of(page).filter(pk=data.pop("settlement")).first()
        if settlement is None:
            raise IntakeError(services.SETTLEMENT_MISSING, field="settlement")
        receipt = services.submit_public_signal(
            page=page,
            settlement=settlement,
            submission=data.pop("submission_id"),
            through_api=True,
            **data,
        )
        answer = ReceiptSerializer(
            {"number": receipt.number, "code": receipt.code, "again": receipt.again}
        ).data
        return Response(answer, status=status.HTTP_200_OK if receipt.again else 201)


class PublicSignalStatusView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Что с сообщением: принят, в работе, передан в органы, закрыт",
        request=StatusInSerializer,
        responses=StatusOutSerializer,
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "intake.signal:write")
        body = StatusInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        number, code = body.validated_data["number"], body.validated_data["code"]
        found = queries.lookup_status(number, code, organisation_id=access.organisation_id_of(user))
        if found is None:
            raise Http404("public signal")
        answer = {
            "number": number,
            "status": found,
            "status_display": queries.PUBLIC_STATUSES[found],
        }
        return Response(StatusOutSerializer(answer).data)
