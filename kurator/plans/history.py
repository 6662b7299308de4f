"""Change history of a case's plan (docs/architecture.md, «How a record shows its change
history»): the plan's own versions and those of its actions, in every plan version."""

from __future__ import annotations

from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kurator.audit.history import ChangeEntry, Source, collect
from kurator.cases.models import Case
from kurator.plans.models import Plan, PlanAction


def _action_name(version: Any) -> str:
    text = Truncator(str(getattr(version, "text", "") or "")).chars(40)
    return _("Действие плана «%(text)s»") % {"text": text} if text else _("Действие плана")


def plan_sources() -> list[Source]:
    """Keyed by the case's id: a plan is reached by its case (``access.get_plan_case``)."""
    return [
        Source(Plan, "case_id", lambda version: _("План помощи")),
        Source(PlanAction, "version__plan__case_id", _action_name),
    ]


def plan_history(case: Case, *, limit: int = 200) -> list[ChangeEntry]:
    """``case`` comes from ``access.get_plan_case``."""
    return collect(plan_sources(), case.pk, limit=limit)
