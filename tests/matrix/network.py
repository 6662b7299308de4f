"""The resource network's part of the authorization matrix.

The directory (agents, agreements, the catalogue) is the organisation's: every role of the
organisation with ``network.agent:read`` sees it; the supervisor and the quality officer have
no directory (404), nor do other organisations or the agent user.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.test_access_matrix import (
    AGENT,
    ANONYMOUS,
    GP,
    HEAD,
    OTHER_ORG_DIRECTOR,
    OTHER_ORG_HEAD,
    OTHER_SUPERVISOR,
    QUALITY,
    ROLES,
    SUPERVISOR,
    Rule,
    listing,
    on,
)

READ, WRITE = "network.agent:read", "network.agent:write"

ORGANISATION = frozenset(ROLES) - {AGENT, OTHER_ORG_HEAD, OTHER_ORG_DIRECTOR, ANONYMOUS}
DIRECTORY = ORGANISATION - {SUPERVISOR, OTHER_SUPERVISOR, QUALITY}

VISIBLE: dict[str, frozenset[str]] = {
    "agent": DIRECTORY,
    "agreement": DIRECTORY,
    "service": DIRECTORY,
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
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    from kurator.network import services

    head = users[HEAD]
    service = services.create_service(by=head, name="Продуктовый набор", group="material")
    agent = services.create_agent(
        by=head,
        name="Опека Смоленского района",
        category="agency",
        territory="Смоленский район",
        email="opeka@example.org",
        catalogue=[service],
        partner_organisation=users[AGENT].organisation,
    )
    agreement = services.add_agreement(
        agent=agent,
        by=head,
        kind="cooperation",
        number="7-С",
        valid_from=date(2026, 1, 1),
        file=SimpleUploadedFile("agreement.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    return {"agent": agent, "agreement": agreement, "service": service}
