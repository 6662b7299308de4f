"""The hotline journal («журнал горячей линии»): every call, incoming or outgoing, with who
called, what about and how it ended — a consultation only, a signal created from it, a
referral to another service (which), or a complaint.

Kept in the intake app (``kurator.intake.models`` re-exports it): a call is how a signal or a
complaint most often comes in, and its journal is read by those who keep the signal journal.
A telephony system may post the bare call (direction, time, duration, number); the operator
completes the topic and the outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class HotlineCall(models.Model):
    class Direction(models.TextChoices):
        INCOMING = "incoming", _("входящий")
        OUTGOING = "outgoing", _("исходящий")

    class CallerKind(models.TextChoices):
        PARENT = "parent", _("родитель, законный представитель")
        RELATIVE = "relative", _("родственник")
        NEIGHBOUR = "neighbour", _("сосед, знакомый")
        SCHOOL = "school", _("школа, детский сад")
        MEDICAL = "medical", _("медицинский работник")
        AGENCY = "agency", _("ведомство: опека, ПДН, соцзащита")
        NGO = "ngo", _("другая НКО")
        SELF = "self", _("сам человек: подросток, взрослый")
        ANONYMOUS = "anonymous", _("не представился")
        OTHER = "other", _("другое")

    class Topic(models.TextChoices):
        MATERIAL_AID = "material_aid", _("материальная помощь: продукты, вещи")
        BENEFITS = "benefits", _("пособия, документы, льготы")
        LEGAL = "legal", _("юридический вопрос")
        PSYCHOLOGICAL = "psychological", _("психологическая поддержка")
        CHILD_SAFETY = "child_safety", _("угроза ребёнку, жестокое обращение")
        PARENTING = "parenting", _("отношения с детьми, воспитание")
        HOUSING = "housing", _("жильё, ремонт, отопление")
        HEALTH = "health", _("здоровье, лечение")
        EDUCATION = "education", _("учёба, детский сад")
        ONGOING_CASE = "ongoing_case", _("по текущему сопровождению семьи")
        OTHER = "other", _("другое")

    class Outcome(models.TextChoices):
        CONSULTATION = "consultation", _("только консультация")
        SIGNAL = "signal", _("создан сигнал")
        REDIRECTED = "redirected", _("перенаправлен в другую службу")
        COMPLAINT = "complaint", _("жалоба")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("организация"),
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("команда")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hotline_calls",
        verbose_name=_("оператор"),
    )
    direction = models.CharField(_("звонок"), max_length=10, choices=Direction.choices)
    started_at = models.DateTimeField(_("начало"))
    duration_seconds = models.PositiveIntegerField(_("длительность, с"), default=0)
    caller_kind = models.CharField(
        _("кто звонил"), max_length=20, choices=CallerKind.choices, blank=True
    )
    caller_name = models.CharField(_("как представился"), max_length=150, blank=True)
    caller_phone = models.CharField(_("телефон"), max_length=50, blank=True)
    topic = models.CharField(_("тема"), max_length=20, choices=Topic.choices, blank=True)
    summary = models.TextField(_("о чём говорили"), blank=True)
    outcome = models.CharField(_("итог"), max_length=20, choices=Outcome.choices, blank=True)
    redirected_to = models.CharField(_("куда перенаправлен"), max_length=300, blank=True)
    signal = models.OneToOneField(
        "intake.Signal",
        on_delete=models.PROTECT,
        related_name="hotline_call",
        null=True,
        blank=True,
        verbose_name=_("сигнал"),
    )
    # The telephony system's id of the call: posted twice, the call is stored once.
    external_id = models.CharField(_("номер звонка в телефонии"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("записан"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("звонок на горячую линию")
        verbose_name_plural = _("журнал горячей линии")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="intake_hotline_call_external_id_once",
            )
        ]
        indexes = [
            # The journal of a team and the reports of a period.
            models.Index(fields=["team", "-started_at"], name="intake_hotline_team_idx"),
            models.Index(fields=["organisation", "started_at"], name="intake_hotline_org_idx"),
            # The operator's shift.
            models.Index(fields=["operator", "-started_at"], name="intake_hotline_operator_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Звонок №%(n)s") % {"n": self.pk})

    @property
    def is_complete(self) -> bool:
        """The operator has said what it was about and how it ended."""
        return bool(self.topic and self.outcome)

    @property
    def duration_display(self) -> str:
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"
