"""Cards of the audit app on record pages.

``{% case_readers case %}`` — «Кто смотрел случай», for the case's curator, the senior curator
and team head of its team and the quality officer (``kurator.audit.rules``); one query, and
none for anyone else. ``case`` comes from the page's ``access.get_case``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from kurator.audit import queries
from kurator.audit.rules import may_see_case_readers

register = template.Library()


@register.inclusion_tag("audit/_case_readers.html", takes_context=True)
def case_readers(context: template.Context, case: Any) -> dict[str, Any]:
    user = context["request"].user
    if not may_see_case_readers(user, case):
        return {"show": False}
    all_reads_url = (
        f"{reverse('audit:log')}?case={case.pk}" if user.has_perm("audit.log:read") else None
    )
    return {
        "show": True,
        "readers": queries.recent_readers(case.pk, case.organisation_id),
        "limit": queries.READERS_LIMIT,
        "all_reads_url": all_reads_url,
    }
