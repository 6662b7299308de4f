"""``/api/v1/…`` — the records only the reports use (docs/api.md, «Reports: staff norms,
appeals, shelter exits»): staff norms per specialist for a year, training/supervision/leave
entries (list, add, read, correct, delete), complaints and suggestions (list, record, read,
answer), children leaving shelters (list for a period with the share returned to birth
families, record). Every view resolves through ``access`` (404 out of scope, 403 without the
permission) and writes only through ``services.records``; a ``ReportError`` becomes
``400 {field or "detail": [message]}``. The lists' figures come from ``queries.records``, as on
the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import Team, User
from kurator.core.api import MAX_ID, idempotent
from kurator.core.http import request_user
from kurator.reports.figures import FIRST_YEAR, LAST_YEAR
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry
from kurator.reports.queries.records import (
    APPEAL_ANSWERED,
    APPEAL_OPEN,
    SpecialistNorms,
    appeal_days,
    filter_appeals,
    shelter_exits_between,
    visible_staff_norms,
)
from kurator.reports.services.records import (
    AMOUNT_MIN,
    answer_appeal,
    correct_norm_entry,
    delete_norm_entry,
    norm_amount,
    record_appeal,
    record_norm_entry,
    record_shelter_exit,
    visible_case,
    visible_child,
    visible_family,
)

LIST_MAX = 1000


def _id(**extra: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **extra)


def _not_found(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _team(user: User, number: int | None) -> Team | None:
    """The team numbered ``number`` among those the user sees (None stays None)."""
    if number is None:
        return None
    team = access.teams_visible_to(user).filter(pk=number).first()
    if team is None:
        raise _not_found("team", _("Команда не найдена."))
    return team


def _name(user: User | None) -> str | None:
    if user is None:
        return None
    return user.full_name or user.username


# --- staff norms -------------------------------------------------------------------------------


class SpecialistNormsSerializer(serializers.Serializer[Any]):
    specialist = serializers.IntegerField(source="specialist.pk")
    specialist_name = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    training_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    supervisions = serializers.IntegerField()
    leave_days = serializers.DecimalField(max_digits=8, decimal_places=1)
    training_hours_min = serializers.IntegerField()
    supervisions_min = serializers.IntegerField()
    leave_days_min = serializers.IntegerField()
    training_met = serializers.BooleanField()
    supervisions_met = serializers.BooleanField()
    leave_met = serializers.BooleanField()
    all_met = serializers.BooleanField()

    def get_specialist_name(self, row: SpecialistNorms) -> str:
        return row.specialist.full_name or row.specialist.username


class YearQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    specialist = _id(required=False)


YEAR_PARAMETER = OpenApiParameter(
    "year", OpenApiTypes.INT, description=f"год ({FIRST_YEAR}–{LAST_YEAR}); по умолчанию текущий"
)


def _year(request: Request) -> dict[str, Any]:
    params = YearQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    data: dict[str, Any] = dict(params.validated_data)
    data.setdefault("year", timezone.localdate().year)
    return data


class StaffNormsView(APIView):
    @extend_schema(
        summary="Нормы специалистов за год: обучение, супервизии, отпуск против нормативов",
        parameters=[YEAR_PARAMETER],
        responses=SpecialistNormsSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        rows = visible_staff_norms(user, year=_year(request)["year"])
        return Response(SpecialistNormsSerializer(rows, many=True).data)


class NormEntrySerializer(serializers.ModelSerializer[StaffNormEntry]):
    specialist_name = serializers.SerializerMethodField()

    class Meta:
        model = StaffNormEntry
        fields = [
            "id",
            "specialist",
            "specialist_name",
            "kind",
            "started_on",
            "amount",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_specialist_name(self, entry: StaffNormEntry) -> str:
        return entry.specialist.full_name or entry.specialist.username


def _amount_field(**extra: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        min_value=AMOUNT_MIN,
        help_text="Часы обучения или дни отпуска; для супервизии не нужно (считается 1)",
        **extra,
    )


class NormEntryInputSerializer(serializers.Serializer[Any]):
    specialist = _id(help_text="id специалиста: свой или сотрудника своей команды")
    kind = serializers.ChoiceField(choices=StaffNormEntry.Kind.choices)
    started_on = serializers.DateField(help_text="Для отпуска — первый день")
    amount = _amount_field(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class NormEntryPatchSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=StaffNormEntry.Kind.choices, required=False)
    started_on = serializers.DateField(required=False)
    amount = _amount_field(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class NormEntryListView(APIView):
    @extend_schema(
        summary="Записи об обучении, супервизиях и отпусках за год",
        parameters=[
            YEAR_PARAMETER,
            OpenApiParameter("specialist", OpenApiTypes.INT, description="id специалиста"),
        ],
        responses=NormEntrySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        params = _year(request)
        entries = access.norm_entries_visible_to(user).filter(started_on__year=params["year"])
        if params.get("specialist"):
            entries = entries.filter(specialist_id=params["specialist"])
        entries = entries.select_related("specialist").order_by("-started_on", "-pk")
        return Response(NormEntrySerializer(entries[:LIST_MAX], many=True).data)

    @extend_schema(
        summary="Добавить обучение, супервизию или отпуск (себе; руководитель — своей команде)",
        request=NormEntryInputSerializer,
        responses={201: NormEntrySerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if not access.norm_specialists_editable_by(user).exists():
            raise PermissionDenied("reports.norm:write")
        payload = NormEntryInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        specialist = access.norm_specialists_visible_to(user).filter(pk=data["specialist"]).first()
        if specialist is None:
            raise _not_found("specialist", _("Сотрудник не найден."))
        entry = record_norm_entry(
            specialist=specialist,
            kind=data["kind"],
            started_on=data["started_on"],
            amount=norm_amount(data["kind"], data["amount"]),
            note=data["note"],
            by=user,
        )
        return Response(NormEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class NormEntryDetailView(APIView):
    @extend_schema(
        summary="Запись об обучении, супервизии или отпуске", responses=NormEntrySerializer
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(NormEntrySerializer(access.get_norm_entry(request_user(request), pk)).data)

    @extend_schema(
        summary="Исправить ошибочную запись",
        request=NormEntryPatchSerializer,
        responses=NormEntrySerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        entry = access.get_norm_entry(user, pk, write=True)
        payload = NormEntryPatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        kind = data.get("kind", entry.kind)
        amount = data.get("amount", entry.amount)
        entry = correct_norm_entry(
            entry=entry,
            kind=kind,
            started_on=data.get("started_on", entry.started_on),
            amount=norm_amount(kind, amount),
            note=data.get("note", entry.note),
            by=user,
        )
        return Response(NormEntrySerializer(entry).data)

    @extend_schema(summary="Удалить ошибочную запись", responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        entry = access.get_norm_entry(user, pk, write=True)
        delete_norm_entry(entry=entry, by=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- appeals -----------------------------------------------------------------------------------


class AppealSerializer(serializers.ModelSerializer[Appeal]):
    days = serializers.SerializerMethodField(
        help_text="Календарных дней от поступления до ответа (или до сегодня, пока ответа нет)"
    )
    answered_by_name = serializers.SerializerMethodField()
    assignee_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(
        help_text="Без ответа, и 30-дневный срок (59-ФЗ) прошёл"
    )

    class Meta:
        model = Appeal
        fields = [
            "id",
            "kind",
            "received_on",
            "channel",
            "author",
            "contact",
            "text",
            "team",
            "case",
            "hotline_call",
            "due_on",
            "overdue",
            "assignee",
            "assignee_name",
            "answered_on",
            "answer",
            "answered_by",
            "answered_by_name",
            "notified_on",
            "days",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_days(self, appeal: Appeal) -> int:
        return appeal_days(appeal, timezone.localdate())

    def get_answered_by_name(self, appeal: Appeal) -> str | None:
        return _name(appeal.answered_by)

    def get_assignee_name(self, appeal: Appeal) -> str | None:
        return _name(appeal.assignee)

    def get_overdue(self, appeal: Appeal) -> bool:
        return appeal.is_overdue(timezone.localdate())


class AppealQuerySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=[APPEAL_OPEN, APPEAL_ANSWERED], required=False)
    kind = serializers.ChoiceField(choices=Appeal.Kind.choices, required=False)


class AppealInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Appeal.Kind.choices)
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(
        choices=Appeal.Channel.choices, required=False, allow_blank=True, default=""
    )
    author = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    contact = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    text = serializers.CharField(max_length=10_000)
    case = _id(required=False, allow_null=True, default=None, help_text="id случая")
    team = _id(
        required=False,
        allow_null=True,
        default=None,
        help_text="id команды (для руководителя программы; у команды — всегда её команда)",
    )


class AppealAnswerSerializer(serializers.Serializer[Any]):
    answered_on = serializers.DateField()
    answer = serializers.CharField(max_length=10_000)
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)


class AppealListView(APIView):
    @extend_schema(
        summary="Жалобы и предложения",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=[APPEAL_OPEN, APPEAL_ANSWERED]),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Appeal.Kind.values),
        ],
        responses=AppealSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if not access.may_see_appeals(user):
            raise PermissionDenied(access.REPORT_READ)
        params = AppealQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data: dict[str, Any] = params.validated_data
        appeals = filter_appeals(
            access.appeals_visible_to(user).select_related("answered_by", "assignee"),
            status=data.get("status", ""),
            kind=data.get("kind", ""),
        ).order_by("-received_on", "-pk")[:LIST_MAX]
        return Response(AppealSerializer(appeals, many=True).data)

    @extend_schema(
        summary="Записать жалобу или предложение",
        request=AppealInputSerializer,
        responses={201: AppealSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, access.APPEAL_RECORD)
        payload = AppealInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        case = visible_case(user, data["case"])
        team = _team(user, data["team"])
        appeal = record_appeal(
            kind=data["kind"],
            received_on=data["received_on"],
            channel=data["channel"],
            author=data["author"],
            contact=data["contact"],
            text=data["text"],
            case=case,
            team=team,
            by=user,
        )
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class AppealDetailView(APIView):
    @extend_schema(summary="Жалоба или предложение", responses=AppealSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(AppealSerializer(access.get_appeal(request_user(request), pk)).data)


class AppealAnswerView(APIView):
    @extend_schema(
        summary="Записать ответ на обращение (один раз; повтор — 400)",
        request=AppealAnswerSerializer,
        responses=AppealSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        appeal = access.get_appeal(user, pk, action=access.APPEAL_WRITE)
        payload = AppealAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        appeal = answer_appeal(appeal=appeal, by=user, **payload.validated_data)
        return Response(AppealSerializer(appeal).data)


# --- shelter exits -----------------------------------------------------------------------------


class ShelterExitSerializer(serializers.ModelSerializer[ShelterExit]):
    class Meta:
        model = ShelterExit
        fields = [
            "id",
            "shelter",
            "left_on",
            "destination",
            "child",
            "family",
            "team",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ShelterExitListSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField(help_text="Выбыло детей за период")
    returned_to_birth_family = serializers.IntegerField()
    returned_percent = serializers.DecimalField(
        max_digits=4,
        decimal_places=0,
        allow_null=True,
        help_text="Целые проценты; null — 0 выбытий",
    )
    exits = ShelterExitSerializer(many=True)


class PeriodQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        today = timezone.localdate()
        start = attrs.get("start") or date(today.year, 1, 1)
        end = attrs.get("end") or date(today.year, 12, 31)
        if end < start:
            raise serializers.ValidationError({"end": [_("Конец периода раньше начала.")]})
        return {"start": start, "end": end}


class ShelterExitInputSerializer(serializers.Serializer[Any]):
    shelter = serializers.CharField(max_length=300)
    left_on = serializers.DateField()
    destination = serializers.ChoiceField(choices=ShelterExit.Destination.choices)
    child = _id(required=False, allow_null=True, default=None, help_text="id ребёнка")
    family = _id(required=False, allow_null=True, default=None, help_text="id родной семьи")
    team = _id(required=False, allow_null=True, default=None, help_text="id команды")
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ShelterExitListView(APIView):
    @extend_schema(
        summary="Выбытие детей из учреждений за период и доля возвращённых в родные семьи",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="по умолчанию 1 января"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="по умолчанию 31 декабря"),
        ],
        responses=ShelterExitListSerializer,
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, access.REPORT_READ)
        params = PeriodQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        start, end = params.validated_data["start"], params.validated_data["end"]
        found = shelter_exits_between(user, start, end)
        return Response(
            ShelterExitListSerializer(
                {
                    "start": start,
                    "end": end,
                    "total": found.total,
                    "returned_to_birth_family": found.returned,
                    "returned_percent": found.share,
                    "exits": found.exits[:LIST_MAX],
                }
            ).data
        )

    @extend_schema(
        summary="Записать выбытие ребёнка из учреждения",
        request=ShelterExitInputSerializer,
        responses={201: ShelterExitSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, access.REPORT_READ)
        payload = ShelterExitInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        child = visible_child(user, data["child"])
        family = visible_family(user, data["family"])
        team = _team(user, data["team"])
        exit_ = record_shelter_exit(
            shelter=data["shelter"],
            left_on=data["left_on"],
            destination=data["destination"],
            child=child,
            family=family,
            team=team,
            note=data["note"],
            by=user,
        )
        return Response(ShelterExitSerializer(exit_).data, status=status.HTTP_201_CREATED)
