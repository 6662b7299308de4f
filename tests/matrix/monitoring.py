"""The monitoring part of the authorization matrix (kurator/monitoring).

The world's case gets a quarterly review (its plan is built later by the plans part, so the
review has no action items) and a draft monthly form. Reviews and forms hang off the case:
visible exactly to the case's scope (a supervision share opens none of them). Reading needs
``cases.case:read``; recording, applying and submitting ``plans.plan:write``. The monthly
general monitoring summary of a worker is a list page of one's own cases.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kurator.monitoring.services import monthly as monthly_services
from kurator.monitoring.services import reviews as services
from tests.test_access_matrix import CASE_READ, CASE_SCOPE, CURATOR, GP, P, Rule, listing, on

PLAN_WRITE = "plans.plan:write"

VISIBLE: dict[str, frozenset[str]] = {
    "review": CASE_SCOPE,
    "monthly_form": CASE_SCOPE,
}

RULES: dict[str, Rule] = {
    "monitoring:case": on("case", CASE_READ),
    "monitoring:quarterly_create": on("case", PLAN_WRITE, GP),
    "monitoring:annual_create": on("case", PLAN_WRITE, GP),
    "monitoring:monthly_start": on("case", PLAN_WRITE, GP),
    "monitoring:review": on("review", CASE_READ),
    "monitoring:review_print": on("review", CASE_READ),
    "monitoring:review_apply": on("review", PLAN_WRITE, GP),
    "monitoring:monthly": on("monthly_form", CASE_READ, GP, post_perm=PLAN_WRITE),
    "monitoring:monthly_submit": on("monthly_form", PLAN_WRITE, GP),
    "api-case-reviews": on("case", CASE_READ, GP, post_perm=PLAN_WRITE),
    "api-review-detail": on("review", CASE_READ),
    "api-review-apply": on("review", None, P, post_perm=PLAN_WRITE),
    "api-case-monthly-forms": on("case", CASE_READ, GP, post_perm=PLAN_WRITE),
    "api-monthly-form-detail": on("monthly_form", CASE_READ),
    "api-monthly-form-submit": on("monthly_form", None, P, post_perm=PLAN_WRITE),
    # The monthly general monitoring summary: without ``curator`` everyone with
    # ``cases.case:read`` gets her own (maybe empty) month; picking another worker is
    # checked in kurator/monitoring/tests/test_monthly_summary.py (404 outside one's team).
    "monitoring:monthly_summary": listing(CASE_READ),
    "monitoring:monthly_summary_xlsx": listing(CASE_READ),
    "api-monthly-summary": listing(CASE_READ),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    curator = users[CURATOR]
    case = records["case"]
    review = services.record_quarterly_review(
        case=case,
        period=1,
        items=[],
        state="Семья справляется, в доме тепло.",
        proposals=services.Proposals(priorities="Сначала школа, потом жильё"),
        by=curator,
    )
    monthly = monthly_services.start_monthly_form(case=case, month=timezone.localdate(), by=curator)
    return {"review": review, "monthly_form": monthly}
