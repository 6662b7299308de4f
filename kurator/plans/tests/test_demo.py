"""The plans step of the demo world (kurator/plans/demo.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kurator.core.demo import build_demo
from kurator.plans import queries
from kurator.plans.models import Contact, Plan


@pytest.mark.django_db
def test_demo_plans_have_versions_contacts_and_one_low_intensity_case() -> None:
    demo = build_demo(today=timezone.localdate())
    plans: list[Plan] = demo.extra["plans"]
    assert len(plans) >= 3
    assert any(p.versions.count() == 2 for p in plans)
    assert all(p.agreed_on is not None for p in plans)
    assert Contact.objects.filter(kind=Contact.Kind.HOME_VISIT).exists()
    cases = [p.case for p in plans]
    warnings = queries.plan_warnings(cases)
    assert sum(1 for w in warnings.values() if w.low_intensity) == 1
