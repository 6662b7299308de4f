"""Lockout after repeated failures (django-axes, ``kurator.accounts.lockout``): 5 per username
from one address, 20 per address, 15 minutes of cool-off, never forever; the API's token
endpoint counts towards the same lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient

from kurator.accounts.lockout import client_ip
from kurator.accounts.models import Organisation, User
from kurator.accounts.tests.signin import sign_in
from kurator.core.testing import TEST_PASSWORD

WRONG = "not-the-password"


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        response = sign_in(client, username, WRONG)
        assert response.status_code in (200, 429)


def _age_attempts(minutes: int) -> None:
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=minutes)
    )


def test_four_failures_still_let_the_right_password_in(client: Client, curator: User) -> None:
    _fail(client, "curator", 4)
    assert sign_in(client, "curator").status_code == 302


def test_the_fifth_failure_locks_the_username_with_a_russian_page(
    client: Client, curator: User
) -> None:
    _fail(client, "curator", 4)
    response = sign_in(client, "curator", WRONG)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Вход временно заблокирован" in page
    assert "Попробуйте снова через 15 мин." in page
    # Locked: even the right password is refused now.
    locked = sign_in(client, "curator")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_cool_off(client: Client, curator: User) -> None:
    _fail(client, "curator", 5)
    assert sign_in(client, "curator").status_code == 429
    _age_attempts(minutes=14)
    assert sign_in(client, "curator").status_code == 429  # attempts during it do not extend it
    _age_attempts(minutes=2)
    assert sign_in(client, "curator").status_code == 302


def test_a_success_forgets_the_failures_of_that_username(client: Client, curator: User) -> None:
    _fail(client, "curator", 4)
    assert sign_in(client, "curator").status_code == 302
    client.logout()
    _fail(client, "curator", 4)
    assert sign_in(client, "curator").status_code == 302


def test_a_colleagues_lockout_does_not_lock_me(
    client: Client, curator: User, colleague: User
) -> None:
    _fail(client, "colleague", 5)
    assert sign_in(client, "curator").status_code == 302


def test_twenty_failures_from_one_address_lock_every_username_there(
    client: Client, org: Organisation, curator: User
) -> None:
    # Password spraying: a few guesses for each of many usernames, all from one address.
    for n in range(5):
        _fail(client, f"guess{n}", 4)
    response = sign_in(client, "curator")
    assert response.status_code == 429


def test_a_valid_account_cannot_wipe_the_address_count(
    client: Client, org: Organisation, curator: User, colleague: User
) -> None:
    """An insider signing in between guesses forgets only her own failures."""
    for n in range(4):
        _fail(client, f"guess{n}", 4)
        assert sign_in(client, "colleague").status_code == 302
        client.logout()
    _fail(client, "guess9", 4)
    assert sign_in(client, "curator").status_code == 429


def test_the_token_endpoint_counts_failures_and_answers_429(db: None, curator: User) -> None:
    api = APIClient()
    for _ in range(4):
        bad = api.post(
            "/api/v1/auth/token/", {"username": "curator", "password": WRONG}, format="json"
        )
        assert bad.status_code == 400
    locked = api.post(
        "/api/v1/auth/token/", {"username": "curator", "password": WRONG}, format="json"
    )
    assert locked.status_code == 429
    assert locked.json() == {
        "detail": "Слишком много неудачных попыток входа. Попробуйте снова через 15 мин."
    }
    right = api.post(
        "/api/v1/auth/token/", {"username": "curator", "password": TEST_PASSWORD}, format="json"
    )
    assert right.status_code == 429
    # The same lockout holds on the sign-in page.
    assert sign_in(Client(), "curator").status_code == 429


def test_the_schema_documents_the_429_of_the_token_endpoint(curator: User) -> None:
    api = APIClient()
    assert api.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 401
    api.force_authenticate(curator)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    responses = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" in responses


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "expected"),
    [
        (False, "203.0.113.7", "10.0.0.5"),  # no proxy: a client's header is ignored
        (True, "203.0.113.7", "203.0.113.7"),
        # nginx appends what it saw; what the client put before is not believed
        (True, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (True, "", "10.0.0.5"),
    ],
)
def test_the_callers_address_behind_nginx_is_the_one_nginx_saw(
    behind_proxy: bool, forwarded: str, expected: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(KURATOR_BEHIND_PROXY=behind_proxy):
        assert client_ip(request) == expected


def test_failures_through_nginx_count_per_real_address(
    org: Organisation, curator: User, settings: object
) -> None:
    settings.KURATOR_BEHIND_PROXY = True  # type: ignore[attr-defined]
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    office = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    _fail(attacker, "curator", 5)
    assert sign_in(attacker, "curator").status_code == 429
    assert sign_in(office, "curator").status_code == 302
