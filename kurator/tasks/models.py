"""Tasks («Мои задачи»): what a user must do by a date, stored when a record gets a deadline.

A task is written by ``kurator.tasks.services`` (never recomputed on a page view): the
lifecycle deadlines already on the records (signal, case, subject request, destruction clock)
are turned into tasks by ``kurator.tasks.sync``; other apps (plans, monitoring…) call
``schedule_task`` / ``complete_task`` / ``cancel_task`` with their own stable ``key``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    FIRST_VISIT_TEAM = "first_visit_team", _("назначить команду выезда")
    FIRST_VISIT = "first_visit", _("первичный выезд")
    VISIT_REPORT = "visit_report", _("отчёт о первичном выезде")
    DECISION = "decision", _("решение о взятии в работу")
    CASE_FOLDER = "case_folder", _("электронная папка случая")
    CASE_PLAN = "case_plan", _("план помощи")
    PLAN_ACTION = "plan_action", _("мероприятие плана")
    MONTHLY_FORM = "monthly_form", _("ежемесячный мониторинг")
    QUARTERLY_REVIEW = "quarterly_review", _("ежеквартальный мониторинг")
    ANNUAL_REVIEW = "annual_review", _("ежегодный мониторинг")
    POST_SUPPORT_CONTACT = "post_support_contact", _("контакт постсопровождения")
    CONSENT_DESTRUCTION = "consent_destruction", _("уничтожение данных")
    SUBJECT_REQUEST = "subject_request", _("обращение субъекта данных")
    APPEAL = "appeal", _("ответ на жалобу или предложение")
    CONSENT = "consent", _("согласие на обработку данных")
    REFERRAL = "referral", _("направление")
    MEETING = "meeting", _("встреча")
    ASSESSMENT = "assessment", _("оценка")
    OTHER = "other", _("другое")


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("открыта")
        DONE = "done", _("выполнена")
        CANCELLED = "cancelled", _("отменена")

    Kind = TaskKind

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("организация"),
    )
    # Stable identity of the task chosen by the app that makes it ("plan_action:42"): the
    # upsert key, so scheduling twice never makes two tasks.
    key = models.CharField(_("ключ"), max_length=120)
    # The record whose deadline made the task ("intake.signal:12"), for ``kurator.tasks.sync``;
    # blank for tasks other apps schedule themselves.
    source = models.CharField(_("источник"), max_length=60, blank=True, db_index=True)
    kind = models.CharField(_("вид"), max_length=30, choices=TaskKind.choices)
    title = models.CharField(_("задача"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("исполнитель"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="tasks",
        null=True,
        blank=True,
        verbose_name=_("случай"),
    )
    # The team the task belongs to (the record's team, else the user's): the team head's
    # «просрочено в команде» section.
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("команда"),
    )
    due_on = models.DateField(_("срок"))
    url = models.CharField(_("ссылка"), max_length=300, blank=True)
    status = models.CharField(
        _("статус"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    completed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто закрыл"),
    )

    class Meta:
        verbose_name = _("задача")
        verbose_name_plural = _("задачи")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="tasks_task_key_unique")
        ]
        indexes = [
            # «Мои задачи»: a user's open tasks, soonest first.
            models.Index(fields=["user", "status", "due_on"], name="tasks_task_user_due_idx"),
            # The team head's overdue section and the daily escalation.
            models.Index(fields=["team", "status", "due_on"], name="tasks_task_team_due_idx"),
            models.Index(fields=["case", "status"], name="tasks_task_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == Task.Status.OPEN

    def overdue_days(self, today: date) -> int:
        """Calendar days past the due date (0 when not overdue)."""
        return max((today - self.due_on).days, 0)


class SentReminder(models.Model):
    """One e-mail reminder of one task at one threshold: the daily digest never repeats it."""

    class Threshold(models.TextChoices):
        WEEK = "week", _("на этой неделе")
        TODAY = "today", _("сегодня")
        OVERDUE = "overdue", _("просрочено")
        ESCALATED = "escalated", _("передано руководителю")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("задача")
    )
    threshold = models.CharField(_("порог"), max_length=10, choices=Threshold.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("получатель"),
    )
    sent_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("отправленное напоминание")
        verbose_name_plural = _("отправленные напоминания")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "threshold"], name="tasks_reminder_once_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.threshold}"
