"""The API's schema and its Swagger page are for signed-in users and token holders only: they
describe every endpoint of the organisation's system, which is no one else's business."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.accounts.tokens import issue_token


def test_an_anonymous_visitor_gets_no_schema(client: Client, db: None) -> None:
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code in (401, 403)
    assert "paths" not in response.content.decode()


def test_the_docs_page_sends_an_anonymous_visitor_to_sign_in(client: Client, db: None) -> None:
    for url in (reverse("api-docs"), reverse("api-docs") + "?script="):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=/api/docs/")


def test_a_signed_in_user_reads_the_schema_and_its_page(client: Client, curator: User) -> None:
    client.force_login(curator)
    assert client.get(reverse("api-docs")).status_code == 200
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/signals/" in schema.json()["paths"]


def test_a_token_holder_reads_the_schema(curator: User) -> None:
    key = issue_token(user=curator, with_second_factor=True)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api-schema"), HTTP_ACCEPT="application/json").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get(reverse("api-schema"), HTTP_ACCEPT="application/json").status_code == 401
