"""Meetings on a case and the state register of families in a socially dangerous position.

Meetings (docs/domain.md, Deadlines: meetings): consilia, supervision, intervision and mediation
with the guardianship authority, each with its participants (staff, outside specialists, family
members), agenda, decisions and minutes. Finalized minutes are read-only: a correction is a new
meeting record that ``amends`` the old one; nothing is deleted.

The register (docs/domain.md, Deadlines: state register; the Krasnoyarsk «Куратор случая» state
model): the commission on minors (КДНиЗП) resolves to register a family (постановление), orders an
individual programme (ИПР) with a deadline and forms an interagency working group (межведомственная
рабочая группа) whose members come from the agencies of the prevention system; the group meets (a
Meeting of kind ``working_group``). ``RegisterEntry`` is the family's time on the register, with the
date and reason of removal — the indicator report counts them (docs/domain.md, Indicators).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    class Kind(models.TextChoices):
        CONSILIUM = "consilium", _("консилиум")
        SUPERVISION = "supervision", _("супервизия")
        INTERVISION = "intervision", _("интервизия")
        MEDIATION = "mediation", _("медиация с органом опеки")
        WORKING_GROUP = "working_group", _("заседание межведомственной рабочей группы")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("случай")
    )
    kind = models.CharField(_("вид встречи"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("дата"))
    agenda = models.TextField(_("повестка"), blank=True)
    minutes = models.TextField(_("протокол"), blank=True)
    # Minutes are written and signed by working day 1 after the meeting (a task of the curator).
    minutes_due = models.DateField(_("протокол — срок"), null=True, blank=True)
    # A correction of finalized minutes is a new record pointing at the one it corrects.
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="amendments",
        null=True,
        blank=True,
        verbose_name=_("исправляет протокол"),
    )
    amendment_reason = models.TextField(_("причина исправления"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    finalized_at = models.DateTimeField(_("протокол подписан"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("встречи")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # The case's meetings list and the card on the case page.
            models.Index(fields=["case", "held_on"], name="meetings_meeting_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d.%m.%Y}"

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None

    @property
    def family_id(self) -> int:
        """For the read log: the family the meeting is about."""
        return int(self.case.family_id)


class MeetingParticipant(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("сотрудник")
        OUTSIDE = "outside", _("внешний специалист")
        FAMILY = "family", _("член семьи")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("кто"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Outside specialists: typed by hand (a school teacher, a doctor, a guardianship officer).
    name = models.CharField(_("ФИО"), max_length=200, blank=True)
    organisation_name = models.CharField(_("организация"), max_length=300, blank=True)
    role = models.CharField(_("роль"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("участник встречи")
        verbose_name_plural = _("участники встречи")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="staff", user__isnull=False, person__isnull=True)
                    | Q(kind="family", person__isnull=False, user__isnull=True)
                    | Q(kind="outside", user__isnull=True, person__isnull=True)
                ),
                name="meetings_participant_kind_matches",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.full_name or self.user.username
        if self.person is not None:
            return self.person.full_name
        return self.name


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("№"))
    text = models.TextField(_("решение"))
    responsible = models.CharField(_("ответственный"), max_length=300, blank=True)
    due_on = models.DateField(_("срок"), null=True, blank=True)

    class Meta:
        verbose_name = _("решение встречи")
        verbose_name_plural = _("решения встречи")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class GuardianshipPosition(models.Model):
    """«Форма о позиции органов опеки и попечительства» (case-work technology,
    document 9): what the
    guardianship authority thinks of the family, what it expects and plans, and the curator's
    conclusion — is separate work on the services' loyalty and mediation needed."""

    class Stance(models.TextChoices):
        SUPPORTIVE = "supportive", _("поддерживает сохранение семьи")
        NEUTRAL = "neutral", _("нейтральная, ждёт результатов")
        DOUBTFUL = "doubtful", _("сомневается, настроен критически")
        REMOVAL = "removal", _("склоняется к изъятию ребёнка / ограничению прав")

    class Tension(models.IntegerChoices):
        LOW = 1, _("низкая")
        MEDIUM = 2, _("средняя")
        HIGH = 3, _("высокая")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="guardianship_position"
    )
    authority = models.CharField(_("орган опеки и попечительства"), max_length=300)
    specialist_name = models.CharField(_("специалист органа опеки, ФИО"), max_length=200)
    specialist_position = models.CharField(_("должность"), max_length=200, blank=True)
    specialist_contact = models.CharField(_("контакты"), max_length=200, blank=True)
    source_of_case = models.BooleanField(_("случай поступил от органа опеки"), default=False)
    family_history = models.TextField(_("история семьи со слов органа опеки"))
    stance = models.CharField(
        _("позиция относительно семьи"), max_length=20, choices=Stance.choices
    )
    expectations = models.TextField(_("ожидания органа опеки от ситуации и от фонда"))
    plans = models.TextField(_("планы органа опеки в отношении семьи"), blank=True)
    tension = models.PositiveSmallIntegerField(
        _("напряжённость отношений семьи и органа опеки"), choices=Tension.choices
    )
    mediation_needed = models.BooleanField(
        _("нужна работа по повышению лояльности служб к семье и медиация"), default=False
    )
    conclusion = models.TextField(_("вывод куратора"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("записано"), auto_now=True)

    class Meta:
        verbose_name = _("позиция органа опеки")
        verbose_name_plural = _("позиции органа опеки")

    def __str__(self) -> str:
        return f"{self.authority}: {self.get_stance_display()}"


class CommissionResolution(models.Model):
    """Постановление КДНиЗП about a family (state model)."""

    class Decision(models.TextChoices):
        REGISTER = "register", _("признать семью находящейся в СОП и поставить на учёт")
        CONTINUE = "continue", _("продолжить индивидуальную профилактическую работу")
        REMOVE = "remove", _("снять семью с учёта")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("случай")
    )
    commission = models.CharField(_("комиссия"), max_length=300)
    number = models.CharField(_("номер постановления"), max_length=50)
    resolution_date = models.DateField(_("дата постановления"))
    decision = models.CharField(_("решение"), max_length=20, choices=Decision.choices)
    plan_ordered = models.TextField(_("что поручено (программа ИПР)"), blank=True)
    plan_due = models.DateField(_("срок реализации программы ИПР"), null=True, blank=True)
    notes = models.TextField(_("примечание"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("постановление КДНиЗП")
        verbose_name_plural = _("постановления КДНиЗП")
        ordering = ["-resolution_date", "-pk"]

    def __str__(self) -> str:
        return str(
            _("Постановление №%(n)s от %(d)s")
            % {"n": self.number, "d": self.resolution_date.strftime("%d.%m.%Y")}
        )


class WorkingGroupMember(models.Model):
    """A member of the case's interagency working group: one person of one agency of the
    prevention system (the state model's list)."""

    class Agency(models.TextChoices):
        COMMISSION = "commission", _("КДНиЗП")
        SOCIAL_PROTECTION = "social_protection", _("социальная защита населения")
        EDUCATION = "education", _("образование")
        GUARDIANSHIP = "guardianship", _("опека и попечительство")
        YOUTH = "youth", _("по делам молодёжи")
        HEALTH = "health", _("здравоохранение")
        EMPLOYMENT = "employment", _("служба занятости")
        POLICE = "police", _("органы внутренних дел (ПДН)")
        NGO = "ngo", _("некоммерческая организация")
        OTHER = "other", _("другое")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="working_group_members",
        verbose_name=_("случай"),
    )
    agency = models.CharField(_("ведомство"), max_length=30, choices=Agency.choices)
    agency_name = models.CharField(_("учреждение"), max_length=300)
    person_name = models.CharField(_("ФИО"), max_length=200)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    contact = models.CharField(_("контакты"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("включён"), auto_now_add=True)

    class Meta:
        verbose_name = _("член межведомственной рабочей группы")
        verbose_name_plural = _("члены межведомственной рабочей группы")
        ordering = ["agency", "pk"]

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {self.person_name}"


class RegisterEntry(models.Model):
    """A family's time on the state register of families in a socially dangerous position
    (краевой банк данных семей, находящихся в СОП). At most one open entry per family; a
    removal closes it with a date and a reason, never deletes it."""

    class RemovalReason(models.TextChoices):
        IMPROVED = "improved", _("в связи с исправлением ситуации в семье")
        DEPRIVATION = "deprivation", _("в связи с лишением родительских прав")
        OTHER = "other", _("другое")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="+", verbose_name=_("семья")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="register_entries",
        verbose_name=_("случай"),
    )
    registered_on = models.DateField(_("поставлена на учёт"))
    resolution = models.ForeignKey(
        CommissionResolution,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("постановление о постановке на учёт"),
    )
    removed_on = models.DateField(_("снята с учёта"), null=True, blank=True)
    removal_reason = models.CharField(
        _("причина снятия"), max_length=20, choices=RemovalReason.choices, blank=True
    )
    removal_note = models.TextField(_("подробности снятия"), blank=True)
    removal_resolution = models.ForeignKey(
        CommissionResolution,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("постановление о снятии с учёта"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("учёт семьи в СОП")
        verbose_name_plural = _("учёт семей в СОП")
        ordering = ["-registered_on", "-pk"]
        constraints = [
            # The database's guard against a double registration (two tabs, a double click).
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(removed_on__isnull=True),
                name="meetings_one_open_register_entry_per_family",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True, removal_reason="")
                | Q(removed_on__isnull=False) & ~Q(removal_reason=""),
                name="meetings_register_removal_has_reason",
            ),
        ]
        indexes = [
            # The indicator report: families on the register in a period, removals by reason.
            models.Index(
                fields=["organisation", "registered_on", "removed_on"],
                name="meetings_register_period_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} — {self.registered_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.removed_on is None


class CommissionDocument(models.Model):
    """A document the curator prepared for the state's prevention system (state model): the
    quarterly analytic information to the interagency working group on the family's dynamics
    and the effect of the IPR programme, or the final report to the commission at the end of
    the programme. The DOCX itself is a document of the case folder (``document``); this row
    says which kind and which period it covers."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("аналитическая информация для рабочей группы за квартал")
        FINAL = "final", _("итоговый отчёт для КДНиЗП")

    class Recommendation(models.TextChoices):
        REMOVE = "remove", _("снять семью с учёта в связи с исправлением ситуации")
        CONTINUE = "continue", _("продолжить индивидуальную профилактическую работу")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="commission_documents",
        verbose_name=_("случай"),
    )
    register_entry = models.ForeignKey(
        RegisterEntry, on_delete=models.PROTECT, related_name="+", verbose_name=_("учёт СОП")
    )
    kind = models.CharField(_("вид документа"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("начало периода"))
    period_end = models.DateField(_("конец периода"))
    conclusions = models.TextField(_("выводы куратора"), blank=True)
    proposals = models.TextField(_("предложения"), blank=True)
    recommendation = models.CharField(
        _("рекомендация"), max_length=20, choices=Recommendation.choices, blank=True
    )
    document = models.OneToOneField(
        "documents.CaseDocument",
        on_delete=models.PROTECT,
        related_name="commission_document",
        verbose_name=_("файл в папке случая"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("составлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("документ для комиссии")
        verbose_name_plural = _("документы для комиссии")
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"
