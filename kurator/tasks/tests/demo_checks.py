"""The tasks step of the demo world (kurator/tasks/demo.py)."""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.tasks.models import Task


def test_demo_curators_have_believable_task_lists_with_some_overdue(demo: DemoContext) -> None:
    today = demo.today
    curator = demo.users["curator1"]
    mine = Task.objects.filter(user=curator, status=Task.Status.OPEN)
    kinds = set(mine.values_list("kind", flat=True))
    assert {"quarterly_review", "monthly_form", "case_folder"} <= kinds
    assert mine.filter(due_on__lt=today).exists()
    assert Task.objects.filter(user=demo.users["senior1"], status=Task.Status.OPEN).exists()
    assert demo.extra["tasks_open"] == Task.objects.filter(status=Task.Status.OPEN).count()
