"""Step-up before a bulk export (``require_recent_second_factor``): the code again with the
second factor on, the password again without it; a recent confirmation is enough."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from kurator.accounts import clock, two_factor
from kurator.accounts.models import User
from kurator.accounts.stepup import require_recent_second_factor
from kurator.accounts.tests.signin import enrolled_device, fresh_code, sign_in
from kurator.core.testing import TEST_PASSWORD
from kurator.urls import urlpatterns as kurator_urlpatterns

CONFIRM = "/accounts/confirm/"


@require_recent_second_factor(max_age_seconds=300)
def bulk_export(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ZIP")


@require_recent_second_factor
def bare_export(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ZIP")


urlpatterns = [
    path("test-export/", bulk_export),
    path("test-bare-export/", bare_export),
    *kurator_urlpatterns,
]


class Clock:
    """The step-up clock frozen where the test starts, then moved by ``offset`` seconds: what
    a test measures never depends on how fast the machine runs it."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._start = clock.now()

    def __call__(self) -> float:
        return self._start + self.offset


@pytest.fixture
def moved_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture(autouse=True)
def _test_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__


def test_anonymous_is_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get("/test-export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_right_after_sign_in_the_password_is_fresh_enough(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 299
    assert client.get("/test-export/").content == b"ZIP"


def test_later_the_password_is_asked_again(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 301
    response = client.get("/test-export/")
    assert response.status_code == 302
    assert response["Location"] == f"{CONFIRM}?next=%2Ftest-export%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Подтвердите, что это вы" in page
    assert "Введите ваш пароль ещё раз" in page

    wrong = client.post(CONFIRM, {"password": "wrong-password", "next": "/test-export/"})
    assert "Пароль неверный." in wrong.content.decode()
    assert client.get("/test-export/").status_code == 302

    right = client.post(CONFIRM, {"password": TEST_PASSWORD, "next": "/test-export/"})
    assert right["Location"] == "/test-export/"
    assert client.get("/test-export/").content == b"ZIP"


def test_wrong_passwords_on_the_confirmation_page_count_towards_the_lockout(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 301
    for _ in range(4):
        client.post(CONFIRM, {"password": "wrong-password"})
    assert client.post(CONFIRM, {"password": "wrong-password"}).status_code == 429


def test_the_confirmation_page_returns_only_to_this_site(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 301
    response = client.post(CONFIRM, {"password": TEST_PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_bare_decorator_uses_five_minutes(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 299
    assert client.get("/test-bare-export/").status_code == 200
    moved_clock.offset = 301
    assert client.get("/test-bare-export/").status_code == 302


def test_htmx_is_sent_to_the_confirmation_page_as_a_whole(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 301
    response = client.get("/test-export/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"{CONFIRM}?next=%2Ftest-export%2F"


class TestWithTheSecondFactor:
    @pytest.fixture(autouse=True)
    def _two_factor_on(self, settings: Any) -> None:
        settings.KURATOR_REQUIRE_2FA = True

    def test_the_code_at_sign_in_is_fresh_for_five_minutes_then_asked_again(
        self, client: Client, curator: User, moved_clock: Clock
    ) -> None:
        device = enrolled_device(curator)
        sign_in(client, "curator")
        client.post("/accounts/two-factor/", {"code": fresh_code(device)})
        assert client.get("/test-export/").content == b"ZIP"

        moved_clock.offset = 301
        response = client.get("/test-export/")
        assert response["Location"] == f"{CONFIRM}?next=%2Ftest-export%2F"
        page = client.get(response["Location"]).content.decode()
        assert "Введите код из приложения-аутентификатора" in page

        wrong = client.post(CONFIRM, {"code": "000000"})
        assert "Код не подошёл" in wrong.content.decode()

        right = client.post(CONFIRM, {"code": fresh_code(device), "next": "/test-export/"})
        assert right["Location"] == "/test-export/"
        assert client.get("/test-export/").content == b"ZIP"

    def test_with_the_second_factor_on_a_fresh_password_is_not_enough(
        self, client: Client, curator: User
    ) -> None:
        device = enrolled_device(curator)
        sign_in(client, "curator")
        client.post("/accounts/two-factor/", {"code": fresh_code(device)})
        session = client.session
        session[two_factor.REAUTH_FACTOR] = two_factor.PASSWORD  # as if confirmed by password
        session.save()
        assert client.get("/test-export/")["Location"].startswith(CONFIRM)
