"""Fixtures of the assessments tests: the two default instruments (from the data migration),
an open case of ``curator`` with a child in the family, and helpers to answer every question."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from kurator.accounts.models import User
from kurator.assessments.models import Instrument
from kurator.assessments.services import instrument_questions
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.people.models import Family, Person

Answers = dict[int, int]


@pytest.fixture(autouse=True)
def _default_instruments(request: pytest.FixtureRequest) -> None:
    """The two instruments the data migration ships are there for every database test here,
    even when a transactional test on the same worker has emptied the tables before."""
    if "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    shipped = importlib.import_module("kurator.assessments.migrations.0002_default_instruments")
    shipped.load(apps, None)  # skips an instrument that is there already


@pytest.fixture
def family_instrument(db: None) -> Instrument:
    return Instrument.objects.get(code="family-wellbeing", version=1)


@pytest.fixture
def child_instrument(db: None) -> Instrument:
    return Instrument.objects.get(code="child-wellbeing-index", version=1)


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def child(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Мария")


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, child: Person) -> Case:
    """An open case of ``curator``, opened 120 days ago (so assessments can be dated)."""
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=120))
    case.refresh_from_db()
    return case


def answer_all(instrument: Instrument, scores: dict[int, int] | int) -> Answers:
    """Every question answered with the option scoring ``scores`` (one score for all, or
    domain order → score)."""
    chosen: Answers = {}
    for question in instrument_questions(instrument):
        wanted = scores if isinstance(scores, int) else scores[question.domain.order]
        option = next(o for o in question.scale.options.all() if o.score == Decimal(wanted))
        chosen[question.pk] = option.pk
    return chosen


@pytest.fixture
def answers() -> Callable[..., Answers]:
    return answer_all
