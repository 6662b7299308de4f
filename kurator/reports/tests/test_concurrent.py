"""The indicator report and the director's dashboard with their parts on two connections
at once (PostgreSQL, outside a transaction — as in a real request) show exactly what the
one-connection run shows.

A file of its own: a transactional test flushes the tables after itself, and must not run
between the ordinary tests of another file. On SQLite the parts always run one after
another (every other report and dashboard test), so these are for PostgreSQL only.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from kurator.access.reports import ReportScope
from kurator.accounts.models import Team, User
from kurator.reports.api.dashboards import payload
from kurator.reports.queries.indicators import compute_indicators
from kurator.reports.tests.factories_indicators import YEAR, case_on
from kurator.reports.tests.test_indicators import _column

# serialized_rollback: the flush would also drop what data migrations created (roles,
# assessment instruments), and the next test would miss them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the parts run concurrently on PostgreSQL only; SQLite runs them in turn")


def test_the_indicator_report_on_two_connections_gives_the_figures_of_one(
    team: Team, senior: User, curator: User, psychologist: User
) -> None:
    for opened, closed in (
        (date(2024, 11, 1), date(2025, 6, 1)),
        (date(2025, 3, 1), None),
        (date(2025, 9, 1), date(2026, 4, 1)),
        (date(2026, 2, 1), None),
    ):
        case_on(
            senior=senior, curator=curator, psychologist=psychologist, opened=opened, closed=closed
        )
    scope = ReportScope(team.organisation_id, None, "Организация")

    with override_settings(KURATOR_REPORT_WORKERS=1), CaptureQueriesContext(connection) as one:
        alone = compute_indicators(scope=scope, period=YEAR)
    with override_settings(KURATOR_REPORT_WORKERS=2), CaptureQueriesContext(connection) as two:
        together = compute_indicators(scope=scope, period=YEAR)

    assert _column(together, "current") == _column(alone, "current")
    assert _column(together, "previous") == _column(alone, "previous")
    assert together.figure("cases_active").current == 3
    assert together.figure("cases_active").previous == 3
    # The sections' queries went to the workers' connections, not the caller's.
    assert len(one.captured_queries) == 29
    assert len(two.captured_queries) < 5


def test_the_directors_dashboard_on_two_connections_shows_what_one_shows(
    director: User, senior: User, curator: User, psychologist: User
) -> None:
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
