"""The later stages of a case (docs/domain.md, Scenarios: closure, post-support, reopening).

Closure with the criteria checklist, post-support and its contacts, reopening as a new case,
one-off help (and its growing into a case), emergency steps and their approval afterwards,
and the duration norm that permanent support is exempt from. The same conventions as in
``opening`` hold: keyword-only, actor ``by``, validate, one transaction, a
timeline row, return the object; a new case is written by ``opening.create_case``. The
``check_…`` functions are the refusals the views also ask before showing a form.

Races: every transition locks the case row (``select_for_update``; SQLite serialises writers
with ``BEGIN IMMEDIATE`` instead) and re-reads its status under the lock, so a double click
closes once and reopens once.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator import access
from kurator.accounts.models import User
from kurator.cases.errors import CaseError
from kurator.cases.models import (
    Case,
    CaseClosure,
    EmergencyStep,
    OneOffHelp,
    PostSupportContact,
)
from kurator.cases.norms import norms_for
from kurator.cases.services.opening import (
    check_case_choices,
    create_case,
    lock_case,
    record_opened,
)
from kurator.cases.timeline import record
from kurator.intake.models import Signal
from kurator.meetings.queries.meetings import had_consilium
from kurator.meetings.queries.register import open_entry
from kurator.people.models import Family

__all__ = [
    "CLOSURE_CRITERIA",
    "POST_SUPPORT_FREQUENCY_MAX_DAYS",
    "REASONS_REQUIRING_ALL_CRITERIA",
    "add_months",
    "approve_emergency_step",
    "check_closable",
    "check_close_conditions",
    "check_convertible",
    "check_emergency_scenario",
    "check_in_post_support",
    "check_known_criteria",
    "check_reopenable",
    "close_case",
    "convert_one_off_help",
    "duration_norm_ends_on",
    "end_post_support",
    "is_over_duration_norm",
    "missing_criteria",
    "post_support_next_due",
    "post_support_warning",
    "record_emergency_step",
    "record_one_off_help",
    "record_post_support_contact",
    "reopen_case",
]

# The closure criteria checklist (docs/domain.md, Scenarios). Keys are stored in
# CaseClosure.criteria; labels are what the consilium ticks.
CLOSURE_CRITERIA: dict[str, str | Promise] = {
    "removal_risk_minimal": gettext_lazy("Риск изъятия ребёнка отсутствует или минимален"),
    "no_unresolved_tasks": gettext_lazy("Не осталось нерешённых задач, которые можно решить"),
    "help_is_repetitive": gettext_lazy("Помощь стала повторяющейся поддерживающей"),
    "no_sharp_regress": gettext_lazy("Переход в постсопровождение не вызовет резкого регресса"),
    "family_self_reliant": gettext_lazy(
        "Семья достаточно самостоятельна, чтобы обратиться снова при необходимости"
    ),
}
# Closing because the plan's goals are met needs every criterion; a contract terminated because
# the parents systematically break it (and the other reasons) does not.
REASONS_REQUIRING_ALL_CRITERIA = frozenset({CaseClosure.Reason.GOALS_MET})
POST_SUPPORT_FREQUENCY_MAX_DAYS = 366
# A little slack for a clock that runs ahead of the server's when a time is typed in.
_FUTURE_TOLERANCE = timedelta(minutes=5)
# Nothing of a case happened before this; an earlier year is a typo (0185 for 2025), and
# before 1919 Moscow's offset had seconds, which no ISO 8601 reader accepts.
_EARLIEST = date(2000, 1, 1)
_SUMMARY_IN_TIMELINE = 200


# --- helpers -------------------------------------------------------------------------------


def _name(user: User) -> str:
    return user.full_name or user.username


def _text(value: str | None) -> str:
    return (value or "").strip()


def _short(value: str, limit: int = _SUMMARY_IN_TIMELINE) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _sync(case: Case, locked: Case, *fields: str) -> None:
    """Copy what the service changed back onto the caller's instance."""
    for field in fields:
        setattr(case, field, getattr(locked, field))


def missing_criteria(criteria: Mapping[str, bool]) -> list[str]:
    """Keys of CLOSURE_CRITERIA not ticked, in checklist order."""
    return [key for key in CLOSURE_CRITERIA if not criteria.get(key)]


def check_known_criteria(criteria: Mapping[str, object]) -> None:
    """Refused when ``criteria`` names a key that is not in the checklist."""
    unknown = sorted(str(key) for key in criteria if key not in CLOSURE_CRITERIA)
    if unknown:
        raise CaseError(
            _("Неизвестный критерий закрытия: %(keys)s.") % {"keys": ", ".join(unknown)},
            field="criteria",
        )


def _check_criteria(criteria: Mapping[str, object] | None) -> dict[str, bool]:
    if criteria is None:
        criteria = {}
    if not isinstance(criteria, Mapping):
        raise CaseError(_("Критерии закрытия — отметки «да/нет» по списку."), field="criteria")
    check_known_criteria(criteria)
    checked: dict[str, bool] = {}
    for key in CLOSURE_CRITERIA:
        value = criteria.get(key, False)
        if not isinstance(value, bool):
            raise CaseError(
                _("Критерий «%(label)s»: отметьте «да» или «нет».")
                % {"label": CLOSURE_CRITERIA[key]},
                field="criteria",
            )
        checked[key] = value
    return checked


def _check_frequency(post_support: bool, frequency: object) -> int | None:
    if not post_support:
        return None
    if frequency is None or frequency == "":
        raise CaseError(
            _("Укажите, как часто связываться с семьёй в постсопровождении."),
            field="post_support_frequency_days",
        )
    if (
        isinstance(frequency, bool)
        or not isinstance(frequency, int)
        or not 1 <= frequency <= POST_SUPPORT_FREQUENCY_MAX_DAYS
    ):
        raise CaseError(
            _("Частота контактов — целое число дней от 1 до %(max)s.")
            % {"max": POST_SUPPORT_FREQUENCY_MAX_DAYS},
            field="post_support_frequency_days",
        )
    return frequency


def _check_participants(participants: Iterable[User], organisation_id: int) -> list[User]:
    people = list(dict.fromkeys(participants))
    for person in people:
        if person.organisation_id != organisation_id or not person.is_active:
            raise CaseError(
                _("Участники консилиума — действующие сотрудники вашей организации."),
                field="consilium_participants",
            )
    return people


def _check_past_date(value: object, field: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise CaseError(_("Укажите дату."), field=field)
    if value > timezone.localdate():
        raise CaseError(_("Дата не может быть в будущем."), field=field)
    if value < _EARLIEST:
        raise CaseError(_("Проверьте год."), field=field)
    return value


def _check_past_moment(value: object, field: str) -> datetime:
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise CaseError(_("Укажите дату и время."), field=field)
    if value > timezone.now() + _FUTURE_TOLERANCE:
        raise CaseError(_("Время не может быть в будущем."), field=field)
    if value < datetime(_EARLIEST.year, 1, 1, tzinfo=UTC):
        raise CaseError(_("Проверьте год."), field=field)
    return value


def _frequency_words(days: int) -> str:
    # «дн.» sidesteps Russian plural forms (1 день, 2 дня, 5 дней) in a stored sentence.
    return _("раз в %(n)s дн.") % {"n": days}


# --- closure -------------------------------------------------------------------------------


def _already_closed() -> CaseError:
    return CaseError(_("Случай уже закрыт."))


def check_closable(case: Case) -> None:
    """Refused unless the case is in active work (open): only an open case is closed."""
    if case.status == Case.Status.POST_SUPPORT:
        raise CaseError(_("Случай уже закрыт и находится в постсопровождении."))
    if not case.in_active_work:
        raise _already_closed()


def check_close_conditions(case: Case) -> None:
    """Refused while the case may not end yet (seed 004; the state model):

    - the family is on the register of families in a socially dangerous position: only the
      commission's resolution removing it from the register lets the case close;
    - a case of high complexity has had no consilium: one is held at least once while the
      case is worked.
    """
    entry = open_entry(case)
    if entry is not None:
        raise CaseError(
            _(
                "Семья состоит на учёте в социально опасном положении с %(date)s: случай "
                "закрывается только после постановления КДНиЗП о снятии семьи с учёта. Внесите "
                "его в разделе «Встречи и учёт» случая: «Внести постановление КДНиЗП», решение "
                "«снять семью с учёта»."
            )
            % {"date": entry.registered_on.strftime("%d.%m.%Y")}
        )
    if case.complexity_level == Case.Complexity.HIGH and not had_consilium(case):
        raise CaseError(
            _(
                "Случай высокой сложности: по сложным случаям хотя бы раз за время ведения "
                "собирается консилиум, а по этому случаю его не было. Проведите консилиум и "
                "запишите его в разделе «Встречи и учёт» случая («Назначить встречу», вид "
                "«консилиум»), затем закройте случай."
            )
        )


def close_case(
    *,
    case: Case,
    by: User,
    reason: str,
    criteria: Mapping[str, bool],
    consilium_participants: Iterable[User] = (),
    consilium_decision: str = "",
    exit_diagnostics: str = "",
    family_feedback: str = "",
    post_support: bool = False,
    post_support_frequency_days: int | None = None,
) -> CaseClosure:
    """Close an open case after the consilium (docs/domain.md, Scenarios), to post-support or fully.

    Refused while the family is on the register or a complex case had no consilium
    (``check_close_conditions``). Reason «goals met» needs every closure criterion ticked;
    «contract broken» (the parents systematically break it) and the other reasons do not.
    Post-support needs the contact frequency. If you add a step here, add its undo to
    ``reopen_case()``'s new case.
    """
    access.require(by, "cases.case:write")
    if reason not in CaseClosure.Reason.values:
        raise CaseError(_("Выберите причину закрытия из списка."), field="reason")
    checked = _check_criteria(criteria)
    if reason in REASONS_REQUIRING_ALL_CRITERIA:
        missing = missing_criteria(checked)
        if missing:
            raise CaseError(
                _("Для закрытия с достижением целей нужны все критерии. Не отмечено: %(list)s.")
                % {"list": "; ".join(str(CLOSURE_CRITERIA[key]) for key in missing)},
                field="criteria",
            )
    if not isinstance(post_support, bool):
        raise CaseError(_("Отметьте, нужно ли постсопровождение."), field="post_support")
    frequency = _check_frequency(post_support, post_support_frequency_days)
    participants = _check_participants(consilium_participants, access.organisation_id_of(by))
    with transaction.atomic():
        locked = lock_case(case, by)
        check_closable(locked)
        check_close_conditions(locked)
        closure = CaseClosure(
            case=locked,
            reason=reason,
            criteria=checked,
            consilium_decision=_text(consilium_decision),
            exit_diagnostics=_text(exit_diagnostics),
            family_feedback=_text(family_feedback),
            post_support=post_support,
            post_support_frequency_days=frequency,
            closed_by=by,
        )
        closure._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        try:
            # Savepoint: CaseClosure.case is one-to-one, the database's guard against a second
            # closure where the row lock is a no-op.
            with transaction.atomic():
                closure.save(force_insert=True)
        except IntegrityError as exc:
            raise _already_closed() from exc
        closure.consilium_participants.set(participants)
        locked.status = Case.Status.POST_SUPPORT if post_support else Case.Status.CLOSED
        locked.closed_at = closure.closed_at
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        locked.save(update_fields=["status", "closed_at"])
        record(
            kind="case.closed",
            actor=by,
            case=locked,
            data={
                "reason": str(CaseClosure.Reason(reason).label),
                "reason_code": reason,
                "criteria": checked,
                "post_support": post_support,
                "participants": [_name(p) for p in participants],
            },
        )
        if frequency is not None:
            record(
                kind="case.post_support_started",
                actor=by,
                case=locked,
                data={"frequency": _frequency_words(frequency), "frequency_days": frequency},
            )
    _sync(case, locked, "status", "closed_at")
    return closure


def post_support_warning(*, curator: User) -> str | None:
    """A warning (never a block) when one more family in post-support passes the norm."""
    if curator.organisation_id is None:
        return None
    norms = norms_for(curator.organisation_id)
    count = Case.objects.filter(curator=curator, status=Case.Status.POST_SUPPORT).count()
    if count + 1 <= norms.post_support_max:
        return None
    return _("У куратора уже %(n)s семей в постсопровождении (норматив — не более %(max)s).") % {
        "n": count,
        "max": norms.post_support_max,
    }


# --- post-support --------------------------------------------------------------------------


def check_in_post_support(case: Case) -> None:
    """Refused unless the case is in post-support (its end is recorded only there)."""
    if case.status != Case.Status.POST_SUPPORT:
        raise CaseError(_("Случай не находится в постсопровождении."))


def post_support_next_due(case: Case) -> date | None:
    """When the next post-support contact is due: after the latest contact, or after closure."""
    if case.status != Case.Status.POST_SUPPORT:
        return None
    latest = case.post_support_contacts.order_by("-contact_date", "-pk").first()
    if latest is not None:
        return latest.next_contact_due
    closure = CaseClosure.objects.filter(case=case).first()
    if closure is None or not closure.post_support_frequency_days:
        return None
    return timezone.localdate(closure.closed_at) + timedelta(
        days=closure.post_support_frequency_days
    )


def record_post_support_contact(
    *,
    case: Case,
    by: User,
    contact_date: date,
    summary: str,
    seasonal_help: str = "",
    situation_worsened: bool = False,
) -> PostSupportContact:
    """A contact with a family in post-support; the next one is due after the frequency set
    at closure. A worsened situation is recorded here; opening a new case is ``reopen_case``."""
    access.require(by, "cases.case:write")
    contact_date = _check_past_date(contact_date, "contact_date")
    summary = _text(summary)
    if not summary:
        raise CaseError(_("Опишите, как дела у семьи."), field="summary")
    seasonal_help = _text(seasonal_help)
    max_help = PostSupportContact._meta.get_field("seasonal_help").max_length
    if max_help is not None and len(seasonal_help) > max_help:
        raise CaseError(_("Не длиннее %(n)s символов.") % {"n": max_help}, field="seasonal_help")
    with transaction.atomic():
        locked = lock_case(case, by)
        if locked.status != Case.Status.POST_SUPPORT:
            raise CaseError(_("Контакты постсопровождения ведутся только в постсопровождении."))
        closure = CaseClosure.objects.filter(case=locked).first()
        if closure is not None and contact_date < timezone.localdate(closure.closed_at):
            raise CaseError(
                _("Дата контакта раньше закрытия случая (%(date)s).")
                % {"date": timezone.localdate(closure.closed_at).strftime("%d.%m.%Y")},
                field="contact_date",
            )
        frequency = closure.post_support_frequency_days if closure is not None else None
        contact = PostSupportContact.objects.create(
            case=locked,
            contact_date=contact_date,
            summary=summary,
            seasonal_help=seasonal_help,
            situation_worsened=bool(situation_worsened),
            next_contact_due=contact_date + timedelta(days=frequency) if frequency else None,
            recorded_by=by,
        )
        record(
            kind="case.post_support_contact",
            actor=by,
            case=locked,
            data={
                "summary": _short(summary),
                "contact_date": contact_date.isoformat(),
                "seasonal_help": seasonal_help,
                "situation_worsened": bool(situation_worsened),
            },
        )
    return contact


def end_post_support(*, case: Case, by: User, reason: str) -> Case:
    """Post-support ends (the need is gone, the youngest child came of age …): case closed."""
    access.require(by, "cases.case:write")
    reason = _text(reason)
    if not reason:
        raise CaseError(_("Укажите, почему постсопровождение завершается."), field="reason")
    with transaction.atomic():
        locked = lock_case(case, by)
        check_in_post_support(locked)
        locked.status = Case.Status.CLOSED
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        locked.save(update_fields=["status"])
        record(kind="case.post_support_ended", actor=by, case=locked, data={"reason": reason})
    _sync(case, locked, "status")
    return locked


# --- reopening -----------------------------------------------------------------------------


def check_reopenable(case: Case) -> None:
    """Refused for a case in active work, and for one already reopened (one reopens the
    newest case of the chain)."""
    if case.in_active_work:
        raise CaseError(_("Случай открыт — открывать его заново не нужно."))
    successor = Case.objects.filter(previous_case=case).order_by("-pk").first()
    if successor is not None:
        raise CaseError(_("Этот случай уже открыт заново как случай №%(n)s.") % {"n": successor.pk})


def reopen_case(*, case: Case, by: User, curator: User | None = None, reason: str) -> Case:
    """The situation worsened: open a NEW case for the family that links to the old one.

    The new case inherits the history (the case page shows the family's timeline, the old
    case's included) and the documents (the folder shows the ``previous_case`` chain). The old
    case becomes closed if it was in post-support. Another curator than the old one may be
    appointed only by someone who may open cases. A family has one open case at a time.

    Race: the old row is locked and its successors are counted under the lock, so two clicks
    make one new case. A case is reopened once; after that one reopens the newest case.
    """
    access.require(by, "cases.case:write")
    reason = _text(reason)
    if not reason:
        raise CaseError(_("Укажите, почему случай открывается снова."), field="reason")
    with transaction.atomic():
        old = lock_case(case, by)
        check_reopenable(old)
        new_curator = curator if curator is not None else old.curator
        if new_curator.pk != old.curator_id and not by.has_perm("cases.case:open"):
            raise CaseError(
                _("Назначить другого куратора может старший куратор или руководитель команды."),
                field="curator",
            )
        new = create_case(
            family_id=old.family_id,
            organisation_id=old.organisation_id,
            team_id=old.team_id,
            curator=new_curator,
            by=by,
            scenario=old.scenario,
            target_group=old.target_group,
            previous_case=old,
        )
        if old.status == Case.Status.POST_SUPPORT:
            old.status = Case.Status.CLOSED
            old._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
            old.save(update_fields=["status"])
            record(
                kind="case.post_support_ended",
                actor=by,
                case=old,
                data={"reason": _("открыт новый случай №%(n)s") % {"n": new.pk}},
            )
        record(
            kind="case.reopened",
            actor=by,
            case=new,
            data={
                "new_case": new.pk,
                "old_case": old.pk,
                "reason": reason,
                "curator": _name(new_curator),
                "curator_id": new_curator.pk,
                "folder_due": new.folder_due.isoformat() if new.folder_due else None,
                "plan_due": new.plan_due.isoformat() if new.plan_due else None,
            },
        )
    _sync(case, old, "status")
    return new


# --- one-off help --------------------------------------------------------------------------


def check_convertible(help: OneOffHelp) -> None:
    """Refused when the one-off help has already grown into a case."""
    if help.converted_to_id is not None:
        raise CaseError(
            _("Эта разовая помощь уже переросла в случай №%(n)s.") % {"n": help.converted_to_id}
        )


def record_one_off_help(
    *,
    family: Family,
    by: User,
    given_on: date,
    description: str,
    signal: Signal | None = None,
) -> OneOffHelp:
    """Help given without opening a case (docs/domain.md, Scenarios: one-off help)."""
    access.require(by, "cases.case:write")
    if family.organisation_id != access.organisation_id_of(by):
        raise CaseError(_("Семья не найдена."), field="family")
    given_on = _check_past_date(given_on, "given_on")
    description = _text(description)
    if not description:
        raise CaseError(_("Опишите, какая помощь оказана."), field="description")
    if signal is not None and (
        signal.organisation_id != family.organisation_id
        or signal.family_id not in (None, family.pk)
    ):
        raise CaseError(_("Этот сигнал относится к другой семье."), field="signal")
    with transaction.atomic():
        help_ = OneOffHelp.objects.create(
            organisation_id=family.organisation_id,
            family=family,
            signal=signal,
            given_on=given_on,
            description=description,
            given_by=by,
        )
        record(
            kind="family.one_off_help",
            actor=by,
            family=family,
            signal=signal,
            data={
                "description": _short(description),
                "given_on": given_on.isoformat(),
                "one_off_help": help_.pk,
            },
        )
    return help_


def convert_one_off_help(
    *,
    help: OneOffHelp,  # the brief's name; keyword-only, so the builtin is never needed here
    by: User,
    curator: User,
    scenario: str = Case.Scenario.PLANNED,
    target_group: str = Case.TargetGroup.FAMILY_WITH_CHILDREN,
) -> Case:
    """One-off help grows into a case: a case opens without a signal, on the help's family.

    Race: the help row is locked and ``OneOffHelp.converted_to`` is one-to-one, so a double
    click opens one case.
    """
    access.require(by, "cases.case:open")
    check_case_choices(scenario=scenario, target_group=target_group)
    with transaction.atomic():
        try:
            locked = OneOffHelp.objects.select_for_update().select_related("family").get(pk=help.pk)
        except OneOffHelp.DoesNotExist as exc:
            raise CaseError(_("Запись о разовой помощи не найдена.")) from exc
        if locked.organisation_id != access.organisation_id_of(by):
            raise CaseError(_("Запись о разовой помощи не найдена."))
        check_convertible(locked)
        family = locked.family
        case = create_case(
            family_id=family.pk,
            organisation_id=family.organisation_id,
            team_id=family.team_id,
            curator=curator,
            by=by,
            scenario=scenario,
            target_group=target_group,
        )
        locked.converted_to = case
        locked.save(update_fields=["converted_to"])
        record_opened(case=case, by=by, one_off_help=locked.pk)
        record(
            kind="family.one_off_converted",
            actor=by,
            case=case,
            data={"case": case.pk, "one_off_help": locked.pk},
        )
    help.converted_to = case
    return case


# --- emergency steps -----------------------------------------------------------------------


def check_emergency_scenario(case: Case) -> None:
    """Refused unless the case is of the emergency scenario."""
    if case.scenario != Case.Scenario.EMERGENCY:
        raise CaseError(_("Экстренные шаги записываются только в сценарии экстренной помощи."))


def record_emergency_step(
    *, case: Case, by: User, description: str, taken_at: datetime
) -> EmergencyStep:
    """In the emergency scenario the curator acts first; the step is flagged in the history
    and waits for the team head's approval (``approve_emergency_step``)."""
    access.require(by, "cases.case:write")
    description = _text(description)
    if not description:
        raise CaseError(_("Опишите, что сделано."), field="description")
    taken_at = _check_past_moment(taken_at, "taken_at")
    with transaction.atomic():
        locked = lock_case(case, by)
        check_emergency_scenario(locked)
        if not locked.in_active_work:
            raise CaseError(_("Случай закрыт: экстренные шаги не записываются."))
        step = EmergencyStep(case=locked, description=description, taken_at=taken_at, taken_by=by)
        step._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        step.save(force_insert=True)
        record(
            kind="case.emergency_step",
            actor=by,
            case=locked,
            emergency=True,
            data={
                "description": _short(description),
                "taken_at": taken_at.isoformat(),
                "step": step.pk,
            },
        )
    return step


def approve_emergency_step(*, step: EmergencyStep, by: User) -> EmergencyStep:
    """The team head approves a step taken before approval. Twice is refused."""
    access.require(by, "cases.case:approve")
    with transaction.atomic():
        try:
            locked = (
                EmergencyStep.objects.select_for_update()
                .select_related("case__family")
                .get(pk=step.pk)
            )
        except EmergencyStep.DoesNotExist as exc:
            raise CaseError(_("Экстренный шаг не найден.")) from exc
        if locked.case.organisation_id != access.organisation_id_of(by):
            raise CaseError(_("Экстренный шаг не найден."))
        if locked.approved_at is not None:
            raise CaseError(_("Этот экстренный шаг уже согласован."))
        locked.approved_by = by
        locked.approved_at = timezone.now()
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        locked.save(update_fields=["approved_by", "approved_at"])
        record(
            kind="case.emergency_approved",
            actor=by,
            case=locked.case,
            data={"description": _short(locked.description), "step": locked.pk},
        )
    step.approved_by = locked.approved_by
    step.approved_at = locked.approved_at
    return locked


# --- permanent support and the duration norm ------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def duration_norm_ends_on(case: Case) -> date | None:
    """The last day within the duration norm; None for permanent support (no limit)."""
    if case.scenario == Case.Scenario.PERMANENT:
        return None
    norms = norms_for(case.organisation_id)
    return add_months(timezone.localdate(case.opened_at), norms.duration_max_months)


def is_over_duration_norm(case: Case, today: date | None = None) -> bool:
    """Whether the case has run longer than the norm (3–18 months by default).

    Permanent support stays open until the youngest child's majority and is never flagged.
    A closed case is measured up to its closure.
    """
    ends_on = duration_norm_ends_on(case)
    if ends_on is None:
        return False
    if case.closed_at is not None:
        until = timezone.localdate(case.closed_at)
    else:
        until = today or timezone.localdate()
    return until > ends_on
