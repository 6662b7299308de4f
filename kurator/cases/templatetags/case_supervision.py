"""Template helpers of supervision: ``{{ text|masked:mask }}`` hides surnames when the page
is seen through a supervision share (``mask`` from ``masking.mask_for``; None
shows the text as it is), and ``{% case_people case %}`` lists who works on the case."""

from __future__ import annotations

from typing import Any

from django import template

from kurator.cases.masking import SurnameMask
from kurator.cases.models import Case
from kurator.cases.queries.supervision import live_shares_of, members_of
from kurator.cases.services.supervision import may_manage_members, may_share_for_supervision

register = template.Library()


@register.filter
def masked(value: object, mask: SurnameMask | None) -> object:
    """The text with the family's surnames replaced by initials, under a supervision mask."""
    if mask is None or not isinstance(value, str):
        return value
    return mask.text(value)


@register.inclusion_tag("cases/supervision/_case_people.html", takes_context=True)
def case_people(context: template.Context, case: Case) -> dict[str, Any]:
    """``case`` comes from the page's ``access.get_case``."""
    user = context["request"].user
    return {
        "case": case,
        "members": [m for m in members_of(case) if m.removed_at is None],
        "shares": list(live_shares_of(case)),
        "may_manage": may_manage_members(user, case),
        "may_share": may_share_for_supervision(user, case),
    }
