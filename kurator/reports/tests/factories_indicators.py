"""Building blocks for the indicator tests: cases made through the services, then moved to the
dates a test needs with ``.update()`` (the services stamp "now" and refuse future dates, and
a report compares a period with the year before it)."""

from __future__ import annotations

import datetime
from datetime import date

from django.utils import timezone

from kurator.accounts.models import Team, User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.intake.models import FirstVisit, Signal, TakeInDecision
from kurator.meetings.models import RegisterEntry
from kurator.people.models import Family
from kurator.reports.figures import Period
from kurator.reports.indicator_sql import moment

YEAR = Period.year(2026)
BEFORE = Period.year(2025)


def at(day: date, hour: int = 12) -> datetime.datetime:
    return moment(day) + datetime.timedelta(hours=hour)


def family(*, by: User, team: Team, name: str = "Ивановы") -> Family:
    return Family.objects.create(
        organisation_id=team.organisation_id, team=team, name=name, created_by=by
    )


def case_on(
    *,
    senior: User,
    curator: User,
    psychologist: User,
    opened: date,
    closed: date | None = None,
    name: str = "Ивановы",
    **fields: object,
) -> Case:
    """A case opened through intake and the cases services, then dated ``opened`` (its
    signal, visit and decision the days before) and, if ``closed``, closed that day."""
    team = curator.team
    assert team is not None
    case = open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=family(by=senior, team=team, name=name),
    )
    signal_id = case.signal_id
    Signal.objects.filter(pk=signal_id).update(received_at=at(opened - datetime.timedelta(days=5)))
    FirstVisit.objects.filter(signal_id=signal_id).update(
        visited_at=at(opened - datetime.timedelta(days=3))
    )
    TakeInDecision.objects.filter(signal_id=signal_id).update(
        decided_at=at(opened - datetime.timedelta(days=1))
    )
    update: dict[str, object] = {"opened_at": at(opened), **fields}
    if closed is not None:
        update.update(status=Case.Status.CLOSED, closed_at=at(closed))
    Case.objects.filter(pk=case.pk).update(**update)
    case.refresh_from_db()
    return case


def register_entries(
    *,
    case: Case,
    by: User,
    count: int,
    registered_on: date,
    removed_on: date | None = None,
    reason: str = "",
) -> None:
    """``count`` families on the register, each with one entry hanging off ``case`` (whose
    team the report scope reads). Bulk rows: the state model's example needs hundreds of families,
    and a hundred services calls each would make the test slow without testing more."""
    team = case.team
    families = Family.objects.bulk_create(
        Family(
            organisation_id=case.organisation_id,
            team=team,
            name=f"Семья {n}",
            created_by=by,
        )
        for n in range(count)
    )
    RegisterEntry.objects.bulk_create(
        RegisterEntry(
            organisation_id=case.organisation_id,
            family=f,
            case=case,
            registered_on=registered_on,
            removed_on=removed_on,
            removal_reason=reason,
            registered_by=by,
            removed_by=by if removed_on else None,
        )
        for f in families
    )


def today() -> date:
    return timezone.localdate()
