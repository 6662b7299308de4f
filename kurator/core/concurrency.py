"""Independent read-only queries on several database connections at once.

The indicator report is a few dozen aggregate queries that do not depend on each other; run
one after another, the request waits on each in turn while the database server has a core to
spare. ``run_concurrently`` runs such jobs on worker threads, each thread with a connection of
its own, and returns their results in the order given.

Only where that is safe: on PostgreSQL, outside a transaction. Inside one — a test case, an
``atomic`` block — another connection would not see the rows the transaction has written,
so the jobs run one after the other on the caller's connection, with the same results.
SQLite serialises its readers anyway. ``KURATOR_REPORT_WORKERS`` (settings) sets how many
connections; 1 turns it off.

Each job runs in the caller's language and time zone (both thread-local in Django, so they
are carried over to the worker); anything else that depends on the request, give the job as
arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone, translation

__all__ = ["run_concurrently"]

T = TypeVar("T")


def _concurrent() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def run_concurrently(jobs: Sequence[Callable[[], T]], *, workers: int | None = None) -> list[T]:
    """The results of ``jobs`` (callables that only read), in the order given. List the
    slowest jobs first: each worker takes the next job as it becomes free."""
    count = settings.KURATOR_REPORT_WORKERS if workers is None else workers
    if count <= 1 or len(jobs) <= 1 or not _concurrent():
        return [job() for job in jobs]

    language = translation.get_language()
    zone = timezone.get_current_timezone()

    def run(job: Callable[[], T]) -> T:
        try:
            with translation.override(language), timezone.override(zone):
                return job()
        finally:
            # The worker thread's own connection; the caller's is another object.
            connections.close_all()

    with ThreadPoolExecutor(max_workers=min(count, len(jobs))) as pool:
        return list(pool.map(run, jobs))
