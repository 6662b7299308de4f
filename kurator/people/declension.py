"""A person's name in the grammatical case a sentence needs («от Ивановой Ольги Петровны»,
«Ивановой Ольге Петровне положена услуга», «с Ивановой О. П.»).

Built on ``pytrovich`` (the petrovich rules) with the person's recorded sex — declension of
Russian names depends on it (a woman's surname Ковальчук does not decline, a man's does), so a
person without a recorded sex is refused with ``PeopleError`` rather than guessed.

What pytrovich gets wrong is corrected here, by Russian grammar:

- women's names ending in a soft sign decline like «Любовь»/«ночь» (Адель → Адели, Аделью;
  Айгуль → Айгули), the rules leave some (Айгуль, Адель, Ассоль, Гузель, Асель) unchanged;
- women's names in -ия decline like «Мария» (Алия → Алии, Алией), the rules give «Алие»,
  «Алиёй» for some (Алия, Зульфия);
- ``EXCEPTIONS`` holds whole forms for anything else found wrong.

Indeclinable surnames (Белых, Шевченко, Дурново, a woman's Ковальчук) and double surnames
(Кузнецова-Водкина: each part declines) are handled by the rules. The functions take anything
with ``last_name``, ``first_name``, ``middle_name`` and ``sex`` («F»/«M») — a ``Person`` or the
``NameParts`` the document templates receive.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.utils.translation import gettext as _
from pytrovich.enums import Case as PCase
from pytrovich.enums import Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from kurator.people.errors import PeopleError

__all__ = [
    "CASES",
    "EXCEPTIONS",
    "NameParts",
    "accusative",
    "dative",
    "decline",
    "decline_part",
    "genitive",
    "initials",
    "instrumental",
    "prepositional",
]

# The grammatical cases by the names templates use.
CASES: dict[str, PCase | None] = {
    "nominative": None,
    "genitive": PCase.GENITIVE,
    "dative": PCase.DATIVE,
    "accusative": PCase.ACCUSATIVE,
    "instrumental": PCase.INSTRUMENTAL,
    "prepositional": PCase.PREPOSITIONAL,
}
_ORDER = ("genitive", "dative", "accusative", "instrumental", "prepositional")

# (part, sex, nominative in lower case) → genitive, dative, accusative, instrumental,
# prepositional. Forms the rules get wrong, written from Russian grammar.
EXCEPTIONS: dict[tuple[str, str, str], tuple[str, str, str, str, str]] = {
    ("first", "F", "алия"): ("алии", "алии", "алию", "алией", "алии"),
    ("first", "F", "зульфия"): ("зульфии", "зульфии", "зульфию", "зульфией", "зульфии"),
}


class Named(Protocol):
    @property
    def last_name(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def middle_name(self) -> str: ...
    @property
    def sex(self) -> str: ...


@dataclass(frozen=True)
class NameParts:
    """A name as document templates see it: its parts and sex, nothing else of the record.
    ``str()`` is the full name in the nominative."""

    last_name: str
    first_name: str
    middle_name: str = ""
    sex: str = ""

    def __str__(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @classmethod
    def of(cls, person: Named) -> NameParts:
        return cls(
            last_name=person.last_name or "",
            first_name=person.first_name or "",
            middle_name=person.middle_name or "",
            sex=person.sex or "",
        )


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


_PARTS = {"last": NamePart.LASTNAME, "first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME}


def _match_case(form: str, original: str) -> str:
    """``form`` (lower case) with the capitalisation of ``original``."""
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _corrected(part: str, sex: str, word: str, case: str, ruled: str) -> str:
    """The grammar's form where the rules are known to be wrong, else ``ruled``."""
    lower = word.lower()
    index = _ORDER.index(case)
    exception = EXCEPTIONS.get((part, sex, lower))
    if exception is not None:
        return _match_case(exception[index], word)
    if part == "first" and sex == "F" and len(lower) > 2:
        if lower.endswith("ь") and ruled == word:
            # Третье склонение: Любовь, Нинель, Адель — -и, -и, -ь, -ью, -и.
            stem = word[:-1]
            return stem + ("ью" if case == "instrumental" else "ь" if case == "accusative" else "и")
        if lower.endswith("ия"):
            # Как «Мария»: -ии, -ии, -ию, -ией, -ии.
            stem = word[:-1]
            return stem + {"accusative": "ю", "instrumental": "ей"}.get(case, "и")
    return ruled


def decline_part(word: str, *, part: str, sex: str, case: str) -> str:
    """One part of a name («last», «first», «middle») in ``case``. A double name declines part
    by part (Кузнецова-Водкина → Кузнецовой-Водкиной); a patronymic with «оглы»/«кызы» keeps
    the father's name as it is."""
    grammatical = CASES[case]
    word = (word or "").strip()
    if grammatical is None or not word:
        return word
    if part == "middle" and " " in word:
        return word  # «Мамед оглы»: only the particle form, which does not decline
    gender = Gender.FEMALE if sex == "F" else Gender.MALE
    pieces = word.split("-")
    out: list[str] = []
    for piece in pieces:
        if not piece:
            out.append(piece)
            continue
        ruled = _maker().make(_PARTS[part], gender, grammatical, piece)
        form = _corrected(part, sex, piece, case, ruled)
        out.append(form.upper() if piece.isupper() and len(piece) > 1 else form)
    return "-".join(out)


def _sex_of(person: Named) -> str:
    sex = (getattr(person, "sex", "") or "").upper()
    if sex not in ("F", "M"):
        raise PeopleError(
            _(
                "Укажите пол человека «%(name)s» в его карточке: без него имя нельзя "
                "просклонять в документе."
            )
            % {"name": NameParts.of(person)},
            field="person",
        )
    return sex


def decline(person: Named, case: str) -> str:
    """The full name («Фамилия Имя Отчество») in ``case``: one of ``CASES``."""
    if case not in CASES:
        raise ValueError(case)
    sex = _sex_of(person)
    parts = (
        decline_part(person.last_name, part="last", sex=sex, case=case),
        decline_part(person.first_name, part="first", sex=sex, case=case),
        decline_part(person.middle_name, part="middle", sex=sex, case=case),
    )
    return " ".join(p for p in parts if p)


def initials(person: Named, case: str = "nominative") -> str:
    """«Иванова О. П.» — the surname in ``case`` and the initials (which never decline)."""
    if case not in CASES:
        raise ValueError(case)
    sex = _sex_of(person)
    surname = decline_part(person.last_name, part="last", sex=sex, case=case)
    letters = [
        "-".join(f"{piece[:1].upper()}." for piece in name.split("-") if piece)
        for name in (
            person.first_name,
            person.middle_name.split(" ")[0] if person.middle_name else "",
        )
        if name
    ]
    return " ".join([surname, *letters]).strip()


def genitive(person: Named) -> str:
    """кого? чего? — «заявление от Ивановой Ольги Петровны»."""
    return decline(person, "genitive")


def dative(person: Named) -> str:
    """кому? чему? — «Ивановой Ольге Петровне положена услуга»."""
    return decline(person, "dative")


def accusative(person: Named) -> str:
    """кого? что? — «представляю Иванову Ольгу Петровну»."""
    return decline(person, "accusative")


def instrumental(person: Named) -> str:
    """кем? чем? — «договор с Ивановой Ольгой Петровной»."""
    return decline(person, "instrumental")


def prepositional(person: Named) -> str:
    """о ком? о чём? — «сведения об Ивановой Ольге Петровне»."""
    return decline(person, "prepositional")
