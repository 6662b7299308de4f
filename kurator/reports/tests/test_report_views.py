"""The indicator report page: who may open it, whose figures it shows, the period
form's messages, the number of queries.

``register_world`` builds the state-register data the report, the downloads, the API and the
browser test read: families on the register and children leaving shelters in 2025 and 2026,
in the team «Смоленск» (the head's) and in another team of the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_user
from kurator.meetings.models import RegisterEntry
from kurator.people.models import Family
from kurator.reports.models import ShelterExit
from kurator.reports.services.records import record_shelter_exit

URL = reverse("reports:indicators")
IMPROVED = RegisterEntry.RemovalReason.IMPROVED
DEPRIVATION = RegisterEntry.RemovalReason.DEPRIVATION
BIRTH = ShelterExit.Destination.BIRTH_FAMILY
SUBSTITUTE = ShelterExit.Destination.SUBSTITUTE_FAMILY


@dataclass
class RegisterWorld:
    team_case: Case
    other_case: Case


def _entries(
    case: Case,
    by: User,
    count: int,
    registered_on: date,
    removed_on: date | None = None,
    reason: str = "",
) -> None:
    """``count`` families on the register, each with an entry hanging off ``case`` (whose team
    the report scope reads); bulk rows — the register of a region holds hundreds."""
    families = Family.objects.bulk_create(
        Family(
            organisation_id=case.organisation_id, team=case.team, name=f"Семья {n}", created_by=by
        )
        for n in range(count)
    )
    RegisterEntry.objects.bulk_create(
        RegisterEntry(
            organisation_id=case.organisation_id,
            family=family,
            case=case,
            registered_on=registered_on,
            removed_on=removed_on,
            removal_reason=reason,
            registered_by=by,
            removed_by=by if removed_on else None,
        )
        for family in families
    )


def _exits(team: Team, by: User, left_on: date, *destinations: str) -> None:
    for destination in destinations:
        record_shelter_exit(
            shelter="СРЦН «Радуга»", left_on=left_on, destination=destination, team=team, by=by
        )


def register_world(
    *,
    org: Organisation,
    team: Team,
    other_team: Team,
    senior: User,
    curator: User,
    psychologist: User,
    director: User,
) -> RegisterWorld:
    """Team «team»: 2025 — 6 families on the register, 2 removed as the situation improved,
    1 of 4 children leaving shelters went home (25 %); 2026 — 5 families, 1 removed after
    deprivation of parental rights, 3 of 5 children went home (60 %). The other team adds 3
    families in both years and 1 child of 1 going home in 2026: organisation-wide 9 → 8
    families, 25 % → 4 of 6 = 67 %."""
    team_case = open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Ивановы"),
    )
    other_senior = make_user(RoleCode.SENIOR_CURATOR, organisation=org, team=other_team)
    other_curator = make_user(RoleCode.CURATOR, organisation=org, team=other_team)
    other_psychologist = make_user(RoleCode.PSYCHOLOGIST, organisation=org, team=other_team)
    other_case = open_case_for(
        senior=other_senior,
        curator=other_curator,
        psychologist=other_psychologist,
        family=make_family(by=other_senior, name="Петровы"),
    )
    _entries(team_case, senior, 4, date(2025, 2, 1))
    _entries(team_case, senior, 2, date(2025, 3, 1), date(2025, 11, 1), IMPROVED)
    _entries(team_case, senior, 1, date(2026, 2, 1), date(2026, 6, 1), DEPRIVATION)
    _entries(other_case, other_senior, 3, date(2025, 5, 1))
    _exits(team, director, date(2025, 4, 10), BIRTH, SUBSTITUTE, SUBSTITUTE, SUBSTITUTE)
    _exits(team, director, date(2026, 4, 10), BIRTH, BIRTH, BIRTH, SUBSTITUTE, SUBSTITUTE)
    _exits(other_team, director, date(2026, 5, 5), BIRTH)
    return RegisterWorld(team_case=team_case, other_case=other_case)


@pytest.fixture
def world(
    org: Organisation,
    team: Team,
    other_team: Team,
    senior: User,
    curator: User,
    psychologist: User,
    director: User,
) -> RegisterWorld:
    return register_world(
        org=org,
        team=team,
        other_team=other_team,
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        director=director,
    )


@pytest.fixture
def quality(org: Organisation) -> User:
    return make_user(RoleCode.QUALITY_OFFICER, organisation=org, username="quality")


def _page(client: Client, user: User, **params: Any) -> Any:
    client.force_login(user)
    return client.get(URL, params)


def _row(page: Any, key: str) -> str:
    body = page.content.decode()
    start = body.index(f'data-testid="figure-{key}"')
    return body[start : body.index("</tr>", start)]


# --- who may open it -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "head", "senior", "quality"])
def test_report_readers_open_the_page(client: Client, role: str, request: Any) -> None:
    user = request.getfixturevalue(role)
    page = _page(client, user, year=2026)
    assert page.status_code == 200
    assert "Показатели работы" in page.content.decode()
    assert page.context["report"].period.start == date(2026, 1, 1)
    assert page.context["report"].previous.start == date(2025, 1, 1)


def test_a_curator_may_not_open_the_report(client: Client, curator: User) -> None:
    assert _page(client, curator).status_code == 403


def test_the_downloads_need_the_export_permission(
    client: Client, senior: User, quality: User
) -> None:
    for user in (senior, quality):
        client.force_login(user)
        assert client.get(reverse("reports:indicators_xlsx")).status_code == 403
        assert client.get(reverse("reports:indicators_pdf")).status_code == 403
        page = client.get(URL).content.decode()
        assert 'data-testid="export-xlsx"' not in page


def test_without_parameters_it_is_the_current_year_against_the_year_before(
    client: Client, director: User
) -> None:
    from django.utils import timezone

    report = _page(client, director).context["report"]
    year = timezone.localdate().year
    assert (report.period.start, report.period.end) == (date(year, 1, 1), date(year, 12, 31))
    assert report.previous.start == date(year - 1, 1, 1)


# --- whose figures -------------------------------------------------------------------------


def test_the_director_sees_the_organisation_and_the_head_her_team_only(
    client: Client, world: RegisterWorld, director: User, head: User
) -> None:
    organisation = _page(client, director, year=2026)
    assert "9</td>" in _row(organisation, "register_families")
    assert "8</td>" in _row(organisation, "register_families")
    entered = _row(organisation, "register_entered")  # 2025: 4 + 2 + 3 put on it; 2026: 1
    assert ">9</td>" in entered and ">1</td>" in entered
    assert "4 из 6 (67 %)" in _row(organisation, "shelter_children_returned")
    team = _page(client, head, year=2026)
    row = _row(team, "register_families")
    assert ">6</td>" in row and ">5</td>" in row and "−17 %" in row
    shelter = _row(team, "shelter_children_returned")
    assert "1 из 4 (25 %)" in shelter and "3 из 5 (60 %)" in shelter and "+35 п. п." in shelter
    assert "Смоленск" in team.content.decode()


def test_the_head_cannot_widen_her_scope_by_asking_for_another_team(
    client: Client, world: RegisterWorld, head: User, other_team: Team
) -> None:
    page = _page(client, head, year=2026, team=other_team.pk)
    assert page.status_code == 200
    assert page.context["report"].scope_label == "Смоленск"
    assert page.context["report"].figure("register_families").current == 5


def test_the_director_may_pick_a_team(
    client: Client, world: RegisterWorld, director: User, other_team: Team
) -> None:
    page = _page(client, director, year=2026, team=other_team.pk)
    report = page.context["report"]
    assert report.scope_label == other_team.name
    assert report.figure("register_families").current == 3
    assert report.figure("shelter_children_returned").current == 1


def test_a_team_of_another_organisation_is_refused_in_the_form(
    client: Client, director: User, team: Team, outsider: User
) -> None:
    assert outsider.team is not None
    page = _page(client, director, year=2026, team=outsider.team.pk)
    assert page.status_code == 200
    assert page.context["report"] is None
    assert "Выберите команду из списка." in page.content.decode()


# --- the period ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "start", "end", "label"),
    [
        ({"year": 2026, "part": "q2"}, date(2026, 4, 1), date(2026, 6, 30), "II квартал 2026"),
        ({"year": 2026, "part": "h1"}, date(2026, 1, 1), date(2026, 6, 30), "первое полугодие"),
        ({"year": 2026, "part": "m9"}, date(2026, 1, 1), date(2026, 9, 30), "9 месяцев 2026"),
        (
            {"year": 2024, "part": "month", "month": 2},
            date(2024, 2, 1),
            date(2024, 2, 29),
            "февраль 2024",
        ),
        (
            {"part": "custom", "start": "2026-03-15", "end": "2026-05-14"},
            date(2026, 3, 15),
            date(2026, 5, 14),
            "15.03.2026–14.05.2026",
        ),
        (
            {"part": "custom", "start": "15.03.2026", "end": "14.03.2027"},
            date(2026, 3, 15),
            date(2027, 3, 14),
            "15.03.2026–14.03.2027",
        ),
    ],
)
def test_parts_of_the_year(
    client: Client, director: User, params: dict[str, Any], start: date, end: date, label: str
) -> None:
    page = _page(client, director, **params)
    report = page.context["report"]
    assert (report.period.start, report.period.end) == (start, end)
    assert report.previous.start == start.replace(year=start.year - 1)
    assert label in page.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"part": "custom", "start": "2026-05-01", "end": "2026-04-30"},
            "Конец периода раньше его начала.",
        ),
        (
            {"part": "custom", "start": "2025-01-01", "end": "2026-01-02"},
            "Период длиннее года (367 дн.)",
        ),
        ({"part": "custom", "start": "2026-05-01"}, "Укажите конец периода."),
        ({"part": "custom", "end": "2026-05-01"}, "Укажите начало периода."),
        (
            {"part": "custom", "start": "31.02.2026", "end": "2026-05-01"},
            "Дата в формате ДД.ММ.ГГГГ.",
        ),
        (
            {"part": "custom", "start": "0001-01-01", "end": "0001-12-31"},
            "Дата должна быть между 2000 и 2100 годом.",
        ),
        ({"part": "month"}, "Выберите месяц."),
        ({"year": "abc"}, "Год — четыре цифры, например 2026."),
        ({"year": 1999}, "Год — не раньше 2000."),
        ({"part": "decade"}, "Выберите корректный вариант."),
    ],
)
def test_a_bad_period_is_a_message_not_an_error(
    client: Client, director: User, params: dict[str, Any], message: str
) -> None:
    page = _page(client, director, **params)
    assert page.status_code == 200
    assert page.context["report"] is None
    assert message in page.content.decode()


def test_a_bad_period_download_is_a_400_with_the_message(client: Client, director: User) -> None:
    client.force_login(director)
    answer = client.get(
        reverse("reports:indicators_xlsx"),
        {"part": "custom", "start": "2026-05-01", "end": "2026-01-01"},
    )
    assert answer.status_code == 400
    assert "Конец периода раньше его начала." in answer.content.decode()


# --- the page ------------------------------------------------------------------------------


def test_charts_get_their_data_through_json_script_and_a_static_file(
    client: Client, world: RegisterWorld, director: User
) -> None:
    page = _page(client, director, year=2026)
    body = page.content.decode()
    assert '<script id="indicator-charts" type="application/json">' in body
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert "reports/indicators.js" in body
    assert 'data-report-chart="register"' in body
    charts = page.context["charts"]
    register = next(s for s in charts["sections"] if s["key"] == "register")
    # On the register, put on it, removed as improved, removed after deprivation.
    assert register["previous"][:4] == [9.0, 9.0, 2.0, 0.0]
    assert register["current"][:4] == [8.0, 1.0, 0.0, 1.0]
    assert (charts["previous"], charts["current"]) == ("2025", "2026")


def test_every_section_of_the_report_has_its_table(client: Client, director: User) -> None:
    page = _page(client, director, year=2026)
    body = page.content.decode()
    for key in (
        "signals",
        "cases",
        "help",
        "long_term",
        "parental_rights",
        "register",
        "norms",
        "wellbeing",
        "engagement",
        "hotline",
    ):
        assert f'data-testid="section-{key}"' in body


def test_the_page_query_count_does_not_grow_with_the_data(
    client: Client,
    world: RegisterWorld,
    director: User,
    django_assert_max_num_queries: Any,
) -> None:
    """About 60 queries (the engine's aggregates for both periods, the session, the read
    log); the same number with 40 more families on the register."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(director)
    client.get(URL, {"year": 2026})  # warm the session and caches
    with django_assert_max_num_queries(80), CaptureQueriesContext(connection) as before:
        assert client.get(URL, {"year": 2026}).status_code == 200
    _entries(world.team_case, director, 40, date(2026, 1, 10))
    with django_assert_max_num_queries(80), CaptureQueriesContext(connection) as after:
        page = client.get(URL, {"year": 2026})
    assert page.context["report"].figure("register_families").current == 48
    assert len(after.captured_queries) == len(before.captured_queries)
