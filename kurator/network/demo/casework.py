"""Demo of the network's work on cases (the step runs after cases and plans): the
catalogue, agreements, referrals in every status (``agent1`` has some to answer), deliveries
with an act, and one case whose spending waits for ``head1``'s approval."""

from __future__ import annotations

from datetime import date, timedelta

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.network.models import ResourceAgent
from kurator.network.services import aid, referrals
from kurator.network.services.agents import add_agreement, add_default_catalogue
from kurator.privacy.queries.coverage import transfer_missing

FLOW = [
    [],
    ["sent"],
    ["sent", "accepted"],
    ["sent", "declined"],
    ["sent", "accepted", "in_progress"],
    ["sent", "accepted", "done"],
    ["sent", "accepted", "failed"],
]
COMMENTS = {
    "declined": "Нет свободных мест до конца месяца",
    "done": "Консультация проведена, семья получила разъяснения",
    "failed": "Семья не пришла на приём дважды",
}


def build(demo: DemoContext) -> None:
    head = demo.users.get("head1")
    agents: list[ResourceAgent] = list(demo.extra.get("agents") or [])
    cases: list[Case] = [c for c in demo.extra.get("cases") or [] if c.status == Case.Status.OPEN]
    if head is None or not agents or not cases:
        demo.say("Ресурсная сеть в работе: нет агентов или случаев.")
        return
    catalogue = {s.name: s for s in add_default_catalogue(by=head)}
    food = catalogue["Продуктовый набор"]
    legal = catalogue["Юридическая помощь (изъятие, возврат детей, восстановление в правах)"]
    repairs = catalogue["Ремонт (крыша, печь, проводка) с обучением семьи"]
    for n, agent in enumerate(agents, start=1):
        agent.catalogue.add(food if agent.category != "agency" else legal)
        add_agreement(
            agent=agent,
            by=head,
            kind="cooperation",
            number=f"{n}-РС/2025",
            signed_on=date(2025, 2, 1),
            valid_from=date(2025, 2, 1),
            valid_until=date(2027, 12, 31),
        )
    partner = next((a for a in agents if a.partner_organisation_id), agents[0])
    bank = agents[0]
    due = demo.today + timedelta(days=10)
    made = 0
    for i, steps in enumerate([*FLOW, ["sent"], ["sent", "accepted"]]):
        case = cases[i % len(cases)]
        persons = list(access.family_members_of_case(case)[:1])
        if not persons:
            continue
        to_partner = i % 2 == 1 or i >= len(FLOW)
        agent = partner if to_partner else bank
        referral = referrals.create_referral(
            case=case,
            by=case.curator,
            agent=agent,
            service=legal if to_partner else food,
            need="Консультация по восстановлению документов и оформлению пособий"
            if to_partner
            else "Продуктовый набор на семью",
            persons=persons,
            due_on=due + timedelta(days=i),
            confirmed=True,
            # Without the family's consent to transfer to the agent's category: no names.
            depersonalised=bool(transfer_missing(persons, agent.category)),
        )
        for step in steps:
            by = case.curator if step == "sent" or not to_partner else _agent_user(demo)
            referrals.move_referral(
                referral=referral, to=step, by=by or case.curator, comment=COMMENTS.get(step, "")
            )
        made += 1
    first = cases[0]
    members = list(access.family_members_of_case(first)[:1])
    if members:
        given = [
            aid.record_delivery(
                case=first,
                by=first.curator,
                service=food,
                delivered_on=demo.today - timedelta(days=d),
                persons=members,
                quantity=1,
                unit_cost="2450.00",
                # The later set the curator brings herself: still goods on the same act.
                provider=provider,
                funding="donation",
            )
            for d, provider in ((30, "volunteer"), (14, "staff"))
        ]
        aid.issue_act(
            case=first, by=first.curator, kind="goods", deliveries=given, recipient=members[0]
        )
    last = cases[-1]
    members = list(access.family_members_of_case(last)[:1])
    if members:
        for price in ("480000.00", "45000.00"):  # the second goes past the 500 000 ₽ norm
            aid.record_delivery(
                case=last,
                by=last.curator,
                service=repairs,
                delivered_on=demo.today - timedelta(days=3),
                persons=members,
                quantity=1,
                unit_cost=price,
                provider="agent",
                agent=bank,
                funding="grant",
                note="Замена кровли и печи, семья участвует в работах",
            )
    demo.say(f"Ресурсная сеть в работе: {made} направлений, акт, расход на согласовании.")


def _agent_user(demo: DemoContext) -> User | None:
    return demo.users.get("agent1")
