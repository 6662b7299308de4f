"""Surnames hidden from a supervisor: she sees the cases shared with her for supervision,
with surnames hidden.

A case seen only through a supervision share (``access.case_scope(...) == "supervision"``)
shows the family as «Семья И.» and a person as «Мария И., 7 лет», and every text on the page or
in the API — timeline descriptions, the names inside timeline ``data``, emergency steps —
passes through ``SurnameMask.text``, which replaces each word that is a form of one of the
family's surnames with its initial («Ивановой» → «И.»).

The surnames come from the family's name, its members and the subject named in the case's
signal. A surname is matched by its stem — the surname without its case ending — so the
declined forms a social worker types in a note are caught too; a word that merely starts
like a surname may be masked as well, which errs on the side of privacy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.core.templatetags.kurator import age, years_word
from kurator.people.models import Family, FamilyMembership, Person
from kurator.people.names import normalize_name
from kurator.people.queries import sorted_members

# Case endings of Russian surnames (and of a family's plural name), longest first.
_ENDINGS = (
    "ыми", "ими", "ого", "его", "ому", "ему",
    "ая", "яя", "ой", "ей", "ый", "ий", "ых", "их", "ым", "им", "ую", "юю",
    "ы", "и", "а", "я", "у", "ю", "е", "о", "й", "ь",
)  # fmt: skip
_MIN_STEM = 3
# How many letters a declined form may add to the stem («Иванов» → «Ивановыми»).
_MAX_SUFFIX = 4
_WORD = re.compile(r"[^\W\d_]+")


def surname_stem(surname: str) -> str:
    """«Ивановы», «Иванова», «Ивановой» → «иванов»; «Петровская» → «петровск»."""
    word = normalize_name(surname)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _initial(word: str) -> str:
    return f"{word[:1].upper()}."


@dataclass(frozen=True)
class SurnameMask:
    """Masks the given surnames in names and free text."""

    stems: frozenset[str]

    @classmethod
    def of(cls, surnames: Iterable[str]) -> SurnameMask:
        stems = set()
        for surname in surnames:
            for part in _WORD.findall(surname or ""):
                stems.add(surname_stem(part))
        return cls(stems=frozenset(s for s in stems if s))

    @classmethod
    def for_case(cls, case: Case) -> SurnameMask:
        """The surnames of the case's family, its members and its signal's subject."""
        names = [case.family.name]
        names += Person.objects.filter(memberships__family_id=case.family_id).values_list(
            "last_name", flat=True
        )
        if case.signal is not None:
            names.append(case.signal.subject_last_name)
        return cls.of(names)

    def _hides(self, word: str) -> bool:
        normal = normalize_name(word)
        return any(
            normal.startswith(stem) and len(normal) <= len(stem) + _MAX_SUFFIX
            for stem in self.stems
        )

    def text(self, value: str) -> str:
        """``value`` with every form of a masked surname replaced by its initial."""
        if not value or not self.stems:
            return value
        return _WORD.sub(lambda m: _initial(m[0]) if self._hides(m[0]) else m[0], value)

    def data(self, value: Any) -> Any:
        """Strings inside a JSON-like value (a timeline event's ``data``) masked."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        return value

    def family(self, family: Family) -> str:
        return family_label(family)

    def person(self, person: Person) -> str:
        return person_label(person)


def family_label(family: Family) -> str:
    """«Семья И.» — a family as a supervisor sees it."""
    return _("Семья %(initial)s") % {"initial": _initial(family.name.strip() or "?")}


def person_label(person: Person) -> str:
    """«Мария И., 7 лет» — a person as a supervisor sees her (the age when known)."""
    name = f"{person.first_name} {_initial(person.last_name.strip() or '?')}"
    years = age(person.birth_date)
    if years is None:
        return name
    if years < 1:
        return _("%(name)s, до года") % {"name": name}
    return f"{name}, {years_word(years)}"


def mask_for(user: User, case: Case) -> SurnameMask | None:
    """The mask when ``user`` sees ``case`` only through a supervision share, else None.

    Only supervisors can be in that scope, so nobody else pays the scope queries."""
    if not user.has_role(RoleCode.SUPERVISOR):
        return None
    if access.case_scope(user, case) != access.SCOPE_SUPERVISION:
        return None
    return SurnameMask.for_case(case)


def masked_members(case: Case, mask: SurnameMask) -> list[tuple[str, str]]:
    """The family's members as a supervisor sees them: («Мария И., 7 лет», «ребёнок»)."""
    memberships = FamilyMembership.objects.filter(family_id=case.family_id).select_related("person")
    return [(mask.person(m.person), str(m.get_role_display())) for m in sorted_members(memberships)]
