"""The «Встречи» card of the case page (``{% case_meetings_card case %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from kurator import access
from kurator.cases.models import Case
from kurator.meetings.queries.register import open_entry

register = template.Library()
CARD_LIMIT = 5


@register.inclusion_tag("meetings/_case_card.html", takes_context=True)
def case_meetings_card(context: template.Context, case: Case) -> dict[str, Any]:
    """``case`` is the case page's, already resolved through ``access``."""
    user = context["request"].user
    meetings = list(access.case_meetings(case)[: CARD_LIMIT + 1])
    on_register = open_entry(case)
    return {
        "case": case,
        "meetings": meetings[:CARD_LIMIT],
        "more": len(meetings) > CARD_LIMIT,
        "on_register": on_register,
        # The commission documents: for a family on the register now or earlier.
        "ever_registered": on_register is not None or access.case_register_entries(case).exists(),
        "can_write": access.may_write_case(user, case),
    }
