"""Two people (or a double click) deciding on one signal at the same moment — for real.

Runs on PostgreSQL only: there each thread has its own connection and ``select_for_update``
really blocks. (SQLite serialises writers; the stale-page double submit is tested in
test_services.py on both databases.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from kurator.accounts.models import User
from kurator.core.testing import make_family
from kurator.intake import services
from kurator.intake.errors import IntakeError
from kurator.intake.models import FirstVisit, Signal, TakeInDecision
from kurator.intake.tests.conftest import ago, record

# serialized_rollback: the flush after a transactional test would also drop the roles that a
# data migration created, and the next test would find its users without permissions.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def only_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs a database where concurrent transactions really overlap")


def _at_once(*attempts: Callable[[], object]) -> list[str]:
    """Run the attempts in threads released together; 'ok' or the IntakeError message each."""
    barrier = threading.Barrier(len(attempts))
    results: list[str] = []

    def run(attempt: Callable[[], object]) -> None:
        try:
            barrier.wait()
            attempt()
            results.append("ok")
        except IntakeError as error:
            results.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _reported(intake_operator: User, senior: User, curator: User, psychologist: User) -> Signal:
    signal = record(intake_operator, family=make_family(by=intake_operator))
    services.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    services.record_visit(signal=signal, by=curator, visited_at=ago(hours=2), report="Отчёт")
    return signal


def test_simultaneous_decisions_make_one_decision(
    only_postgresql: None,
    intake_operator: User,
    senior: User,
    head: User,
    curator: User,
    psychologist: User,
) -> None:
    signal = _reported(intake_operator, senior, curator, psychologist)

    def decide(user: User, decision: str) -> Callable[[], object]:
        return lambda: services.decide_signal(
            signal=Signal.objects.get(pk=signal.pk), by=user, decision=decision, reason="Причина"
        )

    results = _at_once(decide(senior, "accept"), decide(head, "refuse"))
    assert results.count("ok") == 1
    assert TakeInDecision.objects.filter(signal=signal).count() == 1
    status = Signal.objects.get(pk=signal.pk).status
    assert status in {Signal.Status.ACCEPTED, Signal.Status.REFUSED}


def test_simultaneous_visit_records_make_one_visit(
    only_postgresql: None,
    intake_operator: User,
    senior: User,
    curator: User,
    psychologist: User,
) -> None:
    signal = record(intake_operator)
    services.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )

    def visit(user: User) -> Callable[[], object]:
        return lambda: services.record_visit(
            signal=Signal.objects.get(pk=signal.pk), by=user, visited_at=ago(hours=1)
        )

    results = _at_once(visit(curator), visit(psychologist))
    assert sorted(results) == ["ok", "Выезд уже отмечен."]
    assert FirstVisit.objects.filter(signal=signal).count() == 1
