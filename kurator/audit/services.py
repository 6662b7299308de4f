"""The only code that writes the audit tables: read-log rows and rights events.

Both are written by the machinery, not by a user's action — the read log after each response
(``ReadLogMiddleware``), rights events from the signals in ``kurator.audit.events`` — so these
functions take the request context rather than a form.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.utils import timezone

from kurator import access
from kurator.accounts.models import User
from kurator.audit.context import (
    API_PREFIX,
    PATH_MAX,
    USER_AGENT_MAX,
    ReadContext,
    clean_ip,
    current,
    reading,
)
from kurator.audit.models import AuditEvent, ReadLogEntry
from kurator.audit.reads import general_scope
from kurator.people.models import FamilyMembership

# Pages that show no one's personal data: a successful GET of them writes no "list" row.
# Any other page a user with a data permission opens is logged — a new page is logged from
# its first day, unless it is added here.
NOT_PERSONAL_URL_NAMES = frozenset(
    {
        "healthz",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "set_language",
        "api-token",
        "api-me",
        "api-schema",
        "api-docs",
        "network:agent_list",  # organisations of the resource network, not people
        "people:family_create",  # an empty form
        "intake:signal_create",  # an empty form (the duplicate check is its own page)
    }
)
NOT_PERSONAL_PATH_PREFIXES = (
    "/accounts/",  # signing in, passwords, second factor
    "/admin/",  # settings and users, never people's data (the administrator's role)
    "/i18n/",
    "/static/",
    "/api/schema/",
    "/api/docs/",
)
# Whoever holds none of these sees nobody's data, whatever page she opens.
DATA_PERMISSIONS = (
    "people.family:read",
    "intake.signal:read",
    "cases.case:read",
    "network.referral:respond",
)


def write_reads(
    *, context: ReadContext, status: int, url_name: str | None, at: datetime | None = None
) -> int:
    """Write the request's read-log rows in one INSERT and return how many.

    One row per record the access layer handed out; one ``"list"`` row with the ids of the
    records a list, a search or a report showed (``access.record_listed``) — one row, however
    long the list; and for a successful GET that handed out and listed nothing (a report, a
    page that does not say what it shows), one ``"list"`` row for the page. Nothing for a
    response of 400 or more: the record was not shown. Never deduplicated."""
    if status >= 400:
        return 0
    when = at or timezone.now()
    rows = [
        _entry(
            context,
            when,
            read.user,
            kind=read.kind,
            object_id=read.object_id,
            family_id=read.family_id,
            scope=read.scope,
        )
        for read in context.reads
    ]
    listed = context.listed_ids()
    user: User | None = context.user
    if isinstance(user, User) and (
        listed or (not rows and _is_list_page(context, status, url_name))
    ):
        rows.append(
            _entry(
                context,
                when,
                user,
                kind=ReadLogEntry.Kind.LIST,
                scope=general_scope(user),
                listed=listed,
            )
        )
    if not rows:
        return 0
    _fill_person_families(rows)
    ReadLogEntry.objects.bulk_create(rows)
    return len(rows)


def _entry(context: ReadContext, when: datetime, user: User, **what: Any) -> ReadLogEntry:
    """One row: who read, from where and how (the request's), and ``what`` (kind, scope …)."""
    return ReadLogEntry(
        at=when,
        user=user,
        organisation_id=user.organisation_id,
        ip_address=context.ip_address,
        user_agent=context.user_agent,
        path=context.path,
        method=context.method,
        api=context.api,
        **what,
    )


def _is_list_page(context: ReadContext, status: int, url_name: str | None) -> bool:
    if status != 200 or context.method != "GET":
        return False
    if url_name in NOT_PERSONAL_URL_NAMES:
        return False
    if context.path.startswith(NOT_PERSONAL_PATH_PREFIXES):
        return False
    user = context.user
    if not isinstance(user, User) or access.active_staff(user) is None:
        return False
    return any(user.has_perm(p) for p in DATA_PERMISSIONS)


def _fill_person_families(rows: list[ReadLogEntry]) -> None:
    """A person's row names her family (the first she belongs to): one query per request."""
    persons = {
        r.object_id
        for r in rows
        if r.kind == ReadLogEntry.Kind.PERSON and r.family_id is None and r.object_id is not None
    }
    if not persons:
        return
    family_of: dict[int, int] = {}
    memberships = (
        FamilyMembership.objects.filter(person_id__in=persons)
        .order_by("person_id", "pk")
        .values_list("person_id", "family_id")
    )
    for person_id, family_id in memberships:
        family_of.setdefault(person_id, family_id)
    for row in rows:
        if row.kind == ReadLogEntry.Kind.PERSON and row.family_id is None:
            row.family_id = family_of.get(row.object_id or 0)


@contextmanager
def simulated_request(
    *,
    path: str,
    user: User | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    method: str = "GET",
    at: datetime | None = None,
) -> Iterator[ReadContext]:
    """Log the reads made inside the block as one request for ``path`` by ``user`` would be
    logged (a list page's row when no record is read).

    For the demo and for scripts that act as a user; a request's reads are logged by
    ``ReadLogMiddleware``. Nothing is written if the block raises."""
    context = ReadContext(
        path=path[:PATH_MAX],
        method=method,
        ip_address=clean_ip(ip_address),
        user_agent=user_agent[:USER_AGENT_MAX],
        api=path.startswith(API_PREFIX),
        acting_user=user,
    )
    with reading(context):
        yield context
    write_reads(context=context, status=200, url_name=None, at=at)


def record_user_event(
    *,
    kind: str,
    target: User,
    actor: User | None,
    old: Any = None,
    new: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Append one change of a user's rights (``kurator.audit.events`` calls it), or a step
    towards one (a role asked for, approved, refused — ``reason`` why)."""
    context = current()
    data: dict[str, Any] = {}
    if old is not None:
        data["old"] = old
    if new is not None:
        data["new"] = new
    if reason:
        data["reason"] = reason
    return AuditEvent.objects.create(
        kind=kind,
        target_user=target,
        actor=actor,
        organisation_id=target.organisation_id,
        data=data,
        ip_address=context.ip_address if context else None,
        path=context.path if context else "",
    )
