"""What the read log notes about each record handed out: its kind, its family and the scope —
why the user may see it: the log says who read what, when, from where and under which scope.

``record_read`` is called by ``kurator.access.base.record_read`` from every ``get_*`` after
the access check passed; it only appends to the request's ``ReadContext``. The rows are
written after the response, in one INSERT (``kurator.audit.services.write_reads``).

The scope is derived from the user's roles and the record's own fields, without queries where
that is possible (``case.curator_id == user.pk`` → «свой случай»). Only a case worker reading
a case she does not curate costs one small query (was she on the first visit?) — the access
check has already said yes, this only says which door she came in by.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.audit.context import PendingRead, current
from kurator.audit.models import ReadLogEntry

Scope = ReadLogEntry.Scope
Kind = ReadLogEntry.Kind


def record_read(user: object, record: Model) -> None:
    """Note that ``record`` is being shown to ``user`` in the current request (if any)."""
    context = current()
    if context is None:
        return  # a management command or a test without a request: nothing to log
    if not isinstance(user, User):
        return
    kind, family_id, scope = describe(user, record)
    context.reads.append(
        PendingRead(
            user=user,
            kind=kind,
            object_id=record.pk,
            family_id=family_id,
            scope=scope,
        )
    )


def record_listed(user: object, records: Iterable[Model]) -> None:
    """Note the records a list, a search or a report shows to ``user`` in the current request:
    the request's one ``"list"`` row keeps their ids by kind (``{"person": [3, 5], …}``), so
    «who saw this person» finds her in a list too. A case or a signal names its family as
    well. No query: only what the records already hold."""
    context = current()
    if context is None or not isinstance(user, User):
        return
    for record in records:
        kind = _LISTED_KINDS.get(record._meta.label) or record._meta.model_name or Kind.OTHER
        context.note_listed(kind, record.pk)
        family_id = getattr(record, "family_id", None)
        if family_id is not None and kind != Kind.FAMILY:
            context.note_listed(Kind.FAMILY, family_id)


def describe(user: User, record: Model) -> tuple[str, int | None, str]:
    """(kind, family id, scope) of ``record`` as seen by ``user``.

    A record kind without an entry in ``_DESCRIBERS`` is logged under its model name, with
    the user's general scope and the record's ``family_id`` if it has one — a new ``get_*``
    is logged from its first day, if less precisely."""
    describer = _DESCRIBERS.get(record._meta.label)
    if describer is not None:
        return describer(user, record)
    family_id = getattr(record, "family_id", None)
    return record._meta.model_name or Kind.OTHER, family_id, general_scope(user)


# --- scopes ----------------------------------------------------------------------------------


def general_scope(user: User) -> str:
    """The user's widest scope, for a list page or a record kind without its own rule."""
    staff = access.active_staff(user)
    if staff is None:
        return Scope.NONE
    if access.has_org_scope(staff):
        return Scope.ORGANISATION
    if staff.team_id is not None and staff.has_role(
        *access.CASE_TEAM_ROLES, *access.SIGNAL_TEAM_ROLES
    ):
        return Scope.TEAM
    if staff.has_role(*access.CASE_WORKER_ROLES):
        return Scope.CASE_WORK
    if staff.has_role(RoleCode.SUPERVISOR):
        return Scope.SUPERVISION
    if staff.has_role(RoleCode.RESOURCE_AGENT):
        return Scope.REFERRAL
    return Scope.NONE


def case_scope(user: User, case: Any) -> str:
    """Why ``user`` may see ``case`` (``access.get_case`` has already said she may)."""
    staff = access.active_staff(user)
    if staff is None:
        return Scope.NONE
    if access.has_org_scope(staff):
        return Scope.ORGANISATION
    if staff.team_id == case.team_id and staff.has_role(*access.CASE_TEAM_ROLES):
        return Scope.TEAM
    if case.curator_id == user.pk:
        return Scope.OWN_CASE
    if staff.has_role(*access.CASE_WORKER_ROLES):
        if case.signal_id is not None and _on_first_visit(user, case.signal):
            return Scope.FIRST_VISIT
        if not staff.has_role(RoleCode.SUPERVISOR):
            return Scope.CASE_MEMBER  # the only other door for a case worker
        if access.live_case_members().filter(case_id=case.pk, user_id=user.pk).exists():
            return Scope.CASE_MEMBER
    if staff.has_role(RoleCode.SUPERVISOR):
        return Scope.SUPERVISION
    return general_scope(user)


def _on_first_visit(user: User, signal: Any) -> bool:
    """Was ``user`` on the signal's first-visit team? Reads ``signal.first_visit`` — a query
    the first time, cached on the signal for the page that shows it next."""
    try:
        visit = signal.first_visit
    except ObjectDoesNotExist:  # no first-visit team named yet
        return False
    return bool(visit.has_member(user))


def _signal_scope(user: User, signal: Any) -> str:
    staff = access.active_staff(user)
    if staff is None:
        return Scope.NONE
    if access.has_org_scope(staff):
        return Scope.ORGANISATION
    if staff.team_id == signal.team_id and staff.has_role(*access.SIGNAL_TEAM_ROLES):
        return Scope.TEAM
    if staff.has_role(*access.CASE_WORKER_ROLES):
        if _on_first_visit(user, signal):
            return Scope.FIRST_VISIT
        return Scope.CASE_WORK
    return general_scope(user)


def _family_scope(user: User, team_id: int | None) -> str:
    staff = access.active_staff(user)
    if staff is None:
        return Scope.NONE
    if access.has_org_scope(staff):
        return Scope.ORGANISATION
    in_team = team_id is None or team_id == staff.team_id
    if staff.team_id is not None and staff.has_role(*access.FAMILY_TEAM_ROLES) and in_team:
        return Scope.TEAM
    if staff.has_role(*access.CASE_WORKER_ROLES):
        return Scope.CASE_WORK
    return general_scope(user)


# --- one describer per record kind -------------------------------------------------------------


def _case(user: User, case: Any) -> tuple[str, int | None, str]:
    return Kind.CASE, case.family_id, case_scope(user, case)


def _signal(user: User, signal: Any) -> tuple[str, int | None, str]:
    return Kind.SIGNAL, signal.family_id, _signal_scope(user, signal)


def _family(user: User, family: Any) -> tuple[str, int | None, str]:
    return Kind.FAMILY, family.pk, _family_scope(user, family.team_id)


def _person(user: User, person: Any) -> tuple[str, int | None, str]:
    # The person's family is looked up once for the whole request when the rows are written
    # (``services.write_reads``): a person page costs one query more, not one per person.
    return Kind.PERSON, None, _family_scope(user, None)


def _document(user: User, document: Any) -> tuple[str, int | None, str]:
    # access.get_document selects the document's case with it.
    case = document.case
    return Kind.DOCUMENT, case.family_id, case_scope(user, case)


_DESCRIBERS: dict[str, Callable[[User, Any], tuple[str, int | None, str]]] = {
    "cases.Case": _case,
    "intake.Signal": _signal,
    "people.Family": _family,
    "people.Person": _person,
    "documents.CaseDocument": _document,
}

_LISTED_KINDS: dict[str, str] = {
    "cases.Case": Kind.CASE,
    "intake.Signal": Kind.SIGNAL,
    "people.Family": Kind.FAMILY,
    "people.Person": Kind.PERSON,
    "documents.CaseDocument": Kind.DOCUMENT,
}
