"""Change history of a record as its readers see it: who changed which field, from what to
what, when (django-simple-history versions: nothing signed or decided is deleted, earlier versions
stay readable).

A record's history gathers its own versions and those of the records that belong to it: a
case's closure, emergency steps and folder documents; a signal's first visit and take-in
decision; a person's consents, subject requests and destruction clocks. The record comes
from ``access`` (``get_case``/``get_signal``/``get_person``): whoever may see it may see how
it changed. One query per kind of record, one for the users named in the changes.

Another app shows its records' history the same way (docs/architecture.md, «How a record shows its
change history»): ``HistoricalRecords()`` on the model, a list of ``Source`` for the record and what
belongs to it, a view that gets the record through ``access`` and returns
``kurator.audit.views.history_page(request, collect(sources, record.pk, limit=200),
crumbs=[...])``, a Rule in the matrix, and on the record's page
``{% url '<app>:<record>_history' record.pk as history_url %}{% include
"audit/_history_card.html" %}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kurator.accounts.models import User
from kurator.cases.models import Case, CaseClosure, EmergencyStep
from kurator.documents.models import CaseDocument
from kurator.intake.models import FirstVisit, Signal, TakeInDecision
from kurator.people.models import Person
from kurator.privacy.models import Consent, DestructionClock, SubjectRequest

# Versions read per kind of record; a record changed more often shows its latest changes.
VERSIONS_MAX = 500
TEXT_MAX = 300
# Fields whose values mean nothing to a reader (a stored file's random name).
HIDDEN_FIELDS = frozenset({"file"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ChangeEntry:
    at: datetime
    who: str
    what: str  # «Случай», «Экстренный шаг «…»»
    action: str  # «создан», «изменён», «удалён»
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


@dataclass(frozen=True)
class Source:
    """One kind of record in a history: its model, how to find the versions, how to name one."""

    model: type[models.Model]
    lookup: str  # the field of the historical model holding the owner's id
    name: Callable[[Any], str]


def _named(label: str, attribute: str) -> Callable[[Any], str]:
    def name(version: Any) -> str:
        text = Truncator(str(getattr(version, attribute, "") or "")).chars(40)
        return f"{label} «{text}»" if text else label

    return name


def _plain(label: str) -> Callable[[Any], str]:
    return lambda version: label


def case_sources() -> list[Source]:
    return [
        Source(Case, "id", _plain(_("Случай"))),
        Source(CaseClosure, "case_id", _plain(_("Закрытие случая"))),
        Source(EmergencyStep, "case_id", _named(_("Экстренный шаг"), "description")),
        Source(CaseDocument, "case_id", _named(_("Документ"), "title")),
    ]


def signal_sources() -> list[Source]:
    return [
        Source(Signal, "id", _plain(_("Сигнал"))),
        Source(FirstVisit, "signal_id", _plain(_("Первичный выезд"))),
        Source(TakeInDecision, "signal_id", _plain(_("Решение о взятии в работу"))),
    ]


def person_sources() -> list[Source]:
    return [
        Source(Consent, "person_id", _named(_("Согласие"), "scope")),
        Source(SubjectRequest, "person_id", _plain(_("Обращение субъекта данных"))),
        Source(DestructionClock, "person_id", _plain(_("Срок уничтожения данных"))),
    ]


def person_history(person: Person, *, limit: int = 200) -> list[ChangeEntry]:
    """``person`` comes from ``access.get_person``: her consents, requests and clocks."""
    return collect(person_sources(), person.pk, limit=limit)


def case_history(case: Case, *, limit: int = 200) -> list[ChangeEntry]:
    """``case`` comes from ``access.get_case``."""
    return collect(case_sources(), case.pk, limit=limit)


def signal_history(signal: Signal, *, limit: int = 200) -> list[ChangeEntry]:
    """``signal`` comes from ``access.get_signal``."""
    return collect(signal_sources(), signal.pk, limit=limit)


def collect(sources: Iterable[Source], owner_id: int, *, limit: int) -> list[ChangeEntry]:
    pending: list[tuple[Source, Any, Any]] = []  # (source, version, previous version or None)
    for source in sources:
        versions = list(
            source.model.history.filter(**{source.lookup: owner_id})  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:VERSIONS_MAX]
        )
        versions.reverse()  # oldest first, to diff each against the one before it
        previous: dict[Any, Any] = {}
        for version in versions:
            pending.append((source, version, previous.get(version.id)))
            previous[version.id] = version
    users = _users_named(pending)
    entries = [e for e in (_entry(s, v, p, users) for s, v, p in pending) if e is not None]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in HIDDEN_FIELDS
    ]


def _users_named(pending: list[tuple[Source, Any, Any]]) -> dict[int, str]:
    """Short names of the users that changed fields point to — one query for the history."""
    ids: set[int] = set()
    for source, version, previous in pending:
        for f in _fields(source.model):
            if isinstance(f, models.ForeignKey) and f.related_model is User:
                for v in (version, previous):
                    value = getattr(v, f.attname, None) if v is not None else None
                    if value is not None:
                        ids.add(value)
    if not ids:
        return {}
    return {u.pk: u.short_name for u in User.objects.filter(pk__in=ids)}


def _entry(
    source: Source, version: Any, previous: Any, users: dict[int, str]
) -> ChangeEntry | None:
    changes: list[FieldChange] = []
    if version.history_type == "+":
        action = _("создан(а)")
    elif version.history_type == "-":
        action = _("удалён(а)")
    else:
        action = _("изменён(а)")
        if previous is not None:
            changes = _diff(source.model, previous, version, users)
            if not changes:
                return None  # saved without a change a reader could see
    who = version.history_user.short_name if version.history_user is not None else _("система")
    return ChangeEntry(
        at=version.history_date,
        who=who,
        what=source.name(version),
        action=action,
        changes=changes,
        reason=version.history_change_reason or "",
    )


def _diff(
    model: type[models.Model], old: Any, new: Any, users: dict[int, str]
) -> list[FieldChange]:
    changes = []
    for f in _fields(model):
        before, after = getattr(old, f.attname, None), getattr(new, f.attname, None)
        if before == after:
            continue
        changes.append(
            FieldChange(
                label=str(f.verbose_name),
                old=display_value(f, before, users),
                new=display_value(f, after, users),
            )
        )
    return changes


def display_value(f: models.Field[Any, Any], value: Any, users: dict[int, str]) -> str:
    """A field's value as a reader expects it: choice labels, names, Russian dates."""
    if value is None or value == "":
        return "—"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        if f.related_model is User:
            return users.get(value) or f"№{value}"
        return f"№{value}"
    if isinstance(f, models.BooleanField):
        return _("да") if value else _("нет")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return Truncator(str(value)).chars(TEXT_MAX)
