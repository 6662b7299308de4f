"""Well-being assessments (оценка благополучия) and the comprehensive assessment report.

Instruments are data: an ``Instrument`` has ``Domain``s of
``Question``s, each answered on an ``AnswerScale`` of scored ``AnswerOption``s; the
instrument's ``aggregation`` turns answers into domain scores and a total, and its ``Band``s
put each score into words. Administrators edit them in the Django admin; two defaults ship
with the migrations (a family well-being assessment and the integral child well-being index).

An ``Assessment`` is one entry, periodic or exit assessment of a family or a child on a case:
its answers (``Answer``, the option's score copied) and the computed ``DomainScore``s and
total, kept as computed — editing an instrument later never rewrites past results. Written
only by ``kurator.assessments.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerScale(models.Model):
    name = models.CharField(_("название шкалы"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("шкала ответов")
        verbose_name_plural = _("шкалы ответов")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AnswerOption(models.Model):
    scale = models.ForeignKey(
        AnswerScale, on_delete=models.CASCADE, related_name="options", verbose_name=_("шкала")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    label = models.CharField(_("вариант ответа"), max_length=300)
    score = models.DecimalField(_("баллы"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("вариант ответа")
        verbose_name_plural = _("варианты ответа")
        ordering = ["scale", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.score.normalize():f})"


class Instrument(models.Model):
    class Subject(models.TextChoices):
        FAMILY = "family", _("семья")
        CHILD = "child", _("ребёнок")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("сумма баллов")
        MEAN = "mean", _("среднее")

    code = models.SlugField(_("код"), max_length=50)
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("описание"), blank=True)
    subject = models.CharField(_("кого оценивают"), max_length=10, choices=Subject.choices)
    aggregation = models.CharField(
        _("расчёт баллов"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_(
            "Сумма: балл сферы — сумма ответов, итог — сумма всех ответов. "
            "Среднее: балл сферы — среднее ответов, итог — среднее баллов сфер."
        ),
    )
    is_active = models.BooleanField(
        _("используется"), default=True, help_text=_("Только такие инструменты можно выбрать.")
    )

    class Meta:
        verbose_name = _("инструмент оценки")
        verbose_name_plural = _("инструменты оценки")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="assessments_instrument_ver")
        ]

    def __str__(self) -> str:
        return f"{self.name} (в. {self.version})"


class Domain(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="domains", verbose_name=_("инструмент")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("сфера"), max_length=200)
    short_title = models.CharField(
        _("коротко (для графика)"), max_length=40, blank=True, help_text=_("До 40 знаков.")
    )
    description = models.TextField(_("описание"), blank=True)

    class Meta:
        verbose_name = _("сфера оценки")
        verbose_name_plural = _("сферы оценки")
        ordering = ["instrument", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        return self.short_title or self.title


class Question(models.Model):
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="questions", verbose_name=_("сфера")
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    text = models.CharField(_("вопрос"), max_length=500)
    hint = models.CharField(_("подсказка"), max_length=500, blank=True)
    scale = models.ForeignKey(
        AnswerScale, on_delete=models.PROTECT, related_name="questions", verbose_name=_("шкала")
    )

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["domain__order", "domain", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Band(models.Model):
    """A range of scores and its meaning, for the total (no domain) or one domain."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="bands", verbose_name=_("инструмент")
    )
    domain = models.ForeignKey(
        Domain,
        on_delete=models.CASCADE,
        related_name="bands",
        null=True,
        blank=True,
        verbose_name=_("сфера"),
        help_text=_("Пусто — для итогового балла."),
    )
    min_score = models.DecimalField(_("от (включительно)"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("до (включительно)"), max_digits=7, decimal_places=2)
    label = models.CharField(_("уровень"), max_length=100)
    interpretation = models.TextField(_("интерпретация"), blank=True)

    class Meta:
        verbose_name = _("уровень (интерпретация)")
        verbose_name_plural = _("уровни (интерпретация)")
        ordering = ["instrument", "domain", "min_score"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_score__lte=models.F("max_score")),
                name="assessments_band_min_le_max",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.min_score}–{self.max_score}"


class Assessment(models.Model):
    class Kind(models.TextChoices):
        ENTRY = "entry", _("входная")
        PERIODIC = "periodic", _("промежуточная")
        EXIT = "exit", _("выходная")

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="wellbeing_assessments",
        verbose_name=_("случай"),
    )
    # The case's family, always; the read log files the assessment under it.
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="+", verbose_name=_("семья")
    )
    # The child assessed, for an instrument about a child; empty for a family instrument.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="wellbeing_assessments",
        null=True,
        blank=True,
        verbose_name=_("ребёнок"),
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("инструмент"),
    )
    kind = models.CharField(_("вид оценки"), max_length=10, choices=Kind.choices)
    assessed_on = models.DateField(_("дата оценки"))
    total_score = models.DecimalField(_("итоговый балл"), max_digits=7, decimal_places=2)
    max_total = models.DecimalField(_("наибольший возможный"), max_digits=7, decimal_places=2)
    band_label = models.CharField(_("уровень"), max_length=100, blank=True)
    note = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("внесена"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто")
    )

    class Meta:
        verbose_name = _("оценка благополучия")
        verbose_name_plural = _("оценки благополучия")
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            models.Index(fields=["case", "assessed_on"], name="assessments_case_date_idx"),
            # The reports: a case's first entry and latest exit assessment.
            models.Index(
                fields=["case", "kind", "assessed_on"], name="assessments_case_kind_date_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name}: {self.get_kind_display()} {self.assessed_on:%d.%m.%Y}"


class DomainScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="domain_scores"
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("балл"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("наибольший возможный"), max_digits=7, decimal_places=2)
    band_label = models.CharField(_("уровень"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("балл по сфере")
        verbose_name_plural = _("баллы по сферам")
        ordering = ["domain__order", "domain_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="assessments_domainscore_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("баллы"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("ответ")
        verbose_name_plural = _("ответы")
        ordering = ["question__domain__order", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="assessments_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.option.label}"


class ComprehensiveReport(models.Model):
    """Отчёт о комплексной оценке: a text record per case. A draft is edited; a final one is
    read-only; finalizing a newer one marks the earlier final one superseded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        FINAL = "final", _("утверждён")
        SUPERSEDED = "superseded", _("заменён новым")

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="comprehensive_reports",
        verbose_name=_("случай"),
    )
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="+", verbose_name=_("семья")
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    status = models.CharField(
        _("статус"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    family_situation = models.TextField(_("ситуация семьи"), blank=True)
    strengths = models.TextField(_("сильные стороны и ресурсы"), blank=True)
    needs_risks = models.TextField(_("потребности и риски"), blank=True)
    conclusion = models.TextField(_("заключение"), blank=True)
    recommendations = models.TextField(_("рекомендации"), blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="superseded_by",
        null=True,
        blank=True,
        verbose_name=_("заменяет"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто")
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    finalized_at = models.DateTimeField(_("утверждён"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто утвердил"),
    )

    SECTIONS = ("family_situation", "strengths", "needs_risks", "conclusion", "recommendations")

    class Meta:
        verbose_name = _("отчёт о комплексной оценке")
        verbose_name_plural = _("отчёты о комплексной оценке")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="assessments_report_number"),
            # One draft at a time per case: a double click cannot start two.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="draft"),
                name="assessments_report_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Отчёт о комплексной оценке №%(n)s") % {"n": self.number})
