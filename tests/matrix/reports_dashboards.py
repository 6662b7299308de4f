"""The dashboards' part of the authorization matrix (kurator/reports, issue 7).

The dashboards address no record: each is a page of figures for the viewer's own scope.
``reports:index`` sends a user on to her dashboard (302) and the JSON dashboard answers —
whoever works on cases (``cases.case:write``) or reads reports (``reports.report:read``);
anyone else has no dashboard (404: the «dashboard» pseudo-record below). My dashboard needs
``cases.case:write`` (her own caseload: the cases she curates); the team and director
dashboards ``reports.report:read`` within ``access.report_scope`` (another organisation's
head or director sees her own organisation, hence 200). The team and director pages show
counts and colleagues' names, never a family's name; my dashboard names only the
caseworker's own cases.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.grants import CASE_WRITE, REPORT_READ
from tests.test_access_matrix import Rule, granted, listing, who

# Roles with a dashboard, in any organisation: caseworkers (cases.case:write) and report
# readers.
WITH_DASHBOARD = who(lambda r: granted(r, CASE_WRITE) or granted(r, REPORT_READ))

VISIBLE: dict[str, frozenset[str]] = {
    # Not a record: the user's own dashboard. A role with none gets a 404 (there is none).
    "dashboard": WITH_DASHBOARD,
}

RULES: dict[str, Rule] = {
    "reports:index": Rule(record="dashboard", perm=None, kwargs={}, ok=302),
    "reports:my_dashboard": listing(CASE_WRITE),
    "reports:team_dashboard": listing(REPORT_READ),
    "reports:director_dashboard": listing(REPORT_READ),
    "api-report-dashboard": Rule(record="dashboard", perm=None, kwargs={}),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    return {}
