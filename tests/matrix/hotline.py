"""The hotline journal in the authorization matrix (kurator/intake/hotline).

The world gets a call of team «Смоленск» taken by its intake operator. Who sees it is the
signal journal's rule (kurator/access/intake.py, «the hotline journal»): with
``intake.signal:read``, the team's intake operator, senior curator and head, and the
programme director — never a case worker, another team or another organisation. Writing calls
down, completing them, making a signal of one or registering the caller's complaint need
``intake.signal:write``; the journal
page and the API's list answer every role with ``intake.signal:read`` (a case worker's is
empty).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kurator.intake.hotline import services
from kurator.intake.hotline.models import HotlineCall
from tests.matrix import grants as g
from tests.matrix.grants import SIGNAL_READ, SIGNAL_WRITE
from tests.test_access_matrix import (
    GP,
    INTAKE,
    P,
    Rule,
    granted,
    listing,
    of_team,
    on,
    organisation_wide,
    ours,
    who,
)

VISIBLE: dict[str, frozenset[str]] = {
    "hotline_call": who(
        lambda r: (
            ours(r)
            and granted(r, SIGNAL_READ)
            and (organisation_wide(r) or of_team(r, g.JOURNAL_TEAM))
        )
    ),
}

RULES: dict[str, Rule] = {
    "intake:hotline": listing(SIGNAL_READ),
    "intake:hotline_shift": listing(SIGNAL_WRITE),
    "intake:hotline_call_create": listing(SIGNAL_WRITE, GP),
    "intake:hotline_call": on("hotline_call", SIGNAL_READ),
    "intake:hotline_call_edit": on("hotline_call", SIGNAL_WRITE, GP),
    "intake:hotline_call_signal": on("hotline_call", None, P, post_perm=SIGNAL_WRITE),
    "api-hotline-calls": listing(SIGNAL_READ, GP, post_perm=SIGNAL_WRITE),
    "api-hotline-call": on("hotline_call", SIGNAL_READ),
    "api-hotline-call-signal": on("hotline_call", None, P, post_perm=SIGNAL_WRITE),
    # The caller's complaint registered from the call: those who take calls (they all
    # register appeals too).
    "intake:hotline_call_complaint": on("hotline_call", None, P, post_perm=SIGNAL_WRITE),
    "api-hotline-call-complaint": on("hotline_call", None, P, post_perm=SIGNAL_WRITE),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    call = services.record_call(
        by=users[INTAKE],
        direction=HotlineCall.Direction.INCOMING,
        started_at=timezone.now() - timedelta(hours=1),
        duration_seconds=300,
        caller_kind=HotlineCall.CallerKind.NEIGHBOUR,
        topic=HotlineCall.Topic.CHILD_SAFETY,
        summary="Соседи: дети одни дома.",
    )
    return {"hotline_call": call}
