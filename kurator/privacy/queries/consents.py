"""How each person's consents stand, and the scoped reads of consents.

The consent card of the case page and the family card (``consent_states``,
``consent_problems``) and the person page's summary (``person_privacy``): reads only, of
records the caller got from ``kurator.access``. ``get_consent`` follows the rule of
``kurator.access``: out of scope is a 404, in scope without the right a 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.cases.models import Case
from kurator.people.models import Family, FamilyMembership, FamilyRole, Person
from kurator.people.queries import sorted_members
from kurator.privacy.common import format_day
from kurator.privacy.models import (
    Anonymisation,
    Consent,
    ConsentPurpose,
    DestructionClock,
    PurposeKind,
    SubjectRequest,
)

__all__ = [
    "CONSENT_ROLES",
    "EXPIRING_SOON_DAYS",
    "ConsentState",
    "MemberConsent",
    "PersonPrivacy",
    "consent_problems",
    "consent_states",
    "consents_visible_to",
    "get_consent",
    "person_privacy",
    "purposes_for",
]

EXPIRING_SOON_DAYS = 30  # «истекает» on the case card a month ahead
CONSENT_ROLES = (FamilyRole.PARENT, FamilyRole.GUARDIAN, FamilyRole.CHILD)


# --- consent states: the case card -----------------------------------------------------------


class ConsentState:
    MISSING = "missing"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    DESTROYED = "destroyed"

    PROBLEMS = frozenset({MISSING, EXPIRED, WITHDRAWN, DESTROYED})


@dataclass(frozen=True)
class MemberConsent:
    """One parent's or child's consent to processing, as the case card shows it."""

    person: Person
    role: str
    role_label: str
    state: str
    consent: Consent | None
    day: date | None  # valid until / expired on / withdrawn on / destroyed on
    destroy_by: date | None = None
    no_document: bool = False

    @property
    def is_problem(self) -> bool:
        return self.state in ConsentState.PROBLEMS

    @property
    def css(self) -> str:
        return {
            ConsentState.VALID: "success",
            ConsentState.EXPIRING: "warning",
            ConsentState.EXPIRED: "warning",
            ConsentState.MISSING: "warning",
            ConsentState.WITHDRAWN: "danger",
            ConsentState.DESTROYED: "secondary",
        }[self.state]

    @property
    def label(self) -> str:
        day = format_day(self.day) if self.day else ""
        if self.state == ConsentState.MISSING:
            return _("нет согласия")
        if self.state == ConsentState.VALID:
            return (
                _("действует до %(date)s") % {"date": day} if self.day else _("действует до отзыва")
            )
        if self.state == ConsentState.EXPIRING:
            return _("истекает %(date)s") % {"date": day}
        if self.state == ConsentState.EXPIRED:
            return _("истекло %(date)s") % {"date": day}
        if self.state == ConsentState.WITHDRAWN:
            return _("отозвано %(date)s") % {"date": day}
        return _("данные уничтожены")


def _state_of(
    person: Person,
    consents: Iterable[Consent],
    *,
    clock_stopped_on: date | None,
    clock_destroy_by: date | None,
    anonymised: bool,
    today: date,
) -> tuple[str, Consent | None, date | None, date | None]:
    """(state, consent, day, destroy_by) of the person's consent to processing."""
    if anonymised:
        return ConsentState.DESTROYED, None, None, None
    if clock_stopped_on is not None:
        return ConsentState.WITHDRAWN, None, clock_stopped_on, clock_destroy_by
    own = [c for c in consents if c.given_on <= today]
    valid = [c for c in own if c.is_valid_on(today)]
    if valid:
        # The one that lasts longest (until withdrawn beats any date).
        best = max(valid, key=lambda c: (c.valid_until is None, c.valid_until or today, c.pk))
        if best.valid_until is not None and best.valid_until < today + timedelta(
            days=EXPIRING_SOON_DAYS
        ):
            return ConsentState.EXPIRING, best, best.valid_until, None
        return ConsentState.VALID, best, best.valid_until, None
    withdrawn = [c for c in own if c.withdrawn_on is not None]
    expired = [c for c in own if c.withdrawn_on is None and c.valid_until is not None]
    if expired and (
        not withdrawn or max(c.given_on for c in expired) >= max(c.given_on for c in withdrawn)
    ):
        latest = max(expired, key=lambda c: (c.valid_until, c.pk))
        return ConsentState.EXPIRED, latest, latest.valid_until, None
    if withdrawn:
        latest = max(withdrawn, key=lambda c: (c.withdrawn_on, c.pk))
        return ConsentState.WITHDRAWN, latest, latest.withdrawn_on, None
    return ConsentState.MISSING, None, None, None


def consent_states(family: Family, *, today: date | None = None) -> list[MemberConsent]:
    """Each parent, guardian and child of the family with the state of their consent to
    processing: missing / valid until … / expiring / expired / withdrawn / destroyed.
    Two queries, whatever the family's size."""
    today = today or timezone.localdate()
    running = DestructionClock.objects.filter(person=OuterRef("person_id"), lifted_at__isnull=True)
    memberships = list(
        FamilyMembership.objects.filter(family=family, role__in=CONSENT_ROLES)
        .select_related("person")
        .annotate(
            clock_stopped_on=Subquery(running.values("stopped_on")[:1]),
            clock_destroy_by=Subquery(running.values("destroy_by")[:1]),
            anonymised_id=Subquery(
                Anonymisation.objects.filter(person=OuterRef("person_id")).values("pk")[:1]
            ),
        )
    )
    by_person: dict[int, list[Consent]] = {}
    if memberships:
        for consent in Consent.objects.filter(
            person_id__in=[m.person_id for m in memberships], purposes__kind=PurposeKind.CASE_WORK
        ).distinct():
            by_person.setdefault(consent.person_id, []).append(consent)
    rows: list[MemberConsent] = []
    for membership in sorted_members(memberships):
        state, shown, day, destroy_by = _state_of(
            membership.person,
            by_person.get(membership.person_id, []),
            clock_stopped_on=membership.clock_stopped_on,  # type: ignore[attr-defined]
            clock_destroy_by=membership.clock_destroy_by,  # type: ignore[attr-defined]
            anonymised=membership.anonymised_id is not None,  # type: ignore[attr-defined]
            today=today,
        )
        rows.append(
            MemberConsent(
                person=membership.person,
                role=membership.role,
                role_label=str(membership.get_role_display()),
                state=state,
                consent=shown,
                day=day,
                destroy_by=destroy_by,
                no_document=shown is not None and shown.document_id is None,
            )
        )
    return rows


def consent_problems(case: Case, *, today: date | None = None) -> list[MemberConsent]:
    """The case family's parents and children whose consent to processing is missing,
    expired or withdrawn (or whose data are destroyed). Two queries."""
    return [row for row in consent_states(case.family, today=today) if row.is_problem]


# --- the person's page -----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonPrivacy:
    consents: list[Consent]
    clock: DestructionClock | None  # running (or completed by destruction), not lifted
    anonymisation: Anonymisation | None
    requests: list[SubjectRequest]  # empty unless asked for
    requests_count: int
    state: str
    state_day: date | None

    @property
    def read_only(self) -> bool:
        return self.clock is not None or self.anonymisation is not None


def person_privacy(
    person: Person, *, with_requests: bool = True, today: date | None = None
) -> PersonPrivacy:
    """What a person's pages show about consents, stopped processing and requests.
    ``person`` comes from ``access.get_person``. Two queries, three with the requests."""
    today = today or timezone.localdate()
    clocks = DestructionClock.objects.filter(person=OuterRef("pk"), lifted_at__isnull=True)
    counts = (
        SubjectRequest.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row = (
        Person.objects.filter(pk=person.pk)
        .select_related("anonymisation__act")
        .annotate(
            clock_pk=Subquery(clocks.values("pk")[:1]),
            clock_stopped_on=Subquery(clocks.values("stopped_on")[:1]),
            clock_destroy_by=Subquery(clocks.values("destroy_by")[:1]),
            clock_blocked=Subquery(clocks.values("blocked")[:1]),
            clock_legal_basis=Subquery(clocks.values("legal_basis")[:1]),
            requests_count=Subquery(counts),
        )
        .get()
    )
    anonymisation = getattr(row, "anonymisation", None)
    clock = None
    if row.clock_pk is not None:
        clock = DestructionClock(
            pk=row.clock_pk,
            person=person,
            stopped_on=row.clock_stopped_on,
            destroy_by=row.clock_destroy_by,
            blocked=row.clock_blocked,
            legal_basis=row.clock_legal_basis,
        )
    consents = list(
        Consent.objects.filter(person=person)
        .select_related("document", "signed_by")
        .prefetch_related("purposes")
    )
    requests = (
        list(
            SubjectRequest.objects.filter(person=person)
            .select_related("handled_by")
            .order_by("-received_on", "-pk")
        )
        if with_requests
        else []
    )
    state, _consent, day, _destroy_by = _state_of(
        person,
        [c for c in consents if PurposeKind.CASE_WORK in c.purpose_kinds],
        clock_stopped_on=clock.stopped_on if clock else None,
        clock_destroy_by=clock.destroy_by if clock else None,
        anonymised=anonymisation is not None,
        today=today,
    )
    return PersonPrivacy(
        consents=consents,
        clock=clock,
        anonymisation=anonymisation,
        requests=requests,
        requests_count=row.requests_count or 0,
        state=state,
        state_day=day,
    )


# --- scoped reads --------------------------------------------------------------------------


def purposes_for(user: access.AnyUser) -> QuerySet[ConsentPurpose]:
    """The purposes of consent the user's organisation uses (a form's choices)."""
    return ConsentPurpose.objects.filter(
        organisation_id=access.organisation_id_of(user), is_active=True
    )


def consents_visible_to(user: access.AnyUser) -> QuerySet[Consent]:
    return Consent.objects.filter(person__in=access.persons_visible_to(user))


def get_consent(
    user: access.AnyUser, pk: int | str, *, action: str = "people.family:read"
) -> Consent:
    try:
        consent = (
            consents_visible_to(user)
            .select_related("person", "document", "signed_by", "recorded_by", "withdrawn_by")
            .get(pk=pk)
        )
    except (Consent.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("consent") from exc
    access.require(user, action)
    access.record_read(user, consent.person)
    return consent
