"""Each role lands on its own start page after signing in and on ``/``
(``kurator.core.start_page.start_page_for``): the director and the quality officer on the
organisation's dashboard, a team head on her team's, whoever works on cases on «Мои задачи»,
the intake operator on the signal journal, the resource agent on her referrals, the
administrator on the settings. A ``next`` the sign-in was given wins."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Organisation, Team
from kurator.accounts.roles import RoleCode
from kurator.core.testing import TEST_PASSWORD, make_organisation, make_user

R = RoleCode
DIRECTOR_DASHBOARD = reverse("reports:director_dashboard")
TEAM_DASHBOARD = reverse("reports:team_dashboard")
MY_TASKS = reverse("tasks:mine")

START_PAGES = [
    ([R.PROGRAMME_DIRECTOR], DIRECTOR_DASHBOARD),
    ([R.QUALITY_OFFICER], DIRECTOR_DASHBOARD),
    ([R.TEAM_HEAD], TEAM_DASHBOARD),
    ([R.SENIOR_CURATOR], MY_TASKS),
    ([R.CURATOR], MY_TASKS),
    ([R.PSYCHOLOGIST], MY_TASKS),
    ([R.SPECIALIST], MY_TASKS),
    ([R.INTAKE_OPERATOR], reverse("intake:signal_list")),
    ([R.ADMINISTRATOR], reverse("admin:index")),
    ([R.SUPERVISOR], MY_TASKS),
    ([R.OPERATIONS_MANAGER], MY_TASKS),
    # Several roles: the first line of the rule that fits.
    ([R.CURATOR, R.INTAKE_OPERATOR], MY_TASKS),
    ([R.TEAM_HEAD, R.ADMINISTRATOR], TEAM_DASHBOARD),
]
TEAM_ROLES = {R.TEAM_HEAD, R.SENIOR_CURATOR, R.CURATOR, R.PSYCHOLOGIST, R.SPECIALIST}


def _sign_in(client: Client, username: str, **extra: str) -> str:
    response = client.post(
        reverse("login"), {"username": username, "password": TEST_PASSWORD, **extra}
    )
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize(("roles", "start"), START_PAGES)
def test_each_role_lands_on_its_start_page_after_signing_in_and_on_the_root(
    client: Client, org: Organisation, team: Team, roles: list[str], start: str
) -> None:
    in_team = team if set(roles) & (TEAM_ROLES | {R.INTAKE_OPERATOR}) else None
    user = make_user(*roles, organisation=org, team=in_team)
    assert _sign_in(client, user.username) == start
    root = client.get("/")
    assert (root.status_code, root["Location"]) == (302, start)
    assert client.get(start).status_code == 200


def test_the_resource_agent_lands_on_her_referrals(client: Client, db: None) -> None:
    partner = make_organisation("Центр «Опора»", is_partner=True)
    agent = make_user(R.RESOURCE_AGENT, organisation=partner)
    start = reverse("network:my_referrals")
    assert _sign_in(client, agent.username) == start
    assert client.get("/")["Location"] == start
    assert client.get(start).status_code == 200


def test_a_next_given_to_the_sign_in_wins(client: Client, org: Organisation) -> None:
    director = make_user(R.PROGRAMME_DIRECTOR, organisation=org)
    assert _sign_in(client, director.username, next="/cases/") == "/cases/"


def test_a_next_to_another_site_is_ignored(client: Client, org: Organisation) -> None:
    director = make_user(R.PROGRAMME_DIRECTOR, organisation=org)
    assert _sign_in(client, director.username, next="https://evil.example/") == DIRECTOR_DASHBOARD


def test_my_tasks_stay_one_click_away_for_a_role_that_starts_elsewhere(
    client: Client, org: Organisation
) -> None:
    director = make_user(R.PROGRAMME_DIRECTOR, organisation=org)
    client.force_login(director)
    page = client.get(DIRECTOR_DASHBOARD).content.decode()
    assert f'href="{MY_TASKS}"' in page
    assert "Мои задачи" in client.get(MY_TASKS).content.decode()
