"""Two people answering one complaint at the same moment — for real.

Runs on PostgreSQL only: there each thread has its own connection and ``select_for_update``
really blocks (SQLite serialises writers; the sequential double answer is tested in
test_records_views.py on both databases). A file of its own: a transactional test flushes
the tables after itself, and must not run between the ordinary tests of another file.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kurator.accounts.models import User
from kurator.reports.errors import ReportError
from kurator.reports.services.records import answer_appeal
from kurator.reports.tests.test_records_views import TODAY, _appeal

# serialized_rollback: the flush would also drop what data migrations created (roles,
# assessment instruments), and the next test would miss them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_answers_at_once_leave_exactly_one(head: User, director: User) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; the sequential double answer is tested above")
    appeal = _appeal(head)
    outcomes: list[str] = []

    def answer(by: User, text: str) -> None:
        try:
            answer_appeal(appeal=appeal, answered_on=TODAY(), answer=text, by=by)
            outcomes.append("ok")
        except ReportError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=(u, t)) for u, t in ((head, "1"), (director, "2"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
