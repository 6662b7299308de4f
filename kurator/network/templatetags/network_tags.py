"""The «Направления и услуги» card of the case page (``{% case_network_card case %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kurator import access
from kurator.cases.models import Case
from kurator.network.queries.case_network import case_card

register = template.Library()


@register.inclusion_tag("network/_case_card.html", takes_context=True)
def case_network_card(context: template.Context, case: Case) -> dict[str, Any]:
    """``case`` is the case page's, already resolved through ``access``."""
    user = context["request"].user
    return {
        "case": case,
        "today": timezone.localdate(),
        **case_card(case),
        "can_write": access.may_write_case(user, case),
    }
