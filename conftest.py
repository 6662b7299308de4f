"""The cast every test can ask for by name, a small set of factory-built fixtures: an
organisation with two teams, one user per role, and an outsider from another organisation.
Only what a test names is built."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import make_organisation, make_team, make_user

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from
# fixtures are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# What makes a test use the database (pytest-django's fixtures, or its marker).
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-tests-only",
        action="store_true",
        help="run only the tests that use the database (the second engine's run in make test)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--db-tests-only`` the tests that never touch the database are left out: they ran
    on the first engine already and cannot answer differently on the second."""
    if not config.getoption("db_tests_only"):
        return
    keep, drop = [], []
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        uses_db = bool(names & _DATABASE_FIXTURES) or item.get_closest_marker("django_db")
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# The rows a data migration writes into an empty database: reference data every organisation
# starts from. `make test` builds the test databases from the models (`--no-migrations`, a
# minute saved per worker); the migrations themselves are applied for real by the production
# path (SQLite) and by the migration step on PostgreSQL (scripts/test.sh). A new data
# migration that fills reference rows belongs in this list.
REFERENCE_DATA_MIGRATIONS = (
    ("kurator.accounts.migrations.0002_fill_roles", "forward"),
    ("kurator.assessments.migrations.0002_default_instruments", "load"),
)


def _write_reference_rows(**_: Any) -> None:
    import importlib

    from django.apps import apps

    for module_name, function in REFERENCE_DATA_MIGRATIONS:
        getattr(importlib.import_module(module_name), function)(apps, None)


def _reference_rows_after_flush(sender: Any, **_: Any) -> None:
    """A transactional test ends with a flush that empties every table; Django then sends
    ``post_migrate`` (once per app): the reference rows come back with the accounts app's."""
    if sender.label == "accounts":
        _write_reference_rows()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """pytest-django's test database with the reference rows (written by the data migrations
    when they run; by ``_write_reference_rows`` without them, and after every flush)."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    from django.db.models.signals import post_migrate

    post_migrate.connect(
        _reference_rows_after_flush, weak=False, dispatch_uid="kurator-tests-reference-rows"
    )
    with django_db_blocker.unblock():
        MigrationRecorder(connection).ensure_schema()  # as every real database has it
        _write_reference_rows()  # each writer skips what is there already
        if hasattr(connection, "_test_serialized_contents"):
            # A test with serialized_rollback gets back the database as it was serialized
            # when it was created: serialize it again, reference rows included.
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded files of a test go to its own temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate-limit counters never carry from one test to the next (user ids are reused)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def org(db: None) -> Organisation:
    return make_organisation("БФ «Тест»")


@pytest.fixture
def team(org: Organisation) -> Team:
    return make_team(org, "Смоленск")


@pytest.fixture
def other_team(org: Organisation) -> Team:
    return make_team(org, "Волгоград")


@pytest.fixture
def curator(org: Organisation, team: Team) -> User:
    return make_user(
        RoleCode.CURATOR,
        organisation=org,
        team=team,
        username="curator",
        last_name="Белова",
        first_name="Ольга",
    )


@pytest.fixture
def colleague(org: Organisation, team: Team) -> User:
    return make_user(
        RoleCode.CURATOR,
        organisation=org,
        team=team,
        username="colleague",
        last_name="Громов",
        first_name="Никита",
    )


@pytest.fixture
def psychologist(org: Organisation, team: Team) -> User:
    return make_user(
        RoleCode.PSYCHOLOGIST,
        organisation=org,
        team=team,
        username="psychologist",
        last_name="Лебедева",
        first_name="Анна",
    )


@pytest.fixture
def senior(org: Organisation, team: Team) -> User:
    return make_user(
        RoleCode.SENIOR_CURATOR,
        organisation=org,
        team=team,
        username="senior",
        last_name="Морозова",
        first_name="Елена",
    )


@pytest.fixture
def head(org: Organisation, team: Team) -> User:
    return make_user(
        RoleCode.TEAM_HEAD,
        organisation=org,
        team=team,
        username="head",
        last_name="Ковалёва",
        first_name="Ирина",
    )


@pytest.fixture
def intake_operator(org: Organisation, team: Team) -> User:
    return make_user(
        RoleCode.INTAKE_OPERATOR,
        organisation=org,
        team=team,
        username="intake",
        last_name="Зайцева",
        first_name="Мария",
    )


@pytest.fixture
def director(org: Organisation) -> User:
    return make_user(
        RoleCode.PROGRAMME_DIRECTOR,
        organisation=org,
        username="director",
        last_name="Полякова",
        first_name="Наталья",
    )


@pytest.fixture
def administrator(org: Organisation) -> User:
    return make_user(
        RoleCode.ADMINISTRATOR,
        organisation=org,
        username="administrator",
        last_name="Сидоров",
        first_name="Алексей",
    )


@pytest.fixture
def other_team_curator(org: Organisation, other_team: Team) -> User:
    return make_user(
        RoleCode.CURATOR,
        organisation=org,
        team=other_team,
        username="curator_other_team",
        last_name="Кузнецова",
        first_name="Татьяна",
    )


@pytest.fixture
def outsider(db: None) -> User:
    """A team head of another organisation: must never see this organisation's records."""
    other_org = make_organisation("Чужая организация")
    return make_user(
        RoleCode.TEAM_HEAD,
        organisation=other_org,
        team=make_team(other_org),
        username="outsider",
        last_name="Чужой",
        first_name="Пётр",
    )
