"""``/api/v1/families/`` and ``/api/v1/persons/`` (the published API contract;
docs/api.md).

Serializers check the shape of the input (types, choices, required fields); the services
check the rules and their ``PeopleError`` becomes ``400 {field: [message]}`` in
``kurator.core.api``. Reads start from ``kurator.access``: another team's or organisation's
record is a 404 on detail and an unknown id («not found») in a request body.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.stepup import STEP_UP_RESPONSE, require_recent_second_factor_api
from kurator.core.api import idempotent
from kurator.core.http import request_user
from kurator.people import queries, services
from kurator.people.duplicates import find_duplicates
from kurator.people.errors import PeopleError
from kurator.people.models import Family, FamilyMembership, FamilyRole, Person, Sex

# Choice fields start with nobody's records; each request binds them to its user's scope.
NOBODY = AnonymousUser()


# --- serializers: output -------------------------------------------------------------------


class FamilyMemberSerializer(serializers.Serializer[FamilyMembership]):
    """A member of a family: the person's own fields and the role in this family."""

    id = serializers.IntegerField(source="person.pk", read_only=True)
    last_name = serializers.CharField(source="person.last_name", read_only=True)
    first_name = serializers.CharField(source="person.first_name", read_only=True)
    middle_name = serializers.CharField(source="person.middle_name", read_only=True)
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    birth_date = serializers.DateField(source="person.birth_date", read_only=True, allow_null=True)
    sex = serializers.CharField(source="person.sex", read_only=True)
    family_role = serializers.ChoiceField(source="role", choices=FamilyRole.choices, read_only=True)


class FamilySerializer(serializers.ModelSerializer[Family]):
    distance_km = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, allow_null=True, read_only=True
    )
    team_name = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = Family
        fields = ["id", "name", "address", "distance_km", "team", "team_name", "created_at"]
        read_only_fields = fields


class FamilyDetailSerializer(FamilySerializer):
    members = serializers.SerializerMethodField()

    class Meta(FamilySerializer.Meta):
        fields = [*FamilySerializer.Meta.fields, "notes", "members"]
        read_only_fields = fields

    @extend_schema_field(FamilyMemberSerializer(many=True))
    def get_members(self, family: Family) -> list[dict[str, Any]]:
        members = queries.sorted_members(family.memberships.select_related("person"))
        return [dict(FamilyMemberSerializer(m).data) for m in members]


class PersonFamilySerializer(serializers.Serializer[FamilyMembership]):
    id = serializers.IntegerField(source="family_id", read_only=True)
    name = serializers.CharField(source="family.name", read_only=True)
    family_role = serializers.ChoiceField(source="role", choices=FamilyRole.choices, read_only=True)


class PersonSerializer(serializers.ModelSerializer[Person]):
    families = PersonFamilySerializer(source="visible_memberships", many=True, read_only=True)
    # Declared: a read-only model field loses allow_blank, and the schema then refused the
    # "" of a person whose sex is not given.
    sex = serializers.ChoiceField(choices=Sex.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "last_name",
            "first_name",
            "middle_name",
            "full_name",
            "birth_date",
            "sex",
            "phones",
            "address",
            "notes",
            "families",
            "created_at",
        ]
        read_only_fields = fields


# --- serializers: input --------------------------------------------------------------------


class FamilyCreateSerializer(serializers.Serializer[Family]):
    name = serializers.CharField(max_length=200, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    distance_km = serializers.DecimalField(
        max_digits=7, decimal_places=1, required=False, allow_null=True, default=None
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=access.teams_visible_to(NOBODY),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Команда; по умолчанию — команда автора."),
        error_messages={"does_not_exist": _("Команда не найдена.")},
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field: Any = self.fields["team"]
        # Without a user (the schema generator builds one bare) no team is acceptable.
        team_field.queryset = access.teams_visible_to(user or NOBODY)


class PersonCreateSerializer(serializers.Serializer[Person]):
    last_name = serializers.CharField(max_length=150, allow_blank=True)
    first_name = serializers.CharField(max_length=150, allow_blank=True)
    middle_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    phones = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    family = serializers.PrimaryKeyRelatedField(
        queryset=access.families_visible_to(NOBODY),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": _("Семья не найдена.")},
    )
    family_role = serializers.ChoiceField(
        choices=FamilyRole.choices, required=False, allow_null=True, default=None
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        family_field: Any = self.fields["family"]
        # Without a user (the schema generator builds one bare) no family is acceptable.
        family_field.queryset = access.families_visible_to(user or NOBODY)


class ListQuerySerializer(serializers.Serializer[Any]):
    """The lists' ``search``: checked like any text input, so a NUL character is a 400 (it
    reached the LIKE query, and PostgreSQL refuses NUL in text: a 500)."""

    search = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    @classmethod
    def search_of(cls, request: Request) -> str:
        query = cls(data=request.query_params)
        query.is_valid(raise_exception=True)
        return str(query.validated_data["search"])


class DuplicateQuerySerializer(serializers.Serializer[Any]):
    last_name = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150)
    middle_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)

    def validate_birth_date(self, value: date | None) -> date | None:
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(_("Дата рождения не может быть в будущем."))
        return value


# The duplicate check's output, as ``DuplicateMatch.as_dict()`` builds it (documented here
# for the schema; a restricted match has nulls and empty lists where it must not tell).
class MatchedFamilySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField(help_text="parent | child | guardian | relative | other")
    role_display = serializers.CharField()


class MatchedPersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(allow_null=True, help_text=_("null для человека другой команды"))
    full_name = serializers.CharField()
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    middle_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    birth_year = serializers.IntegerField(allow_null=True)
    sex = serializers.CharField()
    families = MatchedFamilySerializer(many=True)
    restricted = serializers.BooleanField(
        help_text=_(
            "Человек вне вашей команды: видны только имя, год рождения, статус случая и куратор."
        )
    )


class MatchedCaseSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    status_display = serializers.CharField()
    curator = serializers.CharField()
    opened_at = serializers.DateField(allow_null=True)


class DuplicateMatchSerializer(serializers.Serializer[Any]):
    person = MatchedPersonSerializer()
    score = serializers.FloatField(min_value=0, max_value=1)
    reasons = serializers.ListField(child=serializers.CharField())
    cases = MatchedCaseSerializer(many=True)


# --- views ---------------------------------------------------------------------------------


def _with_families(user: User, person: Person) -> Person:
    """The person again, with the memberships this user may see."""
    reloaded = queries.with_visible_families(
        user, access.persons_visible_to(user).filter(pk=person.pk)
    ).first()
    if reloaded is None:  # created outside the creator's own scope: say nothing of families
        person.visible_memberships = []  # type: ignore[attr-defined]
        return person
    return reloaded


SEARCH = OpenApiParameter(
    "search", str, description=_("Слова из фамилии, имени, отчества (и адреса для семей).")
)


class FamilyListView(APIView):
    @extend_schema(parameters=[SEARCH], responses=FamilySerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if not access.lists_anything(user, "people.family:read"):
            return Response([])
        families = access.families_visible_to(user).select_related("team").order_by("name", "pk")
        if text := ListQuerySerializer.search_of(request):
            families = queries.search_families(families, text)
        shown = list(families)
        access.record_listed(user, shown)
        return Response(FamilySerializer(shown, many=True).data)

    @extend_schema(request=FamilyCreateSerializer, responses={201: FamilyDetailSerializer})
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "people.family:write")
        serializer = FamilyCreateSerializer(data=request.data, user=user)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = data["team"] or user.team
        if team is None:
            raise PeopleError(_("Выберите команду."), field="team")
        family = services.create_family(
            by=user,
            name=data["name"],
            team=team,
            address=data["address"],
            distance_km=data["distance_km"],
            notes=data["notes"],
        )
        return Response(FamilyDetailSerializer(family).data, status=status.HTTP_201_CREATED)


class FamilyDetailView(APIView):
    @extend_schema(responses=FamilyDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        family = access.get_family(request_user(request), pk)
        return Response(FamilyDetailSerializer(family).data)


class PersonListView(APIView):
    @extend_schema(
        parameters=[
            SEARCH,
            OpenApiParameter("family", int, description=_("Только члены этой семьи.")),
        ],
        responses={200: PersonSerializer(many=True), 403: STEP_UP_RESPONSE},
        description=(
            "Без фильтра family это выгрузка персональных данных многих людей: нужен ключ, "
            "полученный за последние 5 минут (иначе 403 с code: step_up_required)."
        ),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if not access.lists_anything(user, "people.family:read"):
            return Response([])
        text = ListQuerySerializer.search_of(request)
        persons = access.persons_visible_to(user)
        if family_id := request.query_params.get("family", "").strip():
            family = access.get_family(user, family_id)
            persons = persons.filter(memberships__family=family)
        else:
            # Many families' people at once: a bulk export (one family's members are what
            # its card shows anyway).
            require_recent_second_factor_api(request)
        if text:
            persons = queries.search_persons(persons, text)
        shown = list(
            queries.with_visible_families(
                user, persons.order_by("last_name", "first_name", "middle_name", "pk")
            )
        )
        access.record_listed(user, shown)
        return Response(PersonSerializer(shown, many=True).data)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "people.family:write")
        serializer = PersonCreateSerializer(data=request.data, user=user)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = _with_families(user, services.create_person(by=user, **data))
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonDetailView(APIView):
    @extend_schema(responses=PersonSerializer)
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = _with_families(user, access.get_person(user, pk))
        return Response(PersonSerializer(person).data)


class PersonDuplicatesView(APIView):
    throttle_scope = "duplicates"  # counted with the signal form's check (core/throttle.py)

    @extend_schema(
        parameters=[DuplicateQuerySerializer],
        responses=DuplicateMatchSerializer(many=True),
        description=(
            "Люди, похожие на описанного, лучшие первыми. Терпимо к регистру, ё/е, одной "
            "опечатке, перепутанным имени и фамилии, пропущенному отчеству. Специалист "
            "приёма ищет по всей организации, но о людях других команд видит только имя, "
            "год рождения, статус случая и куратора."
        ),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.require(user, "people.family:read")
        query = DuplicateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        matches = find_duplicates(user=user, **params)
        return Response(DuplicateMatchSerializer([m.as_dict() for m in matches], many=True).data)
