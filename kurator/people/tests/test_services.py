"""The rules of persons and families, checked on the services that hold them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator.accounts.models import Team, User
from kurator.core.testing import make_family, make_person
from kurator.people.errors import PeopleError
from kurator.people.models import Family, FamilyLink, FamilyMembership, FamilyRole, Person
from kurator.people.services import (
    add_member,
    create_family,
    create_person,
    link_families,
    relate_persons,
    update_family,
    update_person,
)


def test_family_gets_the_organisation_of_its_creator_and_normalised_search_fields(
    curator: User, team: Team
) -> None:
    family = create_family(
        by=curator, name=" Семёновы ", team=team, address="г. Смоленск, ул. Ёлочная, 1"
    )
    assert family.organisation_id == curator.organisation_id
    assert family.name == "Семёновы"
    assert family.search_name == "семеновы"
    assert family.search_address == "г. смоленск, ул. елочная, 1"
    assert family.created_by == curator


def test_family_name_is_required(curator: User, team: Team) -> None:
    with pytest.raises(PeopleError) as error:
        create_family(by=curator, name="   ", team=team)
    assert error.value.field == "name"
    assert "Укажите название семьи" in error.value.message
    assert not Family.objects.exists()


def test_distance_cannot_be_negative(curator: User, team: Team) -> None:
    with pytest.raises(PeopleError) as error:
        create_family(by=curator, name="Ивановы", team=team, distance_km=Decimal("-1"))
    assert error.value.field == "distance_km"
    assert error.value.message == "Расстояние не может быть отрицательным."


def test_distance_is_rounded_to_tenths_and_absurd_distances_are_refused(
    curator: User, team: Team
) -> None:
    family = create_family(by=curator, name="Ивановы", team=team, distance_km=Decimal("12.34"))
    assert family.distance_km == Decimal("12.3")
    with pytest.raises(PeopleError) as error:
        create_family(by=curator, name="Петровы", team=team, distance_km=Decimal("1e9"))
    assert error.value.field == "distance_km"


def test_too_long_text_is_a_message_not_a_database_error(curator: User, team: Team) -> None:
    with pytest.raises(PeopleError) as error:
        create_family(by=curator, name="Я" * 201, team=team)
    assert error.value.field == "name"
    assert "не больше 200 символов" in error.value.message


def test_family_goes_only_to_a_team_the_creator_may_see(
    curator: User, other_team: Team, outsider: User
) -> None:
    with pytest.raises(PeopleError) as error:
        create_family(by=curator, name="Ивановы", team=other_team)
    assert error.value.field == "team"
    assert outsider.team is not None
    with pytest.raises(PeopleError):
        create_family(by=curator, name="Ивановы", team=outsider.team)
    assert not Family.objects.exists()


def test_roles_without_the_write_right_may_not_create_families(
    director: User, administrator: User, team: Team
) -> None:
    for user in (director, administrator):
        with pytest.raises(PermissionDenied):
            create_family(by=user, name="Ивановы", team=team)


def test_intake_operator_creates_families_and_persons(intake_operator: User) -> None:
    family = make_family(by=intake_operator)
    person = make_person(by=intake_operator, family=family)
    assert family.memberships.get().person == person


def test_failed_family_edit_leaves_the_record_as_it_was(curator: User) -> None:
    family = make_family(by=curator, name="Ивановы", distance_km="25")
    with pytest.raises(PeopleError):
        update_family(
            family=family, by=curator, name="Петровы", team=family.team, distance_km=Decimal(-5)
        )
    family.refresh_from_db()
    assert family.name == "Ивановы"
    assert family.distance_km == Decimal(25)


def test_birth_date_cannot_be_in_the_future(curator: User) -> None:
    family = make_family(by=curator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(PeopleError) as error:
        make_person(by=curator, family=family, birth_date=tomorrow)
    assert error.value.field == "birth_date"
    assert error.value.message == "Дата рождения не может быть в будущем."
    # Nothing half-written: neither the person nor a membership.
    assert not Person.objects.exists()
    assert not FamilyMembership.objects.exists()


def test_first_and_last_name_are_required(curator: User) -> None:
    with pytest.raises(PeopleError) as error:
        create_person(by=curator, last_name="Иванова", first_name=" ")
    assert (error.value.field, error.value.message) == ("first_name", "Укажите имя.")
    with pytest.raises(PeopleError) as error:
        create_person(by=curator, last_name="", first_name="Мария")
    assert (error.value.field, error.value.message) == ("last_name", "Укажите фамилию.")


def test_unknown_family_role_and_sex_are_refused(curator: User) -> None:
    family = make_family(by=curator)
    with pytest.raises(PeopleError) as error:
        create_person(
            by=curator, last_name="Иванова", first_name="Мария", family=family, family_role="aunt"
        )
    assert error.value.field == "family_role"
    with pytest.raises(PeopleError) as error:
        create_person(by=curator, last_name="Иванова", first_name="Мария", sex="X")
    assert error.value.field == "sex"
    assert not Person.objects.exists()


def test_member_needs_a_role_and_a_role_needs_a_family(curator: User) -> None:
    family = make_family(by=curator)
    with pytest.raises(PeopleError) as error:
        create_person(by=curator, last_name="Иванова", first_name="Мария", family=family)
    assert error.value.field == "family_role"
    with pytest.raises(PeopleError) as error:
        create_person(
            by=curator, last_name="Иванова", first_name="Мария", family_role=FamilyRole.CHILD
        )
    assert error.value.field == "family"


def test_person_cannot_be_added_to_another_teams_family(
    curator: User, other_team_curator: User, outsider: User
) -> None:
    for stranger in (other_team_curator, outsider):
        family = make_family(by=stranger)
        with pytest.raises(PeopleError) as error:
            make_person(by=curator, family=family)
        assert error.value.field == "family"
    assert not Person.objects.exists()


def test_person_edit_checks_the_same_rules(curator: User) -> None:
    person = make_person(by=curator, family=make_family(by=curator))
    with pytest.raises(PeopleError):
        update_person(
            person=person,
            by=curator,
            last_name="Петрова",
            first_name="Анна",
            birth_date=date(2999, 1, 1),
        )
    person.refresh_from_db()
    assert person.last_name == "Иванова"
    update_person(person=person, by=curator, last_name="Ёлкина", first_name="Анна")
    person.refresh_from_db()
    assert (person.search_last, person.middle_name) == ("елкина", "")


def test_same_person_is_a_member_only_once(curator: User) -> None:
    family = make_family(by=curator)
    person = make_person(by=curator, family=family)
    with pytest.raises(PeopleError) as error:
        add_member(family=family, person=person, role=FamilyRole.CHILD, by=curator)
    assert error.value.message == "Этот человек уже в составе семьи."


def test_person_may_belong_to_two_families(curator: User) -> None:
    first = make_family(by=curator, name="Ивановы")
    second = make_family(by=curator, name="Петровы")
    person = make_person(by=curator, family=first)
    add_member(family=second, person=person, role=FamilyRole.RELATIVE, by=curator)
    assert set(person.memberships.values_list("family__name", flat=True)) == {
        "Ивановы",
        "Петровы",
    }


def test_relation_rules(curator: User) -> None:
    family = make_family(by=curator)
    mother = make_person(by=curator, family=family, role=FamilyRole.PARENT, first_name="Анна")
    child = make_person(by=curator, family=family, first_name="Илья")
    relate_persons(person=child, relative=mother, kind="mother", by=curator)
    with pytest.raises(PeopleError) as error:
        relate_persons(person=child, relative=mother, kind="mother", by=curator)
    assert error.value.message == "Такая связь уже записана."
    with pytest.raises(PeopleError) as error:
        relate_persons(person=child, relative=child, kind="sibling", by=curator)
    assert error.value.field == "relative"
    with pytest.raises(PeopleError) as error:
        relate_persons(person=child, relative=mother, kind="aunt", by=curator)
    assert error.value.field == "kind"


def test_family_link_has_no_direction(curator: User) -> None:
    first = make_family(by=curator, name="Соколовы")
    second = make_family(by=curator, name="Соколова Е.")
    link_families(family=first, related_family=second, by=curator, note="кровная мать")
    with pytest.raises(PeopleError) as error:
        link_families(family=second, related_family=first, by=curator)
    assert error.value.message == "Эти семьи уже связаны."
    with pytest.raises(PeopleError):
        link_families(family=first, related_family=first, by=curator)
    assert FamilyLink.objects.count() == 1


def test_families_of_another_team_cannot_be_linked(curator: User, other_team_curator: User) -> None:
    mine = make_family(by=curator)
    theirs = make_family(by=other_team_curator)
    with pytest.raises(PeopleError) as error:
        link_families(family=mine, related_family=theirs, by=curator)
    assert error.value.field == "related_family"
