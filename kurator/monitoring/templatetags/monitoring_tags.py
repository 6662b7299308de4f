"""The «Мониторинг» card of the case page (``{% monitoring_card case %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kurator import access
from kurator.cases.models import Case
from kurator.monitoring.queries import reviews as queries

register = template.Library()


@register.inclusion_tag("monitoring/_case_card.html", takes_context=True)
def monitoring_card(context: template.Context, case: Case) -> dict[str, Any]:
    """``case`` is the case page's, already resolved through ``access``. A supervisor's
    masked page gets no card (reviews name the family and the plan's actions)."""
    user = context["request"].user
    if not access.cases_visible_to(user).filter(pk=case.pk).exists():
        return {"show": False}
    return {
        "show": True,
        "case": case,
        "last_review": queries.case_reviews(case).first(),
        "next_task": queries.case_review_tasks(case).first(),
        "pending": queries.case_reviews(case)
        .filter(kind="quarterly", applied_version__isnull=True)
        .count(),
        "today": timezone.localdate(),
    }
