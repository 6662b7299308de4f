"""The resource network (ресурсная сеть). The resource-network issue extends this module
(agreements, referrals, services and aid); the lifecycle issue needs agents for informed
refusals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    territory = models.CharField(_("территория"), max_length=500, blank=True)
    contacts = models.TextField(_("контакты"), blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("агент ресурсной сети")
        verbose_name_plural = _("агенты ресурсной сети")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
