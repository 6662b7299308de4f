"""Scopes of tasks («Мои задачи»).

- every active staff member sees her own tasks — and only hers;
- a team head also sees her team's *overdue* tasks (read only: who is late with what), the
  team being the task's record's team;
- anyone of another organisation, an inactive user or a visitor — none.

A task is a to-do note pointing at a record: its link still goes through the record's own
``access.get_*`` check, so a task never opens a record its assignee could not see.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from kurator.access.base import AnyUser, active_staff
from kurator.accounts.roles import RoleCode
from kurator.tasks.models import Task

__all__ = ["may_see_team_tasks", "tasks_visible_to", "team_overdue_tasks_visible_to"]


def tasks_visible_to(user: AnyUser) -> QuerySet[Task]:
    """The user's own tasks (every status)."""
    staff = active_staff(user)
    if staff is None:
        return Task.objects.none()
    return Task.objects.filter(organisation_id=staff.organisation_id, user_id=staff.user.pk)


def may_see_team_tasks(user: AnyUser) -> bool:
    staff = active_staff(user)
    return staff is not None and staff.team_id is not None and staff.has_role(RoleCode.TEAM_HEAD)


def team_overdue_tasks_visible_to(user: AnyUser, *, today: date) -> QuerySet[Task]:
    """A team head's team's open tasks past their due date, other people's only."""
    staff = active_staff(user)
    if staff is None or staff.team_id is None or not may_see_team_tasks(user):
        return Task.objects.none()
    return Task.objects.filter(
        organisation_id=staff.organisation_id,
        team_id=staff.team_id,
        status=Task.Status.OPEN,
        due_on__lt=today,
    ).exclude(user_id=staff.user.pk)
