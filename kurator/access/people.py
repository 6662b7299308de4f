"""Scopes of families and persons."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, has_org_scope, has_team_scope, require
from kurator.people.models import Family, FamilyMembership, Person

__all__ = [
    "families_visible_to",
    "get_family",
    "get_person",
    "persons_searchable_for_duplicates",
    "persons_visible_to",
]


# --- families and persons ------------------------------------------------------------------


def families_visible_to(user: AnyUser) -> QuerySet[Family]:
    staff = active_staff(user)
    if staff is None:
        return Family.objects.none()
    if not staff.has_perm("people.family:read"):
        return Family.objects.none()
    families = Family.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return families
    if staff.team_id is not None and has_team_scope(staff):
        return families.filter(team_id=staff.team_id)
    return Family.objects.none()


def get_family(user: AnyUser, pk: int | str, *, action: str = "people.family:read") -> Family:
    try:
        family = families_visible_to(user).get(pk=pk)
    except (Family.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("family") from exc
    require(user, action)
    return family


def persons_visible_to(user: AnyUser) -> QuerySet[Person]:
    """Members of visible families, plus the organisation's persons in no family yet
    (someone named in a signal before the household is known) for team roles."""
    staff = active_staff(user)
    if staff is None:
        return Person.objects.none()
    if not staff.has_perm("people.family:read"):
        return Person.objects.none()
    persons = Person.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return persons
    if staff.team_id is not None and has_team_scope(staff):
        memberships = FamilyMembership.objects.filter(person=OuterRef("pk"))
        return persons.filter(
            Exists(memberships.filter(family__team_id=staff.team_id)) | ~Exists(memberships)
        )
    return Person.objects.none()


def get_person(user: AnyUser, pk: int | str, *, action: str = "people.family:read") -> Person:
    try:
        person = persons_visible_to(user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("person") from exc
    require(user, action)
    return person


def persons_searchable_for_duplicates(user: AnyUser) -> QuerySet[Person]:
    """Persons the duplicate check may look through for ``user``.

    Whoever records signals (``intake.signal:write``: the intake operator, senior curator, team
    head) must learn whether a family is already known *anywhere in the organisation* before
    anything else (product.md, step 1), so she searches every person of her organisation. A
    match outside ``persons_visible_to(user)`` is shown restricted — name, birth year, case
    status and curator only (``kurator.people.duplicates``). Everyone else searches only the
    persons she may see.
    """
    staff = active_staff(user)
    if staff is None:
        return Person.objects.none()
    if not staff.has_perm("people.family:read"):
        return Person.objects.none()
    if staff.has_perm("intake.signal:write"):
        return Person.objects.filter(organisation_id=staff.organisation_id)
    return persons_visible_to(user)
