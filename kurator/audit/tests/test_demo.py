"""The audit step of the demo: the quality officer and a week of reads to look through."""

from __future__ import annotations

import random

from django.utils import timezone

from kurator.audit import demo as audit_demo
from kurator.core.demo import DemoContext


def test_the_audit_step_needs_an_organisation() -> None:
    demo = DemoContext(today=timezone.localdate(), rng=random.Random(1))
    audit_demo.build(demo)
    assert "quality1" not in demo.users
