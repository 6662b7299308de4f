"""Scopes of the resource network.

- The directory (agents, agreements, the service catalogue) is the organisation's: whoever has
  ``network.agent:read`` sees all of it; another organisation's directory is invisible (404).
- Referrals, deliveries, acts and state entitlements hang off a case: visible exactly to those
  who see the case (``cases_visible_to``), never through a supervision share.
- A resource-network agent (role ``resource_agent``) sees only the referrals addressed to her
  own organisation that were sent (not drafts) — nothing of the case they came from.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, record_read, require
from kurator.access.intake import resource_agents_visible_to
from kurator.network.models import Agreement, ResourceAgent, Service

__all__ = [
    "agreements_visible_to",
    "get_agreement",
    "get_resource_agent",
    "get_service",
    "services_visible_to",
]


def get_resource_agent(
    user: AnyUser, pk: int | str, *, action: str = "network.agent:read"
) -> ResourceAgent:
    try:
        agent = resource_agents_visible_to(user).get(pk=pk)
    except (ResourceAgent.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("agent") from exc
    require(user, action)
    record_read(user, agent)
    return agent


def services_visible_to(user: AnyUser) -> QuerySet[Service]:
    """The organisation's service catalogue."""
    staff = active_staff(user)
    if staff is None or not staff.has_perm("network.agent:read"):
        return Service.objects.none()
    return Service.objects.filter(organisation_id=staff.organisation_id)


def get_service(user: AnyUser, pk: int | str, *, action: str = "network.agent:read") -> Service:
    try:
        service = services_visible_to(user).get(pk=pk)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("service") from exc
    require(user, action)
    record_read(user, service)
    return service


def agreements_visible_to(user: AnyUser) -> QuerySet[Agreement]:
    return Agreement.objects.filter(agent__in=resource_agents_visible_to(user))


def get_agreement(user: AnyUser, pk: int | str, *, action: str = "network.agent:read") -> Agreement:
    try:
        agreement = agreements_visible_to(user).select_related("agent").get(pk=pk)
    except (Agreement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("agreement") from exc
    require(user, action)
    record_read(user, agreement)
    return agreement
