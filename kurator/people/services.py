"""Every change to persons and families goes through these functions (style.md #1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Team, User
from kurator.people.errors import PeopleError
from kurator.people.models import (
    Family,
    FamilyLink,
    FamilyMembership,
    FamilyRole,
    Person,
    PersonRelation,
    Sex,
)


def _check_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise PeopleError(message, field=field)
    return value


def _check_distance(distance_km: Decimal | None) -> Decimal | None:
    if distance_km is not None and distance_km < 0:
        raise PeopleError(_("Расстояние не может быть отрицательным."), field="distance_km")
    return distance_km


def _check_team(team: Team, by: User) -> Team:
    if not access.teams_visible_to(by).filter(pk=team.pk).exists():
        raise PeopleError(_("Выберите команду своей организации."), field="team")
    return team


def _check_birth_date(birth_date: date | None) -> date | None:
    if birth_date is not None and birth_date > timezone.localdate():
        raise PeopleError(_("Дата рождения не может быть в будущем."), field="birth_date")
    if birth_date is not None and birth_date.year < 1900:
        raise PeopleError(_("Проверьте год рождения."), field="birth_date")
    return birth_date


def _check_choice(value: str, choices: type[Sex] | type[FamilyRole], field: str) -> str:
    if value not in choices.values:
        raise PeopleError(_("Выберите значение из списка."), field=field)
    return value


def create_family(
    *,
    by: User,
    name: str,
    team: Team,
    address: str = "",
    distance_km: Decimal | None = None,
    notes: str = "",
) -> Family:
    access.require(by, "people.family:write")
    family = Family(
        organisation_id=access.organisation_id_of(by),
        team=_check_team(team, by),
        name=_check_text(name, "name", _("Укажите название семьи, например фамилию.")),
        address=address.strip(),
        distance_km=_check_distance(distance_km),
        notes=notes,
        created_by=by,
    )
    family.save()
    return family


def update_family(
    *,
    family: Family,
    by: User,
    name: str,
    team: Team,
    address: str = "",
    distance_km: Decimal | None = None,
    notes: str = "",
) -> Family:
    access.require(by, "people.family:write")
    family.name = _check_text(name, "name", _("Укажите название семьи, например фамилию."))
    family.team = _check_team(team, by)
    family.address = address.strip()
    family.distance_km = _check_distance(distance_km)
    family.notes = notes
    family.save()
    return family


def create_person(
    *,
    by: User,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    birth_date: date | None = None,
    sex: str = "",
    phones: str = "",
    address: str = "",
    notes: str = "",
    family: Family | None = None,
    family_role: str | None = None,
) -> Person:
    """Create a person; with ``family`` also make them a member in ``family_role``."""
    access.require(by, "people.family:write")
    if family is not None and family.organisation_id != by.organisation_id:
        raise PeopleError(_("Семья не найдена."), field="family")
    if family is not None and not family_role:
        raise PeopleError(_("Укажите, кем человек приходится семье."), field="family_role")
    if family_role:
        _check_choice(family_role, FamilyRole, "family_role")
    if sex:
        _check_choice(sex, Sex, "sex")
    person = Person(
        organisation_id=access.organisation_id_of(by),
        last_name=_check_text(last_name, "last_name", _("Укажите фамилию.")),
        first_name=_check_text(first_name, "first_name", _("Укажите имя.")),
        middle_name=middle_name.strip(),
        birth_date=_check_birth_date(birth_date),
        sex=sex,
        phones=phones.strip(),
        address=address.strip(),
        notes=notes,
    )
    with transaction.atomic():
        person.save()
        if family is not None and family_role:
            FamilyMembership.objects.create(family=family, person=person, role=family_role)
    return person


def update_person(
    *,
    person: Person,
    by: User,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    birth_date: date | None = None,
    sex: str = "",
    phones: str = "",
    address: str = "",
    notes: str = "",
) -> Person:
    access.require(by, "people.family:write")
    if sex:
        _check_choice(sex, Sex, "sex")
    person.last_name = _check_text(last_name, "last_name", _("Укажите фамилию."))
    person.first_name = _check_text(first_name, "first_name", _("Укажите имя."))
    person.middle_name = middle_name.strip()
    person.birth_date = _check_birth_date(birth_date)
    person.sex = sex
    person.phones = phones.strip()
    person.address = address.strip()
    person.notes = notes
    person.save()
    return person


def add_member(*, family: Family, person: Person, role: str, by: User) -> FamilyMembership:
    access.require(by, "people.family:write")
    _check_choice(role, FamilyRole, "role")
    if person.organisation_id != family.organisation_id:
        raise PeopleError(_("Человек не найден."), field="person")
    try:
        with transaction.atomic():
            return FamilyMembership.objects.create(family=family, person=person, role=role)
    except IntegrityError as exc:
        raise PeopleError(_("Этот человек уже в составе семьи."), field="person") from exc


def remove_member(*, membership: FamilyMembership, by: User) -> None:
    access.require(by, "people.family:write")
    membership.delete()


def relate_persons(
    *, person: Person, relative: Person, kind: str, by: User, note: str = ""
) -> PersonRelation:
    """Record that ``relative`` is the ``kind`` of ``person`` (e.g. her mother)."""
    access.require(by, "people.family:write")
    if kind not in PersonRelation.Kind.values:
        raise PeopleError(_("Выберите значение из списка."), field="kind")
    if person.pk == relative.pk:
        raise PeopleError(_("Человек не может быть родственником самому себе."), field="relative")
    if person.organisation_id != relative.organisation_id:
        raise PeopleError(_("Человек не найден."), field="relative")
    try:
        with transaction.atomic():
            return PersonRelation.objects.create(
                person=person, relative=relative, kind=kind, note=note.strip()
            )
    except IntegrityError as exc:
        raise PeopleError(_("Такая связь уже записана."), field="relative") from exc


def link_families(
    *, family: Family, related_family: Family, by: User, note: str = ""
) -> FamilyLink:
    access.require(by, "people.family:write")
    if family.pk == related_family.pk:
        raise PeopleError(_("Семью нельзя связать с ней самой."), field="related_family")
    if family.organisation_id != related_family.organisation_id:
        raise PeopleError(_("Семья не найдена."), field="related_family")
    try:
        with transaction.atomic():
            return FamilyLink.objects.create(
                family=family, related_family=related_family, note=note.strip()
            )
    except IntegrityError as exc:
        raise PeopleError(_("Эти семьи уже связаны."), field="related_family") from exc
