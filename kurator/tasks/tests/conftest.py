"""Fixtures of the tasks tests: a family of the team, strict syncing (a failing sync fails the
test instead of being logged)."""

from __future__ import annotations

from typing import Any

import pytest

from kurator.accounts.models import User
from kurator.core.testing import make_family
from kurator.people.models import Family


@pytest.fixture(autouse=True)
def _strict_sync(settings: Any) -> None:
    settings.KURATOR_TASKS_STRICT = True


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы", distance_km="12")
