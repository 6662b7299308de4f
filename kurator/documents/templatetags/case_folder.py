"""``{% folder_summary case %}``: the case folder's state on the case page."""

from __future__ import annotations

from typing import Any

from django import template

from kurator.cases.models import Case
from kurator.documents.queries.folder import folder_status

register = template.Library()


@register.inclusion_tag("documents/_folder_summary.html", takes_context=True)
def folder_summary(context: template.Context, case: Case) -> dict[str, Any]:
    """``case`` comes from the page's ``access.get_case``; so do the documents' cases."""
    return {"case": case, "folder": folder_status(case), "perms": context.get("perms")}
