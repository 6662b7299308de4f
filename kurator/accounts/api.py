"""Authentication and ``/api/v1/me/``."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kurator.accounts import tokens, two_factor
from kurator.accounts.lockout import lockout_message
from kurator.accounts.models import User
from kurator.core.http import request_user

# Nullable: a programme director has no team (and a user may have no organisation).
_NamedRef = inline_serializer(
    "NamedRef",
    {"id": serializers.IntegerField(), "name": serializers.CharField()},
    allow_null=True,
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
    """``POST {"username", "password"[, "otp_token"]}`` → ``{"token"}``; bad credentials →
    400; too many failures (``kurator.accounts.lockout``, shared with the sign-in page) → 429.
    With the second factor on, the code from the user's authenticator app is required too."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {
                "username": serializers.CharField(),
                "password": serializers.CharField(),
                "otp_token": serializers.CharField(
                    required=False,
                    help_text=(
                        "6 цифр из приложения-аутентификатора; обязательно, когда на сервере "
                        "включена двухфакторная проверка (KURATOR_REQUIRE_2FA)."
                    ),
                ),
            },
        ),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            429: OpenApiResponse(
                inline_serializer("LockedOut", {"detail": serializers.CharField()}),
                description="Слишком много неудачных попыток входа: подождите 15 минут.",
            ),
        },
    )
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        raw_code = request.data.get("otp_token") if hasattr(request.data, "get") else None
        code = two_factor.api_code_shape(raw_code)  # before the password: no oracle
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # authenticate() ran the lockout backend on this request (django-axes).
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": lockout_message()}, status=429)
            if two_factor.is_required() and "non_field_errors" in serializer.errors:
                raise ValidationError({"non_field_errors": [str(two_factor.API_REFUSED)]})
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        two_factor.api_check(user=user, code=code)
        key = tokens.issue_token(user=user, with_second_factor=two_factor.is_required())
        return Response({"token": key})


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request_user(request)).data)
