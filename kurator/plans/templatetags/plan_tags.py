"""The plan on other apps' pages.

``{% case_plan_card case %}`` — the «План помощи» card of the case page: the current version,
the 45-day deadline (agreed on time or late, running or overdue) and the warnings; a handful
of queries. ``case`` comes from the page's ``access.get_case``.

``{% plan_warnings_for cases as warnings %}`` then ``{{ warnings|warnings_of:case.pk }}`` — the
warnings of a page of the case list, in a fixed number of queries (``queries.plan_warnings``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from kurator import access
from kurator.cases.models import Case
from kurator.plans import queries, services

register = template.Library()


@register.inclusion_tag("plans/_case_plan_card.html", takes_context=True)
def case_plan_card(context: template.Context, case: Case) -> dict[str, Any]:
    user = context["request"].user
    plan = queries.plan_of_case(case)
    deadline = queries.plan_deadline(case, plan)
    return {
        "case": case,
        "plan": plan,
        "version": plan.current_version if plan else None,
        "late_days": deadline.late_days,
        "overdue": deadline.overdue,
        "warnings": queries.plan_warnings([case]).get(case.pk),
        "can_write": access.may_work_case(user, case, services.WRITE),
    }


@register.simple_tag
def plan_warnings_for(cases: Iterable[Case]) -> dict[int, queries.CaseWarnings]:
    return queries.plan_warnings(list(cases))


@register.filter
def warnings_of(warnings: dict[int, queries.CaseWarnings], case_pk: int) -> Any:
    return warnings.get(case_pk) if warnings else None
