"""The beneficiary history: one writer, one registry of what each event means.

Services call ``record(...)`` inside their transaction; nothing else writes TimelineEvent.
Display text comes from ``KINDS`` — one entry per kind, formatted with the event's ``data`` —
so the case page, the family card and the API show the same words. A test checks that every
kind a service emits has an entry here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kurator.cases.models import TimelineEvent

if TYPE_CHECKING:
    from kurator.accounts.models import User
    from kurator.cases.models import Case
    from kurator.intake.models import Signal
    from kurator.people.models import Family

# kind → display template; placeholders are keys of the event's ``data``.
KINDS: dict[str, str | Promise] = {
    # intake
    "signal.recorded": _("Принят сигнал ({channel}, источник: {source})"),
    "signal.family_linked": _("Сигнал связан с семьёй {family}"),
    "signal.document_generated": _("Сформирован документ «{title}»"),
    "signal.team_assigned": _("Назначена команда выезда: {members}, выезд {planned_date}"),
    "signal.visited": _("Проведён первичный выезд {visited_at}"),
    "signal.report_submitted": _("Сдан отчёт о первичном выезде"),
    "signal.escalated": _("Решение передано на уровень выше: {level}"),
    "signal.accepted": _("Решение: взять в работу"),
    "signal.refused": _("Решение: отказ. Причина: {reason}"),
    "signal.redirected": _("Решение: перенаправить. Причина: {reason}"),
    # cases
    "case.opened": _("Открыт случай, куратор {curator}, сценарий: {scenario}"),
    "case.transferred": _("Сменился куратор: {old_curator} → {new_curator}. Причина: {reason}"),
    "case.complexity_scored": _("Оценка сложности: {score} баллов, {level}"),
    "case.linked": _("Случай связан со случаем №{other_case}"),
    "case.document_uploaded": _("В папку добавлен документ: {document_type} «{title}»"),
    "case.document_generated": _("Сформирован документ «{title}»"),
    "case.document_signed": _("К документу «{title}» приложен подписанный скан ({signed_on})"),
    "case.emergency_step": _("Экстренный шаг: {description}"),
    "case.emergency_approved": _("Экстренный шаг согласован: {description}"),
    "case.closed": _("Случай закрыт. Причина: {reason}"),
    "case.post_support_started": _("Начато постсопровождение, контакт {frequency}"),
    "case.post_support_contact": _("Контакт постсопровождения: {summary}"),
    "case.post_support_ended": _("Постсопровождение завершено: {reason}"),
    "case.reopened": _("Открыт новый случай №{new_case} вместо закрытого №{old_case}"),
    "case.supervision_shared": _("Случай открыт супервизору {supervisor} ({until_words})"),
    "case.supervision_revoked": _("Супервизору {supervisor} закрыт доступ к случаю"),
    "case.member_added": _("К работе над случаем подключён соисполнитель: {member}"),
    "case.member_removed": _("Соисполнитель больше не работает над случаем: {member}"),
    # resource network
    "network.referral_created": _("Направление к агенту «{agent}»: {need}"),
    "network.referral_moved": _("Направление к «{agent}»: {status}"),
    "network.delivery_recorded": _("Помощь: {service}, {quantity} на {total} ₽"),
    "network.cost_decided": _("Расход сверх норматива {total} ₽: {decision}"),
    "network.act_issued": _("Составлен акт № {number} на {total} ₽"),
    "network.shortfall_recorded": _("Госуслуга «{title}»: оказано {delivered} из {expected}"),
    "family.one_off_help": _("Разовая помощь: {description}"),
    "family.one_off_converted": _("Разовая помощь переросла в случай №{case}"),
    # meetings and the register of families in a socially dangerous position
    "meeting.scheduled": _("Назначена встреча: {kind}, {held_on}"),
    "meeting.minutes_recorded": _("Записан протокол встречи: {kind}, {held_on}"),
    "meeting.finalized": _("Подписан протокол встречи: {kind}, {held_on}; решений: {decisions}"),
    "meeting.amended": _("Исправлен протокол встречи: {kind}, {held_on}. Причина: {reason}"),
    "meeting.guardianship_position": _("Записана позиция органа опеки ({authority}): {stance}"),
    "register.resolution": _("Постановление КДНиЗП №{number} от {date}: {decision}"),
    "register.registered": _(
        "Семья поставлена на учёт как находящаяся в социально опасном положении с {date}"
    ),
    "register.removed": _("Семья снята с учёта {date} {reason}"),
    "register.group_member_added": _(
        "В межведомственную рабочую группу включён член: {name} ({agency})"
    ),
    "register.commission_document": _("Составлен документ для комиссии: «{title}»"),
    # the individual plan and contacts (kurator/plans/services.py)
    "plan.created": _("Начат план помощи (согласовать с семьёй до {plan_due})"),
    "plan.goal_added": _("В план (версия {version}) добавлена цель: {goal}"),
    "plan.action_added": _(
        "В план (версия {version}) добавлено действие: {action} — {responsible}, срок {due_on}"
    ),
    "plan.agreed": _("План (версия {version}) согласован с семьёй {agreed_on}, {on_time}"),
    "plan.approved": _("План (версия {version}) утверждён"),
    "plan.revised": _("План пересмотрен: версия {version}. Причина: {reason}"),
    "plan.action_status": _("Действие плана «{action}»: {old_status} → {status}"),
    "plan.contact_recorded": _("Контакт с семьёй: {kind}, {happened_on}"),
    # assessments
    "assessment.recorded": _(
        "Оценка «{instrument}» ({subject}), {kind}, {date}: {total} из {max} — {band}"
    ),
    "assessment.report_started": _("Начат отчёт о комплексной оценке №{number}"),
    "assessment.report_finalized": _("Утверждён отчёт о комплексной оценке №{number}"),
    # monitoring (kurator/monitoring/services/)
    "monitoring.quarterly_recorded": _(
        "Квартальный обзор за {period}: выполнено {done} из {total} действий плана"
    ),
    "monitoring.review_applied": _(
        "Квартальный обзор за {period} превращён в план: версия {version} "
        "(исключено {dropped}, добавлено {added})"
    ),
    "monitoring.annual_recorded": _("Ежегодный пересмотр за {year}-й год: {decision}. {reason}"),
    "monitoring.monthly_submitted": _("Сдана ежемесячная форма за {month}"),
}


def record(
    *,
    kind: str,
    actor: User | None,
    family: Family | None = None,
    case: Case | None = None,
    signal: Signal | None = None,
    data: dict[str, Any] | None = None,
    emergency: bool = False,
) -> TimelineEvent:
    """Append one event. Call inside the service's transaction, after the change it records."""
    if kind not in KINDS:
        raise ValueError(f"unknown timeline kind {kind!r}: add it to KINDS")
    if family is None and case is not None:
        family = case.family
    if family is None and signal is not None:
        family = signal.family
    organisation_id = next(obj.organisation_id for obj in (case, signal, family) if obj is not None)
    return TimelineEvent.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        actor=actor,
        family=family,
        case=case,
        signal=signal,
        data=data or {},
        emergency=emergency,
    )


def describe(event: TimelineEvent) -> str:
    """The event in words, for pages and the API."""
    template = str(KINDS.get(event.kind, event.kind))

    class _Missing(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "—"

    return template.format_map(_Missing(event.data))
