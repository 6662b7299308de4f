"""The demo world, built once, and every app's checks on it.

`make run` loads the demo, and new curators learn Kurator on it, so each app checks that its
part of the demo shows what it should (``kurator/<app>/tests/demo_checks.py``: ``test_*``
functions asking for ``demo``). Building the whole demo takes seconds; building it once per
app would take minutes on every run of the suite. So it is built once here, inside a
transaction rolled back when the module ends, and each check runs in a savepoint of it, as
``django.test.TestCase`` runs its tests over ``setUpTestData``: what one check changes, the
next does not see.

A new check goes into its app's ``demo_checks.py``; this module collects it by itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from kurator.core.demo import DemoContext, build_demo

KURATOR = Path(__file__).resolve().parent.parent / "kurator"


def _checks() -> dict[str, Callable[..., None]]:
    """Every ``test_*`` function of every app's ``tests/demo_checks.py``, named by its app."""
    found: dict[str, Callable[..., None]] = {}
    for path in sorted(KURATOR.glob("*/tests/demo_checks.py")):
        app = path.parent.parent.name
        module = importlib.import_module(f"kurator.{app}.tests.demo_checks")
        for name, check in vars(module).items():
            if name.startswith("test_") and callable(check):
                found[f"test_{app}_{name.removeprefix('test_')}"] = check
    return found


globals().update(_checks())


class DemoWorld:
    """What building the demo left behind: its context, the letters it sent, its files."""

    def __init__(self, context: DemoContext, mails: list[Any], media: Path) -> None:
        self.context = context
        self.mails = mails
        self.media = media


@pytest.fixture(scope="module")
def _demo_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, _demo_media: Path) -> None:
    """The checks read the files the demo filed (the conftest's per-test folder would be empty)."""
    settings.MEDIA_ROOT = _demo_media


@pytest.fixture(scope="module")
def _demo_world(
    django_db_setup: None, django_db_blocker: Any, _demo_media: Path
) -> Iterator[DemoWorld]:
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_demo_media):
        atomics = TestCase._enter_atomics()  # type: ignore[attr-defined]
        try:
            mail.outbox = []
            # The demo's letters and hooks run as they would after `load_demo` commits.
            with TestCase.captureOnCommitCallbacks(execute=True):
                context = build_demo(today=timezone.localdate())
            world = DemoWorld(context, list(mail.outbox), _demo_media)
        except BaseException:
            TestCase._rollback_atomics(atomics)  # type: ignore[attr-defined]
            raise
    yield world
    with django_db_blocker.unblock():
        TestCase._rollback_atomics(atomics)  # type: ignore[attr-defined]


@pytest.fixture
def demo(db: None, _demo_world: DemoWorld) -> DemoContext:
    """The demo's context (its users, organisation, ``extra``), in a savepoint of the world."""
    return _demo_world.context


@pytest.fixture
def demo_mails(_demo_world: DemoWorld) -> list[Any]:
    """The letters the demo sent while it was built."""
    return _demo_world.mails


@pytest.fixture
def demo_media(_demo_world: DemoWorld) -> Path:
    """Where the demo's files were filed."""
    return _demo_world.media
