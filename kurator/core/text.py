"""Text people type: bounded, and without invisible characters that break documents or pages.

Three rules, one place, applied on every way in:

- **Length.** Every text has a maximum: a field stored as ``CharField`` its ``max_length``
  (names 150 characters, addresses 500 …), every longer free text — notes, descriptions,
  goals, reports — ``TEXT_MAX`` (10 000 characters, some four pages). Megabytes pasted into a
  note would make every page and export that shows it slow or fail.
- **Control characters.** Tab, newline and carriage return are text; every other C0 control
  character (``\\x0b`` vertical tab, ``\\x1f`` unit separator …, usually pasted from another
  program) is invisible, and XLSX and DOCX (XML 1.0) cannot hold it: one such character in a
  stored name would make every export that shows it fail.
- **Direction controls.** The bidirectional overrides, embeddings, isolates and marks
  (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are invisible and turn the text
  around them right to left: «Иванов‮анна» shows another name than the one stored, and the
  line it is on is garbled. No Russian text needs them.

Where each rule is applied:

- ``install_text_validators`` (``CoreConfig.ready``): every ``CharField`` of a Django form
  and of a DRF serializer refuses control and direction characters, and one declared without
  a ``max_length`` gets ``TEXT_MAX`` — the web pages, the API, the admin alike, with the
  framework's Russian «не больше N символов» message;
- ``refuse_bad_text`` (a ``pre_save`` receiver of every Kurator model, also connected in
  ``ready``): whatever writes a record — a service called by an import, a command, the API —
  a text beyond its field's limit or with such characters is a ``TextError`` naming the field
  (the API answers 400 with it, a page shows it). A record stored before these rules keeps
  its old text as long as that text is not changed;
- ``printable`` cleans the copy an export writes, and ``NoDirectionControlsMiddleware`` the
  pages, of what was stored before the rules existed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kurator.core.errors import DomainError

NAME_MAX = 150  # a surname, a first name, a patronymic (the fields' max_length)
TEXT_MAX = 10_000  # notes, descriptions, goals, reports: any text without a smaller limit

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTERS_MESSAGE = _(
    "В тексте есть невидимые управляющие символы (например, скопированные из другой "
    "программы). Удалите их и введите текст заново."
)
DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DIRECTION_CONTROLS_MESSAGE = _(
    "В тексте есть невидимые символы, меняющие направление письма (например, «справа "
    "налево»): такой текст показывается не так, как записан. Удалите их и введите текст "
    "заново."
)
# The same characters as UTF-8 bytes, for pages already rendered.
DIRECTION_CONTROL_BYTES = re.compile(rb"\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


class TextError(DomainError):
    """A text a record cannot take (``refuse_bad_text``): too long or with invisible
    characters. Raised for every app's records, so it is a ``DomainError`` of its own."""


def printable(value: str) -> str:
    """``value`` without the control characters no document format admits, and without the
    direction controls that would turn it around."""
    return DIRECTION_CONTROLS.sub("", CONTROL_CHARACTERS.sub("", value))


def text_problem(value: str, *, max_length: int) -> str | None:
    """Why ``value`` may not be stored in a text of ``max_length`` characters, or None."""
    if CONTROL_CHARACTERS.search(value):
        return str(CONTROL_CHARACTERS_MESSAGE)
    if DIRECTION_CONTROLS.search(value):
        return str(DIRECTION_CONTROLS_MESSAGE)
    if len(value) > max_length:
        return gettext("Текст длиннее %(limit)s символов (сейчас %(length)s): сократите его.") % {
            "limit": f"{max_length:,}".replace(",", "\u00a0"),
            "length": len(value),
        }
    return None


# --- forms and serializers ------------------------------------------------------------------


def no_control_characters(value: object) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def no_direction_controls(value: object) -> None:
    if isinstance(value, str) and DIRECTION_CONTROLS.search(value):
        raise ValidationError(DIRECTION_CONTROLS_MESSAGE, code="direction_controls")


def _bounded(init: Callable[..., None], *, unbounded: tuple[type, ...]) -> Callable[..., None]:
    """``init`` of a text field class, giving the field ``TEXT_MAX`` when it is declared
    without a ``max_length`` (and takes input: a read-only serializer field only shows)."""

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if (
            kwargs.get("max_length") is None
            and not kwargs.get("read_only")
            and not isinstance(self, unbounded)
        ):
            kwargs["max_length"] = TEXT_MAX
        init(self, *args, **kwargs)

    __init__.kurator_bounded = True  # type: ignore[attr-defined]
    return __init__


def install_text_validators() -> None:
    """Every ``CharField`` of a Django form and of a DRF serializer refuses control and
    direction characters and, declared without a ``max_length``, takes at most ``TEXT_MAX``
    characters: the web pages, the API, imports and the admin alike."""
    from django import forms
    from rest_framework import serializers

    field_classes: tuple[Any, ...] = (forms.CharField, serializers.CharField)
    for field_class in field_classes:
        current = list(getattr(field_class, "default_validators", []))
        wanted = [v for v in (no_control_characters, no_direction_controls) if v not in current]
        field_class.default_validators = [*current, *wanted]
        if not getattr(field_class.__init__, "kurator_bounded", False):
            # JSON is data, not text typed by a person (the admin's JSON fields).
            field_class.__init__ = _bounded(field_class.__init__, unbounded=(forms.JSONField,))


# --- every record -----------------------------------------------------------------------------

# Apps whose texts nobody types: the read log keeps the address asked for verbatim, a task's
# title is copied from the record it comes from (checked there); both are cut to their fields
# by their own code.
UNCHECKED_APPS = frozenset({"audit", "tasks"})


@functools.cache
def _text_fields(model: type[models.Model]) -> tuple[tuple[str, str, int, Any], ...]:
    """(field name, attribute, limit, label) of the texts a person types into ``model``; the
    label lazy, so that it is said in the language of the request that needs it."""
    if model._meta.app_label in UNCHECKED_APPS or hasattr(model, "instance_type"):
        return ()  # ``instance_type``: simple_history's copy of a record already checked
    if not model.__module__.startswith("kurator."):
        return ()
    found = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.primary_key or not field.editable or field.choices:
            continue
        limit = field.max_length or TEXT_MAX
        found.append((field.name, field.attname, limit, field.verbose_name))
    return tuple(found)


def refuse_bad_text(
    sender: type[models.Model],
    instance: models.Model,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """``pre_save`` of every model: a ``TextError`` for a text its field may not hold.

    A fixture or a backup being loaded (``raw``) is taken as it is. A text already stored
    unchanged passes, so that a record saved before these rules can still be worked on."""
    if raw:
        return
    for name, attname, limit, label in _text_fields(sender):
        if update_fields is not None and name not in update_fields:
            continue
        value = getattr(instance, attname)
        if not isinstance(value, str):
            continue
        problem = text_problem(value, max_length=limit)
        if problem is None or _stored_unchanged(sender, instance, attname, value):
            continue
        label = str(label)
        message = f"{label[:1].upper()}{label[1:]}: {problem[:1].lower()}{problem[1:]}"
        raise TextError(message, field=name)


def _stored_unchanged(
    model: type[models.Model], instance: models.Model, attname: str, value: str
) -> bool:
    if instance._state.adding or instance.pk is None:
        return False
    stored = model._base_manager.filter(pk=instance.pk).values_list(attname, flat=True).first()
    return stored == value
