"""Changes to users' rights — roles, team, organisation, active flag — become ``AuditEvent``s.

Caught by model signals, so every path is covered: the accounts services, the Django admin,
a shell. ``m2m_changed`` on ``User.roles`` for roles; ``pre_save``/``post_save`` on ``User``
for the rest. ``roles.set()`` removes then adds, which is two signals: inside
``user_changes(actor=…)`` (the services and the admin open one) the role changes of a user are
gathered and written as one event, old → new, when the block ends; outside one, each signal
writes its own event.

The actor is the one ``user_changes`` names, else the signed-in user of the request being
served (the admin), else nobody (a command, the demo's set-up: shown as «система»).

Display text comes from the registry ``EVENT_KINDS`` (a dict, never a long if/elif chain), one entry
per kind; a test checks that every kind written has one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.audit.context import current
from kurator.audit.models import AuditEvent
from kurator.audit.services import record_user_event

USER_CREATED = "user.created"
ROLES_CHANGED = "user.roles_changed"
TEAM_CHANGED = "user.team_changed"
ORGANISATION_CHANGED = "user.organisation_changed"
ACTIVATED = "user.activated"
DEACTIVATED = "user.deactivated"
SUPERUSER_CHANGED = "user.superuser_changed"
# A role that opens people's data: asked for by an administrator, decided by the director
# (kurator.accounts.services.request_role_grant); the grant itself is a ROLES_CHANGED.
ROLE_REQUESTED = "user.role_requested"
ROLE_REQUEST_APPROVED = "user.role_request_approved"
ROLE_REQUEST_REJECTED = "user.role_request_rejected"

# The fields of User whose change changes what the user may see.
_WATCHED = ("organisation_id", "team_id", "is_active", "is_superuser")
_WATCHED_NAMES = frozenset({*_WATCHED, "organisation", "team"})


# --- the actor and the batch -------------------------------------------------------------------


@dataclass
class _Batch:
    actor: User | None
    roles_before: dict[int, list[str]] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)


_batch: ContextVar[_Batch | None] = ContextVar("kurator_audit_user_changes", default=None)


@contextmanager
def user_changes(*, actor: User | None) -> Iterator[None]:
    """Gather the role changes made inside the block into one event per user, written (in
    the caller's transaction) when the block ends without an error; ``actor`` made them."""
    if _batch.get() is not None:  # an outer block gathers already
        yield
        return
    batch = _Batch(actor=actor)
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    _write_role_events(batch.roles_before, users=batch.users, actor=actor)


def _actor() -> User | None:
    batch = _batch.get()
    if batch is not None and batch.actor is not None:
        return batch.actor
    context = current()
    user = context.user if context is not None else None
    return user if isinstance(user, User) else None


# --- roles --------------------------------------------------------------------------------------


def _roles_of(user_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(user_ids)
    roles: dict[int, list[str]] = {pk: [] for pk in ids}
    rows = User.roles.through.objects.filter(user_id__in=ids).values_list("user_id", "role_id")
    for user_id, code in rows:
        roles[user_id].append(code)
    return {pk: sorted(codes) for pk, codes in roles.items()}


def _affected_users(instance: Any, reverse: bool, pk_set: set[Any] | None) -> list[int]:
    if not reverse:  # user.roles.add/remove/set/clear
        return [instance.pk]
    if pk_set is not None:  # role.users.add(...)
        return [int(pk) for pk in pk_set]
    through = User.roles.through.objects.filter(role_id=instance.pk)
    return list(through.values_list("user_id", flat=True))  # role.users.clear()


def _on_roles_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, **_: Any
) -> None:
    batch = _batch.get()
    if action.startswith("pre_"):
        affected = _affected_users(instance, reverse, pk_set)
        if batch is not None and all(pk in batch.roles_before for pk in affected):
            return  # set() removes, then adds: the state before is already known
        before = _roles_of(affected)
        if batch is not None:
            for pk, codes in before.items():
                batch.roles_before.setdefault(pk, codes)
            if not reverse:
                batch.users[instance.pk] = instance
        else:
            instance.__dict__["_audit_roles_before"] = before
        return
    if not action.startswith("post_") or batch is not None:
        return  # a batch writes when it ends
    before = instance.__dict__.pop("_audit_roles_before", None) or {}
    users = {instance.pk: instance} if not reverse else {}
    _write_role_events(before, users=users, actor=_actor())


def _write_role_events(
    before: dict[int, list[str]], *, users: dict[int, User], actor: User | None
) -> None:
    if not before:
        return
    after = _roles_of(before)
    changed = [pk for pk in before if before[pk] != after[pk]]
    missing = [pk for pk in changed if pk not in users]
    targets = {**users, **User.objects.in_bulk(missing)} if missing else users
    for pk in changed:
        target = targets[pk]
        target.__dict__.pop("_role_codes", None)  # User.role_codes caches per instance
        record_user_event(
            kind=ROLES_CHANGED, target=target, actor=actor, old=before[pk], new=after[pk]
        )


# --- team, organisation, active flag --------------------------------------------------------------


def _named(model: type[Team] | type[Organisation], pk: int | None) -> dict[str, Any] | None:
    """{"id", "name"} as it is now — kept in the event so a later rename changes nothing."""
    if pk is None:
        return None
    name = model.objects.filter(pk=pk).values_list("name", flat=True).first()
    return {"id": pk, "name": name or ""}


def _named_now(user: User, relation: str) -> dict[str, Any] | None:
    """The user's team or organisation as set on the instance (cached by whoever set it)."""
    if getattr(user, f"{relation}_id") is None:
        return None
    related = getattr(user, relation)
    return {"id": related.pk, "name": related.name}


def _on_user_pre_save(
    sender: Any, instance: User, raw: bool, update_fields: Iterable[str] | None, **_: Any
) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not _WATCHED_NAMES.intersection(update_fields):
        return  # e.g. last_login on signing in: nothing to compare, no query
    instance.__dict__["_audit_before"] = (
        User.objects.filter(pk=instance.pk).values(*_WATCHED).first()
    )


def _on_user_post_save(sender: Any, instance: User, created: bool, raw: bool, **_: Any) -> None:
    if raw:
        return  # loaddata / a restore: these are not changes anybody made now
    if created:
        record_user_event(
            kind=USER_CREATED,
            target=instance,
            actor=_actor(),
            new={
                "organisation": _named_now(instance, "organisation"),
                "team": _named_now(instance, "team"),
                "is_active": instance.is_active,
            },
        )
        return
    before = instance.__dict__.pop("_audit_before", None)
    if not before:
        return
    actor = _actor()
    if before["organisation_id"] != instance.organisation_id:
        record_user_event(
            kind=ORGANISATION_CHANGED,
            target=instance,
            actor=actor,
            old=_named(Organisation, before["organisation_id"]),
            new=_named_now(instance, "organisation"),
        )
    if before["team_id"] != instance.team_id:
        record_user_event(
            kind=TEAM_CHANGED,
            target=instance,
            actor=actor,
            old=_named(Team, before["team_id"]),
            new=_named_now(instance, "team"),
        )
    if before["is_active"] != instance.is_active:
        kind = ACTIVATED if instance.is_active else DEACTIVATED
        record_user_event(kind=kind, target=instance, actor=actor)
    if before["is_superuser"] != instance.is_superuser:
        record_user_event(
            kind=SUPERUSER_CHANGED,
            target=instance,
            actor=actor,
            old=before["is_superuser"],
            new=instance.is_superuser,
        )


def connect() -> None:
    """Called once from ``AuditConfig.ready``."""
    m2m_changed.connect(
        _on_roles_changed, sender=User.roles.through, dispatch_uid="audit_user_roles"
    )
    pre_save.connect(_on_user_pre_save, sender=User, dispatch_uid="audit_user_pre_save")
    post_save.connect(_on_user_post_save, sender=User, dispatch_uid="audit_user_post_save")


# --- display ------------------------------------------------------------------------------------


def _role_labels(codes: Any) -> str:
    if not codes:
        return "—"
    labels = []
    for code in codes:
        try:
            labels.append(str(RoleCode(code).label))
        except ValueError:
            labels.append(str(code))
    return ", ".join(labels)


def _name(value: Any) -> str:
    if not value:
        return "—"
    return str(value.get("name") or f"№{value.get('id')}")


def _yes_no(value: Any) -> str:
    return _("да") if value else _("нет")


def _created_details(new: Any) -> str:
    new = new or {}
    return _("организация: %(org)s; команда: %(team)s") % {
        "org": _name(new.get("organisation")),
        "team": _name(new.get("team")),
    }


@dataclass(frozen=True)
class EventKind:
    title: str | Promise
    # How one side (old or new) of ``data`` reads; None: the kind has no old/new.
    value: Callable[[Any], str] | None


EVENT_KINDS: dict[str, EventKind] = {
    USER_CREATED: EventKind(gettext_lazy("Создан пользователь"), None),
    ROLES_CHANGED: EventKind(gettext_lazy("Изменены роли"), _role_labels),
    TEAM_CHANGED: EventKind(gettext_lazy("Изменена команда"), _name),
    ORGANISATION_CHANGED: EventKind(gettext_lazy("Изменена организация"), _name),
    ACTIVATED: EventKind(gettext_lazy("Учётная запись включена"), None),
    DEACTIVATED: EventKind(gettext_lazy("Учётная запись отключена"), None),
    SUPERUSER_CHANGED: EventKind(gettext_lazy("Изменены права суперпользователя"), _yes_no),
    ROLE_REQUESTED: EventKind(gettext_lazy("Запрошена роль (ждёт подтверждения)"), _role_labels),
    ROLE_REQUEST_APPROVED: EventKind(gettext_lazy("Запрос роли подтверждён"), _role_labels),
    ROLE_REQUEST_REJECTED: EventKind(gettext_lazy("Запрос роли отклонён"), _role_labels),
}


@dataclass(frozen=True)
class EventView:
    event: AuditEvent
    title: str
    old: str | None
    new: str | None
    details: str


def describe_event(event: AuditEvent) -> EventView:
    """Title and «было → стало» of one event, in the reader's language."""
    kind = EVENT_KINDS.get(event.kind)
    data = event.data or {}
    if kind is None:
        return EventView(event, event.kind, None, None, "")
    if event.kind == USER_CREATED:
        details = _created_details(data.get("new"))
    else:
        details = str(data.get("reason") or "")
    if kind.value is None:
        return EventView(event, str(kind.title), None, None, details)
    return EventView(
        event, str(kind.title), kind.value(data.get("old")), kind.value(data.get("new")), details
    )
