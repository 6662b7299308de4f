"""Authentication and ``/api/v1/me/``."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator.accounts.models import User

_NamedRef = inline_serializer(
    "NamedRef", {"id": serializers.IntegerField(), "name": serializers.CharField()}
)


class MeSerializer(serializers.ModelSerializer[User]):
    full_name = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "roles", "organisation", "team"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_codes)

    @extend_schema_field(_NamedRef)
    def get_organisation(self, user: User) -> dict[str, object] | None:
        org = user.organisation
        return {"id": org.pk, "name": org.name} if org else None

    @extend_schema_field(_NamedRef)
    def get_team(self, user: User) -> dict[str, object] | None:
        team = user.team
        return {"id": team.pk, "name": team.name} if team else None


class TokenView(ObtainAuthToken):
    """``POST {"username", "password"}`` → ``{"token"}``; bad credentials → 400."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().post(request, *args, **kwargs)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(cast(User, request.user)).data)
