"""Signals (сигналы) and what follows them before a case opens: the first-visit team, the
visit with its report, and the take-in decision (accept, informed refusal or redirect).

Every change goes through ``kurator/intake/services.py``; deadlines are computed there by
``kurator.core.workdays`` and stored here (``*_due``) so lateness can be reported later.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from kurator.accounts.models import User


class DecisionLevel(models.TextChoices):
    """Who decides on a signal; it escalates one step when the consilium disagrees."""

    SENIOR_CURATOR = "senior_curator", _("старший куратор")
    COORDINATOR = "coordinator", _("координатор (руководитель команды)")
    PROGRAMME_HEAD = "programme_head", _("руководитель программы")


class Signal(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("телефон")
        MESSENGER = "messenger", _("мессенджер")
        EMAIL = "email", _("электронная почта")
        IN_PERSON = "in_person", _("лично")
        HOTLINE = "hotline", _("горячая линия")
        WEB_FORM = "web_form", _("форма на сайте")
        LETTER = "letter", _("письмо-направление")

    class Source(models.TextChoices):
        FAMILY = "family", _("сама семья")
        RELATIVES = "relatives", _("родственники")
        NEIGHBOURS = "neighbours", _("соседи")
        GUARDIANSHIP = "guardianship", _("органы опеки")
        SCHOOL = "school", _("школа")
        KINDERGARTEN = "kindergarten", _("детский сад")
        MEDICAL = "medical", _("медицинские работники")
        POLICE = "police", _("ПДН (полиция)")
        COMMISSION = "commission", _("КДНиЗП")
        NGO = "ngo", _("другая НКО")
        ANONYMOUS = "anonymous", _("анонимно")
        OTHER = "other", _("другое")

    class Status(models.TextChoices):
        NEW = "new", _("новый")
        TEAM_ASSIGNED = "team_assigned", _("назначена команда выезда")
        VISITED = "visited", _("выезд проведён")
        ACCEPTED = "accepted", _("взят в работу")
        REFUSED = "refused", _("отказ")
        REDIRECTED = "redirected", _("перенаправлен")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("организация"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("команда"),
    )
    received_at = models.DateTimeField(_("получен"))
    channel = models.CharField(_("канал"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("источник"), max_length=20, choices=Source.choices)
    reporter_name = models.CharField(_("кто сообщил"), max_length=300, blank=True)
    reporter_contact = models.CharField(_("контакт сообщившего"), max_length=300, blank=True)
    description = models.TextField(_("что сообщили"))
    family = models.ForeignKey(
        "people.Family",
        on_delete=models.PROTECT,
        related_name="signals",
        null=True,
        blank=True,
        verbose_name=_("семья"),
    )
    urgent = models.BooleanField(_("срочно"), default=False)
    # Whom the signal is about, as the caller named them — kept even when no family is linked
    # yet, so the duplicate check can be run again and the journal says who it is about.
    subject_last_name = models.CharField(_("фамилия"), max_length=150, blank=True)
    subject_first_name = models.CharField(_("имя"), max_length=150, blank=True)
    subject_middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    subject_birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    decision_level = models.CharField(
        _("кто принимает решение"),
        max_length=20,
        choices=DecisionLevel.choices,
        default=DecisionLevel.SENIOR_CURATOR,
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    # Deadlines, computed by kurator.core.workdays when the signal is recorded or moves on,
    # and stored so reports can show what was late and by how much.
    team_due = models.DateField(_("команда выезда — срок"), null=True, blank=True)
    visit_due = models.DateField(_("первичный выезд — срок"), null=True, blank=True)
    report_due = models.DateTimeField(_("отчёт о выезде — срок"), null=True, blank=True)
    decision_due = models.DateField(_("решение — срок"), null=True, blank=True)
    # None for a signal left on the public page «Сообщить о семье» (``PublicReport``).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("принял"),
    )
    created_at = models.DateTimeField(_("записан"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("сигнал")
        verbose_name_plural = _("сигналы")
        ordering = ["-urgent", "-received_at", "-pk"]
        indexes = [
            # The journal: a team's signals by status, newest first.
            models.Index(
                fields=["organisation", "team", "status", "-received_at"],
                name="intake_signal_journal_idx",
            ),
            # The reports count the signals received within a period.
            models.Index(fields=["organisation", "received_at"], name="intake_signal_org_recv_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Сигнал №%(n)s") % {"n": self.pk})

    @property
    def subject_name(self) -> str:
        parts = (self.subject_last_name, self.subject_first_name, self.subject_middle_name)
        return " ".join(p for p in parts if p)

    @property
    def is_open(self) -> bool:
        """Not decided yet."""
        return self.status in OPEN_STATUSES

    def _report_submitted(self) -> bool:
        try:
            return self.first_visit.report_submitted_at is not None
        except FirstVisit.DoesNotExist:
            return False

    def overdue_deadlines(self, *, today: date, now: datetime) -> list[str]:
        """Names of the deadlines this signal has missed at its current stage
        (``select_related("first_visit")`` keeps the journal at one query)."""
        missed: list[str] = []
        if self.status == Signal.Status.NEW and self.team_due and self.team_due < today:
            missed.append("team_due")
        if self.status in {Signal.Status.NEW, Signal.Status.TEAM_ASSIGNED} and (
            self.visit_due and self.visit_due < today
        ):
            missed.append("visit_due")
        if self.status == Signal.Status.VISITED:
            if self.report_due and self.report_due < now and not self._report_submitted():
                missed.append("report_due")
            if self.decision_due and self.decision_due < today:
                missed.append("decision_due")
        return missed


OPEN_STATUSES = frozenset({Signal.Status.NEW, Signal.Status.TEAM_ASSIGNED, Signal.Status.VISITED})
DECIDED_STATUSES = frozenset(
    {Signal.Status.ACCEPTED, Signal.Status.REFUSED, Signal.Status.REDIRECTED}
)


def overdue_q(*, today: date, now: datetime) -> models.Q:
    """The same rule as ``Signal.overdue_deadlines`` as a filter, for the journal."""
    S = Signal.Status
    return (
        models.Q(status=S.NEW, team_due__lt=today)
        | models.Q(status__in=[S.NEW, S.TEAM_ASSIGNED], visit_due__lt=today)
        | models.Q(
            status=S.VISITED, report_due__lt=now, first_visit__report_submitted_at__isnull=True
        )
        | models.Q(status=S.VISITED, decision_due__lt=today)
    )


class PublicPage(models.Model):
    """The organisation's public page «Сообщить о семье»: anyone, without signing in, reports a
    family in need there. At /signal/<slug>/, and at /signal/ while it is the only open page of
    the installation. The administrator opens it (the admin) and keeps its settlements."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="public_page",
        verbose_name=_("организация"),
    )
    slug = models.SlugField(
        _("адрес страницы"),
        max_length=50,
        unique=True,
        help_text=_("Латинские буквы, цифры и дефис: страница будет по адресу /signal/<адрес>/."),
    )
    is_open = models.BooleanField(_("страница открыта"), default=True)

    class Meta:
        verbose_name = _("публичная страница «Сообщить о семье»")
        verbose_name_plural = _("публичные страницы «Сообщить о семье»")
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"/signal/{self.slug}/"


class Settlement(models.Model):
    """A town, village or district of a team's territory (``Team.territory`` says it in
    words). The public page offers the organisation's settlements; the one a reporter picks
    routes her signal to its team. A name is unique in the organisation
    (``public.services.add_settlement``): one place cannot route to two teams."""

    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("команда"),
    )
    name = models.CharField(
        _("населённый пункт или район"),
        max_length=200,
        help_text=_("Как его назовёт житель: «г. Вязьма», «Починковский район»."),
    )
    is_active = models.BooleanField(_("показывать на публичной странице"), default=True)

    class Meta:
        verbose_name = _("населённый пункт")
        verbose_name_plural = _("населённые пункты")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="intake_settlement_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The admin's check of the rule ``add_settlement`` keeps: one place, one team."""
        if not self.team_id or not self.name:
            return
        taken = Settlement.objects.filter(
            team__organisation_id=self.team.organisation_id, name=self.name
        ).exclude(pk=self.pk)
        if taken.exists():
            raise ValidationError(
                {"name": _("Этот населённый пункт уже есть в территории одной из команд.")}
            )


class PublicReport(models.Model):
    """What a visitor of the public page «Сообщить о семье» (or the organisation's own site,
    through the API) left with her signal: the settlement that routed it to its team, when she
    consented to the processing of the name and contact she left, and the code that lets her
    ask the signal's status. Only a salted hash of the code is kept: the number and the code
    are shown to her once (``kurator/intake/public/services.py``)."""

    signal = models.OneToOneField(
        Signal, on_delete=models.PROTECT, related_name="public_report", verbose_name=_("сигнал")
    )
    settlement = models.ForeignKey(
        Settlement,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("населённый пункт"),
    )
    code_hash = models.CharField(max_length=64, editable=False)
    # The form (or the site's submission id) it came from, hashed: the same form sent twice
    # finds its first signal instead of making another.
    submission_hash = models.CharField(max_length=64, unique=True, editable=False)
    consent_given_at = models.DateTimeField(
        _("согласие на обработку своих данных"), null=True, blank=True
    )
    through_api = models.BooleanField(_("с сайта организации (API)"), default=False)

    class Meta:
        verbose_name = _("сообщение с публичной страницы")
        verbose_name_plural = _("сообщения с публичной страницы")

    def __str__(self) -> str:
        return str(self.signal)


class Recommendation(models.TextChoices):
    """What the first-visit team recommends the consilium to decide."""

    ACCEPT = "accept", _("взять в работу")
    REFUSE = "refuse", _("отказать")
    REDIRECT = "redirect", _("перенаправить в другую организацию")


# The sections of one child's block in the visit report, in the order they are printed.
CHILD_SECTIONS: tuple[tuple[str, Any], ...] = (
    ("health", _("здоровье")),
    ("development", _("развитие")),
    ("schooling", _("школа, детский сад")),
    ("care", _("уход")),
    ("own_words", _("что говорит сам ребёнок")),
)


class FirstVisit(models.Model):
    """The first-visit team (two specialists), the visit and its report: living conditions,
    each child's state, the family's needs, risks and the team's recommendation."""

    signal = models.OneToOneField(
        Signal, on_delete=models.PROTECT, related_name="first_visit", verbose_name=_("сигнал")
    )
    future_curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("будущий куратор"),
    )
    psychologist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("психолог"),
    )
    planned_date = models.DateField(_("плановая дата выезда"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("команда назначена"), auto_now_add=True)
    visited_at = models.DateTimeField(_("выезд проведён"), null=True, blank=True)
    # The free text of reports written before the report had its sections; still accepted
    # from the API and shown beside the sections.
    report = models.TextField(_("отчёт о первичном выезде"), blank=True)
    living_conditions = models.TextField(_("условия проживания"), blank=True)
    # One block per child of the family, checked by ``services.submit_visit_report``:
    # [{"person": id, "name": "…", "health": "…", "development": "…", "schooling": "…",
    #   "care": "…", "own_words": "…"}]; the name is kept as it was on the day of the report.
    children = models.JSONField(_("состояние детей"), default=list, blank=True)
    needs = models.TextField(_("нужды семьи"), blank=True)
    risks = models.TextField(_("риски"), blank=True)
    immediate_danger = models.BooleanField(_("непосредственная угроза ребёнку"), default=False)
    recommendation = models.CharField(
        _("рекомендация"), max_length=20, choices=Recommendation.choices, blank=True
    )
    recommendation_comment = models.TextField(_("комментарий к рекомендации"), blank=True)
    report_submitted_at = models.DateTimeField(_("отчёт сдан"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("первичный выезд")
        verbose_name_plural = _("первичные выезды")
        constraints = [
            # The database's last guard: the rule and its message are checked by
            # ``services.assign_visit_team`` before anything is written.
            models.CheckConstraint(
                condition=~models.Q(future_curator=models.F("psychologist")),
                name="intake_visit_two_different_specialists",
            )
        ]

    def __str__(self) -> str:
        return str(_("Выезд по сигналу №%(n)s") % {"n": self.signal_id})

    def has_member(self, user: User) -> bool:
        """Is ``user`` one of the two specialists named for this visit?"""
        return user.pk in (self.future_curator_id, self.psychologist_id)

    @property
    def has_structured_report(self) -> bool:
        return bool(self.recommendation)

    def child_blocks(self) -> list[dict[str, Any]]:
        """The children's blocks with their sections labelled, for pages and papers."""
        blocks = []
        for child in self.children or []:
            sections = [
                (str(label), str(child.get(key) or ""))
                for key, label in CHILD_SECTIONS
                if child.get(key)
            ]
            blocks.append({"name": str(child.get("name") or ""), "sections": sections})
        return blocks


class SelectionCriterion(models.Model):
    """One of the organisation's criteria for taking a family into the programme, ticked on
    the take-in decision. The administrator edits the list (the admin); a new organisation
    starts with ``services.DEFAULT_CRITERIA``."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="selection_criteria",
        verbose_name=_("организация"),
    )
    title = models.CharField(_("критерий"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("критерий отбора семей")
        verbose_name_plural = _("критерии отбора семей")
        ordering = ["organisation", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class TakeInDecision(models.Model):
    """The consilium's decision on a signal: accept, refuse (informed refusal) or redirect."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("взять в работу")
        REFUSE = "refuse", _("отказать")
        REDIRECT = "redirect", _("перенаправить")

    Level = DecisionLevel

    signal = models.OneToOneField(
        Signal, on_delete=models.PROTECT, related_name="decision", verbose_name=_("сигнал")
    )
    decision = models.CharField(_("решение"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("обоснование"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("участники")
    )
    level = models.CharField(
        _("уровень решения"), max_length=20, choices=Level.choices, default=Level.SENIOR_CURATOR
    )
    alternatives = models.ManyToManyField(
        "network.ResourceAgent",
        related_name="+",
        blank=True,
        verbose_name=_("куда ещё можно обратиться"),
    )
    # The organisation's active selection criteria on the day of the decision, each ticked
    # or not: [{"id": 3, "title": "…", "met": true}]. A copy, so a criterion reworded later
    # does not change what the consilium decided on.
    criteria = models.JSONField(_("критерии отбора"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("решение принято"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("решение о взятии в работу")
        verbose_name_plural = _("решения о взятии в работу")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} — {self.signal}"


# The hotline journal lives in its own module; imported here so Django knows the model.
from kurator.intake.hotline.models import HotlineCall  # noqa: E402

__all__ = [
    "CHILD_SECTIONS",
    "DECIDED_STATUSES",
    "OPEN_STATUSES",
    "DecisionLevel",
    "FirstVisit",
    "HotlineCall",
    "PublicPage",
    "PublicReport",
    "Recommendation",
    "SelectionCriterion",
    "Settlement",
    "Signal",
    "TakeInDecision",
    "overdue_q",
]
