"""What a person's consents cover today, and what they leave blocked — the one predicate every
gate asks (152-FZ: nothing is processed or shared without a consent for that purpose).

``covered(person, kind, category=None, on=day)`` answers for one person; ``coverage_of``
answers for many in four queries whatever their number (the consents, their purposes, the
running destruction clocks, the anonymisations) and ``family_coverage`` adds one for the
family's members. A consent counts while it is given, not withdrawn and not expired
(``Consent.is_valid_on``); a person whose processing is stopped (a running destruction clock)
or whose data are destroyed is covered for nothing.

The refusals the services raise are worded here too (``case_work_refusal``,
``supervision_refusal``, ``transfer_refusal``, ``photo_refusal``): each names the missing
purpose and the persons, in plain Russian; the service raises it as its own app's error on
the field ``consent`` (the API answers ``400 {"consent": ["…"]}``).

Who consents for a family (``representatives``): its parents and guardians; a family without
them — its adults (an elderly person living alone, say).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.network.models import ResourceAgent
from kurator.people.models import Family, FamilyMembership, FamilyRole, Person
from kurator.people.queries import sorted_members
from kurator.privacy.common import age_on, format_day
from kurator.privacy.models import Anonymisation, Consent, DestructionClock, PurposeKind

__all__ = [
    "EXPIRING_DAYS",
    "Coverage",
    "MemberCoverage",
    "case_work_refusal",
    "coverage_of",
    "covered",
    "family_coverage",
    "photo_refusal",
    "representatives",
    "supervision_refusal",
    "transfer_missing",
    "transfer_refusal",
]

EXPIRING_DAYS = 30  # a consent ending within 30 days becomes the curator's task
ADULT_AGE = 18
REPRESENTATIVE_ROLES = (FamilyRole.PARENT, FamilyRole.GUARDIAN)
CATEGORIES = tuple(ResourceAgent.Category)

# What each purpose lets the team do, and what is blocked without it, as the case card says.
_ALLOWS = {
    PurposeKind.CASE_WORK: gettext_lazy("работа с данными для помощи"),
    PurposeKind.SUPERVISION: gettext_lazy("обсуждение на супервизии"),
    PurposeKind.PHOTO: gettext_lazy("фото и видео"),
    PurposeKind.PUBLICATION: gettext_lazy("публикация"),
}
_BLOCKED = {
    PurposeKind.CASE_WORK: gettext_lazy("плановый случай и работа с данными"),
    PurposeKind.SUPERVISION: gettext_lazy("передача случая супервизору"),
    PurposeKind.PHOTO: gettext_lazy("фото и видео в папке случая"),
    PurposeKind.PUBLICATION: gettext_lazy("публикация"),
}


def _category_label(category: str) -> str:
    return str(ResourceAgent.Category(category).label)


@dataclass(frozen=True)
class Coverage:
    """What one person's consents cover on ``on``."""

    person: Person
    on: date
    kinds: frozenset[str] = frozenset()  # purpose kinds covered (transfer: any category)
    categories: frozenset[str] = frozenset()  # resource-network categories a transfer covers
    stopped: bool = False  # processing stopped or data destroyed: nothing is covered
    ending: tuple[Consent, ...] = ()  # live consents ending within EXPIRING_DAYS

    def covers(self, kind: str, category: str | None = None) -> bool:
        if self.stopped:
            return False
        if kind == PurposeKind.TRANSFER:
            return category in self.categories if category else bool(self.categories)
        return kind in self.kinds

    @property
    def allowed(self) -> list[str]:
        """What the consents allow, in plain Russian («работа с данными для помощи», …)."""
        if self.stopped:
            return []
        found = [str(text) for kind, text in _ALLOWS.items() if kind in self.kinds]
        if self.categories:
            names = ", ".join(_category_label(c) for c in CATEGORIES if c in self.categories)
            found.append(_("передача агентам: %(names)s") % {"names": names})
        return found

    @property
    def blocked(self) -> list[str]:
        """What is blocked for want of a consent, in plain Russian."""
        if self.stopped:
            return [_("любая обработка данных: согласие отозвано или данные уничтожены")]
        found = [str(text) for kind, text in _BLOCKED.items() if kind not in self.kinds]
        if not self.categories:
            found.append(_("направления с именем к любым агентам (только обезличенно)"))
        elif len(self.categories) < len(CATEGORIES):
            names = ", ".join(_category_label(c) for c in CATEGORIES if c not in self.categories)
            found.append(_("направления с именем к агентам: %(names)s") % {"names": names})
        return found


def coverage_of(persons: Iterable[Person], *, on: date | None = None) -> dict[int, Coverage]:
    """Each person's ``Coverage`` by id: four queries, however many persons."""
    on = on or timezone.localdate()
    people = {p.pk: p for p in persons}
    if not people:
        return {}
    ids = list(people)
    stopped = set(
        DestructionClock.objects.filter(person_id__in=ids, lifted_at__isnull=True).values_list(
            "person_id", flat=True
        )
    ) | set(Anonymisation.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
    kinds: dict[int, set[str]] = {pk: set() for pk in ids}
    categories: dict[int, set[str]] = {pk: set() for pk in ids}
    ending: dict[int, list[Consent]] = {pk: [] for pk in ids}
    soon = on + timedelta(days=EXPIRING_DAYS)
    for consent in Consent.objects.filter(
        person_id__in=ids, withdrawn_on__isnull=True, given_on__lte=on
    ).prefetch_related("purposes"):
        if not consent.is_valid_on(on):
            continue
        for purpose in consent.purposes.all():
            kinds[consent.person_id].add(purpose.kind)
            if purpose.kind == PurposeKind.TRANSFER:
                categories[consent.person_id].add(purpose.category)
        if consent.valid_until is not None and consent.valid_until <= soon:
            ending[consent.person_id].append(consent)
    return {
        pk: Coverage(
            person=person,
            on=on,
            kinds=frozenset(kinds[pk]),
            categories=frozenset(categories[pk]),
            stopped=pk in stopped,
            ending=tuple(ending[pk]),
        )
        for pk, person in people.items()
    }


def covered(
    person: Person, purpose_kind: str, category: str | None = None, *, on: date | None = None
) -> bool:
    """Does a live consent of ``person`` cover ``purpose_kind`` (for a transfer: to agents of
    ``category``) on ``on`` (today by default)?"""
    return coverage_of([person], on=on)[person.pk].covers(purpose_kind, category)


# --- a family --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCoverage:
    membership: FamilyMembership
    coverage: Coverage
    represents: bool  # signs for the family (a parent, guardian, or an adult of a family without)

    @property
    def person(self) -> Person:
        return self.membership.person


def _is_adult(person: Person, on: date) -> bool:
    return person.birth_date is None or age_on(person.birth_date, on) >= ADULT_AGE


def representatives(memberships: Sequence[FamilyMembership], on: date) -> list[Person]:
    """Who consents for the family: its parents and guardians, else its adults."""
    found = [m.person for m in memberships if m.role in REPRESENTATIVE_ROLES]
    if found:
        return found
    return [m.person for m in memberships if m.role != FamilyRole.CHILD and _is_adult(m.person, on)]


@dataclass
class FamilyCoverage:
    members: list[MemberCoverage] = field(default_factory=list)

    @property
    def representatives(self) -> list[MemberCoverage]:
        return [m for m in self.members if m.represents]

    def represented(self, kind: str) -> bool:
        """Has at least one representative a live consent for ``kind``?"""
        return any(m.coverage.covers(kind) for m in self.representatives)


def family_coverage(family: Family | int, *, on: date | None = None) -> FamilyCoverage:
    """Every member of the family with their coverage: five queries."""
    on = on or timezone.localdate()
    family_id = family if isinstance(family, int) else family.pk
    memberships = sorted_members(
        FamilyMembership.objects.filter(family_id=family_id).select_related("person")
    )
    reps = {p.pk for p in representatives(memberships, on)}
    coverage = coverage_of([m.person for m in memberships], on=on)
    return FamilyCoverage(
        members=[
            MemberCoverage(
                membership=m, coverage=coverage[m.person_id], represents=m.person_id in reps
            )
            for m in memberships
        ]
    )


# --- the refusals ----------------------------------------------------------------------------


def _names(persons: Iterable[Person]) -> str:
    return ", ".join(p.full_name for p in persons)


def _family_refusal(family: Family | int, kind: str, action: str, on: date | None) -> str | None:
    state = family_coverage(family, on=on)
    if state.represented(kind):
        return None
    purpose = PurposeKind(kind).label
    reps = state.representatives
    if not reps:
        return _(
            "%(action)s: в составе семьи нет законного представителя (родителя, опекуна или "
            "взрослого), который дал бы согласие «%(purpose)s». Добавьте его в семью и запишите "
            "согласие."
        ) % {"action": action, "purpose": purpose}
    return _(
        "%(action)s: нет действующего согласия «%(purpose)s» от законного представителя "
        "(%(names)s). Запишите согласие на странице «Согласия» человека."
    ) % {"action": action, "purpose": purpose, "names": _names(m.person for m in reps)}


def case_work_refusal(family: Family | int, *, on: date | None = None) -> str | None:
    """Why a planned case may not open for the family (None: it may)."""
    return _family_refusal(
        family,
        PurposeKind.CASE_WORK,
        _("Плановый случай не открыт"),
        on,
    )


def supervision_refusal(family: Family | int, *, on: date | None = None) -> str | None:
    """Why the family's case may not be shared with a supervisor (None: it may)."""
    return _family_refusal(family, PurposeKind.SUPERVISION, _("Случай не передан супервизору"), on)


def transfer_missing(
    persons: Iterable[Person], category: str, *, on: date | None = None
) -> list[Person]:
    """The persons without a live consent to transfer their data to agents of ``category``."""
    coverage = coverage_of(persons, on=on)
    return [c.person for c in coverage.values() if not c.covers(PurposeKind.TRANSFER, category)]


def transfer_refusal(
    persons: Iterable[Person], category: str, *, on: date | None = None
) -> str | None:
    """Why a referral naming ``persons`` may not go to an agent of ``category`` with their
    names (None: it may)."""
    missing = transfer_missing(persons, category, on=on)
    if not missing:
        return None
    return _(
        "Нет согласия на передачу данных агентам категории «%(category)s»: %(names)s. "
        "Запишите согласие или отправьте направление обезличенно — агент увидит номер семьи, "
        "услугу, срок и контакт куратора, без имён, адреса и дат рождения."
    ) % {"category": _category_label(category), "names": _names(missing)}


def photo_refusal(person: Person, *, on: date | None = None) -> str | None:
    """Why a photo or video of ``person`` may not go into the case folder (None: it may)."""
    if covered(person, PurposeKind.PHOTO, on=on):
        return None
    return _("Нет согласия «%(purpose)s» у человека %(name)s: фото и видео не загружаются.") % {
        "purpose": PurposeKind.PHOTO.label,
        "name": person.full_name,
    }


def ending_text(consent: Consent) -> str:
    assert consent.valid_until is not None
    return _("согласие истекает %(date)s") % {"date": format_day(consent.valid_until)}
