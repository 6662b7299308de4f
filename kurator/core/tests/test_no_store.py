"""Pages and API answers that may carry personal data are kept by no cache."""

from __future__ import annotations

from django.test import Client

from kurator.accounts.models import User
from kurator.accounts.tokens import issue_token
from kurator.core.testing import make_family


def test_a_family_page_is_not_stored_by_the_browser(client: Client, curator: User) -> None:
    family = make_family(by=curator, name="Кэшевы")
    client.force_login(curator)
    response = client.get(f"/people/families/{family.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_api_answer_to_a_token_is_not_stored(client: Client, curator: User) -> None:
    token = issue_token(user=curator, with_second_factor=True)
    response = client.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_is_not_stored(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert "no-store" in response["Cache-Control"]
