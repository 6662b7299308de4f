"""Families for the generated-papers tests, built through the people services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kurator.accounts.models import User
from kurator.core.testing import make_person
from kurator.people.models import Family, FamilyRole, Person


def years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return day.fromordinal(day.toordinal() - days)


@dataclass
class Household:
    mother: Person
    son: Person  # 10 years old, indeclinable surname
    daughter: Person  # 15 years old


def household(*, by: User, family: Family) -> Household:
    """Иванова Ольга Петровна with her children: Шевченко Никита Андреевич (10) and Иванова
    Любовь Андреевна (15)."""
    mother = make_person(
        by=by,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Иванова",
        first_name="Ольга",
        middle_name="Петровна",
        birth_date=years_ago(38),
        sex="F",
    )
    son = make_person(
        by=by,
        family=family,
        role=FamilyRole.CHILD,
        last_name="Шевченко",
        first_name="Никита",
        middle_name="Андреевич",
        birth_date=years_ago(10),
        sex="M",
    )
    daughter = make_person(
        by=by,
        family=family,
        role=FamilyRole.CHILD,
        last_name="Иванова",
        first_name="Любовь",
        middle_name="Андреевна",
        birth_date=years_ago(15),
        sex="F",
    )
    return Household(mother=mother, son=son, daughter=daughter)
