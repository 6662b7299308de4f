"""The accounts step of the demo: a role waiting for the director's approval, one approved,
and each demo login landing on her own start page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kurator.accounts.models import RoleGrantRequest
from kurator.core.demo import DemoContext


def test_the_director_has_a_role_request_to_decide_and_quality1_came_through_one(
    demo: DemoContext, client: Client
) -> None:
    pending = RoleGrantRequest.objects.get(status=RoleGrantRequest.Status.PENDING)
    assert pending.user == demo.users["curator2"]
    assert pending.requested_by == demo.users["admin"]
    approved = RoleGrantRequest.objects.get(user=demo.users["quality1"])
    assert approved.status == RoleGrantRequest.Status.APPROVED
    client.force_login(demo.users["director"])
    page = client.get(reverse("accounts:role_requests")).content.decode()
    assert "Громов" in page


def test_each_demo_login_starts_on_her_own_page(demo: DemoContext, client: Client) -> None:
    expected = {
        "director": reverse("reports:director_dashboard"),
        "head1": reverse("reports:team_dashboard"),
        "curator1": reverse("tasks:mine"),
        "intake1": reverse("intake:signal_list"),
        "agent1": reverse("network:my_referrals"),
    }
    for username, path in expected.items():
        client.force_login(demo.users[username])
        assert client.get("/")["Location"] == path, username
    # curator1's reviews run two years ahead: the page shows the next 30 days and a way on.
    client.force_login(demo.users["curator1"])
    assert "Показать все" in client.get(reverse("tasks:mine")).content.decode()
