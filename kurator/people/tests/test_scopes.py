"""The scopes of families and persons: a curator sees the families of her cases and of
her first visits, the team's intake pool and what she created — not her colleagues' families;
the intake operator sees the team's families but no case contents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kurator import access
from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import make_signal, open_case_for
from kurator.core.testing import make_family, make_person, make_user
from kurator.documents.services.folder import upload_document
from kurator.documents.tests.files import upload
from kurator.intake import services as intake
from kurator.people.duplicates import find_duplicates
from kurator.people.models import Family

BIRTH = date(2016, 4, 2)
ADULT = date(1986, 9, 1)


@pytest.fixture
def colleagues_case(senior: User, colleague: User, org: Organisation, team: Team) -> Case:
    """A case of ``colleague`` (her own first visit with another psychologist)."""
    psychologist = make_user(RoleCode.PSYCHOLOGIST, organisation=org, team=team)
    family = make_family(by=senior, name="Громовы")
    make_person(by=senior, family=family, last_name="Громова", first_name="Лиза", birth_date=BIRTH)
    make_person(
        by=senior,
        family=family,
        last_name="Громова",
        first_name="Ирина",
        role="parent",
        birth_date=ADULT,
    )
    return open_case_for(senior=senior, curator=colleague, psychologist=psychologist, family=family)


@pytest.fixture
def own_case(senior: User, curator: User, psychologist: User) -> Case:
    family = make_family(by=senior, name="Беловы")
    make_person(by=senior, family=family, last_name="Белова", first_name="Ника")
    make_person(
        by=senior,
        family=family,
        last_name="Белова",
        first_name="Ирина",
        role="parent",
        birth_date=ADULT,
    )
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


def _families(user: User) -> set[str]:
    return set(access.families_visible_to(user).values_list("name", flat=True))


def _persons(user: User) -> set[str]:
    return set(access.persons_visible_to(user).values_list("last_name", flat=True))


def test_a_curator_sees_her_families_and_the_pool_not_her_colleagues(
    own_case: Case, colleagues_case: Case, curator: User, senior: User
) -> None:
    make_family(by=senior, name="Пуловы")  # no case, no signal: the intake pool
    assert _families(curator) == {"Беловы", "Пуловы"}
    assert _persons(curator) == {"Белова"}
    assert _families(senior) == {"Беловы", "Громовы", "Пуловы"}


def test_the_first_visit_team_sees_the_family_once_named(
    senior: User, intake_operator: User, curator: User, colleague: User, psychologist: User
) -> None:
    family = make_family(by=intake_operator, name="Новиковы")
    signal = make_signal(by=intake_operator, family=family)
    # Still in the pool: everyone of the team's workers sees it.
    assert "Новиковы" in _families(colleague)
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    assert "Новиковы" in _families(curator)
    assert "Новиковы" in _families(psychologist)
    assert "Новиковы" not in _families(colleague)


def test_a_curator_keeps_seeing_the_family_she_created(
    senior: User, curator: User, colleague: User, psychologist: User, team: Team
) -> None:
    family = make_family(by=curator, name="Созданные")
    make_signal(by=senior, family=family)
    signal = make_signal(by=senior, family=family)
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=colleague,
        psychologist=psychologist,
        planned_date=None,
    )
    assert "Созданные" in _families(curator)
    assert "Созданные" not in _families(
        make_user(RoleCode.CURATOR, organisation=team.organisation, team=team)
    )


@pytest.mark.parametrize(
    "name",
    ["people:family_detail", "people:family_edit", "people:member_add", "cases:one_off_help_list"],
)
def test_a_colleagues_family_is_a_404_for_the_curator(
    client: Client, colleagues_case: Case, curator: User, name: str
) -> None:
    client.force_login(curator)
    url = reverse(
        name, kwargs={"family_id" if "one_off" in name else "pk": colleagues_case.family_id}
    )
    assert client.get(url).status_code == 404


def test_lists_searches_and_the_api_start_from_the_scope(
    client: Client, own_case: Case, colleagues_case: Case, curator: User
) -> None:
    client.force_login(curator)
    for url, query in [
        (reverse("people:family_list"), {"q": "ов"}),
        (reverse("api-families"), {"search": "ов"}),
        (reverse("api-persons"), {"search": "ов"}),
        (reverse("cases:case_list"), {}),
        (reverse("api-cases"), {}),
        (reverse("intake:signal_list"), {}),
        (reverse("api-signal-list"), {}),
    ]:
        body = client.get(url, query).content.decode()
        assert "Громов" not in body, url
        assert "Белов" in body or "signal" in url, url


def test_the_duplicate_check_of_a_curator_does_not_reach_a_colleagues_family(
    client: Client, colleagues_case: Case, curator: User, intake_operator: User
) -> None:
    assert find_duplicates(user=curator, last_name="Громова", first_name="Лиза") == []
    client.force_login(curator)
    response = client.get(
        reverse("api-person-duplicates"), {"last_name": "Громова", "first_name": "Лиза"}
    )
    assert response.json() == []
    # The intake operator of the team sees the person in full (her scope is the team).
    match = find_duplicates(user=intake_operator, last_name="Громова", first_name="Лиза")[0]
    assert not match.restricted


def test_a_restricted_match_carries_only_name_birth_year_case_status_and_curator(
    client: Client, colleagues_case: Case, org: Organisation, other_team: Team
) -> None:
    operator = make_user(RoleCode.INTAKE_OPERATOR, organisation=org, team=other_team)
    client.force_login(operator)
    response = client.get(
        reverse("api-person-duplicates"),
        {"last_name": "Громова", "first_name": "Лиза", "birth_date": BIRTH.isoformat()},
    )
    (match,) = response.json()
    person = match["person"]
    assert person["restricted"] is True
    assert (person["full_name"], person["birth_year"]) == ("Громова Лиза Петровна", 2016)
    assert (person["id"], person["birth_date"], person["sex"], person["families"]) == (
        None,
        None,
        "",
        [],
    )
    (case,) = match["cases"]
    assert (case["status"], case["curator"]) == ("open", "Громов Н.")
    assert (case["id"], case["opened_at"]) == (None, None)
    assert "дата рождения совпадает" not in match["reasons"]


def test_the_intake_operator_sees_the_teams_families_but_no_case_contents(
    client: Client, own_case: Case, intake_operator: User, curator: User
) -> None:
    document = upload_document(
        case=own_case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    client.force_login(intake_operator)
    assert client.get(reverse("people:family_detail", args=[own_case.family_id])).status_code == 200
    for url in (
        reverse("cases:case_detail", args=[own_case.pk]),
        reverse("documents:folder", args=[own_case.pk]),
        reverse("documents:download", args=[document.pk]),
        reverse("api-case-detail", args=[own_case.pk]),
        reverse("api-case-timeline", args=[own_case.pk]),
        reverse("api-case-documents", args=[own_case.pk]),
        reverse("api-document-download", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    card = client.get(reverse("people:family_detail", args=[own_case.family_id]))
    assert reverse("cases:case_detail", args=[own_case.pk]) not in card.content.decode()


def test_roles_without_people_data_see_no_family(
    own_case: Case, administrator: User, org: Organisation
) -> None:
    for user in (
        administrator,
        make_user(RoleCode.SUPERVISOR, organisation=org),
        make_user(RoleCode.RESOURCE_AGENT, organisation=org),
    ):
        assert not access.families_visible_to(user).exists()
        assert not access.persons_visible_to(user).exists()


def test_the_family_list_of_a_curator_stays_query_bounded(
    client: Client,
    senior: User,
    curator: User,
    psychologist: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for n in range(3):
        family = make_family(by=senior, name=f"Семья {n}")
        open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    client.force_login(curator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("people:family_list"))
    assert len(response.context["page"].object_list) == 3
    assert isinstance(response.context["page"].object_list[0], Family)


def test_a_person_in_no_family_is_seen_only_by_the_team_that_recorded_her(
    client: Client,
    intake_operator: User,
    head: User,
    curator: User,
    director: User,
    other_team: Team,
    org: Organisation,
) -> None:
    """A child named in a signal before the household is known: her team and the
    organisation-wide roles see her; another team's head and curator get «not found»."""
    child = make_person(by=intake_operator, last_name="Безсемейная", first_name="Вера")
    assert child.team_id == intake_operator.team_id
    other_head = make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team)
    other_curator = make_user(RoleCode.CURATOR, organisation=org, team=other_team)
    for user in (intake_operator, head, curator, director):
        assert access.persons_visible_to(user).filter(pk=child.pk).exists(), user
    for user in (other_head, other_curator):
        assert not access.persons_visible_to(user).filter(pk=child.pk).exists(), user
        client.force_login(user)
        page = client.get(reverse("people:person_detail", args=[child.pk]))
        assert page.status_code == 404
        answer = client.get(f"/api/v1/persons/{child.pk}/")
        assert answer.status_code == 404
        listing = client.get("/api/v1/persons/").json()
        assert child.pk not in {row["id"] for row in listing}
