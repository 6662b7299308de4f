"""The organisation's settings pages in the authorization matrix: the script of signal intake
(every channel's questions, and one channel's to edit) holds no people data and needs
``accounts.settings:manage`` — the administrator's — to be seen or changed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.matrix.grants import SETTINGS
from tests.test_access_matrix import GP, Rule, listing

VISIBLE: dict[str, frozenset[str]] = {}

RULES: dict[str, Rule] = {
    "accounts:intake_scripts": listing(SETTINGS),
    "accounts:intake_script_edit": Rule(
        record=None, perm=SETTINGS, methods=GP, kwargs={"channel": "intake_channel"}
    ),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    # Not a record: the channel the edit URL takes.
    return {"intake_channel": SimpleNamespace(pk="phone")}
