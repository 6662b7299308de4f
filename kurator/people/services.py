"""Every change to persons and families goes through these functions.

Each public function checks the actor's right and scope, validates the input (a broken rule
raises ``PeopleError`` with a Russian message and the field it belongs to), writes in one
transaction and returns the object. HTML views, the API, the demo and tests all call them.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
from kurator.privacy.services.consents import check_processing_allowed

# Longest road distance we accept: the column holds 99 999.9, Russia is ~10 000 km wide.
MAX_DISTANCE_KM = Decimal(10000)


def _check_text(value: str, field: str, message: str, *, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise PeopleError(message, field=field)
    return _check_length(value, field, max_length=max_length)


def _check_length(value: str, field: str, *, max_length: int) -> str:
    """Strip and bound a text field (PostgreSQL would refuse a longer value with a 500)."""
    value = (value or "").strip()
    if len(value) > max_length:
        raise PeopleError(
            _("Слишком длинный текст: не больше %(n)s символов.") % {"n": max_length},
            field=field,
        )
    return value


def _check_distance(distance_km: Decimal | None) -> Decimal | None:
    if distance_km is None:
        return None
    try:
        distance_km = Decimal(distance_km).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise PeopleError(_("Укажите расстояние числом."), field="distance_km") from exc
    if distance_km < 0:
        raise PeopleError(_("Расстояние не может быть отрицательным."), field="distance_km")
    if distance_km > MAX_DISTANCE_KM:
        raise PeopleError(
            _("Проверьте расстояние: больше %(n)s км не бывает.") % {"n": MAX_DISTANCE_KM},
            field="distance_km",
        )
    return distance_km


def _check_team(team: Team | None, by: User) -> Team:
    if team is None:
        raise PeopleError(_("Выберите команду."), field="team")
    if not access.teams_visible_to(by).filter(pk=team.pk).exists():
        raise PeopleError(_("Выберите команду своей организации."), field="team")
    return team


def _check_birth_date(birth_date: date | None) -> date | None:
    if birth_date is not None and birth_date > timezone.localdate():
        raise PeopleError(_("Дата рождения не может быть в будущем."), field="birth_date")
    if birth_date is not None and birth_date.year < 1900:
        raise PeopleError(_("Проверьте год рождения."), field="birth_date")
    return birth_date


def _check_family_in_scope(family: Family, by: User, field: str) -> Family:
    """The family must be one ``by`` may see; another team's looks like a missing one."""
    if not access.families_visible_to(by).filter(pk=family.pk).exists():
        raise PeopleError(_("Семья не найдена."), field=field)
    return family


def _check_person_in_scope(person: Person, by: User, field: str) -> Person:
    if not access.persons_visible_to(by).filter(pk=person.pk).exists():
        raise PeopleError(_("Человек не найден."), field=field)
    return person


def _check_choice(value: str, choices: type[Sex] | type[FamilyRole], field: str) -> str:
    if value not in choices.values:
        raise PeopleError(_("Выберите значение из списка."), field=field)
    return value


# --- families ------------------------------------------------------------------------------


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
        name=_check_text(
            name, "name", _("Укажите название семьи, например фамилию."), max_length=200
        ),
        address=_check_length(address, "address", max_length=500),
        distance_km=_check_distance(distance_km),
        notes=(notes or "").strip(),
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
    _check_family_in_scope(family, by, "family")
    # Validate everything before touching the instance: a failed edit leaves it as it was.
    name = _check_text(name, "name", _("Укажите название семьи, например фамилию."), max_length=200)
    team = _check_team(team, by)
    address = _check_length(address, "address", max_length=500)
    distance_km = _check_distance(distance_km)
    family.name = name
    family.team = team
    family.address = address
    family.distance_km = distance_km
    family.notes = (notes or "").strip()
    family.save()
    return family


def link_families(
    *, family: Family, related_family: Family, by: User, note: str = ""
) -> FamilyLink:
    """Record that two households are related (e.g. a child's foster and birth families)."""
    access.require(by, "people.family:write")
    if family.pk == related_family.pk:
        raise PeopleError(_("Семью нельзя связать с ней самой."), field="related_family")
    if family.organisation_id != related_family.organisation_id:
        raise PeopleError(_("Семья не найдена."), field="related_family")
    _check_family_in_scope(family, by, "family")
    _check_family_in_scope(related_family, by, "related_family")
    note = _check_length(note, "note", max_length=300)
    # A link has no direction: B ↔ A is the same link as A ↔ B (the unique constraint only
    # sees one direction, so the reverse is checked here).
    if FamilyLink.objects.filter(family=related_family, related_family=family).exists():
        raise PeopleError(_("Эти семьи уже связаны."), field="related_family")
    try:
        with transaction.atomic():
            return FamilyLink.objects.create(
                family=family, related_family=related_family, note=note
            )
    except IntegrityError as exc:
        raise PeopleError(_("Эти семьи уже связаны."), field="related_family") from exc


# --- persons -------------------------------------------------------------------------------


def _person_fields(
    *,
    last_name: str,
    first_name: str,
    middle_name: str,
    birth_date: date | None,
    sex: str,
    phones: str,
    address: str,
    notes: str,
) -> dict[str, object]:
    """Validated values of a person's own fields (shared by create and update)."""
    if sex:
        _check_choice(sex, Sex, "sex")
    return {
        "last_name": _check_text(last_name, "last_name", _("Укажите фамилию."), max_length=150),
        "first_name": _check_text(first_name, "first_name", _("Укажите имя."), max_length=150),
        "middle_name": _check_length(middle_name, "middle_name", max_length=150),
        "birth_date": _check_birth_date(birth_date),
        "sex": sex or "",
        "phones": _check_length(phones, "phones", max_length=200),
        "address": _check_length(address, "address", max_length=500),
        "notes": (notes or "").strip(),
    }


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
    if family is not None:
        _check_family_in_scope(family, by, "family")
    if family is not None and not family_role:
        raise PeopleError(_("Укажите, кем человек приходится семье."), field="family_role")
    if family is None and family_role:
        raise PeopleError(_("Укажите семью, в которую добавить человека."), field="family")
    if family_role:
        _check_choice(family_role, FamilyRole, "family_role")
    staff = access.active_staff(by)
    person = Person(
        organisation_id=access.organisation_id_of(by),
        team_id=staff.team_id if staff is not None else None,
        **_person_fields(
            last_name=last_name,
            first_name=first_name,
            middle_name=middle_name,
            birth_date=birth_date,
            sex=sex,
            phones=phones,
            address=address,
            notes=notes,
        ),
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
    _check_person_in_scope(person, by, "person")
    # A withdrawn consent stops processing: the card is read-only (privacy.services.consents).
    check_processing_allowed(person, field=None)
    fields = _person_fields(
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        birth_date=birth_date,
        sex=sex,
        phones=phones,
        address=address,
        notes=notes,
    )
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    return person


def add_member(*, family: Family, person: Person, role: str, by: User) -> FamilyMembership:
    """Make an already known person a member of ``family`` in ``role``."""
    access.require(by, "people.family:write")
    _check_choice(role, FamilyRole, "role")
    if person.organisation_id != family.organisation_id:
        raise PeopleError(_("Человек не найден."), field="person")
    _check_family_in_scope(family, by, "family")
    _check_person_in_scope(person, by, "person")
    check_processing_allowed(person, field="person")
    try:
        with transaction.atomic():
            return FamilyMembership.objects.create(family=family, person=person, role=role)
    except IntegrityError as exc:
        raise PeopleError(_("Этот человек уже в составе семьи."), field="person") from exc


def remove_member(*, membership: FamilyMembership, by: User) -> None:
    access.require(by, "people.family:write")
    _check_family_in_scope(membership.family, by, "family")
    check_processing_allowed(membership.person, field="person")
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
    _check_person_in_scope(person, by, "person")
    _check_person_in_scope(relative, by, "relative")
    check_processing_allowed(person, field="person")
    check_processing_allowed(relative, field="relative")
    note = _check_length(note, "note", max_length=300)
    try:
        with transaction.atomic():
            return PersonRelation.objects.create(
                person=person, relative=relative, kind=kind, note=note
            )
    except IntegrityError as exc:
        raise PeopleError(_("Такая связь уже записана."), field="relative") from exc
