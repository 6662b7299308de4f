"""System checks on the settings (``manage.py check``): a wrong setting fails loudly."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.compatibility)
def check_language_and_time(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.LANGUAGE_CODE != "ru":
        problems.append(
            Error(
                "LANGUAGE_CODE must be 'ru': Kurator's users work in Russian.",
                id="kurator.E001",
            )
        )
    if not settings.USE_TZ:
        problems.append(
            Error("USE_TZ must be on: deadlines are stored as aware datetimes.", id="kurator.E002")
        )
    return problems


@register(Tags.security, deploy=True)
def check_mail_in_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    backend = settings.EMAIL_BACKEND
    if settings.DEBUG or not backend.endswith("smtp.EmailBackend"):
        return []
    if settings.EMAIL_HOST in {"", "localhost"}:
        return [
            Warning(
                "KURATOR_EMAIL_HOST is not set: reminders and urgent-signal alerts will not "
                "leave this server.",
                id="kurator.W010",
            )
        ]
    return []


@register(Tags.security)
def check_sign_in_lockout(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """django-axes locks forever unless a cool-off is set: one forgotten password would need
    an administrator, and anyone could lock any colleague out for good."""
    if getattr(settings, "AXES_COOLOFF_TIME", None) is None:
        return [
            Error(
                "AXES_COOLOFF_TIME is not set: sign-in lockouts would never end.",
                hint="Set a cool-off (15 minutes) in kurator/settings.py.",
                id="kurator.E020",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_sign_in_in_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    problems: list[CheckMessage] = []
    if "MD5" in settings.PASSWORD_HASHERS[0]:
        problems.append(
            Error(
                "Passwords are hashed with MD5 (KURATOR_FAST_PASSWORD_HASHER is for tests).",
                hint="Unset KURATOR_FAST_PASSWORD_HASHER: production hashes with Argon2.",
                id="kurator.E021",
            )
        )
    if not settings.KURATOR_REQUIRE_2FA:
        problems.append(
            Warning(
                "KURATOR_REQUIRE_2FA is off: a password alone opens children's and families' "
                "records.",
                hint="Leave KURATOR_REQUIRE_2FA unset (on) outside the demo.",
                id="kurator.W020",
            )
        )
    return problems


FIELD_KEY_MIN_CHARS = 32


@register(Tags.security)
def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A short field key could be guessed, and the TOTP secrets it seals read from a backup."""
    short = [key for key in settings.KURATOR_FIELD_KEYS if len(key) < FIELD_KEY_MIN_CHARS]
    if short:
        return [
            Error(
                f"KURATOR_FIELD_KEY holds a key shorter than {FIELD_KEY_MIN_CHARS} characters.",
                hint="Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
                id="kurator.E022",
            )
        ]
    return []
