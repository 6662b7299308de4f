"""The audit viewer of the quality officer: filters, pagination, one organisation only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.services import set_user_roles
from kurator.audit.models import ReadLogEntry
from kurator.audit.services import simulated_request
from kurator.audit.tests.helpers import as_user
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person, make_team, make_user
from kurator.people.models import Family

LOG = reverse("audit:log")


def _read_case(user: User, case: Case, *, days_ago: int = 0) -> None:
    at = timezone.now() - timedelta(days=days_ago)
    with simulated_request(path=f"/cases/{case.pk}/", user=user, at=at):
        access.get_case(user, case.pk)


def _rows(client: Client, query: str = "") -> list[ReadLogEntry]:
    response = client.get(LOG + query)
    assert response.status_code == 200
    return [row for row, _name in response.context["rows"]]


@pytest.fixture
def second_case(senior: User, colleague: User, psychologist: User) -> Case:
    family = make_family(by=senior, name="Петровы")
    return open_case_for(senior=senior, curator=colleague, psychologist=psychologist, family=family)


@pytest.mark.parametrize("who", ["curator", "head", "senior", "director", "administrator"])
def test_the_viewer_is_403_for_everyone_but_the_quality_officer(
    client: Client, request: pytest.FixtureRequest, who: str
) -> None:
    user = request.getfixturevalue(who)
    assert as_user(client, user).get(LOG).status_code == 403
    assert client.get(reverse("audit:events")).status_code == 403


def test_the_quality_officer_has_the_viewer_in_her_menu(
    client: Client, quality_officer: User, curator: User
) -> None:
    html = as_user(client, quality_officer).get(LOG).content.decode()
    assert "Журнал доступа" in html
    assert f'href="{LOG}"' in html
    curator_html = as_user(client, curator).get(reverse("tasks:mine")).content.decode()
    assert f'href="{LOG}"' not in curator_html


def test_the_viewer_shows_the_organisations_reads_newest_first(
    client: Client, quality_officer: User, curator: User, head: User, case: Case
) -> None:
    _read_case(curator, case, days_ago=1)
    _read_case(head, case)
    rows = _rows(as_user(client, quality_officer))
    # The viewer's own page is logged after it is shown: not on it yet.
    assert [r.user for r in rows] == [head, curator]
    html = client.get(LOG).content.decode()
    assert "Ивановы" in html  # the family's name, through the officer's scope
    assert f"Случай №{case.pk}" in html


def test_another_organisations_reads_are_never_shown(
    client: Client,
    quality_officer: User,
    other_quality_officer: User,
    curator: User,
    case: Case,
) -> None:
    _read_case(curator, case)
    assert _rows(as_user(client, other_quality_officer)) == []
    assert _rows(client, f"?case={case.pk}") == []
    assert _rows(client, f"?family={case.family_id}") == []
    assert _rows(client, "?q=Иван") == []
    assert len(_rows(as_user(client, quality_officer))) == 1


def test_filter_by_user(
    client: Client,
    quality_officer: User,
    curator: User,
    head: User,
    case: Case,
) -> None:
    _read_case(curator, case)
    _read_case(head, case)
    rows = _rows(as_user(client, quality_officer), f"?user={curator.pk}")
    assert [r.user for r in rows] == [curator]


def test_a_user_of_another_organisation_is_not_a_choice(
    client: Client, quality_officer: User, outsider: User
) -> None:
    response = as_user(client, quality_officer).get(LOG + f"?user={outsider.pk}")
    assert response.status_code == 200
    assert "user" in response.context["form"].errors


def test_filter_by_case_includes_its_documents_and_nothing_else(
    client: Client,
    quality_officer: User,
    curator: User,
    colleague: User,
    case: Case,
    second_case: Case,
) -> None:
    _read_case(curator, case)
    _read_case(colleague, second_case)
    rows = _rows(as_user(client, quality_officer), f"?case={case.pk}")
    assert [(r.kind, r.object_id) for r in rows] == [("case", case.pk)]


def test_filter_by_name_finds_everything_read_about_the_family(
    client: Client,
    quality_officer: User,
    senior: User,
    curator: User,
    colleague: User,
    case: Case,
    second_case: Case,
    family: Family,
) -> None:
    person = make_person(by=senior, family=family, last_name="Иванова", first_name="Дарья")
    _read_case(curator, case)
    _read_case(colleague, second_case)
    with simulated_request(path=f"/people/persons/{person.pk}/", user=curator):
        access.get_person(curator, person.pk)
    rows = _rows(as_user(client, quality_officer), "?q=иванова")
    assert {(r.kind, r.object_id) for r in rows} == {("case", case.pk), ("person", person.pk)}
    by_family = _rows(client, f"?family={family.pk}")
    assert {(r.kind, r.object_id) for r in by_family} == {("case", case.pk), ("person", person.pk)}
    by_person = _rows(client, f"?person={person.pk}")
    assert {(r.kind, r.object_id) for r in by_person} == {("case", case.pk), ("person", person.pk)}
    assert _rows(client, "?q=Никого") == []


def test_filter_by_period_and_kind(
    client: Client, quality_officer: User, curator: User, case: Case
) -> None:
    _read_case(curator, case, days_ago=10)
    _read_case(curator, case, days_ago=2)
    with simulated_request(path="/cases/", user=curator):
        pass  # a list page
    today = timezone.localdate()
    as_user(client, quality_officer)
    week = f"?user={curator.pk}&date_from={today - timedelta(days=7)}&date_to={today}"
    assert len(_rows(client, week)) == 2
    assert [r.kind for r in _rows(client, week + "&kind=list")] == ["list"]
    old = today - timedelta(days=10)
    assert len(_rows(client, f"?date_from={old}&date_to={old}")) == 1
    # The officer's own look at the log is logged too, as a list page.
    own = _rows(client, f"?user={quality_officer.pk}&kind=list")
    assert own and all(r.path.startswith(LOG) for r in own)


def test_a_period_that_ends_before_it_starts_is_an_error_not_a_crash(
    client: Client, quality_officer: User
) -> None:
    response = as_user(client, quality_officer).get(
        LOG + "?date_from=2026-02-01&date_to=2026-01-01"
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


def test_the_viewer_is_paginated_and_query_bounded(
    client: Client,
    quality_officer: User,
    curator: User,
    case: Case,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(60):
        _read_case(curator, case)
    as_user(client, quality_officer).get(LOG)
    with django_assert_max_num_queries(12):
        response = client.get(LOG)
    assert len(response.context["rows"]) == 50
    assert len(_rows(client, "?page=2")) >= 10


def test_the_rights_page_lists_role_changes_of_the_organisation_only(
    client: Client,
    quality_officer: User,
    other_quality_officer: User,
    administrator: User,
    curator: User,
    outsider: User,
    django_assert_max_num_queries: Any,
) -> None:
    set_user_roles(user=curator, roles=["administrator"], by=administrator)
    set_user_roles(user=outsider, roles=["curator"])
    as_user(client, quality_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:events") + f"?user={curator.pk}")
    html = response.content.decode()
    assert "Изменены роли" in html
    assert "Куратор случая" in html and "Администратор" in html
    assert "Сидоров А." in html  # the administrator who changed them
    other = as_user(client, other_quality_officer).get(reverse("audit:events"))
    assert "Белова" not in other.content.decode()


def test_a_new_team_member_of_another_team_is_listed_in_the_user_filter(
    client: Client, quality_officer: User, org: Any
) -> None:
    newcomer = make_user("curator", organisation=org, team=make_team(org), username="newcomer")
    html = as_user(client, quality_officer).get(LOG).content.decode()
    assert "newcomer" in html
    assert newcomer.pk
