"""The service other apps call: schedule (idempotent upsert), complete, cancel, move."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kurator.accounts.models import User
from kurator.tasks.errors import TaskError
from kurator.tasks.models import SentReminder, Task
from kurator.tasks.services import cancel_task, complete_task, schedule_task


def _day(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def test_scheduling_twice_with_one_key_makes_one_task_and_updates_it(
    curator: User, colleague: User
) -> None:
    first = schedule_task(
        key="plan_action:1", user=curator, title="Позвонить", due_on=_day(3), kind="plan_action"
    )
    again = schedule_task(
        key="plan_action:1",
        user=colleague,
        title="Позвонить в школу",
        due_on=_day(5),
        kind="plan_action",
    )
    assert first.pk == again.pk
    assert Task.objects.count() == 1
    again.refresh_from_db()
    assert (again.user, again.title, again.due_on) == (colleague, "Позвонить в школу", _day(5))


def test_a_new_assignee_or_date_forgets_sent_reminders(curator: User, colleague: User) -> None:
    task = schedule_task(
        key="plan_action:2", user=curator, title="Визит", due_on=_day(0), kind="plan_action"
    )
    SentReminder.objects.create(task=task, threshold="today", recipient=curator)
    schedule_task(
        key="plan_action:2", user=colleague, title="Визит", due_on=_day(0), kind="plan_action"
    )
    assert not SentReminder.objects.exists()


def test_complete_and_cancel_never_fail_and_a_closed_task_stays_closed(curator: User) -> None:
    complete_task(key="plan_action:404")
    cancel_task(key="plan_action:404")
    schedule_task(key="plan_action:3", user=curator, title="Х", due_on=_day(1), kind="plan_action")
    complete_task(key="plan_action:3", by=curator)
    task = Task.objects.get(key="plan_action:3")
    assert task.status == Task.Status.DONE and task.completed_by == curator
    cancel_task(key="plan_action:3")
    task = schedule_task(
        key="plan_action:3", user=curator, title="Х", due_on=_day(9), kind="plan_action"
    )
    assert task.status == Task.Status.DONE
    task = schedule_task(
        key="plan_action:3",
        user=curator,
        title="Х",
        due_on=_day(9),
        kind="plan_action",
        reopen=True,
    )
    assert task.status == Task.Status.OPEN and task.due_on == _day(9)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"key": ""}, "key", "Ключ задачи обязателен"),
        ({"kind": "nonsense"}, "kind", "Выберите вид задачи из списка."),
        ({"title": "  "}, "title", "Напишите, что нужно сделать."),
        ({"due_on": None}, "due_on", "Укажите срок задачи (дату)."),
    ],
)
def test_bad_input_gets_a_clear_message(
    curator: User, changes: dict[str, object], field: str, message: str
) -> None:
    values: dict[str, object] = {
        "key": "plan_action:5",
        "user": curator,
        "title": "Х",
        "due_on": _day(1),
        "kind": "plan_action",
    }
    values.update(changes)
    with pytest.raises(TaskError) as error:
        schedule_task(**values)  # type: ignore[arg-type]
    assert error.value.field == field and error.value.message.startswith(message)
    assert not Task.objects.exists()
