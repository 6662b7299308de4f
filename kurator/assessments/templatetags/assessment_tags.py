"""``{% assessments_card case %}`` — the «Оценки» card of the case page: the first
comparison's chart (the family's, if assessed), the latest assessments and the links.
``case`` comes from the page's ``access.get_case``; three queries. ``|points`` shows a score
the Russian way: 12,5 and 40, never 4E+1."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from kurator import access
from kurator.assessments import queries
from kurator.assessments.chart import comparison_svg

register = template.Library()


@register.filter
def points(value: Decimal | None) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value).normalize():f}".replace(".", ",")


@register.inclusion_tag("assessments/_case_card.html", takes_context=True)
def assessments_card(context: template.Context, case: Any) -> dict[str, Any]:
    user = context["request"].user
    groups = queries.comparisons(case)
    first = groups[0] if groups else None
    return {
        "case": case,
        "groups": groups,
        "first": first,
        "svg": comparison_svg(first) if first is not None and first.rows else "",
        "can_write": access.may_write_case(user, case),
    }
