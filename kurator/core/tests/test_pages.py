from __future__ import annotations

import re

import pytest
from django.test import Client

from kurator.accounts.models import User

OUTSIDE_URL = re.compile(r"""(?:src|href)=["']https?://(?!127\.0\.0\.1|localhost|testserver)""")


def test_openapi_schema_is_served_to_signed_in_users(client: Client, curator: User) -> None:
    client.force_login(curator)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/me/" in response.content.decode()


def test_api_docs_load_nothing_from_outside(client: Client, curator: User) -> None:
    client.force_login(curator)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert not OUTSIDE_URL.search(html)


@pytest.mark.parametrize("url", ["/tasks/", "/accounts/login/", "/accounts/password/"])
def test_pages_load_nothing_from_outside(client: Client, curator: User, url: str) -> None:
    client.force_login(curator)
    html = client.get(url).content.decode()
    assert not OUTSIDE_URL.search(html)


def test_navigation_fits_the_roles(client: Client, curator: User, administrator: User) -> None:
    client.force_login(administrator)
    admin_page = client.get("/tasks/").content.decode()
    assert "Администрирование" in admin_page
    client.force_login(curator)
    curator_page = client.get("/tasks/").content.decode()
    assert "Администрирование" not in curator_page
    assert "Мои задачи" in curator_page


def test_admin_is_for_administrators_only(
    client: Client, curator: User, administrator: User
) -> None:
    client.force_login(curator)
    assert client.get("/admin/").status_code == 302  # to the admin login: not staff
    client.force_login(administrator)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Организации" in page.content.decode()


def test_password_change_speaks_russian(client: Client, curator: User) -> None:
    client.force_login(curator)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 200
    assert "Ваш старый пароль введен неправильно" in response.content.decode()
