"""Organisations, teams, users with roles, per-organisation norms and intake scripts."""

from __future__ import annotations

from binascii import unhexlify
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurator.accounts import sealed
from kurator.accounts.roles import RoleCode


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("НКО / благотворительный фонд")
        STATE_CENTRE = "state_centre", _("Государственный центр помощи семье")
        GUARDIANSHIP = "guardianship", _("Орган опеки и попечительства")
        AGENCY = "agency", _("Ведомство")
        BUSINESS = "business", _("Бизнес")
        OTHER = "other", _("Другое")

    name = models.CharField(_("название"), max_length=300, unique=True)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    is_partner = models.BooleanField(
        _("партнёрская организация"),
        default=False,
        help_text=_("Внешняя организация ресурсной сети, а не оператор Kurator."),
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("организация")
    )
    name = models.CharField(_("название"), max_length=200)
    office_address = models.CharField(_("адрес офиса"), max_length=500, blank=True)
    territory = models.TextField(
        _("территория"),
        blank=True,
        help_text=_("Районы и населённые пункты, где работает команда."),
    )

    class Meta:
        verbose_name = _("команда")
        verbose_name_plural = _("команды")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="accounts_team_unique_name_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """One row per RoleCode, created by a data migration; users hold a set of them."""

    code = models.CharField(_("код"), max_length=40, primary_key=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("роль")
        verbose_name_plural = _("роли")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class User(AbstractUser):
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("организация"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("команда"),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("роли"))
    phone = models.CharField(_("телефон"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        """«Иванова М. П.» — how colleagues are named in lists."""
        initials = "".join(f"{p[0]}. " for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip() if self.last_name else self.username

    @property
    def role_codes(self) -> frozenset[str]:
        """Role codes, cached per instance (prefetch ``roles`` to avoid a query)."""
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            if not self.pk:
                return frozenset()
            cached = frozenset(r.code for r in self.roles.all())
            self._role_codes = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    def role_labels(self) -> list[str]:
        return [str(RoleCode(c).label) for c in sorted(self.role_codes)]


class Norms(models.Model):
    """Per-organisation norms (нормативы) with the defaults of docs/domain.md, Norms."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="norms", verbose_name=_("организация")
    )
    caseload_min = models.PositiveSmallIntegerField(
        _("активных случаев на куратора, от"), default=10
    )
    caseload_optimal = models.PositiveSmallIntegerField(
        _("активных случаев на куратора, оптимально"), default=12
    )
    caseload_max = models.PositiveSmallIntegerField(
        _("активных случаев на куратора, до"), default=15
    )
    high_complexity_max = models.PositiveSmallIntegerField(
        _("случаев высокой сложности на куратора, не более"), default=5
    )
    post_support_max = models.PositiveSmallIntegerField(
        _("семей в постсопровождении на куратора, не более"), default=5
    )
    intensity_days = models.PositiveSmallIntegerField(
        _("действие плана не реже чем раз в (календарных дней)"), default=14
    )
    cumulative_delay_max_days = models.PositiveSmallIntegerField(
        _("суммарная задержка этапов на случай, не более (календарных дней)"), default=10
    )
    duration_min_months = models.PositiveSmallIntegerField(
        _("длительность случая, от (месяцев)"), default=3
    )
    duration_max_months = models.PositiveSmallIntegerField(
        _("длительность случая, до (месяцев)"), default=18
    )
    cost_per_case_max = models.DecimalField(
        _("стоимость случая за 12 месяцев, не более (руб.)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("500000.00"),
        validators=[MinValueValidator(Decimal(0))],
    )
    training_hours_min = models.PositiveSmallIntegerField(
        _("часов обучения на специалиста в год, не менее"), default=10
    )
    supervisions_min = models.PositiveSmallIntegerField(
        _("супервизий на специалиста в год, не менее"), default=2
    )
    leave_days_min = models.PositiveSmallIntegerField(
        _("дней отпуска на специалиста в год, не менее"), default=28
    )
    distance_band_1_km = models.PositiveIntegerField(_("удалённость: 1 балл, до (км)"), default=80)
    distance_band_2_km = models.PositiveIntegerField(
        _("удалённость: 2 балла, до (км)"), default=110
    )
    complexity_low_max = models.PositiveSmallIntegerField(
        _("сумма баллов: низкая сложность, до"), default=7
    )
    complexity_medium_max = models.PositiveSmallIntegerField(
        _("сумма баллов: средняя сложность, до"), default=12
    )

    class Meta:
        verbose_name = _("нормативы")
        verbose_name_plural = _("нормативы")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(caseload_min__lte=models.F("caseload_optimal"))
                & models.Q(caseload_optimal__lte=models.F("caseload_max")),
                name="accounts_norms_caseload_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(distance_band_1_km__lt=models.F("distance_band_2_km")),
                name="accounts_norms_distance_bands_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(complexity_low_max__lt=models.F("complexity_medium_max")),
                name="accounts_norms_complexity_bands_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Нормативы: %(org)s") % {"org": self.organisation})


class IntakeScript(models.Model):
    """The questions an organisation asks when a signal comes in by one channel (its script of
    signal intake), shown beside the intake form. ``channel`` is a ``Signal.Channel`` value;
    a channel without a row uses Kurator's default questions (``accounts.intake_scripts``)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="intake_scripts",
        verbose_name=_("организация"),
    )
    channel = models.CharField(_("канал"), max_length=20)
    questions = models.TextField(_("вопросы"))
    updated_by = models.ForeignKey(
        "User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто изменил"),
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("скрипт приёма сигнала")
        verbose_name_plural = _("скрипты приёма сигнала")
        ordering = ["organisation", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel"], name="accounts_intake_script_one_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.channel}"


class ApiToken(models.Model):
    """A key for the API (``Authorization: Token <key>``), stored only as its SHA-256.

    The key itself is shown once, when it is issued (``accounts.tokens.issue_token``); a
    backup or the admin never reveals it. It expires, is revoked when its owner's password
    changes or she is deactivated, and — where the second factor is required — works only if
    it was issued with the code."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("пользователь")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("начало ключа"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    expires_at = models.DateTimeField(_("действует до"))
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)
    revoke_reason = models.CharField(_("причина отзыва"), max_length=100, blank=True)
    with_second_factor = models.BooleanField(_("выдан с кодом второго фактора"), default=False)

    class Meta:
        verbose_name = _("ключ API")
        verbose_name_plural = _("ключи API")
        indexes = [models.Index(fields=["user", "revoked_at"], name="accounts_token_user_idx")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class SecondFactorDevice(TOTPDevice):
    """A user's authenticator app: django-otp's TOTP device, whose secret (``key``) is stored
    sealed with a key kept outside the database (``kurator.accounts.sealed``).

    ``kurator.accounts.two_factor`` seals every key before it is saved, through this model or
    django-otp's own; read the secret (``bin_key``) through this model only."""

    class Meta:
        proxy = True
        verbose_name = _("приложение-аутентификатор")
        verbose_name_plural = _("приложения-аутентификаторы")

    @property
    def bin_key(self) -> bytes:
        if sealed.is_sealed(self.key):
            return sealed.unseal(self.key, purpose=sealed.TOTP)
        return unhexlify(self.key.encode())  # a new device, before its first save


class RoleGrantRequest(models.Model):
    """A role that opens people's data, asked for a user by an administrator and granted only
    when the programme director approves (``kurator.accounts.services.request_role_grant``,
    ``approve_role_grant``, ``reject_role_grant``): two people for every such grant."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ждёт решения")
        APPROVED = "approved", _("подтверждена")
        REJECTED = "rejected", _("отклонена")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("организация")
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="role_grant_requests",
        verbose_name=_("кому"),
    )
    role = models.CharField(_("роль"), max_length=40, choices=RoleCode.choices)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто запросил")
    )
    requested_at = models.DateTimeField(_("запрошена"))
    status = models.CharField(
        _("решение"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто решил"),
    )
    decided_at = models.DateTimeField(_("решено"), null=True, blank=True)
    reason = models.CharField(_("причина отказа"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("запрос роли")
        verbose_name_plural = _("запросы ролей")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(status="pending"),
                name="accounts_role_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"
