"""Two people (or a double click) closing, reopening, converting or approving at the same
moment — each with its own connection, on PostgreSQL where ``select_for_update`` really
blocks. (SQLite serialises writers; the sequential double submits are in the other tests.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.errors import CaseError
from kurator.cases.models import Case, CaseClosure, EmergencyStep, OneOffHelp, TimelineEvent
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import give_consents, make_family

# serialized_rollback: the flush after each test would also remove the roles that a data
# migration created; this restores them for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ALL_CRITERIA = dict.fromkeys(CLOSURE_CRITERIA, True)


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


@pytest.fixture
def open_case(senior: User, curator: User, psychologist: User) -> Case:
    return open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=make_family(by=senior)
    )


def _close(case: Case, by: User) -> Callable[[], object]:
    def attempt() -> object:
        stale = Case.objects.get(pk=case.pk)
        return lifecycle.close_case(case=stale, by=by, reason="goals_met", criteria=ALL_CRITERIA)

    return attempt


def test_simultaneous_closings_close_once(
    only_postgresql: None, open_case: Case, curator: User, senior: User
) -> None:
    results = _at_once(_close(open_case, curator), _close(open_case, senior))
    assert sorted(results) == ["ok", "Случай уже закрыт."]
    assert CaseClosure.objects.filter(case=open_case).count() == 1
    assert TimelineEvent.objects.filter(case=open_case, kind="case.closed").count() == 1


def test_simultaneous_reopenings_make_one_new_case(
    only_postgresql: None, open_case: Case, curator: User, senior: User
) -> None:
    lifecycle.close_case(case=open_case, by=curator, reason="goals_met", criteria=ALL_CRITERIA)

    def reopen(by: User) -> Callable[[], object]:
        return lambda: lifecycle.reopen_case(
            case=Case.objects.get(pk=open_case.pk), by=by, reason="Ухудшение"
        )

    results = _at_once(reopen(curator), reopen(senior))
    assert results.count("ok") == 1
    assert Case.objects.filter(previous_case=open_case).count() == 1
    assert Case.objects.filter(family=open_case.family, status=Case.Status.OPEN).count() == 1


def test_simultaneous_conversions_of_one_off_help_open_one_case(
    only_postgresql: None, senior: User, head: User, curator: User
) -> None:
    family = make_family(by=senior, name="Орловы")
    give_consents(by=senior, family=family, purposes=["case_work"])
    help_ = lifecycle.record_one_off_help(
        family=family, by=curator, given_on=timezone.localdate(), description="Дрова"
    )

    def convert(by: User) -> Callable[[], object]:
        return lambda: lifecycle.convert_one_off_help(
            help=OneOffHelp.objects.get(pk=help_.pk), by=by, curator=curator
        )

    results = _at_once(convert(senior), convert(head))
    assert results.count("ok") == 1
    assert Case.objects.filter(family=family).count() == 1


def test_simultaneous_approvals_approve_once(
    only_postgresql: None, senior: User, curator: User, psychologist: User, head: User
) -> None:
    case = open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Петровы"),
        scenario=Case.Scenario.EMERGENCY,
    )
    step = lifecycle.record_emergency_step(
        case=case, by=curator, description="Шаг", taken_at=timezone.now()
    )

    def approve() -> object:
        return lifecycle.approve_emergency_step(step=EmergencyStep.objects.get(pk=step.pk), by=head)

    results = _at_once(approve, approve)
    assert sorted(results) == ["ok", "Этот экстренный шаг уже согласован."]
    assert TimelineEvent.objects.filter(case=case, kind="case.emergency_approved").count() == 1
