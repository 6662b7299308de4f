"""The cases step of the demo world (kurator/cases/demo/opening.py)."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from kurator.cases.demo import opening as cases_demo
from kurator.cases.models import Case
from kurator.core.demo import DemoContext, build_demo


@pytest.mark.django_db
def test_demo_opens_cases_for_the_accepted_signals_with_varied_complexity() -> None:
    demo = build_demo(today=timezone.localdate())
    accepted = demo.extra.get("accepted_signals") or []
    assert len(accepted) >= 6, "the intake demo must leave accepted signals for the cases"
    cases: list[Case] = demo.extra["cases"]
    assert len(cases) == len(accepted)
    assert {c.signal_id for c in cases} == {s.pk for s in accepted}
    scenarios = [c.scenario for c in Case.objects.filter(pk__in=[c.pk for c in cases])]
    assert scenarios.count(Case.Scenario.EMERGENCY) == 1
    assert scenarios.count(Case.Scenario.PERMANENT) == 1
    levels = set(
        Case.objects.exclude(complexity_level="").values_list("complexity_level", flat=True)
    )
    assert len(levels) >= 2
    assert Case.objects.filter(complexity_level="").exists()  # one left unscored on purpose
    curators = {c.curator.username for c in cases}
    assert curators <= {"curator1", "curator2", "curator3"}


def test_demo_without_accepted_signals_opens_nothing() -> None:
    demo = DemoContext(today=timezone.localdate(), rng=random.Random(1))
    cases_demo.build(demo)
    assert demo.extra["cases"] == []
    assert "не открыты" in demo.log[-1]
