"""The resource network's part of the authorization matrix.

The directory (agents, agreements, the catalogue) is the organisation's: every role of the
organisation with ``network.agent:read`` sees it; the supervisor and the quality officer have
no directory (404), nor do other organisations or the agent user. Referrals, deliveries, acts
and entitlements hang off a case: whoever sees the case (kurator/access/network.py). The
agent user sees the referrals sent to her organisation.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.test_access_matrix import (
    AGENT,
    CASE_READ,
    CASE_WRITE,
    CAST,
    CURATOR,
    GP,
    HEAD,
    PARTNER,
    PSYCHOLOGIST,
    SENIOR,
    P,
    Rule,
    granted,
    listing,
    on,
    ours,
    sees_case,
    who,
)

READ, WRITE = "network.agent:read", "network.agent:write"
RESPOND = "network.referral:respond"
COST = "network.cost:approve"

DIRECTORY = who(lambda r: ours(r) and granted(r, READ))
# The referrals' case: another family of the team, curated by CURATOR after a first visit
# with PSYCHOLOGIST; nobody is attached to it.
REFERRAL_CASE = sees_case(works_on=frozenset({CURATOR, PSYCHOLOGIST}))

VISIBLE: dict[str, frozenset[str]] = {
    "agent": DIRECTORY,
    "agreement": DIRECTORY,
    "service": DIRECTORY,
    # A referral hangs off its case (another family of the team, so the agent's page, which
    # shows the referred person's name, does not carry the secret surname): those who see the
    # case; the agent's side is the agent user alone.
    "referral": REFERRAL_CASE,
    "agent_referral": who(lambda r: CAST[r].organisation == PARTNER and granted(r, RESPOND)),
    # Deliveries and acts hang off the same case; only the team head decides on spending
    # past the cost norm.
    "delivery": REFERRAL_CASE,
    "act_record": REFERRAL_CASE,
    "entitlement": REFERRAL_CASE,
    "entitlement_check": REFERRAL_CASE,
}

RULES: dict[str, Rule] = {
    "network:agent_create": listing(WRITE, GP),
    "network:agent_export": listing(READ),
    "network:agent_import": listing(WRITE, GP),
    "network:service_list": listing(READ),
    "network:service_create": listing(WRITE, GP),
    "network:agent_detail": on("agent", READ),
    "network:agent_edit": on("agent", WRITE, GP),
    "network:agent_vetting": on("agent", WRITE, GP),
    "network:agreement_create": on("agent", WRITE, GP),
    "network:agreement_file": on("agreement", READ),
    "network:service_edit": on("service", WRITE, GP),
    "network:case_network": on("case", CASE_READ),
    "network:referral_create": on("case", CASE_WRITE, GP),
    "network:referral_detail": on("referral", CASE_READ, GP, post_perm=CASE_WRITE),
    "network:referral_history": on("referral", CASE_READ),
    "network:my_referrals": listing(RESPOND),
    "network:delivery_create": on("case", CASE_WRITE, GP),
    "network:act_create": on("case", CASE_WRITE, GP),
    "network:delivery_decide": on("delivery", COST, GP),
    "network:act_download": on("act_record", CASE_READ),
    "network:act_file": on("act_record", None, P, post_perm=CASE_WRITE),
    "network:entitlement_create": on("case", CASE_WRITE, GP),
    "api-network-agent-list": listing(READ),
    "api-network-agent-detail": on("agent", READ),
    "api-case-referrals": on("case", CASE_READ, GP, post_perm=CASE_WRITE),
    "api-referral-move": on("referral", None, P, post_perm=CASE_WRITE),
    "api-agent-referral-list": listing(RESPOND),
    "api-agent-referral-respond": on("agent_referral", None, P, post_perm=RESPOND),
    "api-case-deliveries": on("case", CASE_READ, GP, post_perm=CASE_WRITE),
    "api-case-acts": on("case", CASE_READ),
    "network:entitlement_check": on("entitlement", CASE_WRITE, GP),
    "network:complaint_letter": on("entitlement_check", CASE_READ),
    "network:complaint_file": on("entitlement_check", None, P, post_perm=CASE_WRITE),
    "network:my_referral": on("agent_referral", RESPOND, GP),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    from kurator.accounts.models import Norms
    from kurator.cases.tests.factories import open_case_for
    from kurator.core.testing import make_family, make_person
    from kurator.network.services import agents, aid, entitlements, referrals

    head = users[HEAD]
    service = agents.create_service(by=head, name="Продуктовый набор", group="material")
    agent = agents.create_agent(
        by=head,
        name="Опека Смоленского района",
        category="agency",
        territory="Смоленский район",
        email="opeka@example.org",
        catalogue=[service],
        partner_organisation=users[AGENT].organisation,
    )
    agreement = agents.add_agreement(
        agent=agent,
        by=head,
        kind="cooperation",
        number="7-С",
        valid_from=date(2026, 1, 1),
        file=SimpleUploadedFile("agreement.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    family = make_family(by=users[SENIOR], name="Направленцевы")
    person = make_person(by=users[SENIOR], family=family, last_name="Направленцева")
    case = open_case_for(
        senior=users[SENIOR],
        curator=users[CURATOR],
        psychologist=users[PSYCHOLOGIST],
        family=family,
    )
    referral = referrals.create_referral(
        case=case,
        by=users[CURATOR],
        agent=agent,
        service=service,
        need="Продуктовый набор",
        persons=[person],
        due_on=timezone.localdate() + timedelta(days=7),
    )
    referrals.send_referral(referral=referral, by=users[CURATOR])
    # A delivery past a tiny norm waits for the head; another one is in an act.
    Norms.objects.filter(organisation_id=case.organisation_id).update(cost_per_case_max=100)
    today = timezone.localdate()
    given = aid.record_delivery(
        case=case,
        by=users[CURATOR],
        service=service,
        delivered_on=today,
        persons=[person],
        quantity=1,
        unit_cost=50,
        provider="volunteer",
        funding="donation",
    )
    pending = aid.record_delivery(
        case=case,
        by=users[CURATOR],
        service=service,
        delivered_on=today,
        persons=[person],
        quantity=1,
        unit_cost=500,
        provider="volunteer",
        funding="donation",
    )
    act = aid.issue_act(
        case=case, by=users[CURATOR], kind="goods", deliveries=[given], recipient=person
    )
    entitlement = entitlements.add_entitlement(
        case=case,
        by=users[CURATOR],
        person=person,
        title="Социальный работник на дому",
        department="КЦСОН",
        per_week=5,
        starts_on=today - timedelta(days=60),
    )
    check = entitlements.record_check(
        entitlement=entitlement,
        by=users[CURATOR],
        period_start=today - timedelta(days=13),
        period_end=today,
        delivered=4,
    )
    return {
        "entitlement": entitlement,
        "entitlement_check": check,
        "agent": agent,
        "agreement": agreement,
        "service": service,
        "referral": referral,
        "agent_referral": referral,
        "delivery": pending,
        "act_record": act,
    }
