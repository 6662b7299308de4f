"""What «Мои задачи» shows: the user's open tasks grouped by urgency, and — for a team head —
her team's overdue tasks. A fixed number of queries whatever the number of tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.tasks.models import Task, TaskKind

WEEK_DAYS = 7
# «Мои задачи» shows what is due within this many days (and what is overdue) unless asked for all.
HORIZON_DAYS = 30
TEAM_OVERDUE_LIMIT = 200


def overdue_text(days: int) -> str:
    """«просрочено на 1 день / 3 дня / 5 дней» (the three Russian plural forms)."""
    if days % 10 == 1 and days % 100 != 11:
        text = _("просрочено на %(n)s день")
    elif 2 <= days % 10 <= 4 and not 12 <= days % 100 <= 14:
        text = _("просрочено на %(n)s дня")
    else:
        text = _("просрочено на %(n)s дней")
    return text % {"n": days}


@dataclass(frozen=True)
class TaskRow:
    task: Task
    overdue_days: int
    due_today: bool

    @property
    def overdue_text(self) -> str:
        return overdue_text(self.overdue_days)


@dataclass
class Group:
    code: str
    label: str
    rows: list[TaskRow] = field(default_factory=list)


def open_tasks(user: User, *, kind: str | None = None) -> QuerySet[Task]:
    tasks = access.tasks_visible_to(user).filter(status=Task.Status.OPEN)
    if kind:
        tasks = tasks.filter(kind=kind)
    return tasks.select_related("case").order_by("due_on", "pk")


def _row(task: Task, today: date) -> TaskRow:
    return TaskRow(task=task, overdue_days=task.overdue_days(today), due_today=task.due_on == today)


@dataclass
class MyTasks:
    """«Мои задачи» as the page shows them: the groups, and how many open tasks there are in
    all (``total``) of which the groups hold ``shown``."""

    groups: list[Group]
    total: int
    horizon: date | None  # the last due date shown; None: every open task is shown

    @property
    def shown(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    @property
    def hidden(self) -> int:
        return self.total - self.shown


def my_tasks(
    user: User, *, today: date, kind: str | None = None, everything: bool = False
) -> MyTasks:
    """Overdue on top, then today, this week (the next 7 days), later — soonest first. Unless
    ``everything``, only what is due within ``HORIZON_DAYS`` (reviews are scheduled up to two
    years ahead); ``total`` still counts them all. Two queries (one with ``everything``)."""
    groups = [
        Group("overdue", _("Просрочено")),
        Group("today", _("Сегодня")),
        Group("week", _("На этой неделе")),
        Group("later", _("Позже")),
    ]
    by_code = {g.code: g for g in groups}
    week_end = today + timedelta(days=WEEK_DAYS)
    tasks = open_tasks(user, kind=kind)
    horizon = None if everything else today + timedelta(days=HORIZON_DAYS)
    if horizon is not None:
        tasks = tasks.filter(due_on__lte=horizon)
    for task in tasks:
        if task.due_on < today:
            code = "overdue"
        elif task.due_on == today:
            code = "today"
        elif task.due_on <= week_end:
            code = "week"
        else:
            code = "later"
        by_code[code].rows.append(_row(task, today))
    if horizon is None:
        total = sum(len(g.rows) for g in groups)
    else:
        total = open_tasks(user, kind=kind).count()
    return MyTasks(groups=groups, total=total, horizon=horizon)


def team_overdue(user: User, *, today: date, kind: str | None = None) -> list[TaskRow] | None:
    """The team head's second section (None for anyone else)."""
    if not access.may_see_team_tasks(user):
        return None
    tasks = access.team_overdue_tasks_visible_to(user, today=today)
    if kind:
        tasks = tasks.filter(kind=kind)
    tasks = tasks.select_related("user", "case").order_by("due_on", "user__last_name", "pk")
    return [_row(t, today) for t in tasks[:TEAM_OVERDUE_LIMIT]]


def kind_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in TaskKind.choices]
