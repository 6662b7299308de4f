"""The network's demo steps: the directory, and its work on the demo cases."""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.network.models import Act, Delivery, Referral


def test_demo_has_referrals_in_every_status_an_act_and_a_pending_cost(demo: DemoContext) -> None:
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    agent1 = demo.users["agent1"]
    answerable = Referral.objects.filter(
        agent__partner_organisation_id=agent1.organisation_id, status="sent"
    )
    assert answerable.exists()
    assert Act.objects.exists()
    assert Delivery.objects.filter(approval="pending").exists()
