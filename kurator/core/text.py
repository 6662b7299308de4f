"""Text people type: control characters are refused on input and dropped from documents.

Tab, newline and carriage return are text; every other C0 control character (``\\x0b``
vertical tab, ``\\x1f`` unit separator …, usually pasted from another program) is invisible,
and XLSX and DOCX (XML 1.0) cannot hold it: one such character in a stored name would make
every export that shows it fail. ``no_control_characters`` is the validator every text field
of a form and of the API runs (installed by ``CoreConfig.ready``); ``printable`` cleans the copy
an export writes, for what was stored before the validator existed."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTERS_MESSAGE = _(
    "В тексте есть невидимые управляющие символы (например, скопированные из другой "
    "программы). Удалите их и введите текст заново."
)


def printable(value: str) -> str:
    """``value`` without the control characters no document format admits."""
    return CONTROL_CHARACTERS.sub("", value)


def no_control_characters(value: object) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def install_text_validators() -> None:
    """Every ``CharField`` of a Django form and of a DRF serializer refuses control
    characters: the web pages, the API, imports and the admin alike."""
    from django import forms
    from rest_framework import serializers

    field_classes: tuple[Any, ...] = (forms.CharField, serializers.CharField)
    for field_class in field_classes:
        current = list(getattr(field_class, "default_validators", []))
        if no_control_characters not in current:
            field_class.default_validators = [*current, no_control_characters]
