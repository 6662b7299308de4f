"""The plan's actions in «Мои задачи» (``kurator.tasks.services``).

A staff member's action with a due date is her task ``plan_action:{action.pk}``; the task is
completed when the action is done and cancelled when it is cancelled, not done or dropped
from the plan. A revision copies actions into new rows, so it cancels the old version's tasks
and schedules the new version's. Called inside the plan services' transactions.
"""

from __future__ import annotations

from django.urls import reverse

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.plans.models import PlanAction
from kurator.tasks import services as tasks
from kurator.tasks.models import TaskKind


def action_key(action: PlanAction) -> str:
    return f"plan_action:{action.pk}"


def schedule_action_task(
    action: PlanAction, *, case: Case, by: User | None, reopen: bool = False
) -> None:
    if action.status in PlanAction.FINISHED:
        return
    user = action.responsible_user
    if action.responsible_kind != PlanAction.Responsible.STAFF or user is None:
        tasks.cancel_task(key=action_key(action), by=by)
        return
    if action.due_on is None:
        tasks.cancel_task(key=action_key(action), by=by)
        return
    tasks.schedule_task(
        key=action_key(action),
        user=user,
        title=action.text,
        due_on=action.due_on,
        kind=TaskKind.PLAN_ACTION,
        case=case,
        url=reverse("plans:plan", args=[case.pk]),
        by=by,
        source="plans",
        reopen=reopen,
    )


def complete_action_task(action: PlanAction, *, by: User | None) -> None:
    tasks.complete_task(key=action_key(action), by=by)


def cancel_action_task(action: PlanAction, *, by: User | None) -> None:
    tasks.cancel_task(key=action_key(action), by=by)


def complete_plan_task(case: Case, *, by: User | None) -> None:
    """The plan is agreed with the family: the case's «план помощи» task is done."""
    tasks.complete_task(key=f"case_plan:{case.pk}", by=by)
