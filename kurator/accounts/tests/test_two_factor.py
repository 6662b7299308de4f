"""TOTP after the password for every user when ``KURATOR_REQUIRE_2FA`` is on (production):
enrolment with an inline QR code, verification with a real code, nothing reachable before."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from kurator.accounts import two_factor
from kurator.accounts.models import Organisation, SecondFactorDevice, User
from kurator.accounts.tests.signin import (
    code_for,
    enrolled_device,
    fresh_code,
    sign_in,
)
from kurator.core.testing import TEST_PASSWORD, make_user

SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/"
# A page behind the sign-in («Мои задачи»; ``/`` only sends the user on to her start page).
PAGE = "/tasks/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings: Any) -> None:
    settings.KURATOR_REQUIRE_2FA = True


def test_after_the_password_a_new_user_is_sent_to_enrol(client: Client, curator: User) -> None:
    assert sign_in(client, "curator").status_code == 302
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fcases%2F"


def test_the_enrolment_page_draws_the_qr_code_itself_and_shows_the_key(
    client: Client, curator: User
) -> None:
    sign_in(client, "curator")
    response = client.get(SETUP)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # the page carries the secret
    page = response.content.decode()
    assert "Настройка двухфакторной проверки" in page
    qr = re.search(r'<div class="text-center my-3" data-testid="totp-qr">(.*?)</div>', page, re.S)
    assert qr is not None and qr.group(1).startswith("<svg")
    assert "http" not in qr.group(1)  # drawn here, nothing fetched from a QR service
    device = SecondFactorDevice.objects.get(user=curator)
    assert not device.confirmed
    assert two_factor.secret_text(device) in page
    # Reloading keeps the secret the user may already have scanned.
    client.get(SETUP)
    assert SecondFactorDevice.objects.filter(user=curator).count() == 1


def test_a_wrong_code_does_not_enrol(client: Client, curator: User) -> None:
    sign_in(client, "curator")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "Код не подошёл" in response.content.decode()
    assert not SecondFactorDevice.objects.get(user=curator).confirmed
    assert client.get(PAGE).status_code == 302


def test_letters_instead_of_a_code_are_refused_in_russian(client: Client, curator: User) -> None:
    sign_in(client, "curator")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "12ab56"})
    assert "Введите 6 цифр" in response.content.decode()


def test_the_right_code_enrols_and_opens_the_pages(client: Client, curator: User) -> None:
    sign_in(client, "curator")
    client.get(SETUP)
    before = client.session.session_key
    device = SecondFactorDevice.objects.get(user=curator)
    response = client.post(SETUP, {"code": code_for(device), "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert SecondFactorDevice.objects.get(user=curator).confirmed
    assert client.session.session_key != before  # a new session id once fully signed in
    assert client.get("/cases/").status_code == 200


def test_with_a_device_the_next_sign_in_asks_for_the_code(client: Client, curator: User) -> None:
    device = enrolled_device(curator)
    sign_in(client, "curator")
    response = client.get("/")
    assert response["Location"] == f"{VERIFY}?next=%2F"
    page = client.get(VERIFY).content.decode()
    assert "Код подтверждения" in page
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get(PAGE).status_code == 200


def test_a_password_alone_cannot_enrol_a_second_device(client: Client, curator: User) -> None:
    """Else whoever learns the password adds her own phone."""
    enrolled_device(curator)
    sign_in(client, "curator")
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert SecondFactorDevice.objects.filter(user=curator).count() == 1


def test_a_code_is_good_only_once(client: Client, curator: User) -> None:
    device = enrolled_device(curator)
    code = fresh_code(device)
    sign_in(client, "curator")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    sign_in(other, "curator")
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Код не подошёл" in response.content.decode()


def test_wrong_codes_slow_the_device_down(client: Client, curator: User) -> None:
    device = enrolled_device(curator)
    sign_in(client, "curator")
    client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": code_for(device)})
    assert "Слишком много неверных кодов" in response.content.decode()
    assert client.get(PAGE).status_code == 302


def test_sign_out_and_the_login_page_stay_reachable(client: Client, curator: User) -> None:
    enrolled_device(curator)
    sign_in(client, "curator")
    assert client.get("/accounts/login/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_htmx_requests_are_sent_to_the_code_page_as_a_whole(client: Client, curator: User) -> None:
    enrolled_device(curator)
    sign_in(client, "curator")
    response = client.get("/cases/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(VERIFY)


def test_the_api_refuses_a_session_without_the_second_factor(client: Client, curator: User) -> None:
    enrolled_device(curator)
    sign_in(client, "curator")
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Подтвердите вход кодом из приложения-аутентификатора."}


def test_the_api_token_needs_the_code_too(db: None, curator: User) -> None:
    api = APIClient()
    credentials = {"username": "curator", "password": TEST_PASSWORD}
    missing = api.post("/api/v1/auth/token/", credentials, format="json")
    assert missing.status_code == 400
    assert "otp_token" in missing.json()
    device = enrolled_device(curator)
    good = api.post(
        "/api/v1/auth/token/", {**credentials, "otp_token": fresh_code(device)}, format="json"
    )
    assert good.status_code == 200
    assert good.json()["token"]


def test_the_token_endpoint_never_tells_a_right_password_from_a_wrong_one(
    db: None, curator: User, colleague: User
) -> None:
    """Before enrolment, with a wrong code or a wrong password: the same answer."""
    enrolled_device(colleague)
    api = APIClient()
    answers = [
        api.post(
            "/api/v1/auth/token/",
            {"username": username, "password": password, "otp_token": "123456"},
            format="json",
        )
        for username, password in (
            ("curator", TEST_PASSWORD),  # right password, not enrolled
            ("curator", "wrong-password-1"),
            ("colleague", TEST_PASSWORD),  # right password, wrong code
            ("colleague", "wrong-password-1"),
        )
    ]
    assert {answer.status_code for answer in answers} == {400}
    bodies = [answer.json() for answer in answers]
    assert all(body == bodies[0] for body in bodies), bodies
    assert "Неверное имя пользователя, пароль или код" in bodies[0]["non_field_errors"][0]
    # Without a code the password is not even looked at.
    no_code = api.post(
        "/api/v1/auth/token/", {"username": "curator", "password": "x"}, format="json"
    )
    assert list(no_code.json()) == ["otp_token"]


def test_an_administrator_resets_a_lost_phone(
    client: Client, org: Organisation, curator: User
) -> None:
    enrolled_device(curator)
    admin = make_user("administrator", organisation=org, username="admin1")
    admin_device = enrolled_device(admin)
    sign_in(client, "admin1")
    client.post(VERIFY, {"code": fresh_code(admin_device)})
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [curator.pk]},
    )
    assert response.status_code == 302
    assert not SecondFactorDevice.objects.filter(user=curator).exists()
    # At her next sign-in she enrols again.
    again = Client()
    sign_in(again, "curator")
    assert again.get("/")["Location"].startswith(SETUP)


def test_when_the_setting_is_off_the_pages_step_aside(
    client: Client, curator: User, settings: Any
) -> None:
    settings.KURATOR_REQUIRE_2FA = False
    sign_in(client, "curator")
    assert client.get(PAGE).status_code == 200
    assert client.get(SETUP)["Location"] == "/"
    assert client.get(VERIFY)["Location"] == "/"
    assert not SecondFactorDevice.objects.exists()
