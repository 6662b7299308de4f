"""Consents and the data subject's rights (152-FZ): consents, destruction clocks and acts,
anonymisations, subject requests.

Moved here from the people app without touching the database: every table keeps its
``people_…`` name (``db_table``, the history tables' ``table_name``) and so do the indexes and
constraints (migrations: ``people.0004`` drops them from people's state, ``privacy.0001`` adds
them here). Services: ``kurator.privacy.services``. Nothing here is ever deleted: a consent is
withdrawn, a destruction clock is completed or lifted, an answered request stays answered.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kurator.people.models import Person


class PurposeKind(models.TextChoices):
    """What a purpose of consent allows; the gates ask by kind (``kurator.privacy.queries
    .coverage``)."""

    CASE_WORK = "case_work", _("обработка данных для оказания помощи")
    TRANSFER = "transfer", _("передача данных третьим лицам")
    SUPERVISION = "supervision", _("обсуждение на внешней супервизии")
    PHOTO = "photo", _("фото- и видеосъёмка")
    PUBLICATION = "publication", _("публикация")
    OTHER = "other", _("другое")


class ConsentPurpose(models.Model):
    """A purpose a consent may name, kept per organisation and edited by its administrator
    (the admin). Each organisation starts with the defaults of ``DEFAULT_PURPOSES``
    (``kurator.privacy.services.purposes``): processing for case work, transfer to each
    category of the resource network, outside supervision, photo and video, publication.
    A transfer purpose names the category of resource agents it allows."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="consent_purposes",
        verbose_name=_("организация"),
    )
    code = models.SlugField(_("код"), max_length=40)
    title = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("что разрешает"), max_length=20, choices=PurposeKind.choices)
    category = models.CharField(
        _("категория агентов"),
        max_length=20,
        blank=True,
        help_text=_("Для передачи данных: категория агентов ресурсной сети."),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        db_table = "people_consentpurpose"
        verbose_name = _("цель согласия")
        verbose_name_plural = _("цели согласий")
        ordering = ["organisation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="people_consent_purpose_code_unique"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="transfer") & ~models.Q(category=""))
                | (~models.Q(kind="transfer") & models.Q(category="")),
                name="people_consent_purpose_transfer_has_category",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from kurator.network.models import ResourceAgent

        if self.kind == PurposeKind.TRANSFER:
            if self.category not in ResourceAgent.Category.values:
                raise ValidationError(
                    {"category": _("Такой категории агентов ресурсной сети нет.")}
                )
        elif self.category:
            raise ValidationError(
                {"category": _("Категорию указывают только для передачи данных.")}
            )


class Consent(models.Model):
    """A person's consent to the processing of their data for one or more purposes
    (``purposes``), with its term.

    The signed paper is a separate document of a case folder (``document``: a «согласие на
    обработку ПДн» upload, never a clause of the contract). For a child under 14 the legal
    representative signs alone (``signed_by``); a minor of 14–18 signs together with the
    representative; an adult signs herself. Withdrawn, never deleted; history keeps every
    change.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("человек")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("организация"),
    )
    purposes = models.ManyToManyField(
        ConsentPurpose, related_name="consents", verbose_name=_("цели")
    )
    purpose_other = models.CharField(_("цель своими словами"), max_length=300, blank=True)
    scope = models.TextField(_("какие данные и какие действия"))
    given_on = models.DateField(_("дата согласия"))
    valid_until = models.DateField(
        _("действует до"), null=True, blank=True, help_text=_("Пусто — до отзыва.")
    )
    document = models.ForeignKey(
        "documents.CaseDocument",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("подписанный документ"),
    )
    signed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("подписал законный представитель"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("кто внёс"),
    )
    recorded_at = models.DateTimeField(_("внесено"), auto_now_add=True)
    withdrawn_on = models.DateField(_("дата отзыва"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("как и почему отозвано"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто оформил отзыв"),
    )
    history = HistoricalRecords(table_name="people_historicalconsent")

    class Meta:
        db_table = "people_consent"
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("given_on")),
                name="people_consent_term_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="people_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.purpose_label}"

    @property
    def purpose_list(self) -> list[ConsentPurpose]:
        """The consent's purposes (prefetch ``purposes`` to read them without a query)."""
        return sorted(self.purposes.all(), key=lambda p: (p.position, p.pk))

    @property
    def purpose_kinds(self) -> frozenset[str]:
        return frozenset(p.kind for p in self.purposes.all())

    @property
    def purpose_label(self) -> str:
        labels = [
            self.purpose_other if p.kind == PurposeKind.OTHER and self.purpose_other else p.title
            for p in self.purpose_list
        ]
        return "; ".join(labels)

    def is_valid_on(self, day: date) -> bool:
        return (
            self.withdrawn_on is None
            and self.given_on <= day
            and (self.valid_until is None or self.valid_until >= day)
        )


class DestructionAct(models.Model):
    """Акт об уничтожении персональных данных: who was destroyed (anonymised), when, why, by
    whom, with the matching extract of the audit log. Kept three years (``keep_until``)."""

    class Reason(models.TextChoices):
        CONSENT_WITHDRAWN = "consent_withdrawn", _("отзыв согласия на обработку данных")
        RETENTION_EXPIRED = (
            "retention_expired",
            _("истёк срок хранения после закрытия последнего случая"),
        )

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("организация"),
    )
    # The team whose head sees the act (persons are grouped by their family's team); null when
    # the persons belong to no team's family.
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("команда"),
    )
    number = models.CharField(_("номер акта"), max_length=30)
    act_date = models.DateField(_("дата акта"))
    reason = models.CharField(_("основание"), max_length=30, choices=Reason.choices)
    details = models.TextField(_("подробности"), blank=True)
    persons_count = models.PositiveIntegerField(_("сколько человек"))
    person_ids = models.JSONField(_("номера карточек людей"), default=list)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто уничтожил"),
        help_text=_("Пусто — система (плановое уничтожение)."),
    )
    audit_extract = models.JSONField(_("выписка из журнала доступа"), default=list, blank=True)
    keep_until = models.DateField(_("хранить до"))
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        db_table = "people_destructionact"
        verbose_name = _("акт об уничтожении персональных данных")
        verbose_name_plural = _("акты об уничтожении персональных данных")
        ordering = ["-act_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="people_destruction_act_number_unique"
            )
        ]

    def __str__(self) -> str:
        return str(_("Акт №%(n)s от %(d)s") % {"n": self.number, "d": f"{self.act_date:%d.%m.%Y}"})

    @property
    def performer_name(self) -> str:
        if self.performed_by is None:
            return str(_("система"))
        return str(self.performed_by)  # the full name, else the login


class Anonymisation(models.Model):
    """The person's data were destroyed: names, contacts, notes wiped, birth date cut to the
    year. The row marks the card as read-only for good and points at the act."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="anonymisation", verbose_name=_("человек")
    )
    act = models.ForeignKey(
        DestructionAct,
        on_delete=models.PROTECT,
        related_name="anonymisations",
        verbose_name=_("акт"),
    )
    anonymised_at = models.DateTimeField(_("обезличено"), auto_now_add=True)

    class Meta:
        db_table = "people_anonymisation"
        verbose_name = _("обезличивание")
        verbose_name_plural = _("обезличивания")

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.anonymised_at:%Y-%m-%d}"


class DestructionClock(models.Model):
    """Processing of a person's data has stopped (the consent to processing was withdrawn);
    the data must be destroyed by ``destroy_by``: 30 days, or — where a law requires keeping
    them longer — blocked and destroyed within 6 months. While a clock is not lifted the
    person's card is read-only. A new consent given after the withdrawal lifts a running clock;
    destruction (anonymisation) completes it and writes a ``DestructionAct``."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="destruction_clocks",
        verbose_name=_("человек"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("организация"),
    )
    consent = models.OneToOneField(
        Consent,
        on_delete=models.PROTECT,
        related_name="destruction_clock",
        verbose_name=_("отозванное согласие"),
    )
    stopped_on = models.DateField(_("обработка остановлена"))
    blocked = models.BooleanField(
        _("хранение требуется по закону"),
        default=False,
        help_text=_("Данные заблокированы и уничтожаются в течение 6 месяцев."),
    )
    legal_basis = models.CharField(_("какой закон требует хранить"), max_length=300, blank=True)
    destroy_by = models.DateField(_("уничтожить до"))
    destroyed_at = models.DateTimeField(_("уничтожено"), null=True, blank=True)
    act = models.ForeignKey(
        DestructionAct,
        on_delete=models.PROTECT,
        related_name="clocks",
        null=True,
        blank=True,
        verbose_name=_("акт"),
    )
    lifted_at = models.DateTimeField(_("снято"), null=True, blank=True)
    lifted_by_consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("новое согласие"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(table_name="people_historicaldestructionclock")

    class Meta:
        db_table = "people_destructionclock"
        verbose_name = _("срок уничтожения данных")
        verbose_name_plural = _("сроки уничтожения данных")
        ordering = ["destroy_by", "pk"]
        indexes = [
            # «Сроки уничтожения данных» and the retention command: running clocks by deadline.
            models.Index(
                fields=["organisation", "destroyed_at", "destroy_by"],
                name="people_clock_due_idx",
            )
        ]
        constraints = [
            # One stop per person at a time: a double click on «Отозвать» starts one clock.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(lifted_at__isnull=True),
                name="people_one_clock_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(destroy_by__gte=models.F("stopped_on")),
                name="people_clock_destroy_after_stop",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.destroy_by:%d.%m.%Y}"

    @property
    def is_running(self) -> bool:
        return self.destroyed_at is None and self.lifted_at is None


class SubjectRequestKind(models.TextChoices):
    ACCESS = "access", _("ознакомление со своими данными")
    CORRECTION = "correction", _("уточнение (исправление) данных")
    WITHDRAWAL = "withdrawal", _("отзыв согласия")
    DELETION = "deletion", _("уничтожение данных")


class SubjectRequest(models.Model):
    """A data subject's request (152-FZ, art. 14, 20, 21), answered within 10 working days."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="subject_requests",
        verbose_name=_("человек"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("организация"),
    )
    kind = models.CharField(_("что просит"), max_length=20, choices=SubjectRequestKind.choices)
    received_on = models.DateField(_("получен"))
    text = models.TextField(_("содержание обращения"), blank=True)
    due_on = models.DateField(_("ответить до"))
    answered_on = models.DateField(_("дата ответа"), null=True, blank=True)
    answer = models.TextField(_("ответ"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто ответил"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("кто зарегистрировал"),
    )
    registered_at = models.DateTimeField(_("зарегистрирован"), auto_now_add=True)
    history = HistoricalRecords(table_name="people_historicalsubjectrequest")

    class Meta:
        db_table = "people_subjectrequest"
        verbose_name = _("обращение субъекта данных")
        verbose_name_plural = _("обращения субъектов данных")
        ordering = ["due_on", "pk"]
        indexes = [
            # The request list: unanswered first, by deadline.
            models.Index(
                fields=["organisation", "answered_on", "due_on"],
                name="people_subject_request_due_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | ~models.Q(answer=""),
                name="people_subject_request_answer_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.received_on:%d.%m.%Y})"

    def is_overdue_on(self, day: date) -> bool:
        """Unanswered past the deadline, or answered late."""
        if self.answered_on is None:
            return self.due_on < day
        return self.answered_on > self.due_on
