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


def test_the_curator_hands_over_material_aid_herself_and_it_goes_on_the_goods_act(
    demo: DemoContext,
) -> None:
    handed = Delivery.objects.filter(
        provider=Delivery.Provider.STAFF, cost_kind=Delivery.CostKind.AID, act__isnull=False
    ).select_related("act")
    assert handed.exists()
    assert all(d.act is not None and d.act.kind == "goods" for d in handed)
