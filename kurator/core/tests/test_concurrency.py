"""``run_concurrently`` inside a transaction (every ordinary test): the jobs run one after
another on the caller's own connection — another connection would not see the rows the
transaction wrote. The concurrent path itself is tested on PostgreSQL in
test_concurrency_pg.py (a transactional file of its own)."""

from __future__ import annotations

import threading

import pytest

from kurator.accounts.models import Organisation
from kurator.core.concurrency import run_concurrently

pytestmark = pytest.mark.django_db


def test_inside_a_transaction_the_jobs_run_in_order_on_the_callers_thread() -> None:
    me = threading.get_ident()
    seen: list[int] = []

    def job(n: int) -> int:
        seen.append(threading.get_ident())
        return n * 10

    results = run_concurrently([lambda n=n: job(n) for n in range(4)], workers=2)

    assert results == [0, 10, 20, 30]
    assert seen == [me] * 4


def test_inside_a_transaction_jobs_see_the_rows_it_wrote() -> None:
    created = Organisation.objects.create(name="БФ «Новый»")

    names = run_concurrently(
        [
            lambda: Organisation.objects.get(pk=created.pk).name,
            lambda: Organisation.objects.filter(pk=created.pk).count(),
        ],
        workers=2,
    )

    assert names == ["БФ «Новый»", 1]


def test_one_worker_means_one_after_another() -> None:
    me = threading.get_ident()
    assert run_concurrently([threading.get_ident, threading.get_ident], workers=1) == [me, me]
