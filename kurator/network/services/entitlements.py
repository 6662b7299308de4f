"""Prescribed versus delivered: a state service a person is entitled to, the deliveries the
curator saw in a period and the shortfall on the case (docs/domain.md, Services and material
aid). The complaint letter to the responsible department is the «complaint» document template
(``kurator.documents.services.record_papers``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases import timeline
from kurator.cases.models import Case
from kurator.network.errors import NetworkError
from kurator.network.models import EntitlementCheck, StateEntitlement
from kurator.network.services.family import member_ids
from kurator.people.models import Person


def add_entitlement(
    *,
    case: Case,
    by: User,
    person: Person,
    title: str,
    department: str,
    per_week: int,
    starts_on: datetime.date,
    department_address: str = "",
) -> StateEntitlement:
    access.require(by, "cases.case:write")
    if person.pk not in member_ids(case):
        raise NetworkError(_("Выберите члена семьи этого случая."), field="person")
    title, department = " ".join(title.split()), " ".join(department.split())
    if not title:
        raise NetworkError(_("Укажите, какая госуслуга положена."), field="title")
    if not department:
        raise NetworkError(_("Укажите ответственное ведомство."), field="department")
    if not 1 <= per_week <= 21:
        raise NetworkError(_("Укажите от 1 до 21 раза в неделю."), field="per_week")
    return StateEntitlement.objects.create(
        case=case,
        person=person,
        title=title[:300],
        department=department[:300],
        department_address=department_address.strip()[:500],
        per_week=per_week,
        starts_on=starts_on,
        created_by=by,
    )


def expected_in(entitlement: StateEntitlement, start: datetime.date, end: datetime.date) -> int:
    """Times due in [start, end] (whole weeks and the part of the last one, rounded down)."""
    start = max(start, entitlement.starts_on)
    if end < start:
        return 0
    days = (end - start).days + 1
    return days * entitlement.per_week // 7


def record_check(
    *,
    entitlement: StateEntitlement,
    by: User,
    period_start: datetime.date,
    period_end: datetime.date,
    delivered: int,
    note: str = "",
) -> EntitlementCheck:
    access.require(by, "cases.case:write")
    if period_end < period_start:
        raise NetworkError(_("Конец периода раньше начала."), field="period_end")
    if period_end > timezone.localdate():
        raise NetworkError(_("Период не может заканчиваться в будущем."), field="period_end")
    if delivered < 0:
        raise NetworkError(_("Число не может быть отрицательным."), field="delivered")
    expected = expected_in(entitlement, period_start, period_end)
    with transaction.atomic():
        check = EntitlementCheck.objects.create(
            entitlement=entitlement,
            period_start=period_start,
            period_end=period_end,
            expected=expected,
            delivered=delivered,
            note=note.strip(),
            recorded_by=by,
        )
        timeline.record(
            kind="network.shortfall_recorded",
            actor=by,
            case=entitlement.case,
            data={"title": entitlement.title, "delivered": delivered, "expected": expected},
        )
    return check
