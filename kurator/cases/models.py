"""Cases (случаи) and the beneficiary history (история благополучателя).

The lifecycle issue extends this module (complexity, closure, post-support, handover …).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("открыт")
        POST_SUPPORT = "post_support", _("постсопровождение")
        CLOSED = "closed", _("закрыт")

    class Scenario(models.TextChoices):
        PLANNED = "planned", _("плановое сопровождение")
        EMERGENCY = "emergency", _("экстренная помощь")
        PERMANENT = "permanent", _("постоянное сопровождение")

    class TargetGroup(models.TextChoices):
        FAMILY_WITH_CHILDREN = "family", _("семья с детьми")
        ELDERLY = "elderly", _("пожилой человек")
        PALLIATIVE = "palliative", _("паллиативный пациент")
        DISABILITY = "disability", _("человек с инвалидностью")
        REFUGEES = "refugees", _("вынужденные переселенцы")
        VETERANS = "veterans", _("семья участника СВО / ветерана")
        OTHER = "other", _("другое")

    class Complexity(models.TextChoices):
        LOW = "low", _("низкая")
        MEDIUM = "medium", _("средняя")
        HIGH = "high", _("высокая")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("организация"),
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", verbose_name=_("команда")
    )
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="cases", verbose_name=_("семья")
    )
    # One case per signal: the unique one-to-one is the database's guard against a
    # double-click opening two cases. Null for a reopened case or one grown from one-off help.
    signal = models.OneToOneField(
        "intake.Signal",
        on_delete=models.PROTECT,
        related_name="case",
        null=True,
        blank=True,
        verbose_name=_("сигнал"),
    )
    previous_case = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="reopened_as",
        null=True,
        blank=True,
        verbose_name=_("предыдущий случай"),
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="curated_cases",
        verbose_name=_("куратор"),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    scenario = models.CharField(
        _("сценарий"), max_length=20, choices=Scenario.choices, default=Scenario.PLANNED
    )
    target_group = models.CharField(
        _("целевая группа"),
        max_length=20,
        choices=TargetGroup.choices,
        default=TargetGroup.FAMILY_WITH_CHILDREN,
    )
    opened_at = models.DateTimeField(_("открыт"))
    folder_due = models.DateField(_("электронная папка — срок"), null=True, blank=True)
    plan_due = models.DateField(_("план помощи — срок"), null=True, blank=True)
    closed_at = models.DateTimeField(_("закрыт"), null=True, blank=True)
    # Latest complexity, denormalised from the newest ComplexityAssessment for lists/filters.
    complexity_score = models.PositiveSmallIntegerField(_("баллы сложности"), null=True, blank=True)
    complexity_level = models.CharField(
        _("сложность"), max_length=10, choices=Complexity.choices, blank=True, db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("случай")
        verbose_name_plural = _("случаи")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            # "Мои случаи" and caseload counts: a curator's cases by status.
            models.Index(fields=["curator", "status"], name="cases_case_curator_status_idx"),
            models.Index(fields=["organisation", "team", "status"], name="cases_case_team_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Случай №%(n)s — %(family)s") % {"n": self.pk, "family": self.family})


class TimelineEvent(models.Model):
    """One row of the beneficiary history: who did what, when, to which family/case.

    Written only by services (``kurator.cases.timeline.record``), never by views. Display text
    comes from the registry in ``kurator/cases/timeline.py``, keyed by ``kind``.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey(
        "people.Family",
        on_delete=models.PROTECT,
        related_name="timeline",
        null=True,
        blank=True,
        verbose_name=_("семья"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="timeline",
        null=True,
        blank=True,
        verbose_name=_("случай"),
    )
    signal = models.ForeignKey(
        "intake.Signal",
        on_delete=models.PROTECT,
        related_name="timeline",
        null=True,
        blank=True,
        verbose_name=_("сигнал"),
    )
    kind = models.CharField(_("событие"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто"),
    )
    data = models.JSONField(_("подробности"), default=dict, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    emergency = models.BooleanField(
        _("экстренный шаг"), default=False, help_text=_("Сделан до согласования.")
    )

    class Meta:
        verbose_name = _("событие истории")
        verbose_name_plural = _("история благополучателя")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["family", "-created_at"], name="cases_timeline_family_idx"),
            models.Index(fields=["case", "-created_at"], name="cases_timeline_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.created_at:%Y-%m-%d %H:%M}"
