"""Fixtures of the case-folder tests: files in a temporary media folder, an open case built
through the services (people → intake → cases), small files are in ``files.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family
from kurator.people.models import Family


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a throwaway folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family) -> Case:
    """An open case of ``curator`` in ``team``."""
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
