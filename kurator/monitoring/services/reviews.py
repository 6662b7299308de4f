"""The reviews of a case: quarterly and annual (docs/domain.md, Deadlines: monitoring).

- ``record_quarterly_review`` — the quarterly review of a case (case-work technology:
  «выполнение/не выполнение поставленных задач, причины отхождения от плана, текущее состояние
  семьи»; the state model's proposals: «изменение приоритета в реализации мероприятий, исключение
  мероприятий, включение новых мероприятий, привлечение субъектов системы профилактики»);
  completes the task ``quarterly_review:{case}:{n}``;
- ``apply_review`` — the review's proposals become a plan revision in one step
  (``revise_plan`` of the plans app: dropped actions leave the new version, new ones are
  added, reason «Квартальный обзор за …»). Applying twice makes one revision;
- ``record_annual_review`` — «ежегодно по каждому случаю проводится результирующий мониторинг,
  по итогам которого случай может быть продлен или завершен»: extend schedules the next
  year's review tasks; close does not close the case — the user is sent to the closure flow;
- ``schedule_review_tasks`` — the review tasks of one year of support (used by «extend»).

The review tasks' keys, titles and due dates are ``kurator.tasks.sync.review_task``'s: the
tasks app schedules them from the opening date, this module completes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.models import Review, ReviewItem, ReviewNewAction
from kurator.monitoring.queries import reviews as queries
from kurator.monitoring.rules import WRITE, check_case, clean_text
from kurator.plans.models import Plan, PlanAction, PlanVersion
from kurator.plans.services import ActionDraft, revise_plan
from kurator.tasks.models import Task, TaskKind
from kurator.tasks.services import complete_task, schedule_task
from kurator.tasks.sync import review_of_quarter, review_task

__all__ = [
    "ItemInput",
    "Proposals",
    "apply_review",
    "not_current_action",
    "not_current_goal",
    "record_annual_review",
    "record_quarterly_review",
    "schedule_review_tasks",
]

NUMBER_MAX = 100
OTHER_MAX = 300


@dataclass(frozen=True)
class ItemInput:
    """One action of the current version: done or not, and why not."""

    action: PlanAction
    done: bool
    reason: str = ""


@dataclass(frozen=True)
class Proposals:
    """What the review proposes: new priorities (text), actions to drop, actions to add
    (``ActionDraft`` of the plans app: text, responsible, due, goal), agencies to involve."""

    priorities: str = ""
    drop: Sequence[PlanAction] = ()
    add: Sequence[ActionDraft] = ()
    agencies: str = ""


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _check_number(value: object, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= NUMBER_MAX:
        raise MonitoringError(
            _("Номер периода — целое число от 1 до %(n)s.") % {"n": NUMBER_MAX}, field=field_name
        )
    return value


def _quarter_words(review: Review) -> str:
    return _("%(n)s-й квартал сопровождения (%(start)s–%(end)s)") % {
        "n": review.number,
        "start": _fmt(review.period_start),
        "end": _fmt(review.period_end),
    }


def _lock_case(case: Case, by: User) -> Case:
    """The case's row, locked (one review of a case at a time), checked again under the lock.
    Call inside a transaction."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("family", "curator")
        .get(pk=case.pk)
    )
    return check_case(locked, by)


def _create_review(duplicate: MonitoringError, **values: Any) -> Review:
    """The review, once per case, kind and number: ``duplicate`` when it is already recorded
    (the unique index is the last guard against a concurrent one)."""
    if Review.objects.filter(
        case=values["case"], kind=values["kind"], number=values["number"]
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():  # a savepoint: the outer transaction stays usable
            return Review.objects.create(**values)
    except IntegrityError as exc:
        raise duplicate from exc


# --- the quarterly review ------------------------------------------------------------------


def not_current_action(field: str) -> MonitoringError:
    """An action named in a review is not of the plan's current version (the API raises it
    too, when it looks the actions up by id)."""
    return MonitoringError(_("Отмечайте действия текущей версии плана этого случая."), field=field)


def not_current_goal() -> MonitoringError:
    """A new action's goal is not of the plan's current version (the API raises it too)."""
    return MonitoringError(_("Цель не из текущей версии плана."), field="add")


def _check_items(items: Sequence[ItemInput], actions: dict[int, PlanAction]) -> list[ItemInput]:
    seen: dict[int, ItemInput] = {}
    for item in items:
        if item.action.pk not in actions:
            raise not_current_action("items")
        if item.action.pk in seen:
            raise MonitoringError(_("Действие отмечено дважды."), field="items")
        reason = clean_text(item.reason, "items")
        if not item.done and not reason:
            raise MonitoringError(
                _("Укажите, почему не выполнено действие «%(a)s».")
                % {"a": actions[item.action.pk].text[:80]},
                field="items",
            )
        seen[item.action.pk] = ItemInput(
            action=actions[item.action.pk], done=item.done, reason=reason
        )
    missing = [
        a for pk, a in actions.items() if pk not in seen and a.status != PlanAction.Status.CANCELLED
    ]
    if missing:
        raise MonitoringError(
            _("Отметьте, выполнено ли действие «%(a)s».") % {"a": missing[0].text[:80]},
            field="items",
        )
    return list(seen.values())


def _check_new_action(case: Case, version: PlanVersion | None, draft: ActionDraft) -> None:
    clean_text(draft.text, "add", empty=_("Опишите новое действие."))
    if draft.goal is not None:
        if version is None or draft.goal.version_id != version.pk:
            raise not_current_goal()
    else:
        clean_text(draft.goal_text, "add", empty=_("Укажите цель нового действия."))
    kinds = PlanAction.Responsible
    party = {
        kinds.STAFF: draft.responsible_user,
        kinds.FAMILY: draft.responsible_person,
        kinds.AGENT: draft.responsible_agent,
        kinds.ORGANISATION: draft.responsible_other.strip() or None,
    }
    if draft.responsible_kind not in kinds.values or party[kinds(draft.responsible_kind)] is None:
        raise MonitoringError(
            _("Укажите, кто отвечает за новое действие «%(a)s».") % {"a": draft.text.strip()[:80]},
            field="add",
        )
    if len(draft.responsible_other.strip()) > OTHER_MAX:
        raise MonitoringError(_("Слишком длинное название организации."), field="add")
    if draft.due_on is not None and draft.due_on < queries.opened_on(case):
        raise MonitoringError(
            _("Срок не может быть раньше открытия случая (%(date)s).")
            % {"date": _fmt(queries.opened_on(case))},
            field="add",
        )


def record_quarterly_review(
    *,
    case: Case,
    period: int,
    items: Sequence[ItemInput],
    state: str,
    proposals: Proposals,
    by: User,
) -> Review:
    """Record the quarterly review of ``case`` for its ``period``-th quarter of support
    (1, 2, 3, 5 …: the 4th, 8th … is the annual review). Every action of the plan's current
    version (except cancelled ones) gets an item: done, or not done with the reason."""
    check_case(case, by)
    number = _check_number(period, "period")
    if number % 4 == 0:
        raise MonitoringError(
            _("За %(n)s-й квартал проводится ежегодный пересмотр.") % {"n": number},
            field="period",
        )
    start, end = queries.quarter_period(case, number)
    if start > timezone.localdate():
        raise MonitoringError(
            _("%(n)s-й квартал сопровождения ещё не начался (с %(date)s).")
            % {"n": number, "date": _fmt(start)},
            field="period",
        )
    state = clean_text(state, "state", empty=_("Опишите текущее состояние семьи."))
    priorities = clean_text(proposals.priorities, "priorities")
    agencies = clean_text(proposals.agencies, "agencies")
    with transaction.atomic():
        locked = _lock_case(case, by)
        plan = Plan.objects.filter(case=locked).select_related("current_version").first()
        version = plan.current_version if plan is not None else None
        actions = {a.pk: a for a in queries.current_actions(locked)}
        checked = _check_items(items, actions)
        drop_ids = {a.pk for a in proposals.drop}
        if drop_ids - set(actions):
            raise MonitoringError(
                _("Исключать можно только действия текущей версии плана."), field="drop"
            )
        if (drop_ids or proposals.add) and version is None:
            raise MonitoringError(_("У случая нет плана помощи: изменять нечего."), field="add")
        for draft in proposals.add:
            _check_new_action(locked, version, draft)
        review = _create_review(
            MonitoringError(
                _("Обзор за %(n)s-й квартал уже записан.") % {"n": number}, field="period"
            ),
            case=locked,
            kind=Review.Kind.QUARTERLY,
            number=number,
            period_start=start,
            period_end=end,
            state=state,
            priorities=priorities,
            agencies=agencies,
            plan_version=version,
            recorded_by=by,
        )
        ReviewItem.objects.bulk_create(
            ReviewItem(
                review=review,
                action=item.action,
                done=item.done,
                reason=item.reason,
                drop=item.action.pk in drop_ids,
            )
            for item in checked
        )
        ReviewNewAction.objects.bulk_create(
            ReviewNewAction(
                review=review,
                goal=draft.goal,
                goal_text="" if draft.goal is not None else draft.goal_text.strip(),
                text=draft.text.strip(),
                responsible_kind=draft.responsible_kind,
                responsible_user=draft.responsible_user,
                responsible_person=draft.responsible_person,
                responsible_agent=draft.responsible_agent,
                responsible_other=draft.responsible_other.strip(),
                due_on=draft.due_on,
            )
            for draft in proposals.add
        )
        record(
            kind="monitoring.quarterly_recorded",
            actor=by,
            case=locked,
            data={
                "period": _quarter_words(review),
                "done": sum(1 for i in checked if i.done),
                "total": len(checked),
            },
        )
        _review_task_done(locked, TaskKind.QUARTERLY_REVIEW, number, by)
    return review


def apply_review(*, review: Review, by: User) -> PlanVersion:
    """Turn the quarterly review's proposals into a plan revision, in one step. The revision
    drops the actions the review drops and adds the new ones; its reason names the review.
    Race-safe: the review row is locked, and a review already applied returns its revision
    (a double click makes one revision)."""
    access.require(by, WRITE)
    with transaction.atomic():
        locked = (
            Review.objects.select_for_update(of=("self",))
            .select_related("case__family", "applied_version")
            .get(pk=review.pk)
        )
        if locked.applied_version is not None:
            return locked.applied_version
        case = check_case(locked.case, by)
        if locked.kind != Review.Kind.QUARTERLY:
            raise MonitoringError(_("В план превращается только квартальный обзор."))
        plan = Plan.objects.filter(case=case).select_related("current_version").first()
        if plan is None or plan.current_version is None:
            raise MonitoringError(_("У случая нет плана помощи: пересматривать нечего."))
        if plan.current_version_id != locked.plan_version_id:
            raise MonitoringError(
                _(
                    "План уже изменился после обзора (сейчас версия %(n)s): проведите обзор "
                    "текущей версии."
                )
                % {"n": plan.current_version.number}
            )
        drop = [item.action for item in locked.items.select_related("action") if item.drop]
        add = [
            ActionDraft(
                text=new.text,
                responsible_kind=new.responsible_kind,
                goal=new.goal,
                goal_text=new.goal_text,
                responsible_user=new.responsible_user,
                responsible_person=new.responsible_person,
                responsible_agent=new.responsible_agent,
                responsible_other=new.responsible_other,
                due_on=new.due_on,
            )
            for new in locked.new_actions.select_related(
                "goal", "responsible_user", "responsible_person", "responsible_agent"
            )
        ]
        if not drop and not add and not locked.priorities:
            raise MonitoringError(_("Обзор не предлагает изменений плана — пересматривать нечего."))
        reason = _("Квартальный обзор за %(period)s") % {"period": _quarter_words(locked)}
        if locked.priorities:
            reason += ". " + _("Приоритеты: %(text)s") % {"text": locked.priorities}
        if locked.agencies:
            reason += ". " + _("Привлечь: %(text)s") % {"text": locked.agencies}
        version = revise_plan(plan=plan, reason=reason, by=by, drop=drop, add=add)
        locked.applied_version = version
        locked.applied_at = timezone.now()
        locked.applied_by = by
        locked.save(update_fields=["applied_version", "applied_at", "applied_by"])
        record(
            kind="monitoring.review_applied",
            actor=by,
            case=case,
            data={
                "period": _quarter_words(locked),
                "version": version.number,
                "dropped": len(drop),
                "added": len(add),
            },
        )
    return version


# --- the review tasks and the annual review ------------------------------------------------


def _review_task_done(case: Case, kind: str, number: int, by: User) -> None:
    """The review's task is done. A review made before its task was scheduled (a review
    ahead of ``kurator_tasks_rebuild``) still leaves a done task, so a later rebuild does
    not ask for it again."""
    task = review_task(case, kind, number)
    if not Task.objects.filter(organisation_id=case.organisation_id, key=task.key).exists():
        schedule_task(
            key=task.key,
            user=case.curator,
            title=task.title,
            due_on=task.due_on,
            kind=kind,
            case=case,
            url=reverse("monitoring:case", args=[case.pk]),
            by=by,
            source=f"cases.case:{case.pk}",
        )
    complete_task(key=task.key, by=by)


def schedule_review_tasks(*, case: Case, year: int, by: User | None = None) -> list[Task]:
    """The review tasks of the ``year``-th year of support of an open case: quarterly reviews
    4·(y−1)+1 … 4·(y−1)+3 and the annual review y, due from the opening date (the first
    working day on or after 3·n months). Idempotent (task keys of ``kurator.tasks``); their
    source is ours, so the tasks rebuild (a year ahead) never cancels them as unwanted."""
    url = reverse("monitoring:case", args=[case.pk])
    tasks = []
    for n in range(4 * (year - 1) + 1, 4 * year + 1):
        kind, number = review_of_quarter(n)
        task = review_task(case, kind, number)
        tasks.append(
            schedule_task(
                key=task.key,
                user=case.curator,
                title=task.title,
                due_on=task.due_on,
                kind=kind,
                case=case,
                url=url,
                by=by,
                source="monitoring.extend",
            )
        )
    return tasks


def record_annual_review(
    *, case: Case, year: int, state: str, decision: str, reason: str, by: User
) -> Review:
    """The annual review of the ``year``-th year of support, ending in a decision: «extend»
    schedules the next year's review tasks; «close» is recorded and the user goes on to the
    case's closure (the consilium, exit diagnostics and criteria live there)."""
    check_case(case, by)
    number = _check_number(year, "year")
    if decision not in Review.Decision.values:
        raise MonitoringError(_("Выберите решение: продлить или закрыть случай."), field="decision")
    state = clean_text(state, "state", empty=_("Опишите текущее состояние семьи."))
    reason = clean_text(reason, "decision_reason", empty=_("Обоснуйте решение."))
    start, end = queries.year_period(case, number)
    if start > timezone.localdate():
        raise MonitoringError(
            _("%(n)s-й год сопровождения ещё не начался (с %(date)s).")
            % {"n": number, "date": _fmt(start)},
            field="year",
        )
    with transaction.atomic():
        locked = _lock_case(case, by)
        version = Plan.objects.filter(case=locked).values_list("current_version", flat=True).first()
        review = _create_review(
            MonitoringError(
                _("Ежегодный пересмотр за %(n)s-й год уже записан.") % {"n": number},
                field="year",
            ),
            case=locked,
            kind=Review.Kind.ANNUAL,
            number=number,
            period_start=start,
            period_end=end,
            state=state,
            decision=decision,
            decision_reason=reason,
            plan_version_id=version,
            recorded_by=by,
        )
        _review_task_done(locked, TaskKind.ANNUAL_REVIEW, number, by)
        if decision == Review.Decision.EXTEND:
            schedule_review_tasks(case=locked, year=number + 1, by=by)
        record(
            kind="monitoring.annual_recorded",
            actor=by,
            case=locked,
            data={
                "year": number,
                "decision": str(review.get_decision_display()),
                "decision_code": decision,
                "reason": reason[:200],
            },
        )
    return review
