"""The plans step of the demo world (kurator/plans/demo.py)."""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.plans import queries
from kurator.plans.models import Contact, Plan


def test_demo_plans_have_versions_contacts_and_one_low_intensity_case(demo: DemoContext) -> None:
    plans: list[Plan] = demo.extra["plans"]
    assert len(plans) >= 3
    assert any(p.versions.count() == 2 for p in plans)
    assert all(p.agreed_on is not None for p in plans)
    assert Contact.objects.filter(kind=Contact.Kind.HOME_VISIT).exists()
    cases = [p.case for p in plans]
    warnings = queries.plan_warnings(cases)
    assert sum(1 for w in warnings.values() if w.low_intensity) == 1
