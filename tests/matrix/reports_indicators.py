"""The indicator report's part of the authorization matrix (kurator/reports, issue 7).

The report addresses no record: it is a page of figures for the viewer's report scope
(``access.report_scope``), so each URL is a ``listing`` rule. Reading needs
``reports.report:read`` (senior curator, team head, programme director, quality officer —
another organisation's director or team head reads her own organisation's figures, hence
200); the XLSX and PDF downloads need ``reports.export:run`` (team head, programme director).
The page shows counts only, never a family's name; each answer writes a read-log «list» row.
"""

from __future__ import annotations

from typing import Any

from tests.test_access_matrix import Rule, listing

REPORT_READ = "reports.report:read"
REPORT_EXPORT = "reports.export:run"

VISIBLE: dict[str, frozenset[str]] = {}

RULES: dict[str, Rule] = {
    "reports:indicators": listing(REPORT_READ),
    "reports:indicators_xlsx": listing(REPORT_EXPORT),
    "reports:indicators_pdf": listing(REPORT_EXPORT),
    "api-report-indicators": listing(REPORT_READ),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    return {}
