"""Services and aid given to families, numbered acts for signature, and the cost norm.

- Every delivery is recorded with its catalogue line, date, persons, quantity and unit cost,
  provider and funding source. Never money and never debts: the catalogue cannot hold them.
- The cost of a case is the sum of its counted deliveries over the rolling 12 months (staff
  services, aid, other). A delivery that would take the case past the organisation's norm
  (``Norms.cost_per_case_max``, 500 000 ₽ by default) is recorded «ожидает согласования» and
  counts only once the team head grants it (who and when are kept).
- Acts (transfer of goods; services rendered) are numbered per organisation and year; the
  paper for signature is the «act_goods»/«act_services» document template
  (``kurator.documents.services.record_papers``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Norms, Organisation, User
from kurator.cases import timeline
from kurator.cases.models import Case
from kurator.network.errors import NetworkError
from kurator.network.models import Act, Delivery, ResourceAgent, Service, money
from kurator.network.services.family import chosen_members
from kurator.people.models import Person

A = Delivery.Approval
DEFAULT_NORM = Decimal("500000.00")
WINDOW_DAYS = 365
AID_GROUPS = frozenset(
    {
        Service.Group.MATERIAL,
        Service.Group.REPAIRS,
        Service.Group.FARMING,
        Service.Group.EDUCATION,
        Service.Group.ADDITIONAL,
    }
)


def norm_for(organisation_id: int) -> Decimal:
    norms = Norms.objects.filter(organisation_id=organisation_id).first()
    return norms.cost_per_case_max if norms is not None else DEFAULT_NORM


@dataclass(frozen=True)
class CaseCost:
    staff: Decimal
    aid: Decimal
    other: Decimal
    pending: Decimal
    norm: Decimal
    since: datetime.date

    @property
    def total(self) -> Decimal:
        return self.staff + self.aid + self.other

    @property
    def left(self) -> Decimal:
        return self.norm - self.total


def case_cost(case: Case, *, on: datetime.date | None = None) -> CaseCost:
    """The case's cost over the 12 months ending ``on`` (today by default)."""
    on = on or timezone.localdate()
    since = on - datetime.timedelta(days=WINDOW_DAYS - 1)
    rows = Delivery.objects.filter(case=case, delivered_on__range=(since, on))
    counted = dict(
        rows.filter(approval__in=Delivery.COUNTED)
        .values_list("cost_kind")
        .annotate(s=Sum("total"))
        .values_list("cost_kind", "s")
    )
    pending = rows.filter(approval=A.PENDING).aggregate(s=Sum("total"))["s"] or Decimal(0)
    return CaseCost(
        staff=counted.get(Delivery.CostKind.STAFF) or Decimal(0),
        aid=counted.get(Delivery.CostKind.AID) or Decimal(0),
        other=counted.get(Delivery.CostKind.OTHER) or Decimal(0),
        pending=pending,
        norm=norm_for(case.organisation_id),
        since=since,
    )


def cost_kind_of(service: Service, provider: str) -> str:
    """The budget line of a delivery. Material aid is goods whoever hands it over (it goes on
    an act of transfer of goods); any other work of the organisation's own staff is a staff
    cost; other aid from agents and volunteers is aid, their other services are «прочее»."""
    if service.group == Service.Group.MATERIAL:
        return Delivery.CostKind.AID
    if provider == Delivery.Provider.STAFF:
        return Delivery.CostKind.STAFF
    if service.group in AID_GROUPS:
        return Delivery.CostKind.AID
    return Delivery.CostKind.OTHER


def _decimal(value: object, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise NetworkError(_("Введите число."), field=field) from exc
    if not number.is_finite():
        raise NetworkError(_("Введите число."), field=field)
    return number


def _check_persons(case: Case, persons: Iterable[Person]) -> list[Person]:
    return chosen_members(case, persons, none_chosen=_("Выберите, кому оказана помощь."))


def record_delivery(
    *,
    case: Case,
    by: User,
    service: Service,
    delivered_on: datetime.date,
    persons: Iterable[Person],
    quantity: Decimal | int | str,
    unit_cost: Decimal | int | str,
    provider: str,
    funding: str,
    agent: ResourceAgent | None = None,
    note: str = "",
) -> Delivery:
    access.require(by, "cases.case:write")
    if not case.accepts_records:
        raise NetworkError(_("Случай закрыт: помощь не записывается."))
    if service.organisation_id != case.organisation_id or not service.is_active:
        raise NetworkError(_("Выберите услугу из каталога."), field="service")
    if delivered_on > timezone.localdate():
        raise NetworkError(_("Дата помощи не может быть в будущем."), field="delivered_on")
    qty = _decimal(quantity, "quantity")
    if qty <= 0:
        raise NetworkError(_("Количество должно быть больше нуля."), field="quantity")
    price = _decimal(unit_cost, "unit_cost")
    if price < 0:
        raise NetworkError(_("Цена не может быть отрицательной."), field="unit_cost")
    if qty > Decimal("99999999") or price > Decimal("9999999999"):
        raise NetworkError(_("Слишком большое число."), field="quantity")
    if provider not in Delivery.Provider.values:
        raise NetworkError(_("Выберите, кто оказал помощь."), field="provider")
    if funding not in Delivery.Funding.values:
        raise NetworkError(_("Выберите источник финансирования."), field="funding")
    if provider == Delivery.Provider.AGENT and agent is None:
        raise NetworkError(_("Выберите агента, который оказал помощь."), field="agent")
    if agent is not None and agent.organisation_id != case.organisation_id:
        raise NetworkError(_("Выберите агента из справочника."), field="agent")
    chosen = _check_persons(case, persons)
    total = money(qty * price)
    cost_kind = cost_kind_of(service, provider)
    with transaction.atomic():
        # One writer per case at a time: two deliveries cannot both slip under the norm.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        cost = case_cost(case, on=delivered_on)
        over = cost.total + total > cost.norm
        delivery = Delivery.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            service=service,
            delivered_on=delivered_on,
            quantity=qty,
            unit_cost=money(price),
            total=total,
            provider=provider,
            agent=agent,
            funding=funding,
            cost_kind=cost_kind,
            note=note.strip()[:500],
            approval=A.PENDING if over else A.APPROVED,
            created_by=by,
        )
        delivery.persons.set(chosen)
        timeline.record(
            kind="network.delivery_recorded",
            actor=by,
            case=case,
            data={"service": service.name, "quantity": str(qty), "total": str(total)},
        )
    return delivery


def decide_cost(*, delivery: Delivery, by: User, approve: bool, note: str = "") -> Delivery:
    """The team head grants or rejects spending past the norm; who and when are kept."""
    access.require(by, "network.cost:approve")
    with transaction.atomic():
        locked = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=delivery.pk)
        )
        if locked.approval != A.PENDING:
            raise NetworkError(
                _("Решение уже принято: «%(a)s».") % {"a": locked.get_approval_display()}
            )
        if not approve and not note.strip():
            raise NetworkError(_("Напишите, почему расход отклонён."), field="note")
        locked.approval = A.GRANTED if approve else A.REJECTED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()[:500]
        locked.save(update_fields=["approval", "decided_by", "decided_at", "decision_note"])
        timeline.record(
            kind="network.cost_decided",
            actor=by,
            case=locked.case,
            data={"total": str(locked.total), "decision": locked.get_approval_display()},
        )
    delivery.refresh_from_db()
    return delivery


def issue_act(
    *,
    case: Case,
    by: User,
    kind: str,
    deliveries: Iterable[Delivery],
    recipient: Person,
    issued_on: datetime.date | None = None,
) -> Act:
    access.require(by, "cases.case:write")
    if kind not in Act.Kind.values:
        raise NetworkError(_("Выберите вид акта."), field="kind")
    chosen = list(deliveries)
    if not chosen:
        raise NetworkError(_("Акт ни на что: выберите оказанную помощь."), field="deliveries")
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise NetworkError(_("Дата акта не может быть в будущем."), field="issued_on")
    _check_persons(case, [recipient])
    with transaction.atomic():
        locked = list(Delivery.objects.select_for_update().filter(pk__in=[d.pk for d in chosen]))
        for d in locked:
            if d.case_id != case.pk:
                raise NetworkError(_("Помощь из другого случая."), field="deliveries")
            if d.act_id is not None:
                raise NetworkError(
                    _("Помощь от %(d)s уже вошла в акт.")
                    % {"d": d.delivered_on.strftime("%d.%m.%Y")},
                    field="deliveries",
                )
            if d.approval not in Delivery.COUNTED:
                raise NetworkError(
                    _("Помощь, не согласованная руководителем, в акт не входит."),
                    field="deliveries",
                )
            goods = d.cost_kind == Delivery.CostKind.AID
            if goods != (kind == Act.Kind.GOODS):
                raise NetworkError(
                    _("В акт приёма-передачи товаров входят только товары, в акт услуг — услуги."),
                    field="deliveries",
                )
        Organisation.objects.select_for_update().filter(pk=case.organisation_id).first()
        last = Act.objects.filter(
            organisation_id=case.organisation_id, year=issued_on.year
        ).aggregate(m=Max("seq"))["m"]
        act = Act.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            kind=kind,
            year=issued_on.year,
            seq=(last or 0) + 1,
            issued_on=issued_on,
            recipient=recipient,
            created_by=by,
        )
        Delivery.objects.filter(pk__in=[d.pk for d in locked]).update(act=act)
        timeline.record(
            kind="network.act_issued",
            actor=by,
            case=case,
            data={"number": act.number, "total": str(act_total(act))},
        )
    return act


def act_total(act: Act) -> Decimal:
    return act.deliveries.aggregate(s=Sum("total"))["s"] or Decimal(0)
