"""Is this person already known? The duplicate check of intake (docs/domain.md,
Deadlines: signal).

``find_duplicates(user=…, last_name=…, first_name=…, middle_name="", birth_date=None)``
returns the best matches first, each a ``DuplicateMatch`` with a score from 0 to 1, the
reasons in Russian, and the cases of the person's families.

What it tolerates
    letter case and ё/е (the normalised ``search_*`` columns); one typo — a letter inserted,
    deleted, replaced or two neighbours swapped — in the surname *or* the first name; first
    name and surname typed the wrong way round; a missing patronymic. A matching birth date
    raises the score; a different one lowers it. A person with the same birth date and first
    name but another surname (a woman who married) is found as well.

How it stays fast (200 ms with 100 000 persons, on SQLite and PostgreSQL)
    No table scan and no fuzzy SQL. The typed surname's *edit neighbourhood* — every string
    one insert, delete, substitution or transposition away, ~700 strings for a 10-letter
    name — is looked up exactly, together with the exact first name, on the
    ``(organisation, search_last, search_first)`` index; the first name's neighbourhood with
    the exact surname on the same index; both again with the names swapped; and the exact
    birth date on ``(organisation, birth_date)``. Each lookup is a few hundred index probes.
    The few candidates are then scored here in Python (Damerau–Levenshtein distance).
    ``scripts/bench_duplicates.py`` measures it.

Who finds whom
    ``access.persons_searchable_for_duplicates(user)`` decides. Most users search only the
    persons they may see. Whoever records signals (the intake operator; also the senior
    curator and the team head) searches the whole organisation, because a family known to
    another team must not be taken in twice — but a match outside her own scope
    (``access.persons_visible_to``) is **restricted**: ``restricted=True``, no families, and
    each case only with its status and curator. The birth date of a restricted match counts
    by year only, so neither its reasons nor its score tell whether the full date matched.
    ``match.person`` is the model instance, for code; anything shown to a user or serialised
    must come from ``match.as_dict()`` (or the template ``people/_duplicate_matches.html``,
    which renders it), which carries, for a restricted match, the name, birth year, case
    status and curator — nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _lazy

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.people.models import FamilyMembership, Person
from kurator.people.names import normalize_name

# Letters a typo may bring in (ё is already е in the normalised columns), plus the hyphen of
# double surnames and the space of two-word names.
ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя- "
# Below this score a candidate is noise (e.g. only the birth date is the same).
MIN_SCORE = 0.5
# A safety valve against a pathological birth date (01.01.2000 typed for "unknown").
MAX_CANDIDATES = 2000

# Weights of the parts of a name and of the birth date; they sum to 1.
W_LAST, W_FIRST, W_MIDDLE, W_BIRTH = 0.30, 0.25, 0.10, 0.35
SWAPPED_FACTOR = 0.95  # names typed the wrong way round count a little less
UNKNOWN = 0.5  # similarity of a part that one side does not have


@dataclass(frozen=True)
class MatchedFamily:
    id: int
    name: str
    role: str
    role_display: str


@dataclass(frozen=True)
class MatchedCase:
    id: int | None  # None when the user may not open this case
    status: str
    status_display: str
    curator: str
    opened_at: date | None  # None for a restricted match


@dataclass(frozen=True)
class DuplicateMatch:
    person: Person
    score: float
    reasons: list[str]
    cases: list[MatchedCase] = field(default_factory=list)
    restricted: bool = False
    families: list[MatchedFamily] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The only form to show or serialise; a restricted match carries no more than the
        name, birth year, case status and curator."""
        person = self.person
        birth_year = person.birth_date.year if person.birth_date else None
        if self.restricted:
            person_data: dict[str, Any] = {
                "id": None,
                "full_name": person.full_name,
                "last_name": person.last_name,
                "first_name": person.first_name,
                "middle_name": person.middle_name,
                "birth_date": None,
                "birth_year": birth_year,
                "sex": "",
                "families": [],
                "restricted": True,
            }
        else:
            person_data = {
                "id": person.pk,
                "full_name": person.full_name,
                "last_name": person.last_name,
                "first_name": person.first_name,
                "middle_name": person.middle_name,
                "birth_date": person.birth_date,
                "birth_year": birth_year,
                "sex": person.sex,
                "families": [
                    {"id": f.id, "name": f.name, "role": f.role, "role_display": f.role_display}
                    for f in self.families
                ],
                "restricted": False,
            }
        return {
            "person": person_data,
            "score": self.score,
            "reasons": list(self.reasons),
            "cases": [
                {
                    "id": c.id,
                    "status": c.status,
                    "status_display": c.status_display,
                    "curator": c.curator,
                    "opened_at": c.opened_at,
                }
                for c in self.cases
            ],
        }


# --- edit distance -------------------------------------------------------------------------


def edit_neighbourhood(word: str) -> set[str]:
    """Every string at most one insert, delete, substitution or transposition from ``word``."""
    letters = set(ALPHABET) | set(word)
    variants = {word}
    for i in range(len(word)):
        head, tail = word[:i], word[i + 1 :]
        variants.add(head + tail)
        variants.update(head + c + tail for c in letters)
        if i + 1 < len(word):
            variants.add(head + word[i + 1] + word[i] + word[i + 2 :])
    for i in range(len(word) + 1):
        variants.update(word[:i] + c + word[i:] for c in letters)
    variants.discard("")
    return variants


def edit_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (optimal string alignment): a swap of neighbours is one."""
    if a == b:
        return 0
    if not a or not b:
        return len(a) or len(b)
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=4096)
def _similarity(a: str, b: str) -> tuple[float, int]:
    """(similarity 0..1, distance): a typo costs little, two or more much more.

    Memoised: the candidates of one look-up share few distinct names (many «Мария»)."""
    distance = edit_distance(a, b)
    if distance == 0:
        return 1.0, 0
    if distance == 1:
        return (0.85 if min(len(a), len(b)) > 3 else 0.75), 1
    return max(0.0, min(0.5, 1 - distance / max(len(a), len(b)))), distance


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Query:
    last: str
    first: str
    middle: str
    birth_date: date | None


# Why a candidate matched, in words; the codes are kept while scoring and only the top
# matches are translated.
REASONS: dict[str, str | Promise] = {
    "last_same": _lazy("фамилия совпадает"),
    "last_typo": _lazy("фамилия отличается одной буквой"),
    "last_other": _lazy("другая фамилия"),
    "first_same": _lazy("имя совпадает"),
    "first_typo": _lazy("имя отличается одной буквой"),
    "first_other": _lazy("другое имя"),
    "middle_same": _lazy("отчество совпадает"),
    "middle_typo": _lazy("отчество отличается одной буквой"),
    "middle_other": _lazy("другое отчество"),
    "middle_unknown": _lazy("отчество не указано"),
    "swapped": _lazy("имя и фамилия переставлены местами"),
    "birth_same": _lazy("дата рождения совпадает"),
    "birth_day_month_swapped": _lazy("в дате рождения переставлены день и месяц"),
    "birth_year_same": _lazy("год рождения совпадает"),
    "birth_year_other": _lazy("другой год рождения"),
    "birth_other": _lazy("другая дата рождения"),
    "birth_unknown": _lazy("дата рождения не указана"),
}
_DISTANCE_CODE = {0: "same", 1: "typo"}


def _score_names(
    q_last: str, q_first: str, q_middle: str, person: Person
) -> tuple[float, list[str]]:
    s_last, d_last = _similarity(q_last, person.search_last)
    s_first, d_first = _similarity(q_first, person.search_first)
    codes = [
        "last_" + _DISTANCE_CODE.get(d_last, "other"),
        "first_" + _DISTANCE_CODE.get(d_first, "other"),
    ]
    if not q_middle or not person.search_middle:
        s_middle = UNKNOWN
        codes.append("middle_unknown")
    else:
        s_middle, d_middle = _similarity(q_middle, person.search_middle)
        if d_middle > 1:
            s_middle = 0.0  # another patronymic: most likely another person
        codes.append("middle_" + _DISTANCE_CODE.get(d_middle, "other"))
    return W_LAST * s_last + W_FIRST * s_first + W_MIDDLE * s_middle, codes


def _score_birth(query: date | None, known: date | None, *, restricted: bool) -> tuple[float, str]:
    if query is None or known is None:
        return UNKNOWN, "birth_unknown"
    if restricted:
        # By year only: a restricted match must not confirm a full date of birth.
        if query.year == known.year:
            return 0.7, "birth_year_same"
        return 0.0, "birth_year_other"
    if query == known:
        return 1.0, "birth_same"
    if query.year == known.year and (query.day, query.month) == (known.month, known.day):
        return 0.7, "birth_day_month_swapped"
    if query.year == known.year:
        return 0.3, "birth_year_same"
    return 0.0, "birth_other"


def _score(query: _Query, person: Person, *, restricted: bool) -> tuple[float, list[str]]:
    """The score 0..1 and the reason codes (keys of ``REASONS``)."""
    direct, direct_codes = _score_names(query.last, query.first, query.middle, person)
    swapped, swapped_codes = _score_names(query.first, query.last, query.middle, person)
    swapped *= SWAPPED_FACTOR
    if swapped > direct:
        names, codes = swapped, ["swapped", *swapped_codes]
    else:
        names, codes = direct, direct_codes
    birth, birth_code = _score_birth(query.birth_date, person.birth_date, restricted=restricted)
    return round(min(1.0, names + W_BIRTH * birth), 3), [*codes, birth_code]


# --- retrieval -----------------------------------------------------------------------------


class _AnyOf(Expression):
    """``column IN (values)`` with the whole list bound as *one* parameter.

    The edit neighbourhood of a name has hundreds of strings; as separate parameters Django
    and psycopg spend more time preparing them than the database spends answering. Both
    forms below are answered from the index: PostgreSQL's ``= ANY(array)`` as an index
    condition, SQLite's ``IN (SELECT value FROM json_each(…))`` as a list of index probes.
    """

    conditional = True

    def __init__(self, column: str, values: Iterable[str]) -> None:
        super().__init__(output_field=BooleanField())
        self.column: Any = F(column)
        self.values = sorted(values)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(
        self, compiler: Any, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        # Only the compiled column name is put into the SQL; the values are bound parameters.
        column_sql, column_params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{column_sql} = ANY(%s::text[])", (*column_params, self.values)
        if connection.vendor == "sqlite":
            values = json.dumps(self.values, ensure_ascii=False)
            sql = f"{column_sql} IN (SELECT value FROM json_each(%s))"  # noqa: S608
            return sql, (*column_params, values)
        placeholders = ", ".join(["%s"] * len(self.values))
        return f"{column_sql} IN ({placeholders})", (*column_params, *self.values)


def _candidate_lookups(query: _Query) -> list[Q | _AnyOf]:
    """One exact, indexed lookup per way the typed name can match (module docstring).

    They run as separate queries on purpose: OR-ed together, PostgreSQL's planner prices
    each ``= ANY(…)`` as hundreds of index descents and falls back to a full table scan.
    """
    near_last = edit_neighbourhood(query.last)
    near_first = edit_neighbourhood(query.first)
    lookups: list[Q | _AnyOf] = [
        Q(search_first=query.first) & Q(_AnyOf("search_last", near_last)),
        Q(search_last=query.last) & Q(_AnyOf("search_first", near_first)),
    ]
    if query.last != query.first:  # typed the wrong way round
        lookups += [
            Q(search_first=query.last) & Q(_AnyOf("search_last", near_first)),
            Q(search_last=query.first) & Q(_AnyOf("search_first", near_last)),
        ]
    if query.birth_date is not None:  # a married woman: new surname, same birthday
        lookups.append(Q(birth_date=query.birth_date))
    return lookups


def find_duplicates(
    *,
    user: User,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    birth_date: date | None = None,
    limit: int = 10,
) -> list[DuplicateMatch]:
    """Persons who may be the one described, best first (see the module docstring).

    At most eleven queries whatever the data size: one per way the name can match (four,
    and one more with a birth date), the searchable and the visible persons, memberships,
    the nameable families, cases, and which of those cases the user may open.
    """
    query = _Query(
        last=normalize_name(last_name),
        first=normalize_name(first_name),
        middle=normalize_name(middle_name),
        birth_date=birth_date,
    )
    staff = access.active_staff(user)
    if staff is None or not query.last or not query.first or limit <= 0:
        return []
    # Retrieval by index within the organisation, then the scope on the few candidates by
    # id: a scope's EXISTS conditions inside each lookup can make PostgreSQL hash the whole
    # membership table, while on a list of ids they cost a probe per row.
    organisation_persons = Person.objects.filter(organisation_id=staff.organisation_id)
    candidates: dict[int, Person] = {}
    for lookup in _candidate_lookups(query):
        for person in organisation_persons.filter(lookup).order_by()[:MAX_CANDIDATES]:
            candidates.setdefault(person.pk, person)
    if not candidates:
        return []
    searchable = set(
        access.persons_searchable_for_duplicates(user)
        .filter(pk__in=candidates)
        .values_list("pk", flat=True)
    )
    if not searchable:
        return []
    # Scope before scores: a restricted match counts the birth date by year only.
    visible = set(
        access.persons_visible_to(user).filter(pk__in=searchable).values_list("pk", flat=True)
    )
    scored: list[tuple[float, list[str], Person]] = []
    for pk in searchable:
        person = candidates[pk]
        score, reasons = _score(query, person, restricted=pk not in visible)
        if score >= MIN_SCORE:
            scored.append((score, reasons, person))
    scored.sort(key=lambda item: (-item[0], item[2].last_name, item[2].first_name, item[2].pk))
    top = scored[:limit]
    return _with_families_and_cases(user, top, visible)


def _with_families_and_cases(
    user: User, top: list[tuple[float, list[str], Person]], visible: set[int]
) -> list[DuplicateMatch]:
    person_ids = [person.pk for _score_value, _reasons, person in top]
    families_of: dict[int, list[MatchedFamily]] = {pk: [] for pk in person_ids}
    family_ids: dict[int, set[int]] = {pk: set() for pk in person_ids}
    memberships = list(
        FamilyMembership.objects.filter(person_id__in=person_ids)
        .select_related("family")
        .order_by("family__name", "family_id")
    )
    for membership in memberships:
        family_ids[membership.person_id].add(membership.family_id)
    all_family_ids: set[int] = set()
    for ids in family_ids.values():
        all_family_ids |= ids
    # Families are named only where the user may open them; the cases of the others still
    # come below, with status and curator only.
    nameable = set(
        access.families_visible_to(user).filter(pk__in=all_family_ids).values_list("pk", flat=True)
    )
    for membership in memberships:
        if membership.family_id not in nameable:
            continue
        families_of[membership.person_id].append(
            MatchedFamily(
                id=membership.family_id,
                name=membership.family.name,
                role=membership.role,
                role_display=str(membership.get_role_display()),
            )
        )
    cases = list(
        Case.objects.filter(family_id__in=all_family_ids)
        .select_related("curator")
        .order_by("-opened_at", "-pk")
    )
    openable = set(
        access.cases_visible_to(user)
        .filter(pk__in=[c.pk for c in cases])
        .values_list("pk", flat=True)
    )
    # Open cases first, then post-support, then closed; newest first within each.
    status_order: dict[str, int] = {
        Case.Status.OPEN: 0,
        Case.Status.POST_SUPPORT: 1,
        Case.Status.CLOSED: 2,
    }
    cases.sort(key=lambda c: status_order.get(c.status, 3))
    matches = []
    for score, reasons, person in top:
        restricted = person.pk not in visible
        person_cases = [
            MatchedCase(
                id=case.pk if case.pk in openable and not restricted else None,
                status=case.status,
                status_display=str(case.get_status_display()),
                curator=case.curator.short_name,
                opened_at=None if restricted else timezone.localdate(case.opened_at),
            )
            for case in cases
            if case.family_id in family_ids[person.pk]
        ]
        matches.append(
            DuplicateMatch(
                person=person,
                score=score,
                reasons=[str(REASONS[code]) for code in reasons],
                cases=person_cases,
                restricted=restricted,
                families=[] if restricted else families_of[person.pk],
            )
        )
    # Shown to the user, a restricted match too (its name and birth year): in the read log.
    access.record_listed(user, [match.person for match in matches])
    return matches
