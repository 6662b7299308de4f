"""API tokens: issued once in clear, stored hashed, expiring, revoked with the password.

``issue_token`` is the only writer; ``TokenAuthentication`` (the API's authentication class)
the only reader. A token is refused (401) when it is unknown, revoked, expired, its owner is
inactive, or the server requires the second factor and the token was issued without it
(a token made before 2FA was switched on opens nothing)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from kurator.accounts import two_factor
from kurator.accounts.models import ApiToken, User

KEYWORD = "Token"
# How often the last use is written: at most once per token in this interval.
LAST_USED_EVERY = timedelta(minutes=5)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_token(*, user: User, with_second_factor: bool) -> str:
    """A new token for ``user``; returns the key, which is never shown again."""
    key = secrets.token_hex(20)
    ApiToken.objects.create(
        user=user,
        key_hash=hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=settings.KURATOR_API_TOKEN_DAYS),
        with_second_factor=with_second_factor,
    )
    return key


def revoke_tokens(*, user: User, reason: str) -> int:
    """Revoke every live token of ``user``; returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=reason[:100]
    )


def revoke_on_password_or_deactivation(sender: Any, instance: User, **kwargs: Any) -> None:
    """``pre_save`` of a user: a new password or a deactivation ends her tokens."""
    if instance.pk is None or kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. the sign-in's last_login: no query
    old = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password:
        transaction.on_commit(lambda: revoke_tokens(user=instance, reason="password changed"))
    elif old["is_active"] and not instance.is_active:
        transaction.on_commit(lambda: revoke_tokens(user=instance, reason="deactivated"))


def connect_signals() -> None:
    pre_save.connect(
        revoke_on_password_or_deactivation, sender=User, dispatch_uid="accounts_token_revoke"
    )


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>`` against the hashed ``ApiToken`` table."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Неверный заголовок Authorization."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Неверный ключ API.")) from exc
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(key), revoked_at__isnull=True)
            .first()
        )
        now = timezone.now()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Неверный или отозванный ключ API."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("Срок действия ключа API истёк: получите новый.")
            )
        if two_factor.is_required() and not token.with_second_factor:
            raise exceptions.AuthenticationFailed(
                _("Ключ выдан без кода второго фактора: получите новый с кодом.")
            )
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema names the token scheme as before (``tokenAuth``: ``Authorization: Token``)."""

    target_class = "kurator.accounts.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=KEYWORD
        )
