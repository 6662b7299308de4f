"""«Is this family already known?» — what the operator sees before saving a signal.

Persons come from the people app's duplicate check (``kurator.people.duplicates``: tolerant
to case, ё/е, one typo, swapped names, a missing patronymic, the birth date) in the form it
allows to show (``as_dict``: a match outside the operator's scope carries only the name,
birth year, case status and curator). Families whose name looks like the surname are added,
so a household recorded as «Ивановы» is found from «Иванова».
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kurator import access
from kurator.access.base import AnyUser
from kurator.people.models import Family
from kurator.people.names import normalize_name

logger = logging.getLogger(__name__)

_FAMILY_STEM_MIN = 4  # «Ивановы» ~ «Иванова»: compare all but the last letters
_FAMILY_LIMIT = 5


@dataclass
class Matches:
    persons: list[dict[str, Any]] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    searched: bool = False

    @property
    def family_ids(self) -> set[int]:
        ids = {f.pk for f in self.families}
        for match in self.persons:
            ids |= {f["id"] for f in match["person"]["families"]}
        return ids


def _persons(
    user: AnyUser, last_name: str, first_name: str, middle_name: str, birth_date: date | None
) -> list[dict[str, Any]]:
    try:
        from kurator.people.duplicates import find_duplicates
    except ImportError:  # the people app's duplicate check is not installed yet
        return []
    matches = find_duplicates(
        user=user,  # type: ignore[arg-type]
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        birth_date=birth_date,
    )
    return [m.as_dict() for m in matches]


def _families(user: AnyUser, last_name: str) -> list[Family]:
    last = normalize_name(last_name)
    if len(last) < _FAMILY_STEM_MIN:
        return []
    stem = last[: max(_FAMILY_STEM_MIN, len(last) - 2)]
    return list(
        access.families_visible_to(user)
        .filter(search_name__startswith=stem)
        .order_by("name", "pk")[:_FAMILY_LIMIT]
    )


def possible_matches(
    *,
    user: AnyUser,
    last_name: str,
    first_name: str = "",
    middle_name: str = "",
    birth_date: date | None = None,
) -> Matches:
    last_name, first_name = last_name.strip(), first_name.strip()
    if not last_name:
        return Matches()
    persons = _persons(user, last_name, first_name, middle_name, birth_date) if first_name else []
    known = {f["id"] for m in persons for f in m["person"]["families"]}
    families = [f for f in _families(user, last_name) if f.pk not in known]
    return Matches(persons=persons, families=families, searched=True)
