"""Scopes of families and persons.

Who sees which family (need-to-know: docs/domain.md, Personal data):

- intake operator, senior curator, team head — every family of their team (the operator
  links families to signals; she does not see case contents: her role has no
  ``cases.case:read``, so case pages, folders, timelines and documents are 404 for her);
- a case worker (curator, psychologist, specialist) — the families of her cases
  (``access.cases_visible_to``), of the signals she is on the first-visit team of, the
  families she created herself, and her team's intake pool: families with no case and no
  signal past «new» (``access.intake_pool_families``). Not the families of her colleagues'
  cases;
- the programme director, quality officer and operations manager — the organisation's;
- supervisors, resource agents, administrators — none (no ``people.family:read``; a
  supervision share shows the case page masked, never the family card);
- another organisation's families — none (404).

A person is seen where one of her families is. While she belongs to no family yet (someone
named in a signal before the household is known) she is seen by the team that recorded her
(``Person.team``) and by the organisation-wide roles — never by another team.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, Staff, active_staff, has_org_scope, record_read, require
from kurator.access.cases import CASE_WORKER_ROLES, cases_visible_to
from kurator.access.intake import SIGNAL_TEAM_ROLES, intake_pool_families
from kurator.intake.models import Signal
from kurator.people.models import Family, FamilyMembership, Person

__all__ = [
    "FAMILY_TEAM_ROLES",
    "families_visible_to",
    "get_family",
    "get_person",
    "persons_searchable_for_duplicates",
    "persons_visible_to",
]


# Roles that see every family of their team (the same as keep the team's signal journal).
FAMILY_TEAM_ROLES = SIGNAL_TEAM_ROLES


# --- families and persons ------------------------------------------------------------------


def _worker_families(staff: Staff) -> Q:
    """A case worker's families; one condition per line, so coverage shows every branch."""
    me = staff.user.pk
    visits = Signal.objects.filter(
        Q(first_visit__future_curator_id=me) | Q(first_visit__psychologist_id=me),
        family__isnull=False,
    )
    where = (
        Q(pk__in=cases_visible_to(staff.user).values("family_id"))
        | Q(pk__in=visits.values("family_id"))
        | Q(created_by_id=me)
    )
    if staff.team_id is not None:
        where |= Q(pk__in=intake_pool_families(staff.team_id).values("pk"))
    return where


def families_visible_to(user: AnyUser) -> QuerySet[Family]:
    staff = active_staff(user)
    if staff is None:
        return Family.objects.none()
    if not staff.has_perm("people.family:read"):
        return Family.objects.none()
    families = Family.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return families
    if staff.team_id is not None and staff.has_role(*FAMILY_TEAM_ROLES):
        return families.filter(team_id=staff.team_id)
    if staff.has_role(*CASE_WORKER_ROLES):
        return families.filter(_worker_families(staff))
    return Family.objects.none()


def get_family(user: AnyUser, pk: int | str, *, action: str = "people.family:read") -> Family:
    try:
        family = families_visible_to(user).get(pk=pk)
    except (Family.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("family") from exc
    require(user, action)
    record_read(user, family)
    return family


def persons_visible_to(user: AnyUser) -> QuerySet[Person]:
    """Members of visible families, plus the persons in no family yet whom the user's own team
    recorded (someone named in a signal before the household is known)."""
    staff = active_staff(user)
    if staff is None:
        return Person.objects.none()
    if not staff.has_perm("people.family:read"):
        return Person.objects.none()
    persons = Person.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return persons
    memberships = FamilyMembership.objects.filter(person=OuterRef("pk"))
    # In no family yet: only her recording team sees her.
    unplaced = (
        ~Exists(memberships) & Q(team_id=staff.team_id) if staff.team_id is not None else Q(pk=None)
    )
    if staff.team_id is not None and staff.has_role(*FAMILY_TEAM_ROLES):
        return persons.filter(Exists(memberships.filter(family__team_id=staff.team_id)) | unplaced)
    if staff.has_role(*CASE_WORKER_ROLES):
        families = Family.objects.filter(organisation_id=staff.organisation_id).filter(
            _worker_families(staff)
        )
        return persons.filter(Exists(memberships.filter(family__in=families)) | unplaced)
    return Person.objects.none()


def get_person(user: AnyUser, pk: int | str, *, action: str = "people.family:read") -> Person:
    try:
        person = persons_visible_to(user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("person") from exc
    require(user, action)
    record_read(user, person)
    return person


def persons_searchable_for_duplicates(user: AnyUser) -> QuerySet[Person]:
    """Persons the duplicate check may look through for ``user``.

    Whoever records signals (``intake.signal:write``: the intake operator, senior curator, team
    head) must learn whether a family is already known *anywhere in the organisation* before
    anything else (docs/domain.md, Deadlines: signal), so she searches every person of her
    organisation. A match outside ``persons_visible_to(user)`` is shown restricted — name, birth
    year, case status and curator only (``kurator.people.duplicates``). Everyone else searches only
    the persons she may see.
    """
    staff = active_staff(user)
    if staff is None:
        return Person.objects.none()
    if not staff.has_perm("people.family:read"):
        return Person.objects.none()
    if staff.has_perm("intake.signal:write"):
        return Person.objects.filter(organisation_id=staff.organisation_id)
    return persons_visible_to(user)
