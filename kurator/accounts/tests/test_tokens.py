"""API tokens are secrets with a life: stored hashed, expiring, ended by a new password or a
deactivation, and — where the second factor is required — only valid when issued with it."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import ApiToken, User
from kurator.accounts.tokens import issue_token


def _me(token: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api.get("/api/v1/me/").status_code


def test_the_key_is_never_stored(curator: User) -> None:
    key = issue_token(user=curator, with_second_factor=True)
    stored = ApiToken.objects.get(user=curator)
    assert key not in {stored.key_hash, stored.prefix}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert all(key not in str(value) for row in cursor.fetchall() for value in row)
    assert _me(key) == 200
    assert ApiToken.objects.get(user=curator).last_used_at is not None


def test_an_expired_token_is_a_401(curator: User) -> None:
    key = issue_token(user=curator, with_second_factor=True)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _me(key) == 401


@override_settings(KURATOR_API_TOKEN_DAYS=7)
def test_a_token_lives_the_configured_days(curator: User) -> None:
    issue_token(user=curator, with_second_factor=True)
    token = ApiToken.objects.get(user=curator)
    assert abs(token.expires_at - token.created_at - timedelta(days=7)) < timedelta(minutes=1)


def test_a_new_password_revokes_the_tokens(
    django_capture_on_commit_callbacks: object, curator: User
) -> None:
    key = issue_token(user=curator, with_second_factor=True)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        curator.set_password("a-completely-new-password-7")
        curator.save()
    assert _me(key) == 401
    assert ApiToken.objects.get(user=curator).revoke_reason == "password changed"


def test_deactivation_revokes_the_tokens(
    django_capture_on_commit_callbacks: object, curator: User
) -> None:
    key = issue_token(user=curator, with_second_factor=True)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        curator.is_active = False
        curator.save()
    curator.is_active = True
    User.objects.filter(pk=curator.pk).update(is_active=True)
    assert _me(key) == 401


def test_another_change_keeps_the_tokens(
    django_capture_on_commit_callbacks: object, curator: User
) -> None:
    key = issue_token(user=curator, with_second_factor=True)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        curator.phone = "+7 900 000-00-00"
        curator.save()
    assert _me(key) == 200


@override_settings(KURATOR_REQUIRE_2FA=True)
def test_with_2fa_required_a_token_issued_without_the_code_opens_nothing(curator: User) -> None:
    without = issue_token(user=curator, with_second_factor=False)
    with_code = issue_token(user=curator, with_second_factor=True)
    assert _me(without) == 401
    assert _me(with_code) == 200
