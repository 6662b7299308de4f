"""The resource network (ресурсная сеть): the directory of agents with the services they give
and their agreements; the service catalogue; referrals to agents; services and aid delivered
to families with their acts; the cost norm; state services prescribed versus delivered."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Service(models.Model):
    """One line of the organisation's service catalogue (перечень услуг; docs/domain.md, Services
    and material aid). Never money to a family and never paying its debts:
    ``services.agents.create_service`` refuses them."""

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


# Categories checked before their first referral (docs/domain.md, Services and material aid;
# the Ministry of Family concept: «категоризация НКО и агентов»).
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


class Referral(models.Model):
    """A referral of a case to an agent: what is needed, for whom, by when (docs/domain.md,
    Services and material aid)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SENT = "sent", _("отправлено")
        ACCEPTED = "accepted", _("принято")
        DECLINED = "declined", _("отклонено")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        FAILED = "failed", _("не выполнено")

    # Statuses after which the referral needs nothing more.
    FINISHED = (Status.DECLINED, Status.DONE, Status.FAILED)

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    agent = models.ForeignKey(ResourceAgent, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        verbose_name=_("услуга"),
    )
    plan_action = models.ForeignKey(
        "plans.PlanAction",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        verbose_name=_("мероприятие плана"),
    )
    need = models.TextField(_("что нужно"))
    persons = models.ManyToManyField(
        "people.Person", related_name="referrals", verbose_name=_("для кого")
    )
    due_on = models.DateField(_("срок"))
    # Sent without personal data (no transfer consent for the agent's category): the agent sees
    # «Семья № …», the service, the due date and the curator's contact, never names.
    depersonalised = models.BooleanField(_("обезличенно"), default=False)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("кто направил")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    answered_at = models.DateTimeField(_("ответ агента"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    feedback = models.TextField(_("обратная связь"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("направление")
        verbose_name_plural = _("направления")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agent", "status"], name="network_referral_agent_idx")]

    def __str__(self) -> str:
        return f"№ {self.pk}: {self.agent}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status not in self.FINISHED and self.due_on < today


class ReferralNote(models.Model):
    """A comment on a referral, or the answer that moved it on (with the status it set)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("новый статус"), max_length=20, choices=Referral.Status.choices, blank=True
    )
    text = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class Act(models.Model):
    """A numbered act for signature: transfer of goods, or services rendered (docs/domain.md,
    Services and material aid)."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("акт приёма-передачи товаров")
        SERVICES = "services", _("акт оказанных услуг")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="acts")
    kind = models.CharField(_("вид акта"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    issued_on = models.DateField(_("дата акта"))
    recipient = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("получатель")
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("акт")
        verbose_name_plural = _("акты")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "seq"], name="network_act_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number}"

    @property
    def number(self) -> str:
        return f"{self.year}-{self.seq:04d}"


class Delivery(models.Model):
    """One service or one piece of aid given to a family (docs/domain.md, Services and
    material aid)."""

    class Provider(models.TextChoices):
        STAFF = "staff", _("сотрудник фонда")
        AGENT = "agent", _("агент ресурсной сети")
        VOLUNTEER = "volunteer", _("волонтёр")

    class Funding(models.TextChoices):
        OWN = "own", _("собственные средства фонда")
        GRANT = "grant", _("грант")
        DONATION = "donation", _("пожертвования")
        PARTNER = "partner", _("за счёт партнёра")
        STATE = "state", _("бюджет")

    class CostKind(models.TextChoices):
        STAFF = "staff", _("услуги сотрудников")
        AID = "aid", _("материальная помощь")
        OTHER = "other", _("прочее")

    class Approval(models.TextChoices):
        APPROVED = "approved", _("в пределах норматива")
        PENDING = "pending", _("ожидает согласования")
        GRANTED = "granted", _("согласовано сверх норматива")
        REJECTED = "rejected", _("отклонено")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="deliveries")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("услуга")
    )
    delivered_on = models.DateField(_("дата"))
    persons = models.ManyToManyField(
        "people.Person", related_name="deliveries", verbose_name=_("кому")
    )
    quantity = models.DecimalField(_("количество"), max_digits=10, decimal_places=2)
    unit_cost = models.DecimalField(_("цена за единицу, ₽"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("сумма, ₽"), max_digits=14, decimal_places=2)
    provider = models.CharField(_("кто оказал"), max_length=20, choices=Provider.choices)
    agent = models.ForeignKey(
        ResourceAgent,
        on_delete=models.PROTECT,
        related_name="deliveries",
        null=True,
        blank=True,
        verbose_name=_("агент"),
    )
    funding = models.CharField(_("источник финансирования"), max_length=20, choices=Funding.choices)
    cost_kind = models.CharField(_("статья"), max_length=20, choices=CostKind.choices)
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    note = models.CharField(_("примечание"), max_length=500, blank=True)
    approval = models.CharField(
        _("согласование"), max_length=20, choices=Approval.choices, default=Approval.APPROVED
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("когда согласовано"), null=True, blank=True)
    decision_note = models.CharField(_("комментарий к решению"), max_length=500, blank=True)
    act = models.ForeignKey(
        Act, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("оказанная помощь")
        verbose_name_plural = _("оказанная помощь")
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["case", "delivered_on"], name="network_delivery_case_idx"),
            # The reports: an organisation's deliveries within a period.
            models.Index(fields=["organisation", "delivered_on"], name="network_delivery_org_idx"),
        ]

    # Spending that counts toward the case's cost.
    COUNTED = (Approval.APPROVED, Approval.GRANTED)

    def __str__(self) -> str:
        return f"{self.service_id} {self.delivered_on}"


class StateEntitlement(models.Model):
    """A state service a person is entitled to (e.g. a home social worker 5 times a week)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="entitlements")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("кому")
    )
    title = models.CharField(_("госуслуга"), max_length=300)
    department = models.CharField(_("ответственное ведомство"), max_length=300)
    department_address = models.CharField(_("адрес ведомства"), max_length=500, blank=True)
    per_week = models.PositiveSmallIntegerField(_("раз в неделю"))
    starts_on = models.DateField(_("положено с"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("положенная госуслуга")
        verbose_name_plural = _("положенные госуслуги")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class EntitlementCheck(models.Model):
    """What was actually delivered of an entitlement in a period, as the curator saw it."""

    entitlement = models.ForeignKey(
        StateEntitlement, on_delete=models.CASCADE, related_name="checks"
    )
    period_start = models.DateField(_("период с"))
    period_end = models.DateField(_("период по"))
    expected = models.PositiveIntegerField(_("положено"))
    delivered = models.PositiveIntegerField(_("оказано"))
    note = models.TextField(_("что видели"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return f"{self.entitlement} {self.period_start}–{self.period_end}"

    @property
    def shortfall(self) -> int:
        return max(self.expected - self.delivered, 0)


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))
