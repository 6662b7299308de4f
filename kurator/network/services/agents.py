"""Changes to the resource directory: agents, the service catalogue, agreements, vetting.
Referrals are in ``services.referrals``, services and aid given to families in
``services.aid``."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Organisation, User
from kurator.network.errors import NetworkError
from kurator.network.models import VETTED_CATEGORIES, Agreement, ResourceAgent, Service

# Money to a family and paying its debts are never services (docs/domain.md, Services and
# material aid).
_FORBIDDEN = re.compile(
    r"денеж|деньг|наличн|долг|задолжен|кредит|займ|ипотек|штраф|пени\b|"
    r"оплат\w*\s+(?:жкх|коммунал|счет|счёт)|перевод\w*\s+на\s+карт",
    re.IGNORECASE,
)

DEFAULT_CATALOGUE: list[tuple[str, str, str]] = [
    ("Продуктовый набор", Service.Group.MATERIAL, "набор"),
    ("Одежда и обувь", Service.Group.MATERIAL, "комплект"),
    ("Канцелярские товары", Service.Group.MATERIAL, "набор"),
    ("Предметы первой необходимости", Service.Group.MATERIAL, "набор"),
    ("Транспорт для семьи (коляска, велосипед)", Service.Group.MATERIAL, "шт."),
    ("Помощь в оформлении документов и пособий", Service.Group.SOCIO_PEDAGOGICAL, "услуга"),
    ("Занятие по правовой грамотности", Service.Group.SOCIO_PEDAGOGICAL, "час"),
    ("Ремонт (крыша, печь, проводка) с обучением семьи", Service.Group.REPAIRS, "работа"),
    ("Семена, птица, вспашка огорода", Service.Group.FARMING, "услуга"),
    ("Модем, компьютер или телефон для учёбы", Service.Group.EDUCATION, "шт."),
    ("Консультация психолога", Service.Group.PSYCHOLOGICAL, "час"),
    (
        "Юридическая помощь (изъятие, возврат детей, восстановление в правах)",
        Service.Group.LEGAL,
        "услуга",
    ),
    ("Посредничество с органами власти", Service.Group.MEDIATION, "услуга"),
    (
        "Консультация специалиста (логопед, врач, профориентолог, электрик, строитель)",
        Service.Group.EXPERT,
        "час",
    ),
    ("Лечение и лекарства", Service.Group.ADDITIONAL, "услуга"),
    ("Переезд", Service.Group.ADDITIONAL, "услуга"),
    ("Временное жильё", Service.Group.ADDITIONAL, "сутки"),
]


def _check_service_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise NetworkError(_("Укажите название услуги."), field="name")
    if _FORBIDDEN.search(name):
        raise NetworkError(
            _(
                "Денежная помощь семьям и оплата долгов не входят в перечень услуг: "
                "семье помогают вещами, работами и услугами."
            ),
            field="name",
        )
    return name


def _service_fields(*, organisation_id: int, name: str, group: str, but: int | None = None) -> str:
    """The checked name of a catalogue service (``but``: the service being edited)."""
    name = _check_service_name(name)
    if group not in Service.Group.values:
        raise NetworkError(_("Выберите вид помощи из списка."), field="group")
    # SQLite's iexact folds Latin letters only: compare in Python (a catalogue is short).
    names = Service.objects.filter(organisation_id=organisation_id)
    if but is not None:
        names = names.exclude(pk=but)
    if name.lower() in {n.lower() for n in names.values_list("name", flat=True)}:
        raise NetworkError(_("Такая услуга уже есть в каталоге."), field="name")
    return name


def create_service(*, by: User, name: str, group: str, unit: str = "шт.") -> Service:
    access.require(by, "network.agent:write")
    organisation_id = access.organisation_id_of(by)
    name = _service_fields(organisation_id=organisation_id, name=name, group=group)
    return Service.objects.create(
        organisation_id=organisation_id, name=name, group=group, unit=unit.strip() or "шт."
    )


def update_service(
    *, service: Service, by: User, name: str, group: str, unit: str, is_active: bool
) -> Service:
    access.require(by, "network.agent:write")
    name = _service_fields(
        organisation_id=service.organisation_id, name=name, group=group, but=service.pk
    )
    service.name, service.group, service.unit = name, group, unit.strip() or "шт."
    service.is_active = is_active
    service.save()
    return service


def add_default_catalogue(*, by: User) -> list[Service]:
    """The default catalogue — the service kinds of docs/domain.md, Services and material aid —
    for an organisation that starts with an empty one."""
    access.require(by, "network.agent:write")
    organisation_id = access.organisation_id_of(by)
    have = set(
        Service.objects.filter(organisation_id=organisation_id).values_list("name", flat=True)
    )
    return [
        Service.objects.create(organisation_id=organisation_id, name=n, group=g, unit=u)
        for n, g, u in DEFAULT_CATALOGUE
        if n not in have
    ]


def _agent_fields(
    *, organisation_id: int, name: str, category: str, catalogue: Iterable[Service]
) -> list[Service]:
    if not name.strip():
        raise NetworkError(_("Укажите название."), field="name")
    if category not in ResourceAgent.Category.values:
        raise NetworkError(_("Выберите категорию из списка."), field="category")
    chosen = list(catalogue)
    if any(s.organisation_id != organisation_id for s in chosen):
        raise NetworkError(_("Выберите услуги из каталога."), field="catalogue")
    return chosen


def create_agent(
    *,
    by: User,
    name: str,
    category: str,
    services: str = "",
    territory: str = "",
    contacts: str = "",
    address: str = "",
    email: str = "",
    catalogue: Iterable[Service] = (),
    partner_organisation: Organisation | None = None,
) -> ResourceAgent:
    access.require(by, "network.agent:write")
    organisation_id = access.organisation_id_of(by)
    chosen = _agent_fields(
        organisation_id=organisation_id, name=name, category=category, catalogue=catalogue
    )
    with transaction.atomic():
        agent = ResourceAgent.objects.create(
            organisation_id=organisation_id,
            partner_organisation=partner_organisation,
            name=name.strip(),
            category=category,
            services=services.strip(),
            territory=territory.strip(),
            contacts=contacts.strip(),
            address=address.strip(),
            email=email.strip(),
            vetting=ResourceAgent.Vetting.PENDING
            if category in VETTED_CATEGORIES
            else ResourceAgent.Vetting.NOT_NEEDED,
        )
        agent.catalogue.set(chosen)
    return agent


def update_agent(
    *,
    agent: ResourceAgent,
    by: User,
    name: str,
    category: str,
    services: str,
    territory: str,
    contacts: str,
    address: str,
    email: str,
    catalogue: Iterable[Service],
    is_active: bool,
) -> ResourceAgent:
    access.require(by, "network.agent:write")
    chosen = _agent_fields(
        organisation_id=agent.organisation_id, name=name, category=category, catalogue=catalogue
    )
    with transaction.atomic():
        agent.name, agent.category = name.strip(), category
        agent.services, agent.territory = services.strip(), territory.strip()
        agent.contacts, agent.address, agent.email = contacts.strip(), address.strip(), email
        agent.is_active = is_active
        if category in VETTED_CATEGORIES and agent.vetting == ResourceAgent.Vetting.NOT_NEEDED:
            agent.vetting = ResourceAgent.Vetting.PENDING
        agent.save()
        agent.catalogue.set(chosen)
    return agent


def set_vetting(*, agent: ResourceAgent, by: User, passed: bool) -> ResourceAgent:
    access.require(by, "network.agent:write")
    if agent.category not in VETTED_CATEGORIES:
        raise NetworkError(_("Агентов этой категории не проверяют."))
    agent.vetting = ResourceAgent.Vetting.PASSED if passed else ResourceAgent.Vetting.FAILED
    agent.vetted_on = timezone.localdate()
    agent.save(update_fields=["vetting", "vetted_on"])
    return agent


def add_agreement(
    *,
    agent: ResourceAgent,
    by: User,
    kind: str,
    number: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    signed_on: datetime.date | None = None,
    status: str = Agreement.Status.ACTIVE,
    file: UploadedFile | None = None,
) -> Agreement:
    access.require(by, "network.agent:write")
    if kind not in Agreement.Kind.values:
        raise NetworkError(_("Выберите вид соглашения."), field="kind")
    if status not in Agreement.Status.values:
        raise NetworkError(_("Выберите статус соглашения."), field="status")
    number = number.strip()
    if not number:
        raise NetworkError(_("Укажите номер соглашения."), field="number")
    if valid_until is not None and valid_until < valid_from:
        raise NetworkError(
            _("Дата окончания не может быть раньше даты начала."), field="valid_until"
        )
    if signed_on is not None and signed_on > timezone.localdate():
        raise NetworkError(_("Дата подписания не может быть в будущем."), field="signed_on")
    agreement = Agreement(
        agent=agent,
        kind=kind,
        number=number,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        status=status,
    )
    if file is not None:
        agreement.file.save(file.name or "agreement", file, save=False)
    agreement.save()
    return agreement


def agreement_in_force(agent: ResourceAgent, on: datetime.date) -> Agreement | None:
    for agreement in agent.agreements.all():
        if agreement.is_in_force(on):
            return agreement
    return None


def pick_from_directory(queryset: QuerySet[Any], pk: int | None, field: str) -> Any:
    """The agent or catalogue service ``pk`` of ``queryset`` (an ``access`` scope), for an
    API that is given ids; None for no id, an error for an id outside the scope."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NetworkError(_("Не найдено в справочнике."), field=field)
    return found
