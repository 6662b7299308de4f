"""Every change to the individual plan and the contacts goes through these functions
create the plan, add goals and actions to a draft, agree it with the family,
revise it into a new version, move actions on, record contacts. Each validates, writes in
one transaction, appends its timeline row and returns the object; views, the API, the demo,
the tests and the monitoring reviews call them.

An agreed version is never edited in place: ``revise_plan`` copies it
into a new draft version with a reason, optionally dropping and adding actions in the same
step (the quarterly review turns into a revision this way).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.network.models import ResourceAgent
from kurator.people.models import Person
from kurator.plans import queries, tasks_sync
from kurator.plans.errors import PlanError
from kurator.plans.models import (
    Contact,
    Goal,
    Plan,
    PlanAction,
    PlanVersion,
)

__all__ = [
    "WRITE",
    "ActionDraft",
    "add_action",
    "add_goal",
    "agree_plan_with_family",
    "approve_plan_version",
    "check_revisable",
    "create_plan",
    "record_contact",
    "require_plan",
    "revise_plan",
    "update_action_status",
]

WRITE = "plans.plan:write"
TEXT_MAX = 2000
_OTHER_MAX = PlanAction._meta.get_field("responsible_other").max_length or 300


# --- checks --------------------------------------------------------------------------------


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _opened_on(case: Case) -> date:
    return timezone.localdate(case.opened_at)


def _check_case(case: Case, by: User) -> None:
    if case.organisation_id != access.organisation_id_of(by):
        raise PlanError(_("Случай не найден."))
    if not case.accepts_records:
        raise PlanError(_("Случай закрыт: план больше не меняется."))


def _check_text(text: str, field: str, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise PlanError(empty, field=field)
    if len(text) > TEXT_MAX:
        raise PlanError(
            _("Слишком длинный текст: не больше %(n)s символов.") % {"n": TEXT_MAX}, field=field
        )
    return text


def _check_date(value: object, field: str, case: Case, *, past_only: bool) -> date:
    if not isinstance(value, date):
        raise PlanError(_("Укажите дату в формате дд.мм.гггг."), field=field)
    opened = _opened_on(case)
    if value < opened:
        raise PlanError(
            _("Дата не может быть раньше открытия случая (%(date)s).") % {"date": _fmt(opened)},
            field=field,
        )
    if past_only and value > timezone.localdate():
        raise PlanError(_("Дата не может быть в будущем."), field=field)
    return value


def _draft_version(plan: Plan) -> PlanVersion:
    version = plan.current_version
    assert version is not None  # set by create_plan in the same transaction
    if version.is_agreed:
        raise PlanError(
            _(
                "Версия %(n)s согласована с семьёй: её нельзя менять на месте — "
                "пересмотрите план (новая версия с причиной)."
            )
            % {"n": version.number}
        )
    return version


def _lock_plan(plan: Plan) -> Plan:
    return (
        Plan.objects.select_for_update(of=("self",))
        .select_related("case", "current_version")
        .get(pk=plan.pk)
    )


@dataclass(frozen=True)
class Responsible:
    kind: str
    user: User | None = None
    person: Person | None = None
    agent: ResourceAgent | None = None
    other: str = ""


def _check_responsible(case: Case, who: Responsible) -> Responsible:
    kinds = PlanAction.Responsible
    if who.kind not in kinds.values:
        raise PlanError(_("Укажите, кто отвечает за действие."), field="responsible_kind")
    if who.kind == kinds.STAFF:
        user = who.user
        if user is None:
            raise PlanError(_("Выберите сотрудника, который отвечает."), field="responsible_user")
        if not access.plan_staff_choices(case).filter(pk=user.pk).exists():
            raise PlanError(
                _(
                    "Ответственным может быть только сотрудник, который работает со случаем: "
                    "куратор, соисполнитель, специалист первичного выезда или руководитель "
                    "команды."
                ),
                field="responsible_user",
            )
        return Responsible(kind=who.kind, user=user)
    if who.kind == kinds.FAMILY:
        person = who.person
        if person is None:
            raise PlanError(
                _("Выберите члена семьи, который отвечает."), field="responsible_person"
            )
        if not access.family_members_of_case(case).filter(pk=person.pk).exists():
            raise PlanError(_("Этот человек не из семьи случая."), field="responsible_person")
        return Responsible(kind=who.kind, person=person)
    if who.kind == kinds.AGENT:
        agent = who.agent
        if agent is None:
            raise PlanError(_("Выберите агента ресурсной сети."), field="responsible_agent")
        if agent.organisation_id != case.organisation_id or not agent.is_active:
            raise PlanError(
                _("Агент не найден в ресурсной сети организации."), field="responsible_agent"
            )
        return Responsible(kind=who.kind, agent=agent)
    other = " ".join((who.other or "").split())
    if not other:
        raise PlanError(_("Напишите, какая организация отвечает."), field="responsible_other")
    if len(other) > _OTHER_MAX:
        raise PlanError(_("Слишком длинное название организации."), field="responsible_other")
    return Responsible(kind=who.kind, other=other)


def _check_due(case: Case, due_on: date | None) -> date | None:
    if due_on is None:
        return None
    return _check_date(due_on, "due_on", case, past_only=False)


# --- the plan ------------------------------------------------------------------------------


def require_plan(case: Case) -> Plan:
    """The case's plan, or the ``PlanError`` that it has none yet (the pages and the API show
    its message)."""
    plan = queries.plan_of_case(case)
    if plan is None:
        raise PlanError(_("У случая ещё нет плана."))
    return plan


def create_plan(*, case: Case, by: User) -> Plan:
    """Start the case's plan: version 1, a draft. One plan per case (a double click gets the
    database's refusal as a message)."""
    access.require(by, WRITE)
    _check_case(case, by)
    if not case.in_active_work:
        raise PlanError(_("План составляется для открытого случая."))
    with transaction.atomic():
        if Plan.objects.filter(case_id=case.pk).exists():
            raise PlanError(_("У этого случая уже есть план."))
        try:
            with transaction.atomic():
                plan = Plan.objects.create(case=case, created_by=by)
        except IntegrityError as exc:
            raise PlanError(_("У этого случая уже есть план.")) from exc
        version = PlanVersion.objects.create(plan=plan, number=1, created_by=by)
        plan.current_version = version
        plan.save(update_fields=["current_version"])
        record(kind="plan.created", actor=by, case=case, data={"plan_due": _due_text(case)})
    return plan


def _due_text(case: Case) -> str:
    return _fmt(case.plan_due) if case.plan_due else "—"


def add_goal(*, plan: Plan, text: str, by: User) -> Goal:
    """A goal of the current draft version."""
    access.require(by, WRITE)
    text = _check_text(text, "text", _("Сформулируйте цель."))
    with transaction.atomic():
        plan = _lock_plan(plan)
        _check_case(plan.case, by)
        version = _draft_version(plan)
        position = (version.goals.aggregate(m=Max("position"))["m"] or 0) + 1
        goal = Goal.objects.create(version=version, position=position, text=text)
        record(
            kind="plan.goal_added",
            actor=by,
            case=plan.case,
            data={"goal": text, "version": version.number},
        )
    return goal


def add_action(
    *,
    goal: Goal,
    text: str,
    responsible_kind: str,
    by: User,
    responsible_user: User | None = None,
    responsible_person: Person | None = None,
    responsible_agent: ResourceAgent | None = None,
    responsible_other: str = "",
    due_on: date | None = None,
) -> PlanAction:
    """An action under a goal of the current draft version, with its responsible party:
    a staff member, a family member (the family's own step), a resource agent or another
    organisation. A staff member's action with a due date becomes her task."""
    access.require(by, WRITE)
    text = _check_text(text, "text", _("Опишите действие."))
    with transaction.atomic():
        plan = _lock_plan(goal.version.plan)
        case = plan.case
        _check_case(case, by)
        version = _draft_version(plan)
        if goal.version_id != version.pk:
            raise PlanError(_("Цель не из текущей версии плана."), field="goal")
        who = _check_responsible(
            case,
            Responsible(
                kind=responsible_kind,
                user=responsible_user,
                person=responsible_person,
                agent=responsible_agent,
                other=responsible_other,
            ),
        )
        due = _check_due(case, due_on)
        position = (goal.actions.aggregate(m=Max("position"))["m"] or 0) + 1
        action = PlanAction.objects.create(
            version=version,
            goal=goal,
            position=position,
            text=text,
            responsible_kind=who.kind,
            responsible_user=who.user,
            responsible_person=who.person,
            responsible_agent=who.agent,
            responsible_other=who.other,
            due_on=due,
        )
        record(
            kind="plan.action_added",
            actor=by,
            case=case,
            data={
                "action": text,
                "responsible": action.responsible_name,
                "due_on": _fmt(due) if due else "—",
                "version": version.number,
            },
        )
        tasks_sync.schedule_action_task(action, case=case, by=by)
    return action


def agree_plan_with_family(*, plan: Plan, agreed_on: date, by: User) -> PlanVersion:
    """The family agreed the current version on ``agreed_on``. The first agreement stops the
    45-day deadline (``Case.plan_due``): on time when ``agreed_on`` is not after it."""
    access.require(by, WRITE)
    with transaction.atomic():
        plan = _lock_plan(plan)
        case = plan.case
        _check_case(case, by)
        version = plan.current_version
        assert version is not None
        if version.is_agreed:
            raise PlanError(
                _("Версия %(n)s уже согласована с семьёй %(date)s.")
                % {"n": version.number, "date": _fmt(version.agreed_with_family_on)},  # type: ignore[arg-type]
                field="agreed_on",
            )
        agreed = _check_date(agreed_on, "agreed_on", case, past_only=True)
        if not version.actions.exists():
            raise PlanError(_("В плане нет ни одного действия: согласовывать нечего."))
        version.agreed_with_family_on = agreed
        version.agreed_recorded_by = by
        version.save(update_fields=["agreed_with_family_on", "agreed_recorded_by"])
        first = plan.agreed_on is None
        if first:
            plan.agreed_on = agreed
            plan.save(update_fields=["agreed_on"])
            tasks_sync.complete_plan_task(case, by=by)
        late = queries.late_days(agreed, case.plan_due) if first else 0
        record(
            kind="plan.agreed",
            actor=by,
            case=case,
            data={
                "version": version.number,
                "agreed_on": _fmt(agreed),
                "on_time": _("в срок")
                if late == 0
                else _("с опозданием на %(n)s дн.") % {"n": late},
                "late_days": late,
            },
        )
    return version


def approve_plan_version(*, version: PlanVersion, by: User) -> PlanVersion:
    """The senior curator or team head approves a version (optional, recorded)."""
    access.require(by, "plans.plan:approve")
    with transaction.atomic():
        plan = _lock_plan(version.plan)
        _check_case(plan.case, by)
        version = PlanVersion.objects.get(pk=version.pk)
        if version.approved_by_id is not None:
            raise PlanError(_("Эта версия уже утверждена."))
        version.approved_by = by
        version.approved_at = timezone.now()
        version.save(update_fields=["approved_by", "approved_at"])
        record(kind="plan.approved", actor=by, case=plan.case, data={"version": version.number})
    return version


# --- revision ------------------------------------------------------------------------------


def check_revisable(version: PlanVersion) -> None:
    """Only a version agreed with the family is revised; a draft is simply added to."""
    if not version.is_agreed:
        raise PlanError(
            _("Версия %(n)s ещё не согласована с семьёй — её можно дополнять без пересмотра.")
            % {"n": version.number},
            field="reason",
        )


@dataclass(frozen=True)
class ActionDraft:
    """A new action for ``revise_plan``: under ``goal`` (a goal of the revised version, found
    again in the new one by its lineage) or under a new goal named ``goal_text``."""

    text: str
    responsible_kind: str
    goal: Goal | None = None
    goal_text: str = ""
    responsible_user: User | None = None
    responsible_person: Person | None = None
    responsible_agent: ResourceAgent | None = None
    responsible_other: str = ""
    due_on: date | None = None


def revise_plan(
    *,
    plan: Plan,
    reason: str,
    by: User,
    drop: Iterable[PlanAction] = (),
    add: Sequence[ActionDraft] = (),
) -> PlanVersion:
    """Revise the agreed plan: a new draft version copying the current one (goals, actions
    with their statuses and results), minus the ``drop``ped actions, plus the ``add``ed ones.
    The reason is required; every earlier version stays as it was. The new version is agreed
    with the family again (``agree_plan_with_family``).

    If you add state to a version, copy it here too."""
    access.require(by, WRITE)
    reason = _check_text(reason, "reason", _("Укажите причину пересмотра плана."))
    drop_ids = {action.pk for action in drop}
    with transaction.atomic():
        plan = _lock_plan(plan)
        case = plan.case
        _check_case(case, by)
        old = plan.current_version
        assert old is not None
        check_revisable(old)
        old_actions = list(old.actions.select_related("goal").order_by("pk"))
        if drop_ids - {a.pk for a in old_actions}:
            raise PlanError(_("Исключать можно только действия текущей версии."), field="drop")
        checked = [_check_draft(case, old, draft) for draft in add]
        new = PlanVersion.objects.create(
            plan=plan, number=old.number + 1, reason=reason, created_by=by
        )
        goals: dict[int, Goal] = {}
        for goal in old.goals.order_by("position", "pk"):
            goals[goal.pk] = Goal.objects.create(
                version=new, position=goal.position, text=goal.text, lineage=goal.lineage
            )
        kept: list[PlanAction] = []
        for action in old_actions:
            if action.pk in drop_ids:
                continue
            kept.append(
                PlanAction.objects.create(
                    version=new,
                    goal=goals[action.goal_id],
                    position=action.position,
                    text=action.text,
                    responsible_kind=action.responsible_kind,
                    responsible_user_id=action.responsible_user_id,
                    responsible_person_id=action.responsible_person_id,
                    responsible_agent_id=action.responsible_agent_id,
                    responsible_other=action.responsible_other,
                    due_on=action.due_on,
                    status=action.status,
                    result=action.result,
                    done_on=action.done_on,
                    lineage=action.lineage,
                )
            )
        added: list[PlanAction] = []
        new_goals: dict[str, Goal] = {}
        for draft, who, due in checked:
            if draft.goal is not None:
                goal = goals[draft.goal.pk]
            else:
                goal_text = draft.goal_text.strip()
                if goal_text not in new_goals:
                    position = (new.goals.aggregate(m=Max("position"))["m"] or 0) + 1
                    new_goals[goal_text] = Goal.objects.create(
                        version=new, position=position, text=goal_text
                    )
                goal = new_goals[goal_text]
            position = (goal.actions.aggregate(m=Max("position"))["m"] or 0) + 1
            added.append(
                PlanAction.objects.create(
                    version=new,
                    goal=goal,
                    position=position,
                    text=draft.text.strip(),
                    responsible_kind=who.kind,
                    responsible_user=who.user,
                    responsible_person=who.person,
                    responsible_agent=who.agent,
                    responsible_other=who.other,
                    due_on=due,
                )
            )
        plan.current_version = new
        plan.save(update_fields=["current_version"])
        for action in old_actions:
            tasks_sync.cancel_action_task(action, by=by)
        for action in kept + added:
            tasks_sync.schedule_action_task(action, case=case, by=by)
        record(
            kind="plan.revised",
            actor=by,
            case=case,
            data={
                "version": new.number,
                "reason": reason,
                "dropped": len(drop_ids),
                "added": len(added),
            },
        )
    return new


def _check_draft(
    case: Case, version: PlanVersion, draft: ActionDraft
) -> tuple[ActionDraft, Responsible, date | None]:
    _check_text(draft.text, "add", _("Опишите действие."))
    if draft.goal is not None:
        if draft.goal.version_id != version.pk:
            raise PlanError(_("Цель не из текущей версии плана."), field="add")
    else:
        _check_text(draft.goal_text, "add", _("Укажите цель нового действия."))
    who = _check_responsible(
        case,
        Responsible(
            kind=draft.responsible_kind,
            user=draft.responsible_user,
            person=draft.responsible_person,
            agent=draft.responsible_agent,
            other=draft.responsible_other,
        ),
    )
    return draft, who, _check_due(case, draft.due_on)


# --- implementation ------------------------------------------------------------------------


def update_action_status(
    *,
    action: PlanAction,
    status: str,
    by: User,
    result: str | None = None,
    done_on: date | None = None,
    expected_status: str | None = None,
) -> PlanAction:
    """Move an action of the current version on: its status, result and (when done) the day.

    Race: the row is locked. ``expected_status`` is the status the user saw; when another
    worker changed it meanwhile the change is refused. The same change sent twice (a double
    click) is a no-op the second time — no second history row."""
    access.require(by, WRITE)
    if status not in PlanAction.Status.values:
        raise PlanError(_("Выберите статус из списка."), field="status")
    if result is not None and len(result) > TEXT_MAX:
        raise PlanError(_("Слишком длинный результат."), field="result")
    with transaction.atomic():
        locked = (
            PlanAction.objects.select_for_update(of=("self",))
            .select_related("version__plan__case")
            .get(pk=action.pk)
        )
        plan = locked.version.plan
        case = plan.case
        _check_case(case, by)
        if plan.current_version_id != locked.version_id:
            raise PlanError(
                _("Это действие из прежней версии плана: отмечайте действия текущей версии.")
            )
        new_result = locked.result if result is None else result.strip()
        new_done_on: date | None = None
        if status == PlanAction.Status.DONE:
            new_done_on = _check_date(
                done_on or locked.done_on or timezone.localdate(), "done_on", case, past_only=True
            )
        if (
            locked.status == status
            and locked.result == new_result
            and locked.done_on == new_done_on
        ):
            return locked  # the same change again: nothing to do
        if expected_status is not None and locked.status != expected_status:
            raise PlanError(
                _("Статус уже изменили: сейчас «%(status)s». Обновите страницу.")
                % {"status": locked.get_status_display()},
                field="status",
            )
        old_status = locked.get_status_display()
        locked.status = status
        locked.result = new_result
        locked.done_on = new_done_on
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        locked.save(update_fields=["status", "result", "done_on"])
        record(
            kind="plan.action_status",
            actor=by,
            case=case,
            data={
                "action": locked.text,
                "old_status": str(old_status),
                "status": str(locked.get_status_display()),
                "status_code": status,
                "result": new_result,
            },
        )
        _sync_task_after_status(locked, case=case, by=by)
    return locked


def _sync_task_after_status(action: PlanAction, *, case: Case, by: User) -> None:
    if action.status == PlanAction.Status.DONE:
        tasks_sync.complete_action_task(action, by=by)
    elif action.status in PlanAction.FINISHED:
        tasks_sync.cancel_action_task(action, by=by)
    else:
        tasks_sync.schedule_action_task(action, case=case, by=by, reopen=True)


# --- contacts ------------------------------------------------------------------------------


def record_contact(
    *,
    case: Case,
    kind: str,
    happened_on: date,
    by: User,
    staff: Iterable[User] = (),
    persons: Iterable[Person] = (),
    notes: str = "",
    actions: Iterable[PlanAction] = (),
    done_actions: Iterable[PlanAction] = (),
) -> Contact:
    """A home visit, call, office meeting or message, with who took part, notes and the plan
    actions it moved; ``done_actions`` (among them) are marked done on the contact's day."""
    access.require(by, WRITE)
    if kind not in Contact.Kind.values:
        raise PlanError(_("Выберите вид контакта."), field="kind")
    happened = _check_date(happened_on, "happened_on", case, past_only=True)
    notes = (notes or "").strip()
    if len(notes) > TEXT_MAX * 5:
        raise PlanError(_("Слишком длинные заметки."), field="notes")
    staff_list = list(staff)
    person_list = list(persons)
    done_list = list(done_actions)
    action_list = list({a.pk: a for a in [*actions, *done_list]}.values())
    with transaction.atomic():
        locked_case = Case.objects.select_for_update().get(pk=case.pk)
        _check_case(locked_case, by)
        for user in staff_list:
            if user.organisation_id != locked_case.organisation_id:
                raise PlanError(_("Сотрудник не из организации случая."), field="staff")
        family = set(access.family_members_of_case(locked_case).values_list("pk", flat=True))
        if any(person.pk not in family for person in person_list):
            raise PlanError(_("Этот человек не из семьи случая."), field="persons")
        if not staff_list and not person_list:
            raise PlanError(_("Укажите, кто участвовал в контакте."), field="persons")
        current = (
            Plan.objects.filter(case_id=locked_case.pk)
            .values_list("current_version", flat=True)
            .first()
        )
        if any(action.version_id != current for action in action_list):
            raise PlanError(
                _("Отмечайте действия текущей версии плана этого случая."), field="actions"
            )
        contact = Contact.objects.create(
            case=locked_case,
            kind=kind,
            happened_on=happened,
            notes=notes,
            moved_plan=bool(action_list),
            recorded_by=by,
        )
        contact.staff.set(staff_list)
        contact.persons.set(person_list)
        contact.actions.set(action_list)
        record(
            kind="plan.contact_recorded",
            actor=by,
            case=locked_case,
            data={
                "kind": str(contact.get_kind_display()),
                "kind_code": kind,
                "happened_on": _fmt(happened),
                "actions": len(action_list),
            },
        )
        for action in done_list:
            update_action_status(
                action=action, status=PlanAction.Status.DONE, by=by, done_on=happened
            )
    return contact
