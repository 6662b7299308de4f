"""The cases step of the demo world (kurator/cases/demo/opening.py)."""

from __future__ import annotations

import random

from django.utils import timezone

from kurator.cases.demo import opening as cases_demo
from kurator.core.demo import DemoContext


def test_demo_without_accepted_signals_opens_nothing() -> None:
    demo = DemoContext(today=timezone.localdate(), rng=random.Random(1))
    cases_demo.build(demo)
    assert demo.extra["cases"] == []
    assert "не открыты" in demo.log[-1]
