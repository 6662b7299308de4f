"""Password storage and password rules (ASVS 5.0 V6/V11): Argon2id, old hashes upgraded at
sign-in, validators that speak Russian."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import translation

from kurator import settings as project_settings
from kurator.accounts.models import User
from kurator.accounts.tests.signin import sign_in
from kurator.core.testing import TEST_PASSWORD


def _messages(password: str, user: User | None = None) -> list[str]:
    with translation.override("ru"), pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return caught.value.messages


def test_production_hashes_with_argon2_and_still_reads_older_hashes() -> None:
    hashers = project_settings.PRODUCTION_PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers
    assert not any("MD5" in h for h in hashers)


def test_tests_use_the_fast_hasher_only_because_the_environment_says_so() -> None:
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_pbkdf2_hash_becomes_argon2_at_the_next_sign_in(client: Client, curator: User) -> None:
    with override_settings(PASSWORD_HASHERS=project_settings.PRODUCTION_PASSWORD_HASHERS):
        User.objects.filter(pk=curator.pk).update(
            password=make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
        )
        assert sign_in(client, "curator").status_code == 302
        curator.refresh_from_db()
        assert identify_hasher(curator.password).algorithm == "argon2"
        assert curator.check_password(TEST_PASSWORD)


def test_a_short_password_is_refused_in_russian() -> None:
    messages = _messages("Zx8#qLm2")
    assert any("слишком короткий" in m and "10 символов" in m for m in messages), messages


def test_a_common_or_numeric_password_is_refused_in_russian() -> None:
    assert any("слишком широко распространён" in m for m in _messages("password123"))
    assert any("только из цифр" in m for m in _messages("4829105738"))


def test_a_password_like_the_users_name_is_refused(curator: User) -> None:
    curator.email = "olga.belova@example.org"
    assert any("похож на" in m for m in _messages("olga.belova", curator))


def test_a_password_with_the_service_or_organisation_name_is_refused(curator: User) -> None:
    assert any("название системы" in m for m in _messages("Kurator-2025-весна", curator))
    # The organisation of the cast is «БФ «Тест»», its team «Смоленск».
    assert any("смоленск" in m for m in _messages("Смоленск!2025лето", curator))


def test_a_long_unrelated_password_passes(curator: User) -> None:
    validate_password("кот-варит-компот-в-среду", curator)
