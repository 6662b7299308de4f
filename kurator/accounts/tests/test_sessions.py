"""Sessions end after 30 minutes without a request and 12 hours after sign-in, whatever the
activity (``session_limits``); the cookie dies with the browser."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from kurator.accounts import clock, session_limits
from kurator.accounts.models import User
from kurator.accounts.tests.signin import sign_in

MINUTE = 60.0
# A page behind the sign-in («Мои задачи»; ``/`` only sends the user on to her start page).
PAGE = "/tasks/"


class Clock:
    """The session clock frozen where the test starts, then moved by ``offset`` seconds: what
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


def test_the_session_settings() -> None:
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.KURATOR_SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_cookie_dies_with_the_browser(client: Client, curator: User) -> None:
    response = sign_in(client, "curator")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_29_minutes_idle_keep_the_session(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 29 * MINUTE
    assert client.get(PAGE).status_code == 200


def test_30_minutes_idle_end_it_with_a_russian_message(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 30 * MINUTE
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fcases%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Сеанс завершён: 30 минут без действий. Войдите снова." in page


def test_activity_moves_the_idle_limit(client: Client, curator: User, moved_clock: Clock) -> None:
    sign_in(client, "curator")
    for step in range(1, 6):  # a request every 20 minutes for 100 minutes
        moved_clock.offset = step * 20 * MINUTE
        assert client.get(PAGE).status_code == 200, step


def test_12_hours_after_sign_in_end_it_even_when_active(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    for quarter in range(1, 48):  # a request every 15 minutes up to 11:45
        moved_clock.offset = quarter * 15 * MINUTE
        assert client.get(PAGE).status_code == 200, quarter
    moved_clock.offset = 12 * 3600
    response = client.get(PAGE)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Сеанс завершён: прошло 12 ч. с момента входа. Войдите снова." in page


def test_the_last_seen_stamp_is_written_at_most_once_a_minute(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    first = client.session[session_limits.LAST_SEEN_AT]
    moved_clock.offset = 30
    client.get(PAGE)
    assert client.session[session_limits.LAST_SEEN_AT] == first
    moved_clock.offset = 61
    client.get(PAGE)
    assert client.session[session_limits.LAST_SEEN_AT] > first


def test_a_session_without_stamps_starts_its_clocks_now(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    """Sessions opened before this code was deployed carry no stamps."""
    sign_in(client, "curator")
    session = client.session
    del session[session_limits.SIGNED_IN_AT]
    del session[session_limits.LAST_SEEN_AT]
    session.save()
    assert client.get(PAGE).status_code == 200
    assert session_limits.SIGNED_IN_AT in client.session


def test_an_htmx_request_of_an_ended_session_reloads_the_whole_page(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = 31 * MINUTE
    response = client.get("/cases/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/accounts/login/")


def test_the_api_answers_an_ended_session_as_signed_out(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    assert client.get("/api/v1/me/").status_code == 200
    moved_clock.offset = 31 * MINUTE
    assert client.get("/api/v1/me/").status_code in (401, 403)
