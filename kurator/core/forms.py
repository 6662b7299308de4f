"""Helpers the apps' HTML forms share."""

from __future__ import annotations

from typing import Any

from django import forms

from kurator.core.api import MAX_ID

NO_RECORD_ID = 0  # no row has it: a filter on it matches nothing


def filter_choice_id(form: forms.Form, name: str) -> int | None:
    """The id a list filter of ``form`` narrows to (a ``ModelChoiceField`` of the records the
    user sees). An id outside those choices (another organisation's team, another team for a
    team head) still narrows the list — to nothing, never to everything; a value that is no
    id at all is ignored, as any bad filter value. None when the filter is not used."""
    chosen: Any = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
    if chosen is not None:
        return int(chosen.pk)
    if name not in form.errors:
        return None
    raw = str(form.data.get(name, ""))
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    # Beyond the databases' integer the lookup itself would fail (a 500): match nothing.
    return number if 0 < number <= MAX_ID else NO_RECORD_ID
