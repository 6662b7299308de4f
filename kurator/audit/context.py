"""The request being served, as the read log needs it — held in a context variable.

``ReadLogMiddleware`` opens a ``ReadContext`` for each request and closes it after the
response (``reading``); the access layer's ``get_*`` functions add the records they hand out
to it (``kurator.audit.reads.record_read``). A context variable, not a thread-local: each
thread, and each asyncio task, sees only its own request. Outside a request — a management
command, a test calling ``access`` directly — there is no context and nothing is logged.

This module imports nothing of Kurator's, so anything may import it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict

USER_AGENT_MAX = 200
PATH_MAX = 500
# Every API endpoint lives under this prefix (kurator/urls.py: api/v1/, api/schema/ …).
API_PREFIX = "/api/"

# Query parameters that carry what a user typed about a person (names, a birth date, a phone,
# an address, free text): the logged path keeps their names, never their values — the log
# must not become a list of searched names.
TYPED_PARAMETERS = frozenset(
    {
        "q",
        "search",
        "query",
        "text",
        "name",
        "full_name",
        "last_name",
        "first_name",
        "middle_name",
        "birth_date",
        "phone",
        "address",
        "reporter_name",
        "reporter_contact",
        "next",
    }
)
# Any other value is kept only when it looks like an id, a date, a month or a code.
_PLAIN_VALUE = re.compile(r"[0-9A-Za-z_.:-]{1,40}")


@dataclass
class PendingRead:
    """One record a ``get_*`` handed out during the request, waiting for the response."""

    user: Any  # kurator.accounts.models.User (not imported: this module imports nothing)
    kind: str
    object_id: int | None
    family_id: int | None
    scope: str


@dataclass
class ReadContext:
    path: str
    method: str
    ip_address: str | None
    user_agent: str
    api: bool
    request: HttpRequest | None = None
    # Who acts when there is no request (``services.simulated_request``: the demo, scripts).
    acting_user: Any = None
    reads: list[PendingRead] = field(default_factory=list)
    # The records a list, a search or a report showed, by kind: {"person": {3, 5}, …}.
    listed: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def from_request(cls, request: HttpRequest) -> ReadContext:
        path = request.path
        return cls(
            path=logged_path(path, request.GET)[:PATH_MAX],
            method=(request.method or "GET")[:10],
            ip_address=clean_ip(request.META.get("REMOTE_ADDR")),
            user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX],
            api=path.startswith(API_PREFIX),
            request=request,
        )

    def note_listed(self, kind: str, object_id: int) -> None:
        self.listed.setdefault(kind, set()).add(object_id)

    def listed_ids(self) -> dict[str, list[int]]:
        """What the request listed, as the log row keeps it: sorted ids by kind."""
        return {kind: sorted(ids) for kind, ids in sorted(self.listed.items()) if ids}

    @property
    def user(self) -> Any:
        """The signed-in user of the request, or None. Read late: DRF authenticates a token
        inside the view and sets ``request.user`` then."""
        if self.request is None:
            return self.acting_user
        user = getattr(self.request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


def logged_path(path: str, query: QueryDict) -> str:
    """The path as the log keeps it: the query's parameters in order, but the value of one a
    user typed (``TYPED_PARAMETERS``) or of any that is not a plain id, date or code is left
    out — ``/api/v1/persons/?search`` — so searched names never reach the log."""
    if not query:
        return path
    parts: list[str] = []
    for name, values in query.lists():
        for value in values:
            if name in TYPED_PARAMETERS or not _PLAIN_VALUE.fullmatch(value):
                parts.append(urlencode({name: ""})[:-1])
            else:
                parts.append(urlencode({name: value}))
    return f"{path}?{'&'.join(parts)}"


def clean_ip(value: object) -> str | None:
    """A valid IP address or None (PostgreSQL's inet refuses anything else)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


_current: ContextVar[ReadContext | None] = ContextVar("kurator_audit_read_context", default=None)


def current() -> ReadContext | None:
    """The read context of the request being served, or None outside a request."""
    return _current.get()


@contextmanager
def reading(context: ReadContext) -> Iterator[ReadContext]:
    """Make ``context`` the current one until the block ends (then the previous one again)."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
