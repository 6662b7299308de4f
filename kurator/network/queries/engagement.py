"""Volunteers and partners engaged in a period — for the reports (docs/domain.md, Indicators).

An agent counts as engaged when a referral to it was sent in the period, or when it delivered
help to a family in the period. Volunteers are the volunteer groups and individual
specialists; partners are every other category."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from kurator.network.models import Delivery, Referral, ResourceAgent

VOLUNTEER_CATEGORIES = frozenset(
    {ResourceAgent.Category.VOLUNTEERS, ResourceAgent.Category.SPECIALIST}
)


@dataclass(frozen=True)
class Engagement:
    volunteers: int
    partners: int
    volunteer_deliveries: int  # deliveries by volunteers not registered as agents

    @property
    def total(self) -> int:
        return self.volunteers + self.partners


def engaged_in_period(
    *, organisation_id: int, start: datetime.date, end: datetime.date
) -> Engagement:
    """Distinct agents engaged in [start, end]; two queries, whatever the period."""
    referred = Referral.objects.filter(
        organisation_id=organisation_id,
        sent_at__date__range=(start, end),
    ).values("agent_id")
    delivered = Delivery.objects.filter(
        organisation_id=organisation_id,
        delivered_on__range=(start, end),
        approval__in=Delivery.COUNTED,
        agent__isnull=False,
    ).values("agent_id")
    categories = list(
        ResourceAgent.objects.filter(organisation_id=organisation_id)
        .filter(Q(pk__in=referred) | Q(pk__in=delivered))
        .values_list("category", flat=True)
    )
    volunteers = sum(1 for c in categories if c in VOLUNTEER_CATEGORIES)
    loose = Delivery.objects.filter(
        organisation_id=organisation_id,
        delivered_on__range=(start, end),
        provider=Delivery.Provider.VOLUNTEER,
        agent__isnull=True,
        approval__in=Delivery.COUNTED,
    ).count()
    return Engagement(
        volunteers=volunteers, partners=len(categories) - volunteers, volunteer_deliveries=loose
    )
