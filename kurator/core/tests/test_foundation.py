from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kurator.accounts.models import Organisation, User
from kurator.core.demo import DEMO_ORGANISATION


def test_healthz_answers_ok_when_database_answers(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_anonymous_user_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_speaks_russian(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert "Вход в Kurator" in response.content.decode()


def test_unknown_page_is_a_russian_404(client: Client, curator: User) -> None:
    client.force_login(curator)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
def test_load_demo_refuses_without_debug_unless_forced() -> None:
    # The test runner runs with DEBUG off, as production does.
    with pytest.raises(CommandError, match="только в режиме отладки"):
        call_command("load_demo")
    assert not Organisation.objects.filter(name=DEMO_ORGANISATION).exists()
