"""The API's schema in the authorization matrix: every signed-in role and token holder reads
it (it describes the endpoints, never a record), the anonymous visitor gets 401.

Its Swagger page (``api-docs``) stays among the URLs outside the table: the table expects 401
from every ``api-`` URL for the anonymous visitor, and the page, a browser's, sends her to
sign in instead (kurator/core/tests/test_api_docs_access.py)."""

from __future__ import annotations

from typing import Any

from tests.test_access_matrix import UNLOGGED_URLS, Rule, listing

VISIBLE: dict[str, frozenset[str]] = {}

# Nobody's personal data: no read-log row (kurator/audit/services.py, NOT_PERSONAL_URL_NAMES).
UNLOGGED_URLS.add("api-schema")

RULES: dict[str, Rule] = {"api-schema": listing(None)}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    return {}  # the schema addresses no record
