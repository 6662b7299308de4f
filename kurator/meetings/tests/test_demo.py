"""The meetings step of the demo world (kurator/meetings/demo.py)."""

from __future__ import annotations

import random

from django.utils import timezone

from kurator.core.demo import DemoContext
from kurator.meetings import demo as meetings_demo


def test_demo_without_an_organisation_makes_nothing() -> None:
    demo = DemoContext(today=timezone.localdate(), rng=random.Random(1))
    meetings_demo.build(demo)
    assert "пропущено" in demo.log[-1]
