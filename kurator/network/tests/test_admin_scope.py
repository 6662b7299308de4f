"""The directory's admin pages keep to the administrator's organisation (another
organisation's records are invisible); a superuser keeps them all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Organisation, User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import make_organisation, make_team, make_user
from kurator.network.models import ResourceAgent

pytestmark = pytest.mark.django_db


@pytest.fixture
def agents(org: Organisation, outsider: User) -> tuple[ResourceAgent, ResourceAgent]:
    assert outsider.organisation is not None
    ours = ResourceAgent.objects.create(organisation=org, name="Наш фонд «Опора»", category="ngo")
    theirs = ResourceAgent.objects.create(
        organisation=outsider.organisation, name="Чужой центр «Берег»", category="ngo"
    )
    return ours, theirs


def test_the_administrator_sees_only_her_organisations_agents(
    client: Client, administrator: User, agents: tuple[ResourceAgent, ResourceAgent]
) -> None:
    ours, theirs = agents
    client.force_login(administrator)
    response = client.get(reverse("admin:network_resourceagent_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ours.name in page
    assert theirs.name not in page
    change = reverse("admin:network_resourceagent_change", args=[theirs.pk])
    assert client.get(change).status_code == 302  # «no such record», back to the index
    client.post(change, {"name": "Захвачен", "category": "ngo"})
    theirs.refresh_from_db()
    assert theirs.name == "Чужой центр «Берег»"
    form = (
        client.get(reverse("admin:network_resourceagent_change", args=[ours.pk]))
        .context["adminform"]
        .form
    )
    assert list(form.fields["organisation"].queryset) == [administrator.organisation]


def test_a_superuser_sees_every_organisations_agents(
    client: Client, agents: tuple[ResourceAgent, ResourceAgent]
) -> None:
    other = make_organisation("Третья организация")
    root = make_user(RoleCode.ADMINISTRATOR, organisation=other, team=make_team(other))
    User.objects.filter(pk=root.pk).update(is_superuser=True)
    client.force_login(root)
    page = client.get(reverse("admin:network_resourceagent_changelist")).content.decode()
    assert all(agent.name in page for agent in agents)
