"""Meetings on a case: consilium, supervision, intervision, mediation, the working group's.

One keyword-only function per action, actor explicit (``by``): it validates, writes in one
transaction, appends the case's timeline row and returns the object. Views, the API, the
demo and the tests call them. Finalized minutes never change: ``amend_minutes`` makes a new
record that points at the one it corrects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.core import workdays
from kurator.meetings.errors import MeetingError
from kurator.meetings.models import (
    GuardianshipPosition,
    Meeting,
    MeetingDecision,
    MeetingParticipant,
    WorkingGroupMember,
)
from kurator.people.models import FamilyMembership, Person
from kurator.tasks.services import complete_task, schedule_task

__all__ = [
    "DecisionItem",
    "OutsideParticipant",
    "amend_minutes",
    "check_draft",
    "finalize_minutes",
    "record_guardianship_position",
    "record_minutes",
    "schedule_meeting",
]


@dataclass(frozen=True)
class OutsideParticipant:
    """A specialist from outside the organisation: a teacher, a doctor, an officer."""

    name: str
    organisation: str = ""
    role: str = ""


@dataclass(frozen=True)
class DecisionItem:
    text: str
    responsible: str = ""
    due_on: date | None = None


def _d(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _meeting_data(meeting: Meeting) -> dict[str, str]:
    return {"kind": str(meeting.get_kind_display()), "held_on": _d(meeting.held_on)}


def _strip(value: str, limit: int) -> str:
    return (value or "").strip()[:limit]


def _minutes_task_key(meeting: Meeting) -> str:
    return f"meeting:{meeting.pk}"


def _schedule_minutes_task(meeting: Meeting, case: Case, by: User) -> None:
    """The curator's task «write and sign the minutes», due ``meeting.minutes_due``; signing
    completes it (``finalize_minutes``). Inside the caller's transaction."""
    assert meeting.minutes_due is not None
    schedule_task(
        key=_minutes_task_key(meeting),
        user=case.curator,
        title=_("Записать и подписать протокол: %(kind)s, %(date)s")
        % {"kind": meeting.get_kind_display(), "date": _d(meeting.held_on)},
        due_on=meeting.minutes_due,
        kind="meeting",
        case=case,
        url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        by=by,
    )


def _check_staff(case: Case, staff: Iterable[User]) -> list[User]:
    users: list[User] = []
    for user in staff:
        if user.organisation_id != case.organisation_id or not user.is_active:
            raise MeetingError(
                _("Сотрудник %(name)s не работает в этой организации.")
                % {"name": user.full_name or user.username},
                field="staff",
            )
        if user not in users:
            users.append(user)
    return users


def _check_family_members(case: Case, persons: Iterable[Person]) -> list[Person]:
    chosen: list[Person] = []
    for person in persons:
        if person not in chosen:
            chosen.append(person)
    if not chosen:
        return chosen
    members = set(
        FamilyMembership.objects.filter(
            family_id=case.family_id, person_id__in=[p.pk for p in chosen]
        ).values_list("person_id", flat=True)
    )
    for person in chosen:
        if person.pk not in members:
            raise MeetingError(
                _("%(name)s — не член семьи этого случая.") % {"name": person.full_name},
                field="family_members",
            )
    return chosen


def _check_outside(outside: Iterable[OutsideParticipant]) -> list[OutsideParticipant]:
    checked: list[OutsideParticipant] = []
    for item in outside:
        name = _strip(item.name, 200)
        if not name:
            raise MeetingError(_("Укажите ФИО внешнего специалиста."), field="outside")
        checked.append(
            OutsideParticipant(
                name=name,
                organisation=_strip(item.organisation, 300),
                role=_strip(item.role, 200),
            )
        )
    return checked


def schedule_meeting(
    *,
    case: Case,
    kind: str,
    held_on: date,
    by: User,
    agenda: str = "",
    staff: Iterable[User] = (),
    outside: Iterable[OutsideParticipant] = (),
    family_members: Iterable[Person] = (),
) -> Meeting:
    """A meeting on the case with its participants; minutes come later (``record_minutes``)."""
    if kind not in Meeting.Kind.values:
        raise MeetingError(_("Выберите вид встречи из списка."), field="kind")
    if not case.accepts_records:
        raise MeetingError(_("Случай закрыт: новые встречи по нему не назначаются."))
    opened_on = timezone.localdate(case.opened_at)
    if held_on < opened_on:
        raise MeetingError(
            _("Встреча не может быть раньше открытия случая (%(date)s).") % {"date": _d(opened_on)},
            field="held_on",
        )
    if (
        kind == Meeting.Kind.WORKING_GROUP
        and not WorkingGroupMember.objects.filter(case_id=case.pk).exists()
    ):
        raise MeetingError(
            _("У случая нет межведомственной рабочей группы: сначала включите в неё членов."),
            field="kind",
        )
    users = _check_staff(case, staff)
    persons = _check_family_members(case, family_members)
    guests = _check_outside(outside)
    if not (users or persons or guests):
        raise MeetingError(_("Укажите хотя бы одного участника встречи."), field="staff")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            kind=kind,
            held_on=held_on,
            minutes_due=workdays.add_working_days(held_on, 1),
            agenda=(agenda or "").strip(),
            created_by=by,
        )
        MeetingParticipant.objects.bulk_create(
            [MeetingParticipant(meeting=meeting, kind="staff", user=u) for u in users]
            + [MeetingParticipant(meeting=meeting, kind="family", person=p) for p in persons]
            + [
                MeetingParticipant(
                    meeting=meeting,
                    kind="outside",
                    name=g.name,
                    organisation_name=g.organisation,
                    role=g.role,
                )
                for g in guests
            ]
        )
        record(kind="meeting.scheduled", actor=by, case=case, data=_meeting_data(meeting))
        _schedule_minutes_task(meeting, case, by)
    return meeting


def check_draft(meeting: Meeting) -> None:
    """A MeetingError when the meeting's minutes are signed: they never change (pages check
    it before showing an edit form)."""
    if meeting.is_final:
        raise MeetingError(
            _("Протокол подписан и больше не меняется. Исправление вносится новой записью."),
            field="minutes",
        )


def _locked_draft(meeting: Meeting) -> Meeting:
    """The meeting's row, locked; a MeetingError if its minutes are already final.
    Call inside a transaction."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_draft(locked)
    return locked


def _check_decisions(meeting: Meeting, decisions: Sequence[DecisionItem]) -> list[DecisionItem]:
    checked: list[DecisionItem] = []
    for item in decisions:
        text = (item.text or "").strip()
        if not text:
            raise MeetingError(_("У каждого решения должен быть текст."), field="decisions")
        if item.due_on is not None and item.due_on < meeting.held_on:
            raise MeetingError(
                _("Срок решения «%(text)s» раньше даты встречи.") % {"text": text[:60]},
                field="decisions",
            )
        checked.append(
            DecisionItem(text=text, responsible=_strip(item.responsible, 300), due_on=item.due_on)
        )
    return checked


def record_minutes(
    *, meeting: Meeting, minutes: str, decisions: Sequence[DecisionItem], by: User
) -> Meeting:
    """Write (or rewrite) the draft minutes and the list of decisions."""
    items = _check_decisions(meeting, decisions)
    with transaction.atomic():
        locked = _locked_draft(meeting)
        locked.minutes = (minutes or "").strip()
        locked.save(update_fields=["minutes"])
        locked.decisions.all().delete()  # a draft's own list, replaced whole
        MeetingDecision.objects.bulk_create(
            MeetingDecision(
                meeting=locked,
                position=n,
                text=item.text,
                responsible=item.responsible,
                due_on=item.due_on,
            )
            for n, item in enumerate(items, start=1)
        )
        record(
            kind="meeting.minutes_recorded",
            actor=by,
            case=locked.case,
            data=_meeting_data(locked),
        )
    return locked


def finalize_minutes(*, meeting: Meeting, by: User) -> Meeting:
    """Sign the minutes: from now on they are read-only. A second click gets an error."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_final:
            raise MeetingError(_("Протокол уже подписан."))
        if not locked.minutes.strip():
            raise MeetingError(_("Протокол пуст: сначала запишите ход встречи."), field="minutes")
        locked.finalized_at = timezone.now()
        locked.finalized_by = by
        locked.save(update_fields=["finalized_at", "finalized_by"])
        complete_task(key=_minutes_task_key(locked), by=by)
        record(
            kind="meeting.finalized",
            actor=by,
            case=locked.case,
            data=_meeting_data(locked) | {"decisions": str(locked.decisions.count())},
        )
    return locked


def amend_minutes(*, meeting: Meeting, reason: str, by: User) -> Meeting:
    """A new draft copying the finalized meeting (participants, decisions, minutes, the
    guardianship position), pointing at it; the original stays as it was signed."""
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError(_("Укажите, что и почему исправляется."), field="reason")
    with transaction.atomic():
        original = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not original.is_final:
            raise MeetingError(
                _("Протокол ещё не подписан: черновик исправляется сам, без новой записи.")
            )
        if original.amendments.exists():
            raise MeetingError(_("К этому протоколу уже есть исправление — правьте его."))
        amended = Meeting.objects.create(
            organisation_id=original.organisation_id,
            case_id=original.case_id,
            kind=original.kind,
            held_on=original.held_on,
            minutes_due=workdays.add_working_days(timezone.localdate(), 1),
            agenda=original.agenda,
            minutes=original.minutes,
            amends=original,
            amendment_reason=reason,
            created_by=by,
        )
        MeetingParticipant.objects.bulk_create(
            MeetingParticipant(
                meeting=amended,
                kind=p.kind,
                user_id=p.user_id,
                person_id=p.person_id,
                name=p.name,
                organisation_name=p.organisation_name,
                role=p.role,
            )
            for p in original.participants.all()
        )
        MeetingDecision.objects.bulk_create(
            MeetingDecision(
                meeting=amended,
                position=d.position,
                text=d.text,
                responsible=d.responsible,
                due_on=d.due_on,
            )
            for d in original.decisions.all()
        )
        position = GuardianshipPosition.objects.filter(meeting=original).first()
        if position is not None:
            position.pk = None
            position.meeting = amended
            position.recorded_by = by
            position.save(force_insert=True)
        record(
            kind="meeting.amended",
            actor=by,
            case=original.case,
            data=_meeting_data(original) | {"reason": reason[:300]},
        )
        _schedule_minutes_task(amended, original.case, by)
    return amended


def record_guardianship_position(
    *,
    meeting: Meeting,
    by: User,
    authority: str,
    specialist_name: str,
    family_history: str,
    stance: str,
    expectations: str,
    tension: int,
    specialist_position: str = "",
    specialist_contact: str = "",
    source_of_case: bool = False,
    plans: str = "",
    mediation_needed: bool = False,
    conclusion: str = "",
) -> GuardianshipPosition:
    """The guardianship-position form of a mediation meeting; rewritten while the minutes
    are a draft."""
    if meeting.kind != Meeting.Kind.MEDIATION:
        raise MeetingError(
            _("Позиция органа опеки записывается только для медиации с органом опеки.")
        )
    required = {
        "authority": (authority, _("Укажите орган опеки и попечительства.")),
        "specialist_name": (specialist_name, _("Укажите специалиста органа опеки.")),
        "family_history": (family_history, _("Запишите историю семьи со слов органа опеки.")),
        "expectations": (expectations, _("Запишите ожидания органа опеки.")),
    }
    for field, (value, message) in required.items():
        if not (value or "").strip():
            raise MeetingError(message, field=field)
    if stance not in GuardianshipPosition.Stance.values:
        raise MeetingError(_("Выберите позицию органа опеки из списка."), field="stance")
    if tension not in GuardianshipPosition.Tension.values:
        raise MeetingError(_("Напряжённость оценивается от 1 до 3."), field="tension")
    with transaction.atomic():
        locked = _locked_draft(meeting)
        position, _created = GuardianshipPosition.objects.update_or_create(
            meeting=locked,
            defaults={
                "authority": _strip(authority, 300),
                "specialist_name": _strip(specialist_name, 200),
                "specialist_position": _strip(specialist_position, 200),
                "specialist_contact": _strip(specialist_contact, 200),
                "source_of_case": source_of_case,
                "family_history": family_history.strip(),
                "stance": stance,
                "expectations": expectations.strip(),
                "plans": (plans or "").strip(),
                "tension": tension,
                "mediation_needed": mediation_needed,
                "conclusion": (conclusion or "").strip(),
                "recorded_by": by,
            },
        )
        record(
            kind="meeting.guardianship_position",
            actor=by,
            case=locked.case,
            data={
                "authority": position.authority,
                "stance": str(position.get_stance_display()),
            },
        )
    return position
