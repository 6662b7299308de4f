"""Families and persons in HTML: who sees what, the pages' flows, messages and query counts."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import make_family, make_person, make_user
from kurator.people.models import Family, FamilyLink, FamilyRole, Person, PersonRelation
from kurator.people.services import create_family, relate_persons


def _html(response: Any) -> str:
    return str(response.content.decode())


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=30)


@pytest.fixture
def family(curator: User) -> Family:
    return make_family(by=curator, name="Ивановы")


@pytest.fixture
def resource_agent(org: Organisation) -> User:
    return make_user(RoleCode.RESOURCE_AGENT, organisation=org, username="agent")


# --- who sees what -------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_login(client: Client, family: Family) -> None:
    for url in (reverse("people:family_list"), reverse("people:family_detail", args=[family.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["curator", "colleague", "senior", "head", "intake_operator"])
def test_same_team_sees_the_family_card(
    client: Client, family: Family, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("people:family_detail", args=[family.pk]))
    assert response.status_code == 200
    assert "Ивановы" in _html(response)


def test_director_sees_every_team_but_may_not_change(
    client: Client, family: Family, director: User
) -> None:
    client.force_login(director)
    assert client.get(reverse("people:family_detail", args=[family.pk])).status_code == 200
    assert client.get(reverse("people:family_edit", args=[family.pk])).status_code == 403
    assert client.get(reverse("people:member_add", args=[family.pk])).status_code == 403
    assert client.get(reverse("people:family_create")).status_code == 403


@pytest.mark.parametrize(
    "who", ["other_team_curator", "outsider", "administrator", "resource_agent"]
)
def test_others_get_404_on_family_and_person_pages(
    client: Client, curator: User, family: Family, who: str, request: pytest.FixtureRequest
) -> None:
    person = make_person(by=curator, family=family)
    client.force_login(request.getfixturevalue(who))
    for name, pk in [
        ("people:family_detail", family.pk),
        ("people:family_edit", family.pk),
        ("people:member_add", family.pk),
        ("people:relation_add", family.pk),
        ("people:family_link", family.pk),
        ("people:person_detail", person.pk),
        ("people:person_edit", person.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


@pytest.mark.parametrize("who", ["administrator", "resource_agent"])
def test_roles_without_people_data_get_403_on_the_family_list(
    client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("people:family_list")).status_code == 403


def test_list_shows_only_the_families_in_scope(
    client: Client, curator: User, other_team_curator: User, outsider: User, director: User
) -> None:
    make_family(by=curator, name="Ивановы")
    make_family(by=other_team_curator, name="Петровы")
    make_family(by=outsider, name="Сидоровы")
    client.force_login(curator)
    html = _html(client.get(reverse("people:family_list")))
    assert "Ивановы" in html
    assert "Петровы" not in html
    assert "Сидоровы" not in html
    client.force_login(director)
    html = _html(client.get(reverse("people:family_list")))
    assert "Ивановы" in html
    assert "Петровы" in html
    assert "Сидоровы" not in html


# --- creating and editing a family ---------------------------------------------------------


def test_intake_operator_creates_a_family_in_her_team_by_default(
    client: Client, intake_operator: User, team: Team
) -> None:
    client.force_login(intake_operator)
    form = client.get(reverse("people:family_create"))
    assert form.context["form"]["team"].value() == team.pk
    response = client.post(
        reverse("people:family_create"),
        {"name": "Семёновы", "team": team.pk, "address": "г. Смоленск", "distance_km": "12,5"},
        follow=True,
    )
    family = Family.objects.get()
    assert response.redirect_chain[-1][0] == reverse("people:family_detail", args=[family.pk])
    assert "Семья создана" in _html(response)
    assert family.team == team
    assert str(family.distance_km) == "12.5"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Укажите название семьи, например фамилию."),
        ({"distance_km": "-3"}, "distance_km", "Расстояние не может быть отрицательным."),
        ({"distance_km": "далеко"}, "distance_km", "Введите число."),
        (
            {"name": "Ивано\x0bвы"},
            "name",
            "В тексте есть невидимые управляющие символы (например, скопированные из другой "
            "программы). Удалите их и введите текст заново.",
        ),
    ],
)
def test_bad_family_input_is_explained_and_what_was_typed_stays(
    client: Client, curator: User, team: Team, data: dict[str, str], field: str, message: str
) -> None:
    client.force_login(curator)
    posted = {"name": "Ивановы", "team": team.pk, "address": "ул. Ленина, 1", **data}
    response = client.post(reverse("people:family_create"), posted)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in _html(response)
    assert 'value="ул. Ленина, 1"' in _html(response)
    assert not Family.objects.exists()


def test_another_teams_team_is_not_a_choice(
    client: Client, curator: User, other_team: Team
) -> None:
    client.force_login(curator)
    response = client.post(reverse("people:family_create"), {"name": "X", "team": other_team.pk})
    assert response.context["form"].errors["team"] == ["Выберите команду из списка."]


def test_family_edit_saves_and_says_so(client: Client, curator: User, family: Family) -> None:
    client.force_login(curator)
    url = reverse("people:family_edit", args=[family.pk])
    assert client.get(url).context["form"]["name"].value() == "Ивановы"
    response = client.post(
        url, {"name": "Ивановы-Петровы", "team": family.team_id, "distance_km": "130"}, follow=True
    )
    family.refresh_from_db()
    assert family.name == "Ивановы-Петровы"
    assert "Изменения сохранены." in _html(response)


# --- members -------------------------------------------------------------------------------


def test_member_is_added_and_shown_with_age(client: Client, curator: User, family: Family) -> None:
    client.force_login(curator)
    url = reverse("people:member_add", args=[family.pk])
    assert client.get(url).context["form"]["last_name"].value() == "Иванов"
    response = client.post(
        url,
        {
            "role": "child",
            "last_name": "Иванова",
            "first_name": "Аня",
            "birth_date": _years_ago(7).isoformat(),
            "sex": "F",
        },
        follow=True,
    )
    html = _html(response)
    assert "Иванова Аня — в составе семьи." in html
    assert "7 лет" in html
    assert family.memberships.get().role == FamilyRole.CHILD


def test_member_birth_date_in_the_future_is_refused(
    client: Client, curator: User, family: Family
) -> None:
    client.force_login(curator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("people:member_add", args=[family.pk]),
        {"role": "child", "last_name": "Иванова", "first_name": "Аня", "birth_date": tomorrow},
    )
    assert response.context["form"].errors["birth_date"] == [
        "Дата рождения не может быть в будущем."
    ]
    assert 'value="Аня"' in _html(response)
    assert not Person.objects.exists()


def test_unknown_member_role_is_refused(client: Client, curator: User, family: Family) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("people:member_add", args=[family.pk]),
        {"role": "aunt", "last_name": "Иванова", "first_name": "Аня"},
    )
    assert response.context["form"].errors["role"] == ["Выберите значение из списка."]
    assert not Person.objects.exists()


def test_adding_someone_already_known_asks_first(
    client: Client, curator: User, family: Family
) -> None:
    known = make_person(
        by=curator,
        family=family,
        last_name="Иванова",
        first_name="Мария",
        middle_name="Петровна",
        birth_date=date(2015, 5, 20),
    )
    client.force_login(curator)
    url = reverse("people:member_add", args=[family.pk])
    data = {
        "role": "child",
        "last_name": "Иванова",
        "first_name": "Мариа",
        "middle_name": "Петровна",
        "birth_date": "2015-05-20",
    }
    response = client.post(url, data)
    html = _html(response)
    assert 'data-testid="duplicate-matches"' in html
    assert reverse("people:person_detail", args=[known.pk]) in html
    assert "Это другой человек — всё равно добавить" in html
    assert Person.objects.count() == 1
    response = client.post(url, {**data, "confirm_new": "on"}, follow=True)
    assert Person.objects.count() == 2
    assert "Иванова Мариа Петровна — в составе семьи." in _html(response)


# --- relations, links, persons -------------------------------------------------------------


def test_relation_between_two_members_is_recorded(
    client: Client, curator: User, family: Family
) -> None:
    mother = make_person(by=curator, family=family, role=FamilyRole.PARENT, first_name="Анна")
    child = make_person(by=curator, family=family, first_name="Илья")
    client.force_login(curator)
    response = client.post(
        reverse("people:relation_add", args=[family.pk]),
        {"relative": mother.pk, "kind": "mother", "person": child.pk},
        follow=True,
    )
    assert "Родственная связь записана." in _html(response)
    relation = PersonRelation.objects.get()
    assert (relation.person, relation.relative, relation.kind) == (child, mother, "mother")
    # The child's page reads it from her side, the mother's from hers.
    child_page = _html(client.get(reverse("people:person_detail", args=[child.pk])))
    assert "Иванова Анна Петровна</a> — мать" in child_page
    mother_page = _html(client.get(reverse("people:person_detail", args=[mother.pk])))
    assert "Иванова Илья Петровна</a> — ребёнок" in mother_page


def test_relation_to_oneself_is_explained(client: Client, curator: User, family: Family) -> None:
    child = make_person(by=curator, family=family)
    client.force_login(curator)
    response = client.post(
        reverse("people:relation_add", args=[family.pk]),
        {"relative": child.pk, "kind": "sibling", "person": child.pk},
    )
    assert response.context["form"].errors["relative"] == [
        "Человек не может быть родственником самому себе."
    ]


def test_relation_only_between_members_of_this_family(
    client: Client, curator: User, family: Family
) -> None:
    member = make_person(by=curator, family=family)
    stranger = make_person(by=curator, family=make_family(by=curator, name="Петровы"))
    client.force_login(curator)
    response = client.post(
        reverse("people:relation_add", args=[family.pk]),
        {"relative": stranger.pk, "kind": "sibling", "person": member.pk},
    )
    assert response.context["form"].errors["relative"] == ["Выберите человека из состава семьи."]


def test_two_families_are_linked_and_both_cards_show_it(
    client: Client, curator: User, family: Family
) -> None:
    other = make_family(by=curator, name="Соколовы")
    client.force_login(curator)
    response = client.post(
        reverse("people:family_link", args=[family.pk]),
        {"related_family": other.pk, "note": "кровная мать"},
        follow=True,
    )
    assert "Семьи связаны." in _html(response)
    assert FamilyLink.objects.count() == 1
    other_card = _html(client.get(reverse("people:family_detail", args=[other.pk])))
    assert reverse("people:family_detail", args=[family.pk]) in other_card
    assert "кровная мать" in other_card


def test_another_teams_family_cannot_be_chosen_for_a_link(
    client: Client, curator: User, other_team_curator: User, family: Family
) -> None:
    theirs = make_family(by=other_team_curator, name="Петровы")
    client.force_login(curator)
    response = client.post(
        reverse("people:family_link", args=[family.pk]), {"related_family": theirs.pk}
    )
    assert response.context["form"].errors["related_family"] == ["Выберите семью из списка."]


def test_person_edit_keeps_typed_values_on_error(
    client: Client, curator: User, family: Family
) -> None:
    person = make_person(by=curator, family=family)
    client.force_login(curator)
    url = reverse("people:person_edit", args=[person.pk])
    response = client.post(url, {"last_name": "Петрова", "first_name": ""})
    assert response.context["form"].errors["first_name"] == ["Укажите имя."]
    assert 'value="Петрова"' in _html(response)
    response = client.post(
        url, {"last_name": "Петрова", "first_name": "Мария", "phones": "+7 900 000-00-00"}
    )
    person.refresh_from_db()
    assert (person.last_name, person.phones) == ("Петрова", "+7 900 000-00-00")


# --- search and the list -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["семенов", "СЕМЁНОВЫ", "Ёлочная", "елочная 5", "Варвара", "варв", "петровна"]
)
def test_family_search_by_name_address_and_members(
    client: Client, curator: User, team: Team, text: str
) -> None:
    family = create_family(
        by=curator, team=team, name="Семёновы", address="г. Смоленск, ул. Ёлочная, д. 5"
    )
    make_person(
        by=curator,
        family=family,
        last_name="Семёнова",
        first_name="Варвара",
        middle_name="Петровна",
    )
    make_family(by=curator, name="Ивановы")
    client.force_login(curator)
    html = _html(client.get(reverse("people:family_list"), {"q": text}))
    assert "Семёновы" in html
    assert "Ивановы" not in html


def test_search_that_finds_nothing_says_so(client: Client, curator: User, family: Family) -> None:
    client.force_login(curator)
    html = _html(client.get(reverse("people:family_list"), {"q": "Неизвестновы"}))
    assert 'data-testid="nothing-found"' in html


def test_family_list_is_paginated(client: Client, curator: User) -> None:
    for n in range(30):
        make_family(by=curator, name=f"Семья {n:02d}")
    client.force_login(curator)
    first = client.get(reverse("people:family_list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("people:family_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def _fill(curator: User, families: int, members: int) -> Family:
    last = None
    for n in range(families):
        last = make_family(by=curator, name=f"Семья {n}")
        for m in range(members):
            make_person(by=curator, family=last, first_name=f"Ребёнок{m}")
    assert last is not None
    return last


def test_family_list_query_count_does_not_grow_with_rows(
    client: Client,
    curator: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    client.force_login(curator)
    _fill(curator, 2, 1)
    # +1: the read log's row for the list page (kurator/audit).
    with django_assert_max_num_queries(10):
        client.get(reverse("people:family_list"))
    _fill(curator, 20, 3)
    with django_assert_max_num_queries(10):
        client.get(reverse("people:family_list"), {"q": "семья"})


def test_family_card_and_person_page_query_counts_do_not_grow_with_members(
    client: Client,
    curator: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    client.force_login(curator)
    small = _fill(curator, 1, 1)
    big = _fill(curator, 1, 12)
    members = [m.person for m in big.memberships.select_related("person")]
    for person, relative in itertools.pairwise(members):
        relate_persons(person=person, relative=relative, kind="sibling", by=curator)
    # +2 each for the consent card (kurator/privacy/queries/consents.py: two queries), +3 for
    # the consent coverage per person (consents with purposes, stopped processing, destroyed
    # data); +1 for the read log's row, +1 more on the person page for her family.
    for family in (small, big):
        with django_assert_max_num_queries(18):
            response = client.get(reverse("people:family_detail", args=[family.pk]))
        assert response.status_code == 200
        assert "{#" not in _html(response)  # no template comment leaks onto the page
    with django_assert_max_num_queries(16):
        client.get(reverse("people:person_detail", args=[members[1].pk]))
