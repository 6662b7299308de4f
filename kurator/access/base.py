"""The base of every scope: who is signed in, for which organisation and team.

Every view, API endpoint, export and search starts from a ``*_visible_to(user)`` queryset or a
``get_*(user, pk, action=…)`` fetch. A record outside the user's scope raises ``Http404`` —
"not yours" looks exactly like "does not exist" — and a record in scope that the user's roles
may not act on raises ``PermissionDenied`` (403).

Scopes (need-to-know: docs/domain.md, Personal data): team roles see their team's families; the
programme director, quality officer and operations manager see the organisation's; administrators
manage settings and users, not people's data; resource-network agents see only referrals to them;
another organisation's records are invisible to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from kurator.accounts.models import Team, User
from kurator.accounts.roles import ORGANISATION_SCOPED_ROLES, TEAM_SCOPED_ROLES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    AnyUser = User | AnonymousUser
else:
    AnyUser = Any


@dataclass(frozen=True)
class Staff:
    """A signed-in, active user of an organisation, with the ids every scope filters on."""

    user: User
    organisation_id: int
    team_id: int | None

    def has_perm(self, permission: str) -> bool:
        return self.user.has_perm(permission)

    def has_role(self, *codes: str) -> bool:
        return self.user.has_role(*codes)


def active_staff(user: AnyUser) -> Staff | None:
    """The user's scope if signed in, active and belonging to an organisation; else None."""
    if not isinstance(user, User):
        return None
    if not user.is_active:
        return None
    if user.organisation_id is None:
        return None
    return Staff(user=user, organisation_id=user.organisation_id, team_id=user.team_id)


def organisation_id_of(user: AnyUser) -> int:
    """The organisation a user acts for; PermissionDenied for users of none."""
    staff = active_staff(user)
    if staff is None:
        raise PermissionDenied("no organisation")
    return staff.organisation_id


def require(user: AnyUser, permission: str) -> None:
    """Raise PermissionDenied unless the user's roles grant ``permission``."""
    if not user.has_perm(permission):
        raise PermissionDenied(permission)


def lists_anything(user: AnyUser, permission: str) -> bool:
    """Whether an API list of records read under ``permission`` can hold anything for
    ``user``. A role without the right gets an empty list, not a 403: as a record out of her
    scope is a 404, a list of records none of which she may see is empty — the API never tells
    her more about records she cannot read than that there are none for her."""
    return bool(user.has_perm(permission))


def record_read(user: AnyUser, record: Model) -> None:
    """Note in the read log that ``record`` is shown to ``user`` (docs/domain.md, Personal data:
    every read of a person's or case's data is logged). Every ``get_*`` calls it once its access
    check has passed — never before, so a 404 or 403 logs nothing. Outside a web request (a
    management command, a test calling ``access`` directly) it does nothing; the rows of a request
    are written after its response, in one INSERT (``kurator.audit``)."""
    from kurator.audit.reads import record_read as note  # late: audit imports this package

    note(user, record)


def record_listed(user: AnyUser, records: Iterable[Model]) -> None:
    """Note in the read log the records a list, a search or a report shows to ``user`` (their
    ids go into the request's one list row, ``kurator.audit``). Call it with the records as
    the page or the answer shows them — already loaded: it makes no query."""
    from kurator.audit.reads import record_listed as note  # late: audit imports this package

    note(user, records)


def has_org_scope(staff: Staff) -> bool:
    return staff.has_role(*ORGANISATION_SCOPED_ROLES)


def has_team_scope(staff: Staff) -> bool:
    return staff.team_id is not None and staff.has_role(*TEAM_SCOPED_ROLES)


# --- teams ---------------------------------------------------------------------------------


def teams_visible_to(user: AnyUser) -> QuerySet[Team]:
    staff = active_staff(user)
    if staff is None:
        return Team.objects.none()
    teams = Team.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff) or staff.has_perm("accounts.settings:manage"):
        return teams
    if staff.team_id is not None and has_team_scope(staff):
        return teams.filter(pk=staff.team_id)
    return Team.objects.none()


__all__ = [
    "AnyUser",
    "Staff",
    "active_staff",
    "has_org_scope",
    "has_team_scope",
    "lists_anything",
    "organisation_id_of",
    "record_listed",
    "record_read",
    "require",
    "teams_visible_to",
]
