"""`manage.py load_demo` on a database that holds the demo already."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kurator.accounts.models import Organisation, User
from kurator.core.demo import DEMO_ORGANISATION, DemoContext


def test_load_demo_again_changes_nothing_and_prints_logins(
    demo: DemoContext, capsys: pytest.CaptureFixture[str]
) -> None:
    users = User.objects.count()
    call_command("load_demo", force=True)
    out = capsys.readouterr().out
    assert User.objects.count() == users
    assert Organisation.objects.filter(name=DEMO_ORGANISATION).count() == 1
    assert "Демо-данные уже загружены." in out
    for username in ("curator1", "intake1", "agent1", "director"):
        assert username in out
        assert User.objects.get(username=username).check_password("kurator")
