"""Every change to the monitoring records goes through these functions (style.md #1).

- ``record_quarterly_review`` — the quarterly review of a case (seed 004: «выполнение/не
  выполнение поставленных задач, причины отхождения от плана, текущее состояние семьи»;
  seed 003's proposals: «изменение приоритета в реализации мероприятий, исключение
  мероприятий, включение новых мероприятий, привлечение субъектов системы профилактики»);
  completes the task ``quarterly_review:{case}:{n}``;
- ``apply_review`` — the review's proposals become a plan revision in one step
  (``kurator.plans.services.revise_plan``: dropped actions leave the new version, new ones are
  added, reason «Квартальный обзор за …»). Applying twice makes one revision;
- ``record_annual_review`` — «ежегодно по каждому случаю проводится результирующий мониторинг,
  по итогам которого случай может быть продлен или завершен»: extend schedules the next
  year's review tasks; close does not close the case — the user is sent to the closure flow
  (``kurator.cases.lifecycle.close_case``);
- ``start_monthly_form`` / ``update_monthly_form`` / ``submit_monthly_form`` — the curator's
  monthly form of a case, pre-filled from the month's records, read-only once submitted;
  submitting the last of her open cases' forms completes ``monthly_form:{user}:{YYYY-MM}``;
- ``schedule_review_tasks`` — the review tasks of one year of support (used by «extend»).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.lifecycle import add_months
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.core import workdays
from kurator.monitoring import queries
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.models import MonthlyForm, Review, ReviewItem, ReviewNewAction
from kurator.plans.models import Plan, PlanAction, PlanVersion
from kurator.plans.services import ActionDraft, revise_plan
from kurator.tasks.models import Task, TaskKind
from kurator.tasks.services import complete_task, schedule_task

__all__ = [
    "ItemInput",
    "Proposals",
    "apply_review",
    "record_annual_review",
    "record_quarterly_review",
    "schedule_review_tasks",
    "start_monthly_form",
    "submit_monthly_form",
    "update_monthly_form",
]

WRITE = "plans.plan:write"
TEXT_MAX = 4000
NUMBER_MAX = 100
OTHER_MAX = 300
FIGURES = ("contacts", "home_visits", "actions_done", "actions_due", "meetings", "services")
TEXTS = ("summary", "difficulties", "next_steps")


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


def _text(value: str | None, field_name: str, *, empty: str | None = None) -> str:
    text = (value or "").strip()
    if empty is not None and not text:
        raise MonitoringError(empty, field=field_name)
    if len(text) > TEXT_MAX:
        raise MonitoringError(
            _("Слишком длинный текст: не больше %(n)s символов.") % {"n": TEXT_MAX},
            field=field_name,
        )
    return text


def _check_case(case: Case, by: User) -> Case:
    access.require(by, WRITE)
    if case.organisation_id != access.organisation_id_of(by):
        raise MonitoringError(_("Случай не найден."))
    if case.status != Case.Status.OPEN:
        raise MonitoringError(_("Случай закрыт: обзоры и ежемесячные формы ведутся по открытым."))
    return case


def _check_number(value: object, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= NUMBER_MAX:
        raise MonitoringError(
            _("Номер периода — целое число от 1 до %(n)s.") % {"n": NUMBER_MAX}, field=field_name
        )
    return value


def _label(case: Case) -> str:
    return _("случай №%(n)s (%(family)s)") % {"n": case.pk, "family": case.family.name}


def _quarter_words(review: Review) -> str:
    return _("%(n)s-й квартал сопровождения (%(start)s–%(end)s)") % {
        "n": review.number,
        "start": _fmt(review.period_start),
        "end": _fmt(review.period_end),
    }


# --- the quarterly review ------------------------------------------------------------------


def _check_items(items: Sequence[ItemInput], actions: dict[int, PlanAction]) -> list[ItemInput]:
    seen: dict[int, ItemInput] = {}
    for item in items:
        if item.action.pk not in actions:
            raise MonitoringError(
                _("Отмечайте действия текущей версии плана этого случая."), field="items"
            )
        if item.action.pk in seen:
            raise MonitoringError(_("Действие отмечено дважды."), field="items")
        reason = _text(item.reason, "items")
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
    _text(draft.text, "add", empty=_("Опишите новое действие."))
    if draft.goal is not None:
        if version is None or draft.goal.version_id != version.pk:
            raise MonitoringError(_("Цель не из текущей версии плана."), field="add")
    else:
        _text(draft.goal_text, "add", empty=_("Укажите цель нового действия."))
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
    _check_case(case, by)
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
    state = _text(state, "state", empty=_("Опишите текущее состояние семьи."))
    priorities = _text(proposals.priorities, "priorities")
    agencies = _text(proposals.agencies, "agencies")
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("family", "curator")
            .get(pk=case.pk)
        )
        _check_case(locked, by)
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
        if Review.objects.filter(case=locked, kind=Review.Kind.QUARTERLY, number=number).exists():
            raise MonitoringError(
                _("Обзор за %(n)s-й квартал уже записан.") % {"n": number}, field="period"
            )
        try:
            with transaction.atomic():
                review = Review.objects.create(
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
        except IntegrityError as exc:
            raise MonitoringError(
                _("Обзор за %(n)s-й квартал уже записан.") % {"n": number}, field="period"
            ) from exc
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
        case = _check_case(locked.case, by)
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


# --- the annual review ---------------------------------------------------------------------


def _first_working_day_from(day: date) -> date:
    """``day`` itself when it is a working day, else the next one (as ``kurator.tasks.sync``)."""
    return workdays.add_working_days(day - timedelta(days=1), 1)


def _review_task(case: Case, kind: str, number: int) -> tuple[str, str, date]:
    """Key, title and due date of a review task (the keys of ``kurator.tasks.services``)."""
    opened = queries.opened_on(case)
    label = _label(case)
    if kind == TaskKind.QUARTERLY_REVIEW:
        due = _first_working_day_from(add_months(opened, 3 * number))
        title = _("Ежеквартальный мониторинг (%(n)s-й квартал) — %(c)s") % {
            "n": number,
            "c": label,
        }
        return f"quarterly_review:{case.pk}:{number}", title, due
    due = _first_working_day_from(add_months(opened, 12 * number))
    title = _("Ежегодный мониторинг: продлить или закрыть (%(n)s-й год) — %(c)s") % {
        "n": number,
        "c": label,
    }
    return f"annual_review:{case.pk}:{number}", title, due


def _review_task_done(case: Case, kind: str, number: int, by: User) -> None:
    """The review's task is done. A review made before its task was scheduled (a review
    ahead of ``kurator_tasks_rebuild``) still leaves a done task, so a later rebuild does
    not ask for it again."""
    key, title, due = _review_task(case, kind, number)
    if not Task.objects.filter(organisation_id=case.organisation_id, key=key).exists():
        schedule_task(
            key=key,
            user=case.curator,
            title=title,
            due_on=due,
            kind=kind,
            case=case,
            url=reverse("monitoring:case", args=[case.pk]),
            by=by,
            source=f"cases.case:{case.pk}",
        )
    complete_task(key=key, by=by)


def schedule_review_tasks(*, case: Case, year: int, by: User | None = None) -> list[Task]:
    """The review tasks of the ``year``-th year of support of an open case: quarterly reviews
    4·(y−1)+1 … 4·(y−1)+3 and the annual review y, due from the opening date (the first
    working day on or after 3·n months). Idempotent (task keys of ``kurator.tasks``); their
    source is ours, so the tasks rebuild (a year ahead) never cancels them as unwanted."""
    url = reverse("monitoring:case", args=[case.pk])
    tasks = []
    for n in range(4 * (year - 1) + 1, 4 * year + 1):
        if n % 4:
            kind, number = TaskKind.QUARTERLY_REVIEW, n
        else:
            kind, number = TaskKind.ANNUAL_REVIEW, n // 4
        key, title, due = _review_task(case, kind, number)
        tasks.append(
            schedule_task(
                key=key,
                user=case.curator,
                title=title,
                due_on=due,
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
    _check_case(case, by)
    number = _check_number(year, "year")
    if decision not in Review.Decision.values:
        raise MonitoringError(_("Выберите решение: продлить или закрыть случай."), field="decision")
    state = _text(state, "state", empty=_("Опишите текущее состояние семьи."))
    reason = _text(reason, "decision_reason", empty=_("Обоснуйте решение."))
    start, end = queries.year_period(case, number)
    if start > timezone.localdate():
        raise MonitoringError(
            _("%(n)s-й год сопровождения ещё не начался (с %(date)s).")
            % {"n": number, "date": _fmt(start)},
            field="year",
        )
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("family", "curator")
            .get(pk=case.pk)
        )
        _check_case(locked, by)
        version = Plan.objects.filter(case=locked).values_list("current_version", flat=True).first()
        if Review.objects.filter(case=locked, kind=Review.Kind.ANNUAL, number=number).exists():
            raise MonitoringError(
                _("Ежегодный пересмотр за %(n)s-й год уже записан.") % {"n": number},
                field="year",
            )
        try:
            with transaction.atomic():
                review = Review.objects.create(
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
        except IntegrityError as exc:
            raise MonitoringError(
                _("Ежегодный пересмотр за %(n)s-й год уже записан.") % {"n": number},
                field="year",
            ) from exc
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


# --- the monthly form ----------------------------------------------------------------------


def _check_month(case: Case, month: object) -> date:
    if not isinstance(month, date):
        raise MonitoringError(_("Укажите месяц в формате мм.гггг."), field="month")
    first = month.replace(day=1)
    today = timezone.localdate()
    if first > today:
        raise MonitoringError(_("Месяц ещё не наступил."), field="month")
    if first < queries.opened_on(case).replace(day=1):
        raise MonitoringError(
            _("Случай открыт %(date)s: форма за более ранний месяц не заполняется.")
            % {"date": _fmt(queries.opened_on(case))},
            field="month",
        )
    return first


def start_monthly_form(*, case: Case, month: date, by: User) -> MonthlyForm:
    """The monthly form of ``case`` for ``month``, pre-filled from that month's records
    (``queries.month_figures``). Starting it again returns the existing one."""
    _check_case(case, by)
    first = _check_month(case, month)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        _check_case(locked, by)
        existing = MonthlyForm.objects.filter(case=locked, month=first).first()
        if existing is not None:
            return existing
        figures = queries.month_figures(locked, first)
        try:
            with transaction.atomic():
                form = MonthlyForm.objects.create(
                    case=locked,
                    month=first,
                    author=by,
                    contacts=figures.contacts,
                    home_visits=figures.home_visits,
                    actions_done=figures.actions_done,
                    actions_due=figures.actions_due,
                    meetings=figures.meetings,
                    services=figures.services,
                )
        except IntegrityError:
            return MonthlyForm.objects.get(case=locked, month=first)
    return form


def _lock_draft(form: MonthlyForm, by: User) -> MonthlyForm:
    locked = (
        MonthlyForm.objects.select_for_update(of=("self",)).select_related("case").get(pk=form.pk)
    )
    if locked.case.organisation_id != access.organisation_id_of(by):
        raise MonitoringError(_("Форма не найдена."))
    if locked.is_submitted:
        assert locked.submitted_at is not None
        raise MonitoringError(
            _("Форма сдана %(date)s — её нельзя менять.")
            % {"date": _fmt(timezone.localdate(locked.submitted_at))}
        )
    return locked


def update_monthly_form(*, form: MonthlyForm, by: User, **values: Any) -> MonthlyForm:
    """The curator corrects the figures and writes the month's results (a draft only)."""
    access.require(by, WRITE)
    unknown = set(values) - set(FIGURES) - set(TEXTS)
    if unknown:
        raise MonitoringError(_("Неизвестное поле формы."), field=sorted(unknown)[0])
    for name in FIGURES:
        if name in values:
            value = values[name]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
                raise MonitoringError(_("Введите целое число от 0 до 1000."), field=name)
    cleaned = {
        name: (_text(values[name], name) if name in TEXTS else values[name]) for name in values
    }
    with transaction.atomic():
        locked = _lock_draft(form, by)
        if cleaned.get("home_visits", locked.home_visits) > cleaned.get(
            "contacts", locked.contacts
        ):
            raise MonitoringError(
                _("Посещений на дому не может быть больше, чем всех контактов."),
                field="home_visits",
            )
        for name, value in cleaned.items():
            setattr(locked, name, value)
        if cleaned:
            locked.save(update_fields=list(cleaned))
    return locked


def submit_monthly_form(*, form: MonthlyForm, by: User) -> MonthlyForm:
    """Submit the form: read-only from now on. When every open case the author curates has
    its form of that month submitted, her month's task is done."""
    access.require(by, WRITE)
    with transaction.atomic():
        locked = _lock_draft(form, by)
        case = Case.objects.select_related("family").get(pk=locked.case_id)
        if case.status != Case.Status.OPEN:
            raise MonitoringError(_("Случай закрыт: форму больше не сдать."))
        if not locked.summary:
            raise MonitoringError(_("Напишите итоги месяца."), field="summary")
        locked.status = MonthlyForm.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = by
        locked.save(update_fields=["status", "submitted_at", "submitted_by"])
        record(
            kind="monitoring.monthly_submitted",
            actor=by,
            case=case,
            data={"month": locked.month.strftime("%m.%Y"), "contacts": locked.contacts},
        )
        _complete_month_task(case.curator_id, locked.month, by)
    return locked


def _complete_month_task(curator_id: int, month: date, by: User) -> None:
    _first, last = queries.month_bounds(month)
    pending = (
        Case.objects.filter(
            curator_id=curator_id,
            status=Case.Status.OPEN,
            opened_at__date__lte=last,
        )
        .exclude(monthly_forms__month=month, monthly_forms__status=MonthlyForm.Status.SUBMITTED)
        .exists()
    )
    if not pending:
        complete_task(key=f"monthly_form:{curator_id}:{month:%Y-%m}", by=by)
