"""Read queries of the people app: the family search and what a family card or a person
page shows. Every function starts from records already fetched or scoped through
``kurator.access``, so nothing here widens what a user sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.people.models import (
    Family,
    FamilyLink,
    FamilyMembership,
    FamilyRole,
    Person,
    PersonRelation,
)
from kurator.people.names import normalize_name

if TYPE_CHECKING:
    from collections.abc import Iterable

# Adults first, then children from the eldest: how a social worker reads a household.
ROLE_ORDER = {
    FamilyRole.PARENT: 0,
    FamilyRole.GUARDIAN: 1,
    FamilyRole.RELATIVE: 2,
    FamilyRole.CHILD: 3,
    FamilyRole.OTHER: 4,
}


def search_families(families: QuerySet[Family], text: str) -> QuerySet[Family]:
    """Families whose name, address or a member's name contains every word of ``text``.

    Case and ё/е do not matter: both sides are normalised (``search_*`` columns).
    """
    for word in normalize_name(text).split():
        members = FamilyMembership.objects.filter(family=OuterRef("pk")).filter(
            Q(person__search_last__contains=word)
            | Q(person__search_first__contains=word)
            | Q(person__search_middle__contains=word)
        )
        families = families.filter(
            Q(search_name__contains=word) | Q(search_address__contains=word) | Exists(members)
        )
    return families


def search_persons(persons: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Persons whose surname, first name or patronymic contains every word of ``text``."""
    for word in normalize_name(text).split():
        persons = persons.filter(
            Q(search_last__contains=word)
            | Q(search_first__contains=word)
            | Q(search_middle__contains=word)
        )
    return persons


def with_visible_families(user: User, persons: QuerySet[Person]) -> QuerySet[Person]:
    """Persons with ``visible_memberships``: their memberships in the families this user may
    see (membership in another team's family stays unsaid)."""
    return persons.prefetch_related(
        Prefetch(
            "memberships",
            queryset=FamilyMembership.objects.filter(family__in=access.families_visible_to(user))
            .select_related("family")
            .order_by("family__name", "pk"),
            to_attr="visible_memberships",
        )
    )


def family_list(families: QuerySet[Family]) -> QuerySet[Family]:
    """A page of the family list: members and cases in two more queries, whatever the rows."""
    return families.select_related("team").prefetch_related(
        Prefetch(
            "memberships",
            queryset=FamilyMembership.objects.select_related("person").order_by("pk"),
        ),
        Prefetch("cases", queryset=Case.objects.select_related("curator").order_by("-opened_at")),
    )


def sorted_members(memberships: Iterable[FamilyMembership]) -> list[FamilyMembership]:
    def key(m: FamilyMembership) -> tuple[int, object, int]:
        birth = m.person.birth_date.toordinal() if m.person.birth_date else 10**7
        return (ROLE_ORDER.get(FamilyRole(m.role), 9), birth, m.pk)

    return sorted(memberships, key=key)


@dataclass(frozen=True)
class LinkedFamily:
    family: Family
    note: str
    visible: bool  # False: another team's family — shown without a link and without a name


@dataclass(frozen=True)
class FamilyCard:
    family: Family
    members: list[FamilyMembership]
    relations: list[PersonRelation]
    links: list[LinkedFamily]
    cases: list[Case]
    openable_case_ids: set[int]  # the cases this user may open (the rest: status only)


def family_card(family: Family, *, user: User) -> FamilyCard:
    """Everything the family card shows, in five queries whatever the family's size."""
    members = sorted_members(family.memberships.select_related("person"))
    member_ids = [m.person_id for m in members]
    relations = list(
        PersonRelation.objects.filter(person_id__in=member_ids, relative_id__in=member_ids)
        .select_related("person", "relative")
        .order_by("pk")
    )
    link_rows = list(
        FamilyLink.objects.filter(Q(family=family) | Q(related_family=family))
        .select_related("family", "related_family")
        .order_by("pk")
    )
    others = [
        (row.related_family if row.family_id == family.pk else row.family, row.note)
        for row in link_rows
    ]
    visible_ids = set(
        access.families_visible_to(user)
        .filter(pk__in=[f.pk for f, _note in others])
        .values_list("pk", flat=True)
    )
    links = [LinkedFamily(family=f, note=n, visible=f.pk in visible_ids) for f, n in others]
    cases = list(family.cases.select_related("curator").order_by("-opened_at", "-pk"))
    return FamilyCard(
        family=family,
        members=members,
        relations=relations,
        links=links,
        cases=cases,
        openable_case_ids=_openable(user, cases),
    )


def _openable(user: User, cases: list[Case]) -> set[int]:
    if not cases:
        return set()
    return set(
        access.cases_visible_to(user)
        .filter(pk__in=[c.pk for c in cases])
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class PersonCard:
    person: Person
    memberships: list[FamilyMembership]
    relations: list[tuple[Person, str, bool]]  # (other person, how related, other is visible)
    cases: list[Case]
    openable_case_ids: set[int]


# How the other person relates to this one when the relation was recorded the other way
# round: «X is the mother of this person», read on the mother's page, is «X — her child».
_INVERSE_LABEL: dict[str, str | Promise] = {
    PersonRelation.Kind.MOTHER: _("ребёнок"),
    PersonRelation.Kind.FATHER: _("ребёнок"),
    PersonRelation.Kind.CHILD: _("родитель"),
    PersonRelation.Kind.SIBLING: _("брат или сестра"),
    PersonRelation.Kind.GRANDPARENT: _("внук или внучка"),
    PersonRelation.Kind.SPOUSE: _("супруг(а) или партнёр"),
    PersonRelation.Kind.GUARDIAN: _("подопечный"),
    PersonRelation.Kind.OTHER: _("другое"),
}


def person_card(person: Person, *, user: User) -> PersonCard:
    """The person's families (visible ones), relations both ways, and their families' cases."""
    visible_families = access.families_visible_to(user)
    memberships = list(
        person.memberships.filter(family__in=visible_families)
        .select_related("family")
        .order_by("family__name", "pk")
    )
    outgoing = PersonRelation.objects.filter(person=person).select_related("relative")
    incoming = PersonRelation.objects.filter(relative=person).select_related("person")
    # «Анна — мать»: on this person's page the relative is the kind of this person; a
    # relation recorded the other way round is read inverted («Илья — ребёнок»).
    pairs: list[tuple[Person, str]] = [
        (relation.relative, str(relation.get_kind_display())) for relation in outgoing
    ]
    pairs += [
        (relation.person, str(_INVERSE_LABEL.get(relation.kind, relation.get_kind_display())))
        for relation in incoming
    ]
    visible_people = set(
        access.persons_visible_to(user)
        .filter(pk__in=[p.pk for p, _label in pairs])
        .values_list("pk", flat=True)
    )
    relations = [(p, label, p.pk in visible_people) for p, label in pairs]
    cases = list(
        Case.objects.filter(family__in=[m.family_id for m in memberships])
        .select_related("curator", "family")
        .order_by("-opened_at", "-pk")
    )
    return PersonCard(
        person=person,
        memberships=memberships,
        relations=relations,
        cases=cases,
        openable_case_ids=_openable(user, cases),
    )
