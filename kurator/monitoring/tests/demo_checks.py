"""The monitoring step of the demo world."""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.monitoring.models import MonthlyForm, Review
from kurator.plans.models import PlanVersion


def test_demo_applies_a_review_leaves_one_pending_fills_months_and_extends(
    demo: DemoContext,
) -> None:
    applied = Review.objects.get(kind="quarterly", applied_version__isnull=False)
    assert applied.applied_version is not None
    assert applied.applied_version.reason.startswith("Квартальный обзор за 1-й квартал")
    assert PlanVersion.objects.filter(plan__case=applied.case).count() >= 2
    assert Review.objects.filter(kind="quarterly", applied_version__isnull=True).count() == 1
    annual = Review.objects.get(kind="annual")
    assert annual.decision == Review.Decision.EXTEND
    forms = MonthlyForm.objects.filter(status="submitted")
    assert forms.values("case").distinct().count() == 2
    assert forms.count() >= 3
