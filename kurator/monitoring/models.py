"""Monitoring of a case (docs/domain.md, Deadlines: monitoring; the case-work technology's
«Мониторинг результатов» and the state model):

- the quarterly review (квартальный обзор случая): per action of the plan's current version —
  done or not and why; the current state of the family; proposals — change priorities, drop
  actions, add actions, involve agencies. ``services.apply_review`` turns it into a plan
  revision in one step;
- the annual review (ежегодный пересмотр) ending in a decision: extend or close;
- the monthly form (форма ежемесячного мониторинга) of the curator for one case and month,
  pre-filled from the month's records, edited and submitted (read-only after).

Review number ``n`` counts from the opening date: quarterly n = 1, 2, 3, 5, 6, 7 … covers the
months 3·(n−1) … 3·n; annual y covers the months 12·(y−1) … 12·y (the 4th, 8th … quarter).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Review(models.Model):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("квартальный обзор")
        ANNUAL = "annual", _("ежегодный пересмотр")

    class Decision(models.TextChoices):
        EXTEND = "extend", _("продлить сопровождение")
        CLOSE = "close", _("закрыть случай")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("случай")
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("номер периода"))
    period_start = models.DateField(_("начало периода"))
    period_end = models.DateField(_("конец периода"))
    state = models.TextField(_("текущее состояние семьи"))
    priorities = models.TextField(_("изменение приоритетов"), blank=True)
    agencies = models.TextField(_("привлечение других служб и организаций"), blank=True)
    decision = models.CharField(_("решение"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("обоснование решения"), blank=True)
    # The plan version the review looked at, and the revision it was turned into.
    plan_version = models.ForeignKey(
        "plans.PlanVersion",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("версия плана"),
    )
    applied_version = models.ForeignKey(
        "plans.PlanVersion",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("новая версия плана"),
    )
    applied_at = models.DateTimeField(_("применён"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("записан"), auto_now_add=True)

    class Meta:
        verbose_name = _("обзор случая")
        verbose_name_plural = _("обзоры случая")
        ordering = ["case", "-period_start", "-pk"]
        constraints = [
            # A double submit of the same period: the database refuses the second.
            models.UniqueConstraint(
                fields=["case", "kind", "number"], name="monitoring_review_period_unique"
            )
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.ANNUAL:
            return str(_("Ежегодный пересмотр за %(n)s-й год") % {"n": self.number})
        return str(_("Квартальный обзор за %(n)s-й квартал") % {"n": self.number})

    @property
    def is_applied(self) -> bool:
        return self.applied_version_id is not None

    @property
    def proposes_changes(self) -> bool:
        return (
            bool(self.priorities.strip())
            or any(item.drop for item in self.items.all())
            or bool(self.new_actions.all())
        )


class ReviewItem(models.Model):
    """One action of the reviewed version: done or not, why not, and whether to drop it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items")
    action = models.ForeignKey("plans.PlanAction", on_delete=models.PROTECT, related_name="+")
    done = models.BooleanField(_("выполнено"))
    reason = models.TextField(_("почему не выполнено"), blank=True)
    drop = models.BooleanField(_("исключить из плана"), default=False)

    class Meta:
        verbose_name = _("пункт обзора")
        verbose_name_plural = _("пункты обзора")
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "action"], name="monitoring_item_action_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.action)


class ReviewNewAction(models.Model):
    """A proposed new action: what, who is responsible, by when, under which goal."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="new_actions")
    goal = models.ForeignKey(
        "plans.Goal", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    goal_text = models.TextField(_("новая цель"), blank=True)
    text = models.TextField(_("действие"))
    responsible_kind = models.CharField(_("кто отвечает"), max_length=20)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    responsible_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    responsible_agent = models.ForeignKey(
        "network.ResourceAgent",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    responsible_other = models.CharField(_("другая организация"), max_length=300, blank=True)
    due_on = models.DateField(_("срок"), null=True, blank=True)

    class Meta:
        verbose_name = _("новое действие обзора")
        verbose_name_plural = _("новые действия обзора")
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def responsible_name(self) -> str:
        if self.responsible_user is not None:
            return self.responsible_user.full_name or self.responsible_user.username
        if self.responsible_person is not None:
            return self.responsible_person.full_name
        if self.responsible_agent is not None:
            return self.responsible_agent.name
        return self.responsible_other


class MonthlyForm(models.Model):
    """The curator's monthly monitoring of one case (форма ежемесячного мониторинга)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("сдана")

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="monthly_forms",
        verbose_name=_("случай"),
    )
    month = models.DateField(_("месяц"))  # the first day of the month
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Pre-filled from the month's records, editable by the curator until submitted.
    contacts = models.PositiveIntegerField(_("контактов с семьёй"), default=0)
    home_visits = models.PositiveIntegerField(_("из них посещений на дому"), default=0)
    actions_done = models.PositiveIntegerField(_("выполнено действий плана"), default=0)
    actions_due = models.PositiveIntegerField(_("действий плана со сроком в месяце"), default=0)
    meetings = models.PositiveIntegerField(_("консилиумов и встреч"), default=0)
    services = models.PositiveIntegerField(_("оказано услуг и помощи"), default=0)
    summary = models.TextField(_("итоги месяца: что изменилось в семье"), blank=True)
    difficulties = models.TextField(_("трудности и отклонения от плана"), blank=True)
    next_steps = models.TextField(_("планы на следующий месяц"), blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("сдана"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("ежемесячная форма")
        verbose_name_plural = _("ежемесячные формы")
        ordering = ["case", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="monitoring_month_unique")
        ]

    def __str__(self) -> str:
        return str(_("Ежемесячная форма за %(m)s") % {"m": self.month.strftime("%m.%Y")})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED
