"""The audit step of the demo: the quality officer and a week of reads to look through."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kurator.accounts.roles import RoleCode
from kurator.audit import events
from kurator.audit.models import AuditEvent, ReadLogEntry
from kurator.core.demo import DEMO_LOGINS, DemoContext


def test_the_demo_has_a_quality_officer_with_reads_to_look_through(
    demo: DemoContext, client: Client
) -> None:
    quality = demo.users["quality1"]
    assert quality.role_codes == {RoleCode.QUALITY_OFFICER}
    assert quality.team_id is None
    assert "quality1" in dict(DEMO_LOGINS)
    created = AuditEvent.objects.get(target_user=quality, kind=events.USER_CREATED)
    assert created.actor == demo.users["admin"]

    rows = ReadLogEntry.objects.filter(organisation=demo.organisation)
    assert {r.user.username for r in rows} >= {"head1", "curator1"}
    assert {r.kind for r in rows} == {"list", "case", "family"}
    assert rows.filter(scope=ReadLogEntry.Scope.OWN_CASE).exists()
    assert rows.filter(scope=ReadLogEntry.Scope.TEAM).exists()
    assert all(r.at.date() < demo.today for r in rows)

    client.force_login(quality)
    response = client.get(reverse("audit:log"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50  # more than a page
