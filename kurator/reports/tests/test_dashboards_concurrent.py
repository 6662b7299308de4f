"""The director's dashboard with its measures, pipelines and trends on two connections at
once (PostgreSQL, outside a transaction — as in a real request) shows exactly what the
one-connection run shows.

A file of its own: a transactional test flushes the tables after itself, and must not run
between the ordinary tests of another file. On SQLite the parts always run one after
another (every other dashboard test), so this one is for PostgreSQL only.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from kurator.accounts.models import User
from kurator.reports.api_dashboards import payload
from kurator.reports.tests.factories_indicators import case_on

# serialized_rollback: the flush would also drop what data migrations created (roles,
# assessment instruments), and the next test would miss them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_connections_show_what_one_shows(
    director: User, senior: User, curator: User, psychologist: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the parts run concurrently on PostgreSQL only; SQLite runs them in turn")
    today = timezone.localdate()
    for months_ago, closed in ((14, True), (8, False), (3, False)):
        opened = today - timedelta(days=30 * months_ago)
        case_on(
            senior=senior,
            curator=curator,
            psychologist=psychologist,
            opened=opened,
            closed=opened + timedelta(days=200) if closed else None,
        )

    with override_settings(KURATOR_REPORT_WORKERS=1):
        alone = payload(director, None, today=today)  # the JSON dashboard's content
    with override_settings(KURATOR_REPORT_WORKERS=2):
        together = payload(director, None, today=today)

    assert alone["kind"] == "organisation"
    assert together == alone
    assert sum(t["new_cases"] for t in alone["trends"]) == 2  # opened in the last 12 months
