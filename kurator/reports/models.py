"""The records the indicators need that no other app keeps.

Every figure of a report is computed from records; these are the three kinds of record that
only the reports ask about:

* ``StaffNormEntry`` — a specialist's training hours, supervisions and leave days (docs/domain.md,
  Norms: per specialist per year at least 10 hours of training, 2 supervisions, 28 days of
  leave), entered by the team head or by the specialist herself;
* ``Appeal`` — a complaint or suggestion about the organisation's work and how long it took
  to answer it (docs/domain.md, Indicators: complaints and suggestions and their handling time);
* ``ShelterExit`` — a child leaving a social shelter or rehabilitation centre and where to
  (state model: «из 474 несовершеннолетних выведенных из учреждений, 195 возвращены в родные
  семьи»).

Each keeps its earlier versions (django-simple-history, ``history``): who entered, corrected,
answered or deleted it, and when — shown as «История изменений» (``reports/history.py``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StaffNormEntry(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("обучение, повышение квалификации")
        SUPERVISION = "supervision", _("супервизия")
        LEAVE = "leave", _("отпуск")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="norm_entries",
        verbose_name=_("специалист"),
    )
    kind = models.CharField(_("что"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("дата"), help_text=_("Для отпуска — первый день."))
    # Hours of training, days of leave; a supervision counts 1 whatever is typed.
    amount = models.DecimalField(
        _("часов / дней"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    note = models.CharField(_("тема, где, кто проводил"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A deleted entry keeps its versions: whoever saw it can still read who deleted what.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("обучение, супервизия, отпуск")
        verbose_name_plural = _("нормы специалистов")
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["specialist", "started_on"], name="reports_norm_specialist_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on:%d.%m.%Y}"


class Appeal(models.Model):
    """A complaint or a suggestion (жалоба, предложение) and its answer.

    It comes from outside — the public page, the hotline, a family through her curator, a
    letter — and is answered within 30 days of its registration (59-FZ, ``due_on``: the
    production calendar moves a deadline off a day off) by the quality officer it is assigned
    to, who has it as a task; the answer letter is printed from a template and the complainant
    is told the outcome by the contact she left (``notified_on``)."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("жалоба")
        SUGGESTION = "suggestion", _("предложение")

    class Channel(models.TextChoices):
        WEB = "web", _("публичная страница")
        HOTLINE = "hotline", _("горячая линия")
        CURATOR = "curator", _("через куратора")
        LETTER = "letter", _("письмо")
        EMAIL = "email", _("электронная почта")
        IN_PERSON = "in_person", _("лично")
        OTHER = "other", _("другое")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("команда"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="appeals",
        null=True,
        blank=True,
        verbose_name=_("случай"),
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("поступило"))
    channel = models.CharField(
        _("как поступило"), max_length=20, choices=Channel.choices, blank=True
    )
    author = models.CharField(_("от кого"), max_length=200, blank=True)
    contact = models.CharField(_("куда сообщить ответ"), max_length=300, blank=True)
    text = models.TextField(_("суть обращения"))
    # Set by ``services.records.record_appeal`` (``workdays.appeal_answer_due``); blank for
    # appeals recorded before the deadline was kept.
    due_on = models.DateField(_("ответить до"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appeals_assigned",
        null=True,
        blank=True,
        verbose_name=_("рассматривает"),
    )
    hotline_call = models.OneToOneField(
        "intake.HotlineCall",
        on_delete=models.PROTECT,
        related_name="appeal",
        null=True,
        blank=True,
        verbose_name=_("звонок на горячую линию"),
    )
    answered_on = models.DateField(_("дан ответ"), null=True, blank=True)
    answer = models.TextField(_("ответ, принятые меры"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    notified_on = models.DateField(_("ответ сообщён заявителю"), null=True, blank=True)
    # None for an appeal left on the public page (channel «публичная страница»).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The public form it came from, hashed: the same form sent twice registers it once.
    public_submission = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("жалоба или предложение")
        verbose_name_plural = _("жалобы и предложения")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "received_on"], name="reports_appeal_org_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "public_submission"],
                condition=~models.Q(public_submission=""),
                name="reports_appeal_public_submission_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%d.%m.%Y}"

    def is_overdue(self, today: date) -> bool:
        """Not answered, and its 59-FZ deadline has passed."""
        return self.answered_on is None and self.due_on is not None and self.due_on < today


class ShelterExit(models.Model):
    """A child left a social shelter / rehabilitation centre (выведен из учреждения)."""

    class Destination(models.TextChoices):
        BIRTH_FAMILY = "birth_family", _("возвращён в родную семью")
        SUBSTITUTE_FAMILY = "substitute_family", _("передан в замещающую семью")
        INSTITUTION = "institution", _("переведён в другое учреждение")
        OTHER = "other", _("другое")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("команда"),
    )
    child = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("ребёнок"),
    )
    family = models.ForeignKey(
        "people.Family",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("родная семья"),
    )
    shelter = models.CharField(_("учреждение"), max_length=300)
    left_on = models.DateField(_("дата выбытия"))
    destination = models.CharField(_("куда выбыл"), max_length=30, choices=Destination.choices)
    note = models.TextField(_("примечание"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("выбытие ребёнка из учреждения")
        verbose_name_plural = _("выбытия детей из учреждений")
        ordering = ["-left_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "left_on"], name="reports_shelter_exit_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.shelter} {self.left_on:%d.%m.%Y}"
