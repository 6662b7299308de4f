"""Small helpers of the audit tests."""

from __future__ import annotations

from django.test import Client

from kurator.accounts.models import User
from kurator.audit.models import ReadLogEntry


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def reads() -> list[ReadLogEntry]:
    return list(ReadLogEntry.objects.order_by("pk"))
