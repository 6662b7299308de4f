"""Persons, families (households), memberships, relations between persons, family links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kurator.people.names import normalize_name


class Sex(models.TextChoices):
    FEMALE = "F", _("женский")
    MALE = "M", _("мужской")


class FamilyRole(models.TextChoices):
    PARENT = "parent", _("родитель")
    CHILD = "child", _("ребёнок")
    GUARDIAN = "guardian", _("опекун")
    RELATIVE = "relative", _("родственник")
    OTHER = "other", _("другое")


class Family(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("организация"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("команда"),
    )
    name = models.CharField(
        _("название семьи"), max_length=200, help_text=_("Обычно фамилия: «Ивановы».")
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    distance_km = models.DecimalField(
        _("расстояние до офиса команды, км по дороге"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    notes = models.TextField(_("заметки"), blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто создал"),
    )
    # Normalised copies (lower case, ё → е) for the family search: SQLite's LIKE folds the case
    # of ASCII letters only, so Cyrillic search compares these instead of the typed text.
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    search_address = models.CharField(max_length=500, editable=False, default="")

    class Meta:
        verbose_name = _("семья")
        verbose_name_plural = _("семьи")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(distance_km__gte=0) | models.Q(distance_km__isnull=True),
                name="people_family_distance_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = normalize_name(self.name)
        self.search_address = normalize_name(self.address)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Person(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("организация"),
    )
    last_name = models.CharField(_("фамилия"), max_length=150)
    first_name = models.CharField(_("имя"), max_length=150)
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    sex = models.CharField(_("пол"), max_length=1, choices=Sex.choices, blank=True)
    phones = models.CharField(_("телефоны"), max_length=200, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    notes = models.TextField(_("заметки"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    # Normalised copies for search and duplicate detection (lower case, ё → е).
    search_last = models.CharField(max_length=150, editable=False, default="")
    search_first = models.CharField(max_length=150, editable=False, default="")
    search_middle = models.CharField(max_length=150, editable=False, default="")

    class Meta:
        verbose_name = _("человек")
        verbose_name_plural = _("люди")
        ordering = ["last_name", "first_name", "middle_name", "pk"]
        indexes = [
            # The duplicate check and the family search look people up by normalised surname
            # (and name) within one organisation.
            models.Index(
                fields=["organisation", "search_last", "search_first"],
                name="people_person_search_idx",
            ),
            models.Index(
                fields=["organisation", "search_first", "search_last"],
                name="people_person_first_idx",
            ),
            models.Index(fields=["organisation", "birth_date"], name="people_person_birth_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_last = normalize_name(self.last_name)
        self.search_first = normalize_name(self.first_name)
        self.search_middle = normalize_name(self.middle_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class FamilyMembership(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("семья")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("человек")
    )
    role = models.CharField(_("роль в семье"), max_length=20, choices=FamilyRole.choices)

    class Meta:
        verbose_name = _("член семьи")
        verbose_name_plural = _("члены семьи")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"], name="people_membership_once_per_family"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class PersonRelation(models.Model):
    """A directed relation: ``relative`` is the ``kind`` of ``person`` (e.g. mother of)."""

    class Kind(models.TextChoices):
        MOTHER = "mother", _("мать")
        FATHER = "father", _("отец")
        CHILD = "child", _("ребёнок")
        SIBLING = "sibling", _("брат или сестра")
        GRANDPARENT = "grandparent", _("бабушка или дедушка")
        SPOUSE = "spouse", _("супруг(а) или партнёр")
        GUARDIAN = "guardian", _("опекун")
        OTHER = "other", _("другое")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations", verbose_name=_("человек")
    )
    relative = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("родственник")
    )
    kind = models.CharField(_("кем приходится"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("примечание"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("родственная связь")
        verbose_name_plural = _("родственные связи")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="people_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")),
                name="people_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} — {self.get_kind_display()} — {self.person}"


class FamilyLink(models.Model):
    """Related households (e.g. an abandoned child's foster family and the birth parents)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="links", verbose_name=_("семья")
    )
    related_family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="+", verbose_name=_("связанная семья")
    )
    note = models.CharField(_("чем связаны"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("связь семей")
        verbose_name_plural = _("связи семей")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "related_family"], name="people_family_link_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(family=models.F("related_family")),
                name="people_family_link_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} ↔ {self.related_family}"


# --- consents and the data subject's rights (152-FZ) -----------------------------------------
# Services: kurator/people/privacy.py. Nothing here is ever deleted: a consent is withdrawn, a
# destruction clock is completed or lifted, an answered request stays answered.


class ConsentPurpose(models.TextChoices):
    CASE_WORK = "case_work", _("обработка персональных данных для оказания помощи")
    PHOTO = "photo", _("фото- и видеосъёмка, публикация")
    PARTNERS = "partners", _("передача данных партнёрам")
    OTHER = "other", _("другое")


class Consent(models.Model):
    """A person's consent to the processing of their data for one purpose, with its term.

    The signed paper is a separate document of a case folder (``document``: a «согласие на
    обработку ПДн» upload, never a clause of the contract). For a child under 14 the legal
    representative signs (``signed_by``). Withdrawn, never deleted; history keeps every change.
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
    purpose = models.CharField(_("цель"), max_length=20, choices=ConsentPurpose.choices)
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        ordering = ["-given_on", "-pk"]
        indexes = [
            # The case's consent card and the person's page: a person's consents by purpose.
            models.Index(fields=["person", "purpose"], name="people_consent_person_idx"),
        ]
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
            models.CheckConstraint(
                condition=~models.Q(purpose="other") | ~models.Q(purpose_other=""),
                name="people_consent_other_purpose_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.purpose_label}"

    @property
    def purpose_label(self) -> str:
        if self.purpose == ConsentPurpose.OTHER and self.purpose_other:
            return self.purpose_other
        return str(self.get_purpose_display())

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
        return self.performed_by.full_name or self.performed_by.username


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
    history = HistoricalRecords()

    class Meta:
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
    history = HistoricalRecords()

    class Meta:
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
