"""Scopes of the signal journal and of the resource directory that informed refusals use.

Who sees which signal:

- intake operator, senior curator, curator, psychologist, specialist, team head — the
  signals of their own team;
- the programme director — every signal of the organisation;
- nobody else (quality officer, operations manager, supervisor, agents, administrators have
  no ``intake.signal:read``); another organisation's signals are invisible to everyone (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, has_org_scope, has_team_scope, require
from kurator.intake.models import Signal
from kurator.network.models import ResourceAgent

__all__ = ["get_signal", "resource_agents_visible_to", "signals_visible_to"]


def signals_visible_to(user: AnyUser) -> QuerySet[Signal]:
    staff = active_staff(user)
    if staff is None:
        return Signal.objects.none()
    if not staff.has_perm("intake.signal:read"):
        return Signal.objects.none()
    signals = Signal.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return signals
    if staff.team_id is not None and has_team_scope(staff):
        return signals.filter(team_id=staff.team_id)
    return Signal.objects.none()


def get_signal(user: AnyUser, pk: int | str, *, action: str = "intake.signal:read") -> Signal:
    """The signal if the user may see it (else Http404) and her roles grant ``action``
    (else PermissionDenied)."""
    try:
        signal = (
            signals_visible_to(user)
            .select_related("family", "team", "organisation", "created_by")
            .get(pk=pk)
        )
    except (Signal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("signal") from exc
    require(user, action)
    return signal


# --- the resource directory ---------------------------------------------------------------
# Lives here until the resource-network issue gives the network app its own access module.


def resource_agents_visible_to(user: AnyUser) -> QuerySet[ResourceAgent]:
    """The organisation's resource directory (all teams share it)."""
    staff = active_staff(user)
    if staff is None:
        return ResourceAgent.objects.none()
    if not staff.has_perm("network.agent:read"):
        return ResourceAgent.objects.none()
    return ResourceAgent.objects.filter(organisation_id=staff.organisation_id)
