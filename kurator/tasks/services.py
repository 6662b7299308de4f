"""How an app makes a task — the stable interface of «Мои задачи».

A task is a stored record: «Мои задачи» and the daily digest read it, nothing is recomputed on
a page view. An app that gives somebody something to do by a date calls::

    from kurator.tasks.services import schedule_task, complete_task, cancel_task

    schedule_task(
        key=f"plan_action:{action.pk}",   # stable, unique, embeds a primary key
        user=action.responsible_user,     # the assignee (a staff member of the organisation)
        title="Позвонить в школу",        # Russian, what to do (≤ 300 characters)
        due_on=action.due_on,
        kind="plan_action",               # one of TaskKind (kurator/tasks/models.py)
        case=case,                        # optional: the case it belongs to
        url=reverse("plans:…", …),        # optional: where the work is done
        by=request_user,                  # optional: who caused it
    )
    complete_task(key=f"plan_action:{action.pk}", by=user)   # the work is done
    cancel_task(key=f"plan_action:{action.pk}", by=user)     # no longer needed

- ``schedule_task`` is an idempotent upsert by ``key`` (unique per organisation): calling it
  again updates the assignee, title, due date and link of an *open* task (a new assignee or
  a new due date resets the task's sent reminders). A task already done or cancelled stays
  as it is unless ``reopen=True``.
- ``complete_task`` / ``cancel_task`` never fail when the task is absent or already closed.
- Call them inside your service's ``transaction.atomic()``: the task is written with the
  record, or not at all.

Keys in use (other apps complete these):

- ``case_plan:{case.pk}`` — the individual plan agreed with the family (the plans app calls
  ``complete_task`` when a plan is agreed);
- ``plan_action:{action.pk}`` — one per plan action (the plans app schedules them);
- ``monthly_form:{user.pk}:{YYYY-MM}`` — a worker's monthly monitoring form (due the last
  working day of the month), ``quarterly_review:{case.pk}:{n}`` — the n-th quarterly review
  (n = 1, 2, 3, 5, 6, 7 …: due n·3 months after opening), ``annual_review:{case.pk}:{y}`` — the
  y-th annual review (12·y months after opening); the monitoring app completes them;
- ``case_consent:{case.pk}``, ``consent_withdrawn:{consent.pk}:{case.pk}``,
  ``consent_expiring:{consent.pk}`` — consents (``kurator.privacy.services.consent_tasks``);
- ``appeal:{appeal.pk}`` — answering a complaint or suggestion within 59-FZ's 30 days
  (``kurator.reports.services.records``: scheduled when it is registered, completed when it
  is answered);
- lifecycle keys made by ``kurator.tasks.sync`` (do not schedule these yourself):
  ``first_visit_team:{signal}:{user}``, ``first_visit:{signal}:{user}``,
  ``visit_report:{signal}``, ``decision:{signal}:{user}``, ``case_folder:{case}``,
  ``post_support_contact:{case}``, ``subject_request:{request}``,
  ``consent_destruction:{clock}:{user}``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import Team, User
from kurator.cases.models import Case
from kurator.tasks.errors import TaskError
from kurator.tasks.models import SentReminder, Task, TaskKind

__all__ = [
    "cancel_task",
    "complete_task",
    "move_case_tasks",
    "schedule_task",
]

_KEY_MAX = Task._meta.get_field("key").max_length or 120
_TITLE_MAX = Task._meta.get_field("title").max_length or 300
_URL_MAX = Task._meta.get_field("url").max_length or 300


def _check(
    *, key: str, user: User, title: str, due_on: date, kind: str, case: Case | None
) -> tuple[str, str]:
    key = (key or "").strip()
    if not key or len(key) > _KEY_MAX:
        raise TaskError(_("Ключ задачи обязателен (не длиннее 120 символов)."), field="key")
    if kind not in TaskKind.values:
        raise TaskError(_("Выберите вид задачи из списка."), field="kind")
    title = " ".join((title or "").split())
    if not title:
        raise TaskError(_("Напишите, что нужно сделать."), field="title")
    if len(title) > _TITLE_MAX:
        title = title[: _TITLE_MAX - 1] + "…"
    if isinstance(due_on, datetime) or not isinstance(due_on, date):
        raise TaskError(_("Укажите срок задачи (дату)."), field="due_on")
    if user is None or user.pk is None or user.organisation_id is None:
        raise TaskError(_("Укажите исполнителя — сотрудника организации."), field="user")
    if case is not None and case.organisation_id != user.organisation_id:
        raise TaskError(_("Исполнитель должен работать в организации случая."), field="user")
    return key, title


def schedule_task(
    *,
    key: str,
    user: User,
    title: str,
    due_on: date,
    kind: str,
    case: Case | None = None,
    url: str = "",
    by: User | None = None,
    team: Team | None = None,
    source: str = "",
    reopen: bool = False,
) -> Task:
    """Create the task ``key`` or update it (idempotent). See the module docstring."""
    key, title = _check(key=key, user=user, title=title, due_on=due_on, kind=kind, case=case)
    organisation_id = user.organisation_id
    assert organisation_id is not None  # checked above
    team_id = case.team_id if case is not None else (team.pk if team else user.team_id)
    values = {
        "kind": kind,
        "title": title,
        "user_id": user.pk,
        "case_id": case.pk if case is not None else None,
        "team_id": team_id,
        "due_on": due_on,
        "url": (url or "")[:_URL_MAX],
        "source": source,
    }
    with transaction.atomic():
        task = (
            Task.objects.select_for_update()
            .filter(organisation_id=organisation_id, key=key)
            .first()
        )
        if task is None:
            try:
                with transaction.atomic():  # a savepoint: a lost race keeps the outer one usable
                    return Task.objects.create(organisation_id=organisation_id, key=key, **values)
            except IntegrityError:
                task = Task.objects.select_for_update().get(
                    organisation_id=organisation_id, key=key
                )
        if task.status != Task.Status.OPEN:
            if not reopen:
                return task
            task.status = Task.Status.OPEN
            task.completed_at = None
            task.completed_by = None
            SentReminder.objects.filter(task=task).delete()
        elif task.user_id != user.pk or task.due_on != due_on:
            SentReminder.objects.filter(task=task).delete()
        changed = [name for name, value in values.items() if getattr(task, name) != value]
        for name in changed:
            setattr(task, name, values[name])
        task.save()
    return task


def _close(key: str, status: str, by: User | None) -> None:
    with transaction.atomic():
        tasks = list(Task.objects.select_for_update().filter(key=key, status=Task.Status.OPEN))
        for task in tasks:
            task.status = status
            task.completed_at = timezone.now()
            task.completed_by = by
            task.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])


def complete_task(*, key: str, by: User | None = None) -> None:
    """The work is done. No error when the task is absent or already closed."""
    _close(key, Task.Status.DONE, by)


def cancel_task(*, key: str, by: User | None = None) -> None:
    """The work is no longer needed. No error when the task is absent or already closed."""
    _close(key, Task.Status.CANCELLED, by)


def move_case_tasks(*, case: Case, old_user: User, new_user: User, by: User | None = None) -> int:
    """A case changed hands: its open tasks of the old curator go to the new one (their sent
    reminders are forgotten, so the new curator hears of them). Returns how many moved."""
    with transaction.atomic():
        moving = Task.objects.select_for_update().filter(
            case=case, user=old_user, status=Task.Status.OPEN
        )
        ids = list(moving.values_list("pk", flat=True))
        SentReminder.objects.filter(task_id__in=ids).delete()
        return Task.objects.filter(pk__in=ids).update(user=new_user, updated_at=timezone.now())
