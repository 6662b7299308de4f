"""The duplicate check: what it tolerates, how it ranks, and whom it shows to whom."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.core.testing import make_family, make_person, make_user
from kurator.people.duplicates import (
    DuplicateMatch,
    edit_distance,
    edit_neighbourhood,
    find_duplicates,
)
from kurator.people.models import Family, FamilyMembership, FamilyRole, Person

MARIA_BIRTH = date(1988, 3, 14)


@pytest.fixture
def maria(curator: User) -> Person:
    family = make_family(by=curator, name="Семёновы")
    return make_person(
        by=curator,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Семёнова",
        first_name="Мария",
        middle_name="Петровна",
        birth_date=MARIA_BIRTH,
    )


def _case(family: Family, curator: User) -> Case:
    """An open case of ``family``. Written directly: the case's own lifecycle (signal, visit,
    decision) is the cases app's to test; here only «the family has a case» matters."""
    return Case.objects.create(
        organisation=family.organisation,
        team=family.team,
        family=family,
        curator=curator,
        opened_at=datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
    )


def _ids(matches: list[DuplicateMatch]) -> list[int]:
    return [m.person.pk for m in matches]


def test_edit_distance_counts_a_swap_of_neighbours_as_one() -> None:
    assert edit_distance("иванова", "иванова") == 0
    assert edit_distance("иванова", "ианова") == 1  # deleted
    assert edit_distance("иванова", "иваннова") == 1  # inserted
    assert edit_distance("иванова", "ивонова") == 1  # replaced
    assert edit_distance("иванова", "ивнаова") == 1  # swapped
    assert edit_distance("иванова", "петрова") == 4


def test_edit_neighbourhood_holds_every_single_typo() -> None:
    near = edit_neighbourhood("ким")
    assert {"ким", "кимм", "км", "кит", "икм", "ким-"} <= near
    assert "кот" not in near


@pytest.mark.parametrize(
    ("last_name", "first_name", "middle_name"),
    [
        ("Семёнова", "Мария", "Петровна"),  # as written
        ("СЕМЕНОВА", "мария", "петровна"),  # case and ё/е
        ("Семенова", "Мария", ""),  # no patronymic
        ("Семенва", "Мария", "Петровна"),  # a letter missing in the surname
        ("Семеннова", "Мария", "Петровна"),  # a letter too many
        ("Семенова", "Марья", "Петровна"),  # a letter replaced in the first name
        ("Смеенова", "Мария", "Петровна"),  # two neighbours swapped
        ("Мария", "Семенова", "Петровна"),  # first name and surname swapped
    ],
)
def test_known_person_is_found_despite_the_way_she_is_typed(
    curator: User, maria: Person, last_name: str, first_name: str, middle_name: str
) -> None:
    matches = find_duplicates(
        user=curator, last_name=last_name, first_name=first_name, middle_name=middle_name
    )
    assert _ids(matches)[:1] == [maria.pk]
    assert 0 < matches[0].score <= 1


def test_the_same_birth_date_raises_the_score_and_another_lowers_it(
    curator: User, maria: Person
) -> None:
    def score(birth_date: date | None) -> float:
        (match,) = find_duplicates(
            user=curator,
            last_name="Семенова",
            first_name="Мария",
            middle_name="Петровна",
            birth_date=birth_date,
        )
        return match.score

    same, unknown, other = score(MARIA_BIRTH), score(None), score(date(1990, 7, 1))
    assert same == 1.0
    assert same > unknown > other


def test_a_woman_who_married_is_found_by_first_name_and_birth_date(
    curator: User, maria: Person
) -> None:
    matches = find_duplicates(
        user=curator,
        last_name="Кузнецова",
        first_name="Мария",
        middle_name="Петровна",
        birth_date=MARIA_BIRTH,
    )
    assert _ids(matches) == [maria.pk]
    assert "другая фамилия" in matches[0].reasons
    assert "дата рождения совпадает" in matches[0].reasons


def test_best_match_comes_first_and_strangers_are_left_out(curator: User, maria: Person) -> None:
    family = maria.memberships.get().family
    namesake = make_person(
        by=curator,
        family=family,
        last_name="Семёнова",
        first_name="Марина",
        middle_name="Петровна",
        birth_date=date(2010, 1, 1),
    )
    make_person(by=curator, family=family, last_name="Петров", first_name="Иван")
    matches = find_duplicates(
        user=curator,
        last_name="Семенова",
        first_name="Мария",
        middle_name="Петровна",
        birth_date=MARIA_BIRTH,
    )
    assert _ids(matches)[0] == maria.pk
    assert namesake.pk not in _ids(matches)[:1]
    assert all(m.person.last_name != "Петров" for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_nothing_is_found_for_an_unknown_person(curator: User, maria: Person) -> None:
    assert find_duplicates(user=curator, last_name="Неизвестнова", first_name="Ефросинья") == []
    assert find_duplicates(user=curator, last_name="", first_name="Мария") == []


def test_reasons_are_given_in_russian(curator: User, maria: Person) -> None:
    (match,) = find_duplicates(user=curator, last_name="Мария", first_name="Семенва")
    assert match.reasons[0] == "имя и фамилия переставлены местами"
    assert "фамилия отличается одной буквой" in match.reasons
    assert "отчество не указано" in match.reasons


def test_match_brings_the_cases_of_the_persons_family(curator: User, maria: Person) -> None:
    family = maria.memberships.get().family
    case = _case(family, curator)
    (match,) = find_duplicates(user=curator, last_name="Семенова", first_name="Мария")
    (found,) = match.cases
    assert (found.id, found.status, found.curator) == (case.pk, "open", curator.short_name)
    assert match.as_dict()["person"]["families"][0]["name"] == "Семёновы"


def test_curator_does_not_find_another_teams_or_organisations_persons(
    curator: User, other_team_curator: User, outsider: User
) -> None:
    for stranger in (other_team_curator, outsider):
        make_person(by=stranger, family=make_family(by=stranger), last_name="Семёнова")
    assert find_duplicates(user=curator, last_name="Семёнова", first_name="Мария") == []


def test_intake_operator_finds_another_teams_person_but_sees_only_the_essentials(
    intake_operator: User, other_team_curator: User, outsider: User
) -> None:
    family = make_family(by=other_team_curator, name="Семёновы")
    person = make_person(
        by=other_team_curator,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Семёнова",
        first_name="Мария",
        middle_name="Петровна",
        birth_date=MARIA_BIRTH,
    )
    _case(family, other_team_curator)
    make_person(by=outsider, family=make_family(by=outsider), last_name="Семёнова")

    (match,) = find_duplicates(
        user=intake_operator, last_name="Семенова", first_name="Мария", birth_date=MARIA_BIRTH
    )
    assert match.person.pk == person.pk
    assert match.restricted
    shown = match.as_dict()
    assert shown["person"] == {
        "id": None,
        "full_name": "Семёнова Мария Петровна",
        "last_name": "Семёнова",
        "first_name": "Мария",
        "middle_name": "Петровна",
        "birth_date": None,
        "birth_year": 1988,
        "sex": "",
        "families": [],
        "restricted": True,
    }
    assert shown["cases"] == [
        {
            "id": None,
            "status": "open",
            "status_display": "открыт",
            "curator": other_team_curator.short_name,
            "opened_at": None,
        }
    ]
    # The full date is neither shown nor confirmed: reasons speak of the year only.
    assert "год рождения совпадает" in shown["reasons"]
    assert "дата рождения совпадает" not in shown["reasons"]


def test_another_teams_family_of_a_visible_person_is_not_named(
    curator: User, other_team_curator: User, maria: Person
) -> None:
    theirs = make_family(by=other_team_curator, name="Петровы")
    # Memberships across teams are refused by the services; a family moved to another team
    # after its member joined leaves one like this.
    FamilyMembership.objects.create(family=theirs, person=maria, role=FamilyRole.RELATIVE)
    _case(theirs, other_team_curator)
    (match,) = find_duplicates(user=curator, last_name="Семенова", first_name="Мария")
    shown = match.as_dict()
    assert [f["name"] for f in shown["person"]["families"]] == ["Семёновы"]
    assert [(c["id"], c["curator"]) for c in shown["cases"]] == [
        (None, other_team_curator.short_name)
    ]


def test_intake_operator_sees_her_own_teams_person_in_full(
    intake_operator: User, maria: Person
) -> None:
    (match,) = find_duplicates(user=intake_operator, last_name="Семенова", first_name="Мария")
    assert not match.restricted
    assert match.as_dict()["person"]["id"] == maria.pk
    assert match.as_dict()["person"]["birth_date"] == MARIA_BIRTH


@pytest.mark.parametrize("role", [RoleCode.ADMINISTRATOR, RoleCode.RESOURCE_AGENT])
def test_roles_without_people_data_find_nobody(
    org: Organisation, team: Team, maria: Person, role: str
) -> None:
    user = make_user(role, organisation=org, team=team)
    assert find_duplicates(user=user, last_name="Семенова", first_name="Мария") == []


def test_limit_caps_the_number_of_matches(curator: User) -> None:
    family = make_family(by=curator)
    for day in range(1, 6):
        make_person(
            by=curator,
            family=family,
            last_name="Семёнова",
            first_name="Мария",
            birth_date=date(2000, 1, day),
        )
    assert len(find_duplicates(user=curator, last_name="Семенова", first_name="Мария")) == 5
    matches = find_duplicates(user=curator, last_name="Семенова", first_name="Мария", limit=2)
    assert len(matches) == 2


def test_query_count_does_not_grow_with_matches(curator: User) -> None:
    family = make_family(by=curator)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            find_duplicates(
                user=curator,
                last_name="Семенова",
                first_name="Мария",
                birth_date=date(2000, 1, 1),
            )
        return len(ctx.captured_queries)

    make_person(by=curator, family=family, last_name="Семёнова", first_name="Мария")
    few = count()
    for day in range(1, 10):
        make_person(
            by=curator,
            family=family,
            last_name="Семёнова",
            first_name="Мария",
            birth_date=date(2000, 1, day),
        )
    assert count() == few <= 11
