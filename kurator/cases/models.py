"""Cases (случаи) and the beneficiary history (история благополучателя).

Beside them the lifecycle's records: complexity scorings, closure, post-support, one-off help,
emergency steps, links between cases, supervision shares and co-workers.
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
            # The reports count cases opened or closed within a period.
            models.Index(fields=["organisation", "opened_at"], name="cases_case_org_opened_idx"),
            models.Index(fields=["organisation", "closed_at"], name="cases_case_org_closed_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Случай №%(n)s — %(family)s") % {"n": self.pk, "family": self.family})

    @property
    def accepts_records(self) -> bool:
        """Visits, documents, meetings, referrals and notes may still be added: the case is
        open or in post-support. A closed case is read-only until it is reopened."""
        return self.status != Case.Status.CLOSED

    @property
    def in_active_work(self) -> bool:
        """The plan, its reviews and the monitoring forms run: the case is open (not in
        post-support, not closed)."""
        return self.status == Case.Status.OPEN


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


class ComplexityAssessment(models.Model):
    """One scoring of the five criteria (docs/domain.md, Complexity scoring); every re-scoring
    is kept with its date."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="complexity_assessments")
    distance_km = models.DecimalField(
        _("расстояние до офиса, км по дороге"), max_digits=6, decimal_places=1
    )
    distance_points = models.PositiveSmallIntegerField(_("удалённость, баллы"))
    guardianship_tension = models.PositiveSmallIntegerField(_("напряжённость с органами опеки"))
    resource_deficit = models.PositiveSmallIntegerField(_("дефицит ресурсов"))
    removal_risk = models.PositiveSmallIntegerField(_("риск изъятия ребёнка"))
    substance_use = models.PositiveSmallIntegerField(_("употребление алкоголя / ПАВ"))
    score = models.PositiveSmallIntegerField(_("сумма баллов"))
    level = models.CharField(_("уровень"), max_length=10, choices=Case.Complexity.choices)
    scored_at = models.DateTimeField(_("дата оценки"), auto_now_add=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("оценка сложности")
        verbose_name_plural = _("оценки сложности")
        ordering = ["-scored_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(guardianship_tension__gte=1, guardianship_tension__lte=3)
                & models.Q(resource_deficit__gte=1, resource_deficit__lte=3)
                & models.Q(removal_risk__gte=1, removal_risk__lte=3)
                & models.Q(substance_use__gte=1, substance_use__lte=3)
                & models.Q(distance_points__gte=1, distance_points__lte=3),
                name="cases_complexity_points_1_to_3",
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} ({self.get_level_display()})"


class CaseLink(models.Model):
    """Related cases (e.g. an abandoned child's case and the birth parents' case)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    related_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("чем связаны"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("связь случаев")
        verbose_name_plural = _("связи случаев")
        constraints = [
            models.UniqueConstraint(fields=["case", "related_case"], name="cases_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(case=models.F("related_case")), name="cases_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.related_case_id}"


class CaseClosure(models.Model):
    """The closing consilium: criteria checklist, decision, the family's feedback."""

    class Reason(models.TextChoices):
        GOALS_MET = "goals_met", _("цели плана достигнуты, семья справляется сама")
        CONTRACT_BROKEN = (
            "contract_broken",
            _("договор расторгнут: родители систематически его нарушают"),
        )
        MOVED_AWAY = "moved_away", _("семья переехала")
        FAMILY_DECLINED = "family_declined", _("семья отказалась от сопровождения")
        TRANSFERRED = "transferred", _("передан в другую организацию")
        CHILD_CAME_OF_AGE = "child_came_of_age", _("младший ребёнок достиг совершеннолетия")
        OTHER = "other", _("другое")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="closure")
    reason = models.CharField(_("причина закрытия"), max_length=30, choices=Reason.choices)
    # {"removal_risk_minimal": true, "no_unresolved_tasks": true, ...} — see CLOSURE_CRITERIA.
    criteria = models.JSONField(_("критерии закрытия"), default=dict)
    consilium_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        verbose_name=_("участники консилиума"),
    )
    consilium_decision = models.TextField(_("решение консилиума"), blank=True)
    exit_diagnostics = models.TextField(_("выходная диагностика"), blank=True)
    family_feedback = models.TextField(_("отзыв семьи"), blank=True)
    post_support = models.BooleanField(_("перевести в постсопровождение"), default=False)
    post_support_frequency_days = models.PositiveSmallIntegerField(
        _("контакт постсопровождения раз в (дней)"), null=True, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("закрыт"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("закрытие случая")
        verbose_name_plural = _("закрытия случаев")

    def __str__(self) -> str:
        return f"{self.case} — {self.get_reason_display()}"


class PostSupportContact(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="post_support_contacts")
    contact_date = models.DateField(_("дата контакта"))
    summary = models.TextField(_("как дела у семьи"))
    seasonal_help = models.CharField(_("небольшая сезонная помощь"), max_length=300, blank=True)
    situation_worsened = models.BooleanField(_("ситуация ухудшилась"), default=False)
    next_contact_due = models.DateField(_("следующий контакт — срок"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("контакт постсопровождения")
        verbose_name_plural = _("контакты постсопровождения")
        ordering = ["-contact_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.contact_date}"


class OneOffHelp(models.Model):
    """Help given to a family without opening a case; can grow into a case."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey(
        "people.Family",
        on_delete=models.PROTECT,
        related_name="one_off_help",
        verbose_name=_("семья"),
    )
    signal = models.ForeignKey(
        "intake.Signal",
        on_delete=models.PROTECT,
        related_name="one_off_help",
        null=True,
        blank=True,
    )
    given_on = models.DateField(_("дата"))
    description = models.TextField(_("какая помощь оказана"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    converted_to = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        related_name="grown_from",
        null=True,
        blank=True,
        verbose_name=_("переросла в случай"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("разовая помощь")
        verbose_name_plural = _("разовая помощь")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.family} — {self.given_on}"


class EmergencyStep(models.Model):
    """In the emergency scenario the curator acts first; the team head approves afterwards."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="emergency_steps")
    description = models.TextField(_("что сделано"))
    taken_at = models.DateTimeField(_("когда"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(_("согласовано"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("экстренный шаг")
        verbose_name_plural = _("экстренные шаги")
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.description[:40]}"


class CaseSupervisionShare(models.Model):
    """A case shared with a supervisor: she reads the case page and its history,
    read-only and with surnames hidden, while the share is active — not revoked and not past
    ``until``. Written only by ``kurator.cases.services.supervision``; revoking keeps the row."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="supervision_shares", verbose_name=_("случай")
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervised_case_shares",
        verbose_name=_("супервизор"),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("кто открыл доступ"),
    )
    shared_at = models.DateTimeField(_("доступ открыт"), auto_now_add=True)
    until = models.DateField(_("доступ до"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("доступ закрыт"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто закрыл доступ"),
    )

    class Meta:
        verbose_name = _("доступ супервизора к случаю")
        verbose_name_plural = _("доступ супервизоров к случаям")
        ordering = ["-shared_at", "-pk"]
        constraints = [
            # Sharing twice is a no-op in the service; the database refuses the race.
            models.UniqueConstraint(
                fields=["case", "supervisor"],
                condition=models.Q(revoked_at__isnull=True),
                name="cases_one_live_supervision_share",
            )
        ]
        indexes = [
            # access.cases_shared_for_supervision: a supervisor's live shares.
            models.Index(fields=["supervisor", "revoked_at"], name="cases_share_supervisor_idx")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.supervisor_id}"


class CaseMember(models.Model):
    """A co-worker attached to a case: a specialist who works on the
    case beside its curator and so sees it. Written only by ``kurator.cases.services.supervision``
    (the sharing module), like supervision shares; removal keeps the row."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="members", verbose_name=_("случай")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_memberships",
        verbose_name=_("сотрудник"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("кто добавил"),
    )
    added_at = models.DateTimeField(_("добавлен"), auto_now_add=True)
    removed_at = models.DateTimeField(_("исключён"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто исключил"),
    )

    class Meta:
        verbose_name = _("соисполнитель случая")
        verbose_name_plural = _("соисполнители случаев")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="cases_one_live_case_member",
            )
        ]
        indexes = [
            # access.cases_visible_to: the cases a co-worker is attached to.
            models.Index(fields=["user", "removed_at"], name="cases_member_user_idx")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} + {self.user_id}"
