"""The tasks step of the demo: the backfill (``sync.rebuild``) over everything the earlier
steps made, so every demo user opens «Мои задачи» to a believable list — signals waiting for a
team, a visit or a decision, case folders still missing documents, plans, plan actions and
reviews of the cases opened months ago (some of them overdue), subject requests and a
destruction deadline for the team head. The earlier steps' dates are backdated after their
records were saved, so the rebuild recounts the open tasks from the stored dates."""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.tasks import sync
from kurator.tasks.models import Task


def build(demo: DemoContext) -> None:
    if demo.organisation is None:
        demo.say("Задачи: нет организации — пропущено.")
        return
    sync.rebuild(organisation_id=demo.organisation.pk, today=demo.today)
    tasks = Task.objects.filter(organisation=demo.organisation, status=Task.Status.OPEN)
    overdue = tasks.filter(due_on__lt=demo.today).count()
    demo.extra["tasks_open"] = tasks.count()
    demo.say(f"Задачи: открыто {tasks.count()}, из них просрочено {overdue}.")
