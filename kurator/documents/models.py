"""The electronic case folder (электронная папка случая).

A document is never deleted: a wrong or outdated one is superseded by a newer upload or cancelled
with a reason, and both stay readable. Files live in Django's default storage under a random path
and are served only by ``documents:download``, which checks access on every request — never from
``MEDIA_URL``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentType(models.TextChoices):
    """Case-folder documents from the case-work technology's list of documents."""

    APPLICATION = "application", _("заявление семьи")
    FIRST_VISIT_REPORT = "first_visit_report", _("отчёт о первичном выезде")
    TAKE_IN_DECISION = "take_in_decision", _("решение о приёме на сопровождение")
    CONTRACT = "contract", _("договор благотворительной помощи")
    CONSENT_PARENT = "consent_parent", _("согласие на обработку ПДн (родитель)")
    CONSENT_CHILD = "consent_child", _("согласие на обработку ПДн (ребёнок)")
    GUARDIANSHIP_POSITION = "guardianship_position", _("позиция органов опеки")
    ASSESSMENT_REPORT = "assessment_report", _("заключение комплексной оценки")
    INDIVIDUAL_PLAN = "individual_plan", _("индивидуальный план помощи")
    ACT_GOODS = "act_goods", _("акт передачи товаров")
    ACT_SERVICES = "act_services", _("акт оказанных услуг")
    FAMILY_CARD = "family_card", _("карта семьи")
    CONSILIUM_MINUTES = "consilium_minutes", _("протокол консилиума")
    MONITORING_FORM = "monitoring_form", _("форма ежемесячного мониторинга")
    PHOTO = "photo", _("фото или видео")
    OTHER = "other", _("другое")


# The folder is complete when each of these has an active document (docs/domain.md, Deadlines:
# case folder).
REQUIRED_DOCUMENT_TYPES: tuple[str, ...] = (
    DocumentType.APPLICATION,
    DocumentType.FIRST_VISIT_REPORT,
    DocumentType.CONTRACT,
    DocumentType.CONSENT_PARENT,
    DocumentType.CONSENT_CHILD,
)


# Generated papers the team writes and signs itself, with no signature of the family to wait
# for: they count in the folder's required list as soon as they are filed.
TEAM_PAPERS: frozenset[str] = frozenset({"visit_report"})


class CaseDocument(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        SUPERSEDED = "superseded", _("заменён новой версией")
        CANCELLED = "cancelled", _("аннулирован")

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("случай"),
    )
    document_type = models.CharField(
        _("вид документа"), max_length=40, choices=DocumentType.choices
    )
    title = models.CharField(_("название"), max_length=300)
    # The service names the file with 128 random bits (no case id, no family name), so the
    # stored path cannot be guessed; see ``services.upload_document``.
    file = models.FileField(_("файл"), upload_to="case-folders/%Y/%m/", max_length=255)
    original_name = models.CharField(_("имя файла при загрузке"), max_length=255)
    size = models.PositiveBigIntegerField(_("размер, байт"))
    content_type = models.CharField(_("тип содержимого"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="supersedes",
        null=True,
        blank=True,
        verbose_name=_("заменён документом"),
    )
    cancelled_reason = models.TextField(_("причина аннулирования"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто аннулировал"),
    )
    cancelled_at = models.DateTimeField(_("аннулирован"), null=True, blank=True)
    # A paper generated from a template (``services.generation``): its template and version,
    # the person it is for, its number (contracts: per organisation and year), the PDF made
    # from it, and the family's signed scan once it comes back.
    template_code = models.CharField(_("шаблон"), max_length=40, blank=True)
    template_version = models.PositiveIntegerField(
        _("версия шаблона"), default=0, help_text=_("0 — шаблон Куратора, 1… — шаблон организации")
    )
    number = models.CharField(_("номер"), max_length=40, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("о ком документ"),
    )
    details = models.JSONField(_("что вошло в документ"), default=dict, blank=True)
    pdf_file = models.FileField(
        _("PDF для печати"), upload_to="case-folders/%Y/%m/", max_length=255, blank=True
    )
    signed_file = models.FileField(
        _("скан подписанного документа"),
        upload_to="case-folders/%Y/%m/",
        max_length=255,
        blank=True,
    )
    signed_content_type = models.CharField(max_length=100, blank=True)
    signed_on = models.DateField(_("подписан"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто приложил подписанный скан"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("документ случая")
        verbose_name_plural = _("документы случая")
        ordering = ["document_type", "-uploaded_at", "-pk"]
        indexes = [
            # The folder page and its completeness check: a case's documents by type.
            models.Index(fields=["case", "document_type", "status"], name="documents_case_type_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancelled_reason=""),
                name="documents_cancelled_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()}: {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_generated(self) -> bool:
        return bool(self.template_code)

    @property
    def paper_status(self) -> str:
        """A generated paper's state: «generated» → «signed» (its scan attached), or
        «cancelled»; an uploaded document's own ``status``."""
        if not self.is_generated:
            return self.status
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        return "signed" if self.signed_on is not None else "generated"

    @property
    def counts_in_folder(self) -> bool:
        """Counts for the folder's required list: an active upload, a generated paper once
        the family's signed scan is attached, or a paper of the team's own (``TEAM_PAPERS``)
        as soon as it is filed."""
        return self.is_active and (
            not self.is_generated or self.signed_on is not None or self.template_code in TEAM_PAPERS
        )


PAPER_STATUS_LABELS = {
    "generated": _("сформирован, ждёт подписи"),
    "signed": _("подписан"),
    "cancelled": _("аннулирован"),
}


class DocumentTemplate(models.Model):
    """An organisation's own version of a document template (DOCX with Jinja placeholders).

    The newest version of a code is the one documents are generated from; earlier versions
    stay, so a generated document can say which version it came from."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("организация"),
    )
    code = models.CharField(_("шаблон"), max_length=40)
    version = models.PositiveIntegerField(_("версия"))
    file = models.FileField(_("файл"), upload_to="document-templates/%Y/", max_length=255)
    original_name = models.CharField(_("имя файла при загрузке"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("шаблон документа организации")
        verbose_name_plural = _("шаблоны документов организации")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "version"], name="documents_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class SignalDocument(models.Model):
    """A paper generated from a signal before any case exists: the first-visit team's
    instruction (поручение команде первичного выезда). Seen by whoever sees the signal."""

    signal = models.ForeignKey(
        "intake.Signal",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("сигнал"),
    )
    template_code = models.CharField(_("шаблон"), max_length=40)
    template_version = models.PositiveIntegerField(_("версия шаблона"), default=0)
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(_("файл"), upload_to="signal-papers/%Y/%m/", max_length=255)
    pdf_file = models.FileField(
        _("PDF для печати"), upload_to="signal-papers/%Y/%m/", max_length=255, blank=True
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("кто сформировал"),
    )
    generated_at = models.DateTimeField(_("сформирован"), auto_now_add=True)

    class Meta:
        verbose_name = _("документ сигнала")
        verbose_name_plural = _("документы сигнала")
        ordering = ["-generated_at", "-pk"]

    def __str__(self) -> str:
        return self.title
