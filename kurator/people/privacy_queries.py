"""Scoped reads of consents, subject requests, destruction clocks and acts (style.md #5): the
same rule as ``kurator.access`` — out of scope is a 404, in scope without the right a 403.
Views and the API start from here."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kurator import access
from kurator.people.models import Consent, DestructionAct, DestructionClock, SubjectRequest
from kurator.people.privacy import can_manage_privacy, require_privacy_manager

__all__ = [
    "acts_visible_to",
    "clocks_visible_to",
    "consents_visible_to",
    "get_act",
    "get_clock",
    "get_consent",
    "get_subject_request",
    "subject_requests_visible_to",
]


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


def subject_requests_visible_to(user: access.AnyUser) -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.filter(person__in=access.persons_visible_to(user))


def get_subject_request(
    user: access.AnyUser, pk: int | str, *, action: str = "people.family:read"
) -> SubjectRequest:
    try:
        request = (
            subject_requests_visible_to(user)
            .select_related("person", "handled_by", "registered_by")
            .get(pk=pk)
        )
    except (SubjectRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("subject request") from exc
    access.require(user, action)
    access.record_read(user, request.person)
    return request


def clocks_visible_to(user: access.AnyUser) -> QuerySet[DestructionClock]:
    """Destruction clocks of the persons the user sees (the deadlines page narrows this to
    privacy managers)."""
    return DestructionClock.objects.filter(person__in=access.persons_visible_to(user))


def get_clock(user: access.AnyUser, pk: int | str) -> DestructionClock:
    """A clock of a person in scope (else 404) for a privacy manager (else 403)."""
    try:
        clock = clocks_visible_to(user).select_related("person", "consent", "act").get(pk=pk)
    except (DestructionClock.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("clock") from exc
    require_privacy_manager(user)
    access.record_read(user, clock.person)
    return clock


def acts_visible_to(user: access.AnyUser) -> QuerySet[DestructionAct]:
    """The programme director sees the organisation's acts; a team head — her team's and the
    ones she performed; nobody else."""
    staff = access.active_staff(user)
    if staff is None or not can_manage_privacy(user):
        return DestructionAct.objects.none()
    acts = DestructionAct.objects.filter(organisation_id=staff.organisation_id)
    if access.has_org_scope(staff):
        return acts
    mine = Q(performed_by_id=staff.user.pk)
    if staff.team_id is not None:
        mine |= Q(team_id=staff.team_id)
    return acts.filter(mine)


def get_act(user: access.AnyUser, pk: int | str) -> DestructionAct:
    try:
        return acts_visible_to(user).select_related("performed_by", "team").get(pk=pk)
    except (DestructionAct.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("act") from exc
