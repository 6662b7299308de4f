"""Dashboards by role (kurator/reports/queries/dashboards.py and its views and API): who sees which
figures, the exact figures from records built through the services, the links behind them,
and query counts that do not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import make_signal, open_case_for
from kurator.core.testing import make_family, make_person, make_user
from kurator.reports.queries import dashboards

MY = reverse("reports:my_dashboard")
TEAM = reverse("reports:team_dashboard")
DIRECTOR = reverse("reports:director_dashboard")
INDEX = reverse("reports:index")
API = reverse("api-report-dashboard")
TASK_KIND = "other"


def _case(senior: User, curator: User, psychologist: User, name: str) -> Case:
    family = make_family(by=senior, name=name)
    make_person(by=senior, family=family, role="parent", first_name="Мария", birth_date=None)
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    # A son joins after the opening and nobody has consented for him yet.
    make_person(by=senior, family=family, role="child", first_name="Петя", birth_date=None)
    return case


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_senior(org: object, other_team: Team) -> User:
    return make_user(
        RoleCode.SENIOR_CURATOR,
        organisation=org,  # type: ignore[arg-type]
        team=other_team,
        username="senior_other",
        last_name="Орлова",
        first_name="Вера",
    )


@pytest.fixture
def other_psychologist(org: object, other_team: Team) -> User:
    return make_user(
        RoleCode.PSYCHOLOGIST,
        organisation=org,  # type: ignore[arg-type]
        team=other_team,
        username="psy_other",
        last_name="Зайцева",
        first_name="Ирина",
    )


@pytest.fixture
def world(
    senior: User,
    curator: User,
    colleague: User,
    psychologist: User,
    other_senior: User,
    other_team_curator: User,
    other_psychologist: User,
) -> dict[str, Case]:
    """Two cases of the curator, one of her colleague, one of another team's curator."""
    return {
        "mine": _case(senior, curator, psychologist, "Ивановы"),
        "mine_late": _case(senior, curator, psychologist, "Петровы"),
        "colleague": _case(senior, colleague, psychologist, "Сидоровы"),
        "other_team": _case(other_senior, other_team_curator, other_psychologist, "Кузнецовы"),
    }


# --- the reports home ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("curator", MY),
        ("psychologist", MY),
        ("senior", TEAM),
        ("head", TEAM),
        ("director", DIRECTOR),
    ],
)
def test_the_reports_home_sends_each_role_to_her_dashboard(
    who: str, target: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    response = _client(user).get(INDEX)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize("who", ["intake_operator", "administrator"])
def test_a_role_without_a_dashboard_has_none(who: str, request: pytest.FixtureRequest) -> None:
    client = _client(request.getfixturevalue(who))
    assert client.get(INDEX).status_code == 404
    assert client.get(API).status_code == 404
    assert client.get(MY).status_code == 403
    assert client.get(TEAM).status_code == 403
    assert client.get(DIRECTOR).status_code == 403


def test_a_curator_has_no_team_or_director_dashboard(curator: User) -> None:
    client = _client(curator)
    assert client.get(TEAM).status_code == 403
    assert client.get(DIRECTOR).status_code == 403


def test_the_anonymous_visitor_is_sent_to_sign_in() -> None:
    assert Client().get(MY).status_code == 302
    assert Client().get(API).status_code == 401


# --- my dashboard ------------------------------------------------------------------------


def test_my_dashboard_counts_only_the_cases_she_curates(
    curator: User, world: dict[str, Case]
) -> None:
    Case.objects.filter(pk=world["mine_late"].pk).update(
        plan_due=timezone.localdate() - timedelta(days=3)
    )
    response = _client(curator).get(MY)
    assert response.status_code == 200
    d = response.context["d"]
    assert d.measures.active == 2
    assert d.measures.overdue == 1
    assert d.measures.consents_missing == 2
    assert [c.pk for c in d.attention] == [world["mine_late"].pk]
    body = response.content.decode()
    assert "Петровы" in body  # her overdue case, by name, with its link
    assert reverse("cases:case_detail", args=[world["mine_late"].pk]) in body
    assert "Сидоровы" not in body and "Кузнецовы" not in body


def test_my_dashboard_flags_the_caseload_over_the_norm(
    org: object, curator: User, world: dict[str, Case]
) -> None:
    from kurator.accounts.models import Norms

    Norms.objects.update_or_create(
        organisation=org, defaults={"caseload_max": 1, "caseload_min": 1, "caseload_optimal": 1}
    )
    response = _client(curator).get(MY)
    assert response.context["d"].over["active"]
    assert re.search(r'data-figure="active" data-over', response.content.decode())


def test_my_dashboard_counts_her_tasks_overdue_today_and_this_week(
    curator: User, world: dict[str, Case]
) -> None:
    from kurator.tasks.services import schedule_task

    today = timezone.localdate()
    client = _client(curator)

    def counts() -> tuple[int, int, int]:
        d = client.get(MY).context["d"]
        return d.tasks_overdue, d.tasks_today, d.tasks_week

    before = counts()
    for n, days in enumerate([-2, 0, 3, 20]):
        schedule_task(
            key=f"test:{n}",
            user=curator,
            title=f"Задача {n}",
            due_on=today + timedelta(days=days),
            kind=TASK_KIND,
        )
    after = counts()
    assert tuple(a - b for a, b in zip(after, before, strict=True)) == (1, 1, 1)
    upcoming = client.get(MY).context["d"].upcoming
    assert all(t.due_on <= today + timedelta(days=7) for t in upcoming)
    assert "Задача 3" not in {t.title for t in upcoming}


def test_every_link_of_my_dashboard_opens_for_her(curator: User, world: dict[str, Case]) -> None:
    client = _client(curator)
    d = client.get(MY).context["d"]
    links = [*d.links.values(), d.tasks_url]
    links += [reverse("cases:case_detail", args=[c.pk]) for c in d.attention]
    assert links
    for url in links:
        assert client.get(url).status_code == 200, url


def test_the_case_list_behind_a_figure_shows_the_same_number(
    curator: User, world: dict[str, Case]
) -> None:
    client = _client(curator)
    d = client.get(MY).context["d"]
    listed = client.get(d.links["active"]).context["page"].paginator.count
    assert listed == d.measures.active == 2


# --- team dashboard ----------------------------------------------------------------------


def test_the_team_head_sees_a_row_per_curator_of_her_team_only(
    head: User, curator: User, colleague: User, other_team_curator: User, world: dict[str, Case]
) -> None:
    response = _client(head).get(TEAM)
    assert response.status_code == 200
    d = response.context["d"]
    rows = {row.key: row for row in d.rows}
    assert curator.pk in rows and colleague.pk in rows
    assert other_team_curator.pk not in rows
    assert rows[curator.pk].measures.active == 2
    assert rows[colleague.pk].measures.active == 1
    assert d.total.measures.active == 3
    body = response.content.decode()
    assert "Кузнецова" not in body  # another team's curator never appears
    for family in ("Ивановы", "Петровы", "Сидоровы", "Кузнецовы"):
        assert family not in body  # counts only, no family names


def test_the_team_head_cannot_ask_for_another_team(
    head: User, other_team: Team, other_team_curator: User, world: dict[str, Case]
) -> None:
    d = _client(head).get(TEAM, {"team": other_team.pk}).context["d"]
    assert other_team_curator.pk not in {row.key for row in d.rows}


def test_the_director_picks_a_team(
    director: User, other_team: Team, other_team_curator: User, world: dict[str, Case]
) -> None:
    client = _client(director)
    picker = client.get(TEAM)
    assert picker.status_code == 200 and picker.context["d"].needs_team
    d = client.get(TEAM, {"team": other_team.pk}).context["d"]
    assert [row.key for row in d.rows] == [other_team_curator.pk]


def test_another_organisations_team_is_a_404(director: User, outsider: User) -> None:
    client = _client(director)
    assert client.get(TEAM, {"team": outsider.team_id}).status_code == 404
    assert client.get(TEAM, {"team": "abc"}).status_code == 404
    assert client.get(API, {"team": outsider.team_id}).status_code == 404


def test_the_signals_pipeline_counts_the_teams_signals_and_links_to_the_journal(
    head: User, senior: User, world: dict[str, Case]
) -> None:
    make_signal(by=senior)
    client = _client(head)
    d = client.get(TEAM).context["d"]
    assert d.pipeline.new == 1
    assert d.pipeline.accepted == 3  # the three cases of the team came from signals
    stages = {s.key: s for s in d.pipeline.stages}
    assert stages["decision"].done == 3
    for url in d.pipeline.links.values():
        assert client.get(url).status_code == 200, url
    for row in d.rows:
        for url in row.links.values():
            assert client.get(url).status_code == 200, url


def test_the_quality_officer_gets_no_journal_links(org: object, world: dict[str, Case]) -> None:
    quality = make_user(RoleCode.QUALITY_OFFICER, organisation=org, username="quality")  # type: ignore[arg-type]
    d = dashboards.director_dashboard(quality)
    assert d.pipeline.links == {}
    assert d.total.measures.active == 4


# --- director dashboard -----------------------------------------------------------------


def test_the_director_sees_every_team_and_the_trends(
    director: User, team: Team, other_team: Team, world: dict[str, Case]
) -> None:
    response = _client(director).get(DIRECTOR)
    assert response.status_code == 200
    d = response.context["d"]
    rows = {row.key: row.measures.active for row in d.rows}
    assert rows == {team.pk: 3, other_team.pk: 1}
    assert len(d.trends) == 12
    assert d.trends[-1].month == timezone.localdate().replace(day=1)
    assert d.trends[-1].new_cases == 4
    assert d.trends[-1].active_cases == 4
    assert sum(t.new_signals for t in d.trends) == 4
    body = response.content.decode()
    assert 'id="dashboard-trends"' in body
    assert "reports/dashboards.js" in body
    assert "<script>" not in body.replace('<script id="dashboard-trends"', "")


def test_the_directors_team_rows_open_that_teams_cases(
    director: User, team: Team, other_team: Team, world: dict[str, Case]
) -> None:
    client = _client(director)
    d = client.get(DIRECTOR).context["d"]
    rows = {row.key: row for row in d.rows}
    for t in (team, other_team):
        links = rows[t.pk].links
        assert links and all(f"team={t.pk}" in url for url in links.values()), links
        listed = client.get(links["active"]).context["page"]
        expected = Case.objects.filter(team=t, status=Case.Status.OPEN)
        assert {c.pk for c in listed.object_list} == set(expected.values_list("pk", flat=True))
        assert listed.paginator.count == rows[t.pk].measures.active
    # The organisation's total opens the whole list.
    assert d.total.links and all("team=" not in url for url in d.total.links.values())
    assert client.get(d.total.links["active"]).context["page"].paginator.count == 4


def test_a_total_narrowed_to_one_team_opens_that_teams_records(
    director: User, other_team: Team, world: dict[str, Case]
) -> None:
    client = _client(director)
    for url in (TEAM, DIRECTOR):
        d = client.get(url, {"team": other_team.pk}).context["d"]
        assert all(f"team={other_team.pk}" in link for link in d.total.links.values()), url
        assert all(f"team={other_team.pk}" in link for link in d.pipeline.links.values()), url
        listed = client.get(d.total.links["active"]).context["page"]
        assert [c.pk for c in listed.object_list] == [world["other_team"].pk]
    # A curator's row of the team dashboard: her cases in that team.
    d = client.get(TEAM, {"team": other_team.pk}).context["d"]
    assert all(f"team={other_team.pk}" in link for link in d.rows[0].links.values())


def test_each_teams_pipeline_opens_that_teams_signals(
    director: User, senior: User, team: Team, other_team: Team, world: dict[str, Case]
) -> None:
    new = make_signal(by=senior)
    client = _client(director)
    response = client.get(DIRECTOR)
    d = response.context["d"]
    for t in (team, other_team):
        links = d.pipelines[t.pk].links
        assert links and all(f"team={t.pk}" in url for url in links.values()), links
        journal = client.get(links["all"]).context["rows"]
        assert journal and {s.team_id for s, _ in journal} == {t.pk}
    waiting = client.get(d.pipelines[team.pk].links["new"]).context["rows"]
    assert [s.pk for s, _ in waiting] == [new.pk]
    assert client.get(d.pipelines[other_team.pk].links["new"]).context["rows"] == []
    # The organisation's pipeline opens the whole journal; the table links each team's.
    assert all("team=" not in url for url in d.pipeline.links.values())
    body = response.content.decode()
    assert d.pipelines[other_team.pk].links["in_progress"].replace("&", "&amp;") in body


def test_a_team_head_on_the_director_dashboard_sees_her_team_only(
    head: User, team: Team, world: dict[str, Case]
) -> None:
    d = _client(head).get(DIRECTOR).context["d"]
    assert [row.key for row in d.rows] == [team.pk]
    assert d.trends[-1].new_cases == 3


# --- the API ------------------------------------------------------------------------------


def test_the_api_gives_each_role_her_own_dashboard(
    curator: User, head: User, director: User, team: Team, world: dict[str, Case]
) -> None:
    mine = _client(curator).get(API).json()
    assert mine["kind"] == "curator"
    assert mine["rows"][0]["active"] == 2
    assert mine["norms"]["caseload_max"] == 15
    assert mine["tasks"] is not None
    teams = _client(head).get(API).json()
    assert teams["kind"] == "team"
    assert {r["id"] for r in teams["rows"]} >= {curator.pk}
    assert teams["signals"]["accepted"] == 3
    org = _client(director).get(API).json()
    assert org["kind"] == "organisation"
    assert org["total"]["active"] == 4
    assert len(org["trends"]) == 12
    one = _client(director).get(API, {"team": team.pk}).json()
    assert one["kind"] == "team" and one["total"]["active"] == 3


def test_the_api_refuses_a_bad_team(director: User) -> None:
    response = _client(director).get(API, {"team": "x"})
    assert response.status_code == 400
    assert "team" in response.json()


# --- query counts -----------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_counts_do_not_grow_with_curators_and_cases(
    org: object,
    team: Team,
    senior: User,
    curator: User,
    head: User,
    director: User,
    psychologist: User,
) -> None:
    _case(senior, curator, psychologist, "Ивановы")
    clients = {url: _client(u) for url, u in ((MY, curator), (TEAM, head), (DIRECTOR, director))}
    before = {url: _queries(c, url) for url, c in clients.items()}
    for n in range(3):
        extra = make_user(RoleCode.CURATOR, organisation=org, team=team, username=f"c{n}")  # type: ignore[arg-type]
        _case(senior, extra, psychologist, f"Семья{n}")
        _case(senior, curator, psychologist, f"Вторая{n}")
    after = {url: _queries(c, url) for url, c in clients.items()}
    assert after == before
    print("dashboard queries:", before)
