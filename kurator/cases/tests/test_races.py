"""Two people (or a double click) opening a case at the same moment — on a real server.

Runs on PostgreSQL only: there each request has its own connection and ``select_for_update``
really blocks. (SQLite serialises writers, and the one-to-one column still holds; see
test_services.py for the constraint itself.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from kurator.accounts.models import User
from kurator.cases.errors import CaseError
from kurator.cases.models import Case
from kurator.cases.services import opening
from kurator.cases.tests.factories import make_accepted_signal
from kurator.core.testing import give_consents, make_family
from kurator.intake.models import Signal

# serialized_rollback: the flush after a transactional test would also drop the roles that a
# data migration created, and the next test would find its users without permissions.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at_once(*attempts: Callable[[], object]) -> list[str]:
    """Run the attempts in threads released together; 'ok' or the CaseError message each."""
    barrier = threading.Barrier(len(attempts))
    results: list[str] = []

    def run(attempt: Callable[[], object]) -> None:
        try:
            barrier.wait()
            attempt()
            results.append("ok")
        except CaseError as error:
            results.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def only_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs a database where concurrent transactions really overlap")


def test_simultaneous_openings_from_one_signal_make_one_case(
    only_postgresql: None, senior: User, head: User, curator: User, psychologist: User
) -> None:
    family = make_family(by=senior)
    give_consents(by=senior, family=family, purposes=["case_work"])
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )

    def open_by(user: User) -> Callable[[], Case]:
        return lambda: opening.open_case(
            signal=Signal.objects.get(pk=signal.pk), curator=curator, by=user
        )

    results = _at_once(open_by(senior), open_by(head))
    assert sorted(results) == ["ok", "По этому сигналу случай уже открыт."]
    assert Case.objects.filter(signal=signal).count() == 1


def test_simultaneous_openings_for_one_family_make_one_open_case(
    only_postgresql: None, senior: User, curator: User, colleague: User, psychologist: User
) -> None:
    family = make_family(by=senior)
    give_consents(by=senior, family=family, purposes=["case_work"])
    first, second = (
        make_accepted_signal(
            senior=senior, family=family, future_curator=c, psychologist=psychologist
        )
        for c in (curator, colleague)
    )
    results = _at_once(
        lambda: opening.open_case(signal=first, curator=curator, by=senior),
        lambda: opening.open_case(signal=second, curator=colleague, by=senior),
    )
    assert results.count("ok") == 1
    assert Case.objects.filter(family=family, status=Case.Status.OPEN).count() == 1
