"""What a case's «Направления и услуги» page and the case page's network card show; every
argument comes from an ``access`` scope."""

from __future__ import annotations

from typing import Any

from kurator.cases.models import Case
from kurator.network.models import Act, Delivery, EntitlementCheck, Referral, StateEntitlement
from kurator.network.services.aid import case_cost


def case_referrals(case: Case) -> list[Referral]:
    return list(
        Referral.objects.filter(case=case)
        .select_related("agent", "service", "plan_action")
        .prefetch_related("persons")
        .order_by("-created_at", "-pk")
    )


def case_network(case: Case) -> dict[str, Any]:
    """Everything the case's «Направления и услуги» page shows."""
    return {
        "referrals": case_referrals(case),
        "deliveries": list(
            Delivery.objects.filter(case=case)
            .select_related("service", "act", "agent", "decided_by")
            .order_by("-delivered_on", "-pk")
        ),
        "acts": list(Act.objects.filter(case=case).order_by("-issued_on", "-pk")),
        "cost": case_cost(case),
        "entitlements": [
            (e, list(e.checks.all()[:3]))
            for e in StateEntitlement.objects.filter(case=case)
            .select_related("person")
            .prefetch_related("checks")
        ],
    }


def case_card(case: Case) -> dict[str, Any]:
    """The case page's card: open referrals (few), the cost, shortfalls."""
    open_referrals = list(
        Referral.objects.filter(case=case)
        .exclude(status__in=Referral.FINISHED)
        .select_related("agent")
        .order_by("due_on", "pk")[:5]
    )
    cost = case_cost(case)
    return {
        "open_referrals": open_referrals,
        "cost": cost if cost.total or cost.pending else None,
        "shortfalls": shortfalls(case),
    }


def shortfalls(case: Case) -> list[EntitlementCheck]:
    """The latest check of each entitlement of the case, where less was delivered than due."""
    latest: dict[int, EntitlementCheck] = {}
    checks = EntitlementCheck.objects.filter(entitlement__case=case).select_related("entitlement")
    for check in checks.order_by("-period_end", "-pk"):
        latest.setdefault(check.entitlement_id, check)
    return [c for c in latest.values() if c.shortfall > 0]
