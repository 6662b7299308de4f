"""Volunteers and partners engaged in a period (a query for the reports)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.network.models import ResourceAgent, Service
from kurator.network.queries.engagement import engaged_in_period
from kurator.network.services import agents, aid, referrals
from kurator.people.models import Person


def test_agents_referred_to_or_delivering_in_the_period_count_once(
    case: Case,
    curator: User,
    head: User,
    agent: ResourceAgent,
    mother: Person,
    food: Service,
    django_assert_max_num_queries: object,
) -> None:
    today = timezone.localdate()
    volunteers = agents.create_agent(by=head, name="Добрые руки", category="volunteers")
    agents.create_agent(by=head, name="Никем не занятый фонд", category="ngo")
    for _ in range(2):
        referral = referrals.create_referral(
            case=case,
            by=curator,
            agent=agent,
            service=food,
            need="Набор",
            persons=[mother],
            due_on=today + timedelta(days=5),
        )
        referrals.send_referral(referral=referral, by=curator)
    aid.record_delivery(
        case=case,
        by=curator,
        service=food,
        delivered_on=today,
        persons=[mother],
        quantity=1,
        unit_cost=100,
        provider="agent",
        agent=volunteers,
        funding="donation",
    )
    aid.record_delivery(
        case=case,
        by=curator,
        service=food,
        delivered_on=today,
        persons=[mother],
        quantity=1,
        unit_cost=100,
        provider="volunteer",
        funding="donation",
    )
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        found = engaged_in_period(
            organisation_id=case.organisation_id, start=today - timedelta(days=30), end=today
        )
    assert (found.partners, found.volunteers, found.volunteer_deliveries) == (1, 1, 1)
    earlier = engaged_in_period(
        organisation_id=case.organisation_id,
        start=today - timedelta(days=400),
        end=today - timedelta(days=300),
    )
    assert earlier.total == 0
