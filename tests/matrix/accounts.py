"""The organisation's settings pages in the authorization matrix: the script of signal intake
(every channel's questions, and one channel's to edit) holds no people data and needs
``accounts.settings:manage`` — the administrator's — to be seen or changed.

The role requests (a role that opens people's data, asked for by the administrator) are
decided by the programme director (``accounts.roles:approve``) of the same organisation:
another organisation's request is a 404, a colleague without the permission gets 403."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from kurator.accounts.services import request_role_grant
from tests.matrix.grants import ROLES_APPROVE, SETTINGS
from tests.test_access_matrix import (
    ADMINISTRATOR,
    COLLEAGUE,
    GP,
    UNLOGGED_URLS,
    Rule,
    listing,
    on,
    ours,
    who,
)

VISIBLE: dict[str, frozenset[str]] = {"role_request": who(ours)}

# Staff and their roles, nobody's personal data: no read-log row (like the user's own pages).
UNLOGGED_URLS.update(
    {"accounts:role_requests", "accounts:role_request_approve", "accounts:role_request_reject"}
)

RULES: dict[str, Rule] = {
    "accounts:intake_scripts": listing(SETTINGS),
    "accounts:intake_script_edit": Rule(
        record=None, perm=SETTINGS, methods=GP, kwargs={"channel": "intake_channel"}
    ),
    "accounts:role_requests": listing(ROLES_APPROVE),
    "accounts:role_request_approve": on("role_request", ROLES_APPROVE, GP),
    "accounts:role_request_reject": on("role_request", ROLES_APPROVE, GP),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    # A team head's role asked for the team's curator who is not on the case, pending.
    role_request = request_role_grant(
        user=users[COLLEAGUE], role="team_head", by=users[ADMINISTRATOR]
    )
    # Not a record: the channel the edit URL takes.
    return {"intake_channel": SimpleNamespace(pk="phone"), "role_request": role_request}
