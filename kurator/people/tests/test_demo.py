"""The people step of the demo: realistic, deterministic, made through the services."""

from __future__ import annotations

import random
from datetime import date

import pytest

from kurator.accounts import demo as accounts_demo
from kurator.accounts.models import IntakeScript, Organisation, RoleGrantRequest, Team, User
from kurator.core.demo import DemoContext
from kurator.core.templatetags.kurator import age
from kurator.intake.models import SelectionCriterion
from kurator.people import demo as people_demo
from kurator.people.models import Family, FamilyLink, FamilyMembership, Person, PersonRelation
from kurator.privacy.models import ConsentPurpose

TODAY = date(2026, 11, 23)


def _build(seed: int = 2026) -> DemoContext:
    demo = DemoContext(today=TODAY, rng=random.Random(seed))
    accounts_demo.build(demo)
    people_demo.build(demo)
    return demo


@pytest.mark.django_db
def test_demo_families_cover_both_teams_all_distance_bands_and_every_child_age() -> None:
    demo = _build()
    by_team = demo.extra["families_by_team"]
    assert len(by_team["Смоленск"]) == 30
    assert len(by_team["Волгоград"]) == 10
    assert demo.extra["families"] == by_team["Смоленск"] + by_team["Волгоград"]
    assert all(f.team.name == "Смоленск" for f in by_team["Смоленск"])

    distances = [f.distance_km for f in Family.objects.all()]
    assert all(d is not None and 0 <= d <= 160 for d in distances)
    bands = {1 if d <= 80 else 2 if d <= 110 else 3 for d in distances if d is not None}
    assert bands == {1, 2, 3}

    children = FamilyMembership.objects.filter(role="child").select_related("person")
    ages = {age(m.person.birth_date, TODAY) for m in children}
    assert min(a for a in ages if a is not None) == 0
    assert max(a for a in ages if a is not None) == 17
    assert FamilyMembership.objects.filter(role="guardian").exists()
    # Parents have patronymics, as Russian files have them.
    parents = FamilyMembership.objects.filter(role="parent").select_related("person")
    assert all(m.person.middle_name for m in parents)
    assert PersonRelation.objects.exists()
    assert FamilyLink.objects.count() == 1


@pytest.mark.django_db
def test_demo_is_deterministic() -> None:
    def snapshot() -> list[tuple[str, str, date | None]]:
        return list(
            FamilyMembership.objects.order_by("pk").values_list(
                "family__name", "person__first_name", "person__birth_date"
            )
        )

    _build()
    first = snapshot()
    # Start again from an empty database (in the order the protecting keys allow).
    start_again = (
        Family,
        Person,
        IntakeScript,
        RoleGrantRequest,
        User,
        Team,
        ConsentPurpose,
        SelectionCriterion,
    )
    for model in (*start_again, Organisation):
        model.objects.all().delete()
    _build()
    assert snapshot() == first
