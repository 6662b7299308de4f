"""``run_concurrently`` for real: on PostgreSQL, outside a transaction, the jobs run on worker
threads with connections of their own, which are closed when the work is done.

A file of its own: a transactional test flushes the tables after itself, and must not run
between the ordinary tests of another file. On SQLite the jobs always run one after another
(tested in test_concurrency.py), so these tests are for PostgreSQL only.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone, translation

from kurator.accounts.models import Role
from kurator.core.concurrency import run_concurrently

# serialized_rollback: the flush would also drop what data migrations created (roles,
# assessment instruments), and the next test would miss them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the concurrent path runs on PostgreSQL only; SQLite: test_concurrency.py")


def _backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def test_the_jobs_run_on_other_threads_see_committed_rows_and_keep_their_order() -> None:
    me = threading.get_ident()
    barrier = threading.Barrier(2, timeout=10)

    def job(n: int) -> tuple[int, int, int]:
        if n < 2:
            barrier.wait()  # both workers busy at once: they really overlap
        return n, threading.get_ident(), Role.objects.count()

    results = run_concurrently([lambda n=n: job(n) for n in range(5)], workers=2)

    assert [n for n, _, _ in results] == [0, 1, 2, 3, 4]
    threads = {ident for _, ident, _ in results}
    assert me not in threads
    assert len(threads) == 2
    assert {count for _, _, count in results} == {Role.objects.count()}


def test_the_workers_connections_are_closed_afterwards() -> None:
    before = _backends()
    run_concurrently([lambda: Role.objects.count()] * 4, workers=2)
    assert _backends() == before


def test_an_error_in_a_job_reaches_the_caller() -> None:
    def broken() -> int:
        raise ValueError("сломалось")

    with pytest.raises(ValueError, match="сломалось"):
        run_concurrently([lambda: Role.objects.count(), broken], workers=2)


def test_the_jobs_run_in_the_callers_language_and_time_zone() -> None:
    def seen() -> tuple[str | None, str]:
        return translation.get_language(), str(timezone.get_current_timezone())

    with translation.override("en"), timezone.override("Asia/Vladivostok"):
        results = run_concurrently([seen, seen, seen], workers=2)

    assert results == [("en", "Asia/Vladivostok")] * 3
