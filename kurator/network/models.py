"""The resource network (ресурсная сеть): the directory of agents with the services they give
and their agreements; the service catalogue; referrals to agents; services and aid delivered
to families with their acts; the cost norm; state services prescribed versus delivered."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """One line of the organisation's service catalogue (перечень услуг, product.md). Never
    money to a family and never paying its debts: ``services.create_service`` refuses them."""

    class Group(models.TextChoices):
        MATERIAL = "material", _("материальная помощь")
        SOCIO_PEDAGOGICAL = "socio_pedagogical", _("социально-педагогическая помощь")
        REPAIRS = "repairs", _("ремонт с обучением семьи")
        FARMING = "farming", _("подсобное хозяйство")
        EDUCATION = "education", _("образование и связь")
        PSYCHOLOGICAL = "psychological", _("психолого-педагогическая поддержка")
        LEGAL = "legal", _("юридическая помощь")
        MEDIATION = "mediation", _("посредничество с органами власти")
        EXPERT = "expert", _("консультации специалистов")
        ADDITIONAL = "additional", _("дополнительные меры")
        PILOT = "pilot", _("новые услуги (пилот)")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="network_services"
    )
    name = models.CharField(_("услуга"), max_length=200)
    group = models.CharField(_("вид помощи"), max_length=30, choices=Group.choices)
    unit = models.CharField(_("единица"), max_length=30, default="шт.")
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("услуга каталога")
        verbose_name_plural = _("каталог услуг")
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="network_service_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ResourceAgent(models.Model):
    class Category(models.TextChoices):
        AGENCY = "agency", _("министерство или ведомство")
        NGO = "ngo", _("социально ориентированная НКО")
        RELIGIOUS = "religious", _("религиозная организация")
        MEDIA = "media", _("СМИ")
        BUSINESS = "business", _("бизнес")
        PROFESSIONAL = "professional", _("профессиональное сообщество")
        VOLUNTEERS = "volunteers", _("волонтёрская группа")
        SPECIALIST = "specialist", _("частный специалист")
        OTHER = "other", _("другое")

    class Vetting(models.TextChoices):
        NOT_NEEDED = "not_needed", _("не требуется")
        PENDING = "pending", _("не проверен")
        PASSED = "passed", _("проверен")
        FAILED = "failed", _("проверку не прошёл")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="resource_agents",
        verbose_name=_("чей справочник"),
        help_text=_("Организация, в чьём справочнике ресурсной сети стоит агент."),
    )
    partner_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="as_agent",
        null=True,
        blank=True,
        verbose_name=_("организация агента в Kurator"),
        help_text=_("Если у агента есть свои пользователи в Kurator."),
    )
    name = models.CharField(_("название"), max_length=300)
    category = models.CharField(_("категория"), max_length=20, choices=Category.choices)
    services = models.TextField(_("какую помощь оказывает"), blank=True)
    catalogue = models.ManyToManyField(
        Service, related_name="agents", blank=True, verbose_name=_("услуги из каталога")
    )
    territory = models.CharField(_("территория"), max_length=500, blank=True)
    contacts = models.TextField(_("контакты"), blank=True)
    email = models.EmailField(_("электронная почта для направлений"), blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    vetting = models.CharField(
        _("проверка"), max_length=20, choices=Vetting.choices, default=Vetting.NOT_NEEDED
    )
    vetted_on = models.DateField(_("дата проверки"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("агент ресурсной сети")
        verbose_name_plural = _("агенты ресурсной сети")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Categories checked before their first referral (seed 000: «категоризация НКО и агентов»).
VETTED_CATEGORIES = frozenset(
    {
        ResourceAgent.Category.VOLUNTEERS,
        ResourceAgent.Category.SPECIALIST,
        ResourceAgent.Category.RELIGIOUS,
        ResourceAgent.Category.BUSINESS,
    }
)


class Agreement(models.Model):
    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("соглашение о сотрудничестве")
        CONTRACT = "contract", _("договор")
        SERVICE = "service", _("соглашение об оказании услуг")

    class Status(models.TextChoices):
        DRAFT = "draft", _("готовится")
        ACTIVE = "active", _("действует")
        TERMINATED = "terminated", _("расторгнуто")

    agent = models.ForeignKey(ResourceAgent, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("номер"), max_length=50)
    signed_on = models.DateField(_("дата подписания"), null=True, blank=True)
    valid_from = models.DateField(_("действует с"))
    valid_until = models.DateField(_("действует по"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    file = models.FileField(_("подписанный файл"), upload_to="network/agreements/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("соглашение с агентом")
        verbose_name_plural = _("соглашения с агентами")
        ordering = ["-valid_from", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number}"

    def is_in_force(self, on: datetime.date) -> bool:
        return (
            self.status == self.Status.ACTIVE
            and self.valid_from <= on
            and (self.valid_until is None or on <= self.valid_until)
        )


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))
