"""The resource directory: suggestions for informed refusals and the read-only page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import make_user
from kurator.network.errors import NetworkError
from kurator.network.matching import rank_agents
from kurator.network.models import ResourceAgent
from kurator.network.services.agents import create_agent


def _agent(name: str, territory: str, services: str = "") -> ResourceAgent:
    # Unsaved: ranking is pure text matching.
    return ResourceAgent(name=name, territory=territory, services=services, category="ngo")


def test_agents_on_the_family_territory_rank_first() -> None:
    pochinok = _agent("Центр Починковского района", "Починковский район")
    region = _agent("Юридическая клиника", "Смоленская область")
    volgograd = _agent("Фонд", "Волгоград, Волжский")
    ranked = rank_agents(
        [volgograd, region, pochinok], address="Смоленская обл., Починковский р-н, с. Лучеса"
    )
    assert [m.agent for m in ranked] == [pochinok, region]


def test_services_matching_the_need_count_too() -> None:
    food = _agent("Банк еды", "Смоленск", "продуктовые наборы, детское питание")
    legal = _agent("Юристы", "Смоленск", "юридические консультации")
    ranked = rank_agents([legal, food], address="г. Смоленск", need="нет продуктов и питания")
    assert ranked[0].agent == food


def test_nothing_matches_nothing() -> None:
    assert rank_agents([_agent("Фонд", "Волгоград")], address="г. Смоленск") == []


def test_agent_needs_a_name_and_a_known_category(head: User) -> None:
    with pytest.raises(NetworkError) as error:
        create_agent(by=head, name=" ", category="ngo")
    assert error.value.field == "name"
    with pytest.raises(NetworkError) as error:
        create_agent(by=head, name="Фонд", category="alien")
    assert error.value.field == "category"


def test_directory_page_lists_the_organisation_agents(
    client: Client, curator: User, head: User, outsider: User
) -> None:
    create_agent(by=head, name="Банк еды", category="ngo", territory="Смоленск")
    create_agent(by=outsider, name="Чужой фонд", category="ngo")
    client.force_login(curator)
    response = client.get(reverse("network:agent_list"), {"q": "бан"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Банк еды" in html
    assert "Чужой фонд" not in html


def test_directory_page_is_closed_to_agents_themselves(client: Client, org: object) -> None:
    agent_user = make_user(RoleCode.RESOURCE_AGENT, organisation=org)  # type: ignore[arg-type]
    client.force_login(agent_user)
    assert client.get(reverse("network:agent_list")).status_code == 403
