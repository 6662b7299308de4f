"""Shortcuts of the meetings tests: meetings and registrations through the services."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.meetings.models import CommissionResolution, Meeting
from kurator.meetings.services import meetings as services
from kurator.meetings.services.register import record_resolution


def today() -> date:
    return timezone.localdate()


def consilium(case: Case, by: User, *, kind: str = Meeting.Kind.CONSILIUM) -> Meeting:
    return services.schedule_meeting(
        case=case, kind=kind, held_on=today(), staff=[by], agenda="Ход случая", by=by
    )


def signed_consilium(case: Case, by: User) -> Meeting:
    meeting = consilium(case, by)
    services.record_minutes(
        meeting=meeting,
        minutes="Обсудили ход случая.",
        decisions=[services.DecisionItem(text="Провести ремонт печи", responsible="Куратор")],
        by=by,
    )
    return services.finalize_minutes(meeting=meeting, by=by)


def register(case: Case, by: User, *, number: str = "7") -> CommissionResolution:
    return record_resolution(
        case=case,
        by=by,
        commission="КДНиЗП администрации Ленинского района",
        number=number,
        resolution_date=today(),
        decision=CommissionResolution.Decision.REGISTER,
        plan_ordered="Разработать и реализовать программу ИПР",
    )


def position_fields() -> dict[str, object]:
    return {
        "authority": "Отдел опеки и попечительства Ленинского района",
        "specialist_name": "Орлова Наталья Викторовна",
        "specialist_position": "главный специалист",
        "family_history": "Поступали жалобы школы на пропуски.",
        "stance": "doubtful",
        "expectations": "Ремонт печи и регулярное посещение школы.",
        "tension": 2,
        "mediation_needed": True,
    }
