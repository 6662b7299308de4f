"""Helpers for the sign-in tests: sign in through the real form, compute real TOTP codes."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client
from django_otp.oath import totp

from kurator.accounts.models import SecondFactorDevice
from kurator.core.testing import TEST_PASSWORD

LOGIN_URL = "/accounts/login/"


def sign_in(client: Client, username: str, password: str = TEST_PASSWORD) -> HttpResponse:
    return client.post(LOGIN_URL, {"username": username, "password": password})


def code_for(device: SecondFactorDevice, *, drift: int = 0) -> str:
    """The code the user's phone shows now (``drift`` time steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + drift)
    return f"{value:0{device.digits}d}"


def fresh_code(device: SecondFactorDevice) -> str:
    """A code that has not been used yet: django-otp accepts each time step once and slows
    down after a wrong one, so a test entering several codes in one 30-second step forgets
    both first (the tests of replay and throttling do not use this)."""
    SecondFactorDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return code_for(device)


def enrolled_device(user: object) -> SecondFactorDevice:
    return SecondFactorDevice.objects.create(user=user, name="Kurator", confirmed=True)
