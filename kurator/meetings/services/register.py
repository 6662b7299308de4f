"""The register of families in a socially dangerous position: the commission's resolutions
(«поставить на учёт» registers the family, «снять с учёта» removes it), registering and
removing a family without a resolution recorded here, and the case's interagency working
group.

One keyword-only function per action, actor explicit (``by``): it validates, writes in one
transaction (the family's row locked: one family's registrations run one at a time),
appends the case's timeline row and returns the object. Who is on the register is read
through ``kurator.meetings.queries.register``.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.meetings.errors import MeetingError
from kurator.meetings.models import CommissionResolution, RegisterEntry, WorkingGroupMember
from kurator.meetings.queries.register import open_entry
from kurator.people.models import Family

__all__ = [
    "add_working_group_member",
    "record_resolution",
    "register_family",
    "remove_from_register",
]


def _d(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _strip(value: str, limit: int) -> str:
    return (value or "").strip()[:limit]


def _lock_family(case: Case) -> Family:
    """Lock the family's row: registrations and removals of one family run one at a time."""
    return Family.objects.select_for_update().get(pk=case.family_id)


def _check_not_future(day: date, field: str, message: str) -> None:
    if day > timezone.localdate():
        raise MeetingError(message, field=field)


def _register(
    *, case: Case, registered_on: date, by: User, resolution: CommissionResolution | None
) -> RegisterEntry:
    """Put the family on the register. Assumes the transaction and the family lock are held
    and the date is checked."""
    existing = open_entry(case)
    if existing is not None:
        raise MeetingError(
            _("Семья уже состоит на учёте с %(date)s.") % {"date": _d(existing.registered_on)},
            field="registered_on",
        )
    try:
        with transaction.atomic():  # a savepoint: the unique index is the last guard
            entry = RegisterEntry.objects.create(
                organisation_id=case.organisation_id,
                family_id=case.family_id,
                case=case,
                registered_on=registered_on,
                resolution=resolution,
                registered_by=by,
            )
    except IntegrityError as exc:
        raise MeetingError(_("Семья уже состоит на учёте."), field="registered_on") from exc
    record(kind="register.registered", actor=by, case=case, data={"date": _d(registered_on)})
    return entry


def _remove(
    *,
    case: Case,
    removed_on: date,
    reason: str,
    note: str,
    by: User,
    resolution: CommissionResolution | None,
) -> RegisterEntry:
    """Take the family off the register. Assumes the transaction and the family lock."""
    if reason not in RegisterEntry.RemovalReason.values:
        raise MeetingError(_("Выберите причину снятия с учёта."), field="reason")
    if reason == RegisterEntry.RemovalReason.OTHER and not note.strip():
        raise MeetingError(_("Для причины «другое» опишите её."), field="note")
    entry = open_entry(case)
    if entry is None:
        raise MeetingError(_("Семья не состоит на учёте."))
    if removed_on < entry.registered_on:
        raise MeetingError(
            _("Дата снятия раньше постановки на учёт (%(date)s).")
            % {"date": _d(entry.registered_on)},
            field="removed_on",
        )
    entry.removed_on = removed_on
    entry.removal_reason = reason
    entry.removal_note = note.strip()
    entry.removal_resolution = resolution
    entry.removed_by = by
    entry.save(
        update_fields=[
            "removed_on",
            "removal_reason",
            "removal_note",
            "removal_resolution",
            "removed_by",
        ]
    )
    record(
        kind="register.removed",
        actor=by,
        case=case,
        data={"date": _d(removed_on), "reason": str(entry.get_removal_reason_display())},
    )
    return entry


def record_resolution(
    *,
    case: Case,
    by: User,
    commission: str,
    number: str,
    resolution_date: date,
    decision: str,
    plan_ordered: str = "",
    plan_due: date | None = None,
    notes: str = "",
    removal_reason: str = "",
) -> CommissionResolution:
    """Record the commission's resolution and apply it: «поставить на учёт» registers the
    family from the resolution's date, «снять с учёта» removes it (with ``removal_reason``)."""
    if not (commission or "").strip():
        raise MeetingError(_("Укажите комиссию, вынесшую постановление."), field="commission")
    if not (number or "").strip():
        raise MeetingError(_("Укажите номер постановления."), field="number")
    if decision not in CommissionResolution.Decision.values:
        raise MeetingError(_("Выберите решение комиссии из списка."), field="decision")
    _check_not_future(
        resolution_date, "resolution_date", _("Дата постановления не может быть в будущем.")
    )
    if plan_due is not None and plan_due < resolution_date:
        raise MeetingError(
            _("Срок программы ИПР не может быть раньше даты постановления."), field="plan_due"
        )
    if decision == CommissionResolution.Decision.REMOVE and not removal_reason:
        raise MeetingError(_("Укажите причину снятия с учёта."), field="removal_reason")
    with transaction.atomic():
        _lock_family(case)
        resolution = CommissionResolution.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            commission=_strip(commission, 300),
            number=_strip(number, 50),
            resolution_date=resolution_date,
            decision=decision,
            plan_ordered=(plan_ordered or "").strip(),
            plan_due=plan_due,
            notes=(notes or "").strip(),
            recorded_by=by,
        )
        record(
            kind="register.resolution",
            actor=by,
            case=case,
            data={
                "number": resolution.number,
                "date": _d(resolution_date),
                "decision": str(resolution.get_decision_display()),
            },
        )
        if decision == CommissionResolution.Decision.REGISTER:
            _register(case=case, registered_on=resolution_date, by=by, resolution=resolution)
        elif decision == CommissionResolution.Decision.REMOVE:
            _remove(
                case=case,
                removed_on=resolution_date,
                reason=removal_reason,
                note=notes or "",
                by=by,
                resolution=resolution,
            )
    return resolution


def register_family(
    *,
    case: Case,
    registered_on: date,
    by: User,
    resolution: CommissionResolution | None = None,
) -> RegisterEntry:
    """Put the case's family on the register (when no resolution is recorded here)."""
    _check_not_future(
        registered_on, "registered_on", _("Дата постановки на учёт не может быть в будущем.")
    )
    with transaction.atomic():
        _lock_family(case)
        return _register(case=case, registered_on=registered_on, by=by, resolution=resolution)


def remove_from_register(
    *,
    case: Case,
    removed_on: date,
    reason: str,
    by: User,
    note: str = "",
    resolution: CommissionResolution | None = None,
) -> RegisterEntry:
    """Take the case's family off the register, with the date and the reason."""
    _check_not_future(removed_on, "removed_on", _("Дата снятия с учёта не может быть в будущем."))
    with transaction.atomic():
        _lock_family(case)
        return _remove(
            case=case,
            removed_on=removed_on,
            reason=reason,
            note=note,
            by=by,
            resolution=resolution,
        )


def add_working_group_member(
    *,
    case: Case,
    by: User,
    agency: str,
    agency_name: str,
    person_name: str,
    position: str = "",
    contact: str = "",
) -> WorkingGroupMember:
    """Include one agency's person in the case's interagency working group."""
    if agency not in WorkingGroupMember.Agency.values:
        raise MeetingError(_("Выберите ведомство из списка."), field="agency")
    if not (agency_name or "").strip():
        raise MeetingError(_("Укажите учреждение."), field="agency_name")
    if not (person_name or "").strip():
        raise MeetingError(_("Укажите ФИО члена рабочей группы."), field="person_name")
    with transaction.atomic():
        member = WorkingGroupMember.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            agency=agency,
            agency_name=_strip(agency_name, 300),
            person_name=_strip(person_name, 200),
            position=_strip(position, 200),
            contact=_strip(contact, 200),
            added_by=by,
        )
        record(
            kind="register.group_member_added",
            actor=by,
            case=case,
            data={"name": member.person_name, "agency": str(member.get_agency_display())},
        )
    return member
