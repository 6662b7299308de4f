"""Reads of the meetings pages, built on records that already came through ``access``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.meetings.models import GuardianshipPosition, Meeting, MeetingParticipant
from kurator.people.models import Person


def family_members(case: Case) -> QuerySet[Person]:
    """The persons of the case's family — the only ones who can sit at its meetings."""
    return Person.objects.filter(memberships__family_id=case.family_id).order_by(
        "last_name", "first_name"
    )


def staff_of(case: Case) -> QuerySet[User]:
    """Active staff of the case's organisation, to name as participants."""
    return User.objects.filter(organisation_id=case.organisation_id, is_active=True).order_by(
        "last_name", "first_name"
    )


def meetings_with_people(case: Case) -> QuerySet[Meeting]:
    """The case's meetings with participants and decisions in a fixed number of queries."""
    participants = MeetingParticipant.objects.select_related("user", "person")
    return (
        access.case_meetings(case)
        .select_related("guardianship_position")
        .prefetch_related(Prefetch("participants", queryset=participants), "decisions")
    )


def meeting_detail(meeting: Meeting) -> tuple[list[MeetingParticipant], list[object]]:
    participants = list(meeting.participants.select_related("user", "person"))
    decisions: list[object] = list(meeting.decisions.all())
    return participants, decisions


def guardianship_position_of(meeting: Meeting) -> GuardianshipPosition | None:
    """The meeting's position form (from the cache when the list selected it)."""
    try:
        return meeting.guardianship_position
    except GuardianshipPosition.DoesNotExist:
        return None


def guardianship_position_initial(meeting: Meeting) -> dict[str, Any] | None:
    """The recorded form's values, to edit them while the minutes are a draft."""
    values = GuardianshipPosition.objects.filter(meeting_id=meeting.pk).values().first()
    return dict(values) if values is not None else None


def had_consilium(case: Case) -> bool:
    """Has a consilium on the case been held (dated today or earlier)? Seed 004: on a complex
    case one is held at least once while the case is worked."""
    return Meeting.objects.filter(
        case_id=case.pk, kind=Meeting.Kind.CONSILIUM, held_on__lte=timezone.localdate()
    ).exists()


__all__ = [
    "family_members",
    "guardianship_position_initial",
    "guardianship_position_of",
    "had_consilium",
    "meeting_detail",
    "meetings_with_people",
    "staff_of",
]
