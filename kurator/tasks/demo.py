"""The tasks step of the demo: the backfill (``sync.rebuild``) over everything the earlier
steps made, so every demo user opens «Мои задачи» to a believable list — the signals waiting
for a team, a visit or a decision, the new cases' folders, plans and reviews — and last
month's monitoring form that curators with open cases have not handed in (overdue)."""

from __future__ import annotations

from datetime import timedelta

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.tasks import sync
from kurator.tasks.models import Task, TaskKind
from kurator.tasks.services import schedule_task


def build(demo: DemoContext) -> None:
    if demo.organisation is None:
        demo.say("Задачи: нет организации — пропущено.")
        return
    sync.rebuild(organisation_id=demo.organisation.pk, today=demo.today)
    last_month = demo.today.replace(day=1) - timedelta(days=1)
    curators = User.objects.filter(
        pk__in=Case.objects.filter(organisation=demo.organisation, status=Case.Status.OPEN).values(
            "curator_id"
        ),
        is_active=True,
    ).order_by("pk")
    for curator in curators:
        schedule_task(
            key=f"monthly_form:{curator.pk}:{last_month:%Y-%m}",
            user=curator,
            title=f"Форма ежемесячного мониторинга за {sync.MONTHS[last_month.month - 1]} "
            f"{last_month.year}",
            due_on=sync.last_working_day_of_month(last_month.year, last_month.month),
            kind=TaskKind.MONTHLY_FORM,
            source=f"accounts.user:{curator.pk}",
        )
    tasks = Task.objects.filter(organisation=demo.organisation, status=Task.Status.OPEN)
    overdue = tasks.filter(due_on__lt=demo.today).count()
    demo.extra["tasks_open"] = tasks.count()
    demo.say(f"Задачи: открыто {tasks.count()}, из них просрочено {overdue}.")
