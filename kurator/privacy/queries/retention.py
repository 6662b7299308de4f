"""Scoped reads of destruction clocks and acts, the same rule as ``kurator.access``: out of
scope is a 404, in scope without the right a 403. Views and services start from here."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kurator import access
from kurator.privacy.common import can_manage_privacy, require_privacy_manager
from kurator.privacy.models import DestructionAct, DestructionClock

__all__ = ["acts_visible_to", "clocks_visible_to", "get_act", "get_clock"]


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
