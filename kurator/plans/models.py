"""The individual plan (индивидуальный план помощи, ИПР), its versions, goals and actions, and
the contacts with the family (docs/domain.md, Deadlines: the plan).

One plan per case. A plan is a chain of versions; the newest is the current one. A version
is edited while it is a draft; once agreed with the family it is never edited in place — it
is *revised*: ``services.revise_plan`` copies it into a new version with a reason, and every
earlier version stays readable. Goals and actions carry a ``lineage`` (a UUID kept by every
copy), so the difference between two versions matches "the same action" across them.

Action statuses and results are the plan's implementation, not its content: they change on
the current version's actions only (``services.update_action_status``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Plan(models.Model):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="plan", verbose_name=_("случай")
    )
    # The newest version (null only inside ``create_plan``'s transaction).
    current_version = models.ForeignKey(
        "PlanVersion",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("текущая версия"),
    )
    # The first agreement with the family: it stops the 45-day deadline (Case.plan_due).
    agreed_on = models.DateField(_("впервые согласован с семьёй"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("план помощи")
        verbose_name_plural = _("планы помощи")

    def __str__(self) -> str:
        return str(_("План помощи по случаю №%(n)s") % {"n": self.case_id})


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("версия"))
    reason = models.TextField(_("причина пересмотра"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    agreed_with_family_on = models.DateField(_("согласована с семьёй"), null=True, blank=True)
    agreed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("утвердил"),
    )
    approved_at = models.DateTimeField(_("утверждена"), null=True, blank=True)

    class Meta:
        verbose_name = _("версия плана")
        verbose_name_plural = _("версии плана")
        ordering = ["plan", "number"]
        constraints = [
            # Two revisions racing each other: the database refuses the second number.
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_number_unique")
        ]

    def __str__(self) -> str:
        return str(_("Версия %(n)s") % {"n": self.number})

    @property
    def is_agreed(self) -> bool:
        return self.agreed_with_family_on is not None


class Goal(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="goals")
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)
    text = models.TextField(_("цель"))
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("цель плана")
        verbose_name_plural = _("цели плана")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanAction(models.Model):
    class Responsible(models.TextChoices):
        STAFF = "staff", _("сотрудник")
        FAMILY = "family", _("член семьи")
        AGENT = "agent", _("агент ресурсной сети")
        ORGANISATION = "organisation", _("другая организация")

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        NOT_DONE = "not_done", _("не выполнено")
        CANCELLED = "cancelled", _("отменено")

    # Statuses after which an action needs nothing more (its task, if any, is closed).
    FINISHED = (Status.DONE, Status.NOT_DONE, Status.CANCELLED)

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="actions")
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)
    text = models.TextField(_("действие"))
    responsible_kind = models.CharField(
        _("кто отвечает"), max_length=20, choices=Responsible.choices
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        null=True,
        blank=True,
        verbose_name=_("сотрудник"),
    )
    responsible_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="plan_actions",
        null=True,
        blank=True,
        verbose_name=_("член семьи"),
    )
    responsible_agent = models.ForeignKey(
        "network.ResourceAgent",
        on_delete=models.PROTECT,
        related_name="plan_actions",
        null=True,
        blank=True,
        verbose_name=_("агент ресурсной сети"),
    )
    responsible_other = models.CharField(_("другая организация"), max_length=300, blank=True)
    due_on = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    result = models.TextField(_("результат"), blank=True)
    # The day the action was done: the plan's intensity counts from it (queries.py).
    done_on = models.DateField(_("выполнено"), null=True, blank=True)
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("действие плана")
        verbose_name_plural = _("действия плана")
        ordering = ["version", "goal__position", "goal_id", "position", "pk"]
        constraints = [
            # Exactly the responsible party its kind names.
            models.CheckConstraint(
                condition=(
                    models.Q(responsible_kind="staff", responsible_user__isnull=False)
                    | models.Q(responsible_kind="family", responsible_person__isnull=False)
                    | models.Q(responsible_kind="agent", responsible_agent__isnull=False)
                    | (models.Q(responsible_kind="organisation") & ~models.Q(responsible_other=""))
                ),
                name="plans_action_has_responsible",
            )
        ]
        indexes = [
            # queries.plan_warnings: the newest done action of each case.
            models.Index(fields=["version", "done_on"], name="plans_action_done_idx"),
            # The indicator report's intensity: actions done in a period (a range of days).
            models.Index(
                fields=["done_on", "version"],
                condition=models.Q(status="done"),
                name="plans_action_done_on_idx",
            ),
            # «Мои задачи» / a staff member's actions.
            models.Index(fields=["responsible_user", "status"], name="plans_action_user_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def responsible_name(self) -> str:
        if self.responsible_kind == self.Responsible.STAFF and self.responsible_user:
            user = self.responsible_user
            return user.full_name or user.username
        if self.responsible_kind == self.Responsible.FAMILY and self.responsible_person:
            return self.responsible_person.full_name
        if self.responsible_kind == self.Responsible.AGENT and self.responsible_agent:
            return self.responsible_agent.name
        return self.responsible_other

    @property
    def is_family_step(self) -> bool:
        return self.responsible_kind == self.Responsible.FAMILY


class Contact(models.Model):
    """A contact with the family: a home visit, a call, an office meeting, a message."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("посещение на дому")
        CALL = "call", _("звонок")
        OFFICE = "office", _("встреча в офисе")
        MESSAGE = "message", _("сообщение")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="contacts", verbose_name=_("случай")
    )
    kind = models.CharField(_("вид контакта"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("дата"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("сотрудники")
    )
    persons = models.ManyToManyField(
        "people.Person", related_name="+", blank=True, verbose_name=_("члены семьи")
    )
    notes = models.TextField(_("что обсудили, что видели"), blank=True)
    actions = models.ManyToManyField(
        PlanAction,
        related_name="contacts",
        blank=True,
        verbose_name=_("продвинутые действия плана"),
    )
    # Denormalised at recording: the contact moved at least one plan action (intensity).
    moved_plan = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("контакт с семьёй")
        verbose_name_plural = _("контакты с семьёй")
        ordering = ["-happened_on", "-pk"]
        indexes = [
            # queries.plan_warnings: the newest contact (home visit) of each case.
            models.Index(fields=["case", "kind", "happened_on"], name="plans_contact_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d.%m.%Y}"
