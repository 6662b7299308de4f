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
from kurator.access.cases import cases_visible_to
from kurator.access.intake import resource_agents_visible_to
from kurator.cases.models import Case
from kurator.network.models import (
    Act,
    Agreement,
    Delivery,
    EntitlementCheck,
    Referral,
    ResourceAgent,
    Service,
    StateEntitlement,
)
from kurator.plans.models import PlanAction

__all__ = [
    "agent_referrals_visible_to",
    "agreements_visible_to",
    "case_acts",
    "case_deliveries",
    "deliveries_visible_to",
    "get_act",
    "get_agent_referral",
    "get_agreement",
    "get_delivery",
    "get_entitlement",
    "get_entitlement_check",
    "get_referral",
    "get_resource_agent",
    "get_service",
    "plan_actions_of_case",
    "referrals_visible_to",
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
    return agent  # the directory holds nobody's personal data: no read-log row


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
    return service  # the directory holds nobody's personal data: no read-log row


def agreements_visible_to(user: AnyUser) -> QuerySet[Agreement]:
    return Agreement.objects.filter(agent__in=resource_agents_visible_to(user))


def get_agreement(user: AnyUser, pk: int | str, *, action: str = "network.agent:read") -> Agreement:
    try:
        agreement = agreements_visible_to(user).select_related("agent").get(pk=pk)
    except (Agreement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("agreement") from exc
    require(user, action)
    return agreement  # the directory holds nobody's personal data: no read-log row


# --- referrals and everything else that hangs off a case --------------------------------


def referrals_visible_to(user: AnyUser) -> QuerySet[Referral]:
    """The referrals of the cases the user sees (the curator's side)."""
    return Referral.objects.filter(case__in=cases_visible_to(user))


def get_referral(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Referral:
    try:
        referral = (
            referrals_visible_to(user)
            .select_related("case", "case__family", "case__curator", "agent", "service")
            .get(pk=pk)
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("referral") from exc
    require(user, action)
    record_read(user, referral)
    return referral


def agent_referrals_visible_to(user: AnyUser) -> QuerySet[Referral]:
    """The agent's side: sent referrals addressed to the user's own organisation."""
    staff = active_staff(user)
    if staff is None or not staff.has_perm("network.referral:respond"):
        return Referral.objects.none()
    return Referral.objects.filter(agent__partner_organisation_id=staff.organisation_id).exclude(
        status=Referral.Status.DRAFT
    )


def get_agent_referral(
    user: AnyUser, pk: int | str, *, action: str = "network.referral:respond"
) -> Referral:
    try:
        referral = (
            agent_referrals_visible_to(user)
            .select_related("agent", "service", "case__curator")
            .get(pk=pk)
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("referral") from exc
    require(user, action)
    record_read(user, referral)
    return referral


def plan_actions_of_case(case: Case) -> QuerySet[PlanAction]:
    """The actions of the case's plan (``case`` comes from an access scope), newest version
    first: a referral is made «from a plan action»."""
    return (
        PlanAction.objects.filter(version__plan__case_id=case.pk)
        .exclude(status__in=PlanAction.FINISHED)
        .select_related("version")
        .order_by("-version_id", "position", "pk")
    )


def deliveries_visible_to(user: AnyUser) -> QuerySet[Delivery]:
    return Delivery.objects.filter(case__in=cases_visible_to(user))


def get_delivery(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Delivery:
    try:
        delivery = deliveries_visible_to(user).select_related("case", "service").get(pk=pk)
    except (Delivery.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("delivery") from exc
    require(user, action)
    record_read(user, delivery)
    return delivery


def get_act(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Act:
    try:
        act = (
            Act.objects.filter(case__in=cases_visible_to(user))
            .select_related("case", "case__organisation", "recipient", "created_by")
            .get(pk=pk)
        )
    except (Act.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("act") from exc
    require(user, action)
    record_read(user, act)
    return act


def case_deliveries(case: Case) -> QuerySet[Delivery]:
    """The deliveries of a case (``case`` comes from an access scope)."""
    return Delivery.objects.filter(case=case).select_related("service", "act")


def get_entitlement(
    user: AnyUser, pk: int | str, *, action: str = "cases.case:read"
) -> StateEntitlement:
    try:
        entitlement = (
            StateEntitlement.objects.filter(case__in=cases_visible_to(user))
            .select_related("case", "person")
            .get(pk=pk)
        )
    except (StateEntitlement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("entitlement") from exc
    require(user, action)
    record_read(user, entitlement)
    return entitlement


def get_entitlement_check(
    user: AnyUser, pk: int | str, *, action: str = "cases.case:read"
) -> EntitlementCheck:
    try:
        check = (
            EntitlementCheck.objects.filter(entitlement__case__in=cases_visible_to(user))
            .select_related(
                "entitlement",
                "entitlement__case__organisation",
                "entitlement__case__curator",
                "entitlement__person",
            )
            .get(pk=pk)
        )
    except (EntitlementCheck.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("check") from exc
    require(user, action)
    record_read(user, check)
    return check


def case_acts(case: Case) -> QuerySet[Act]:
    """The acts of a case (``case`` comes from an access scope)."""
    return Act.objects.filter(case=case).order_by("-issued_on", "-pk")
