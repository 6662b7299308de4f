"""System checks on the settings (``manage.py check``; style.md #12)."""

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
