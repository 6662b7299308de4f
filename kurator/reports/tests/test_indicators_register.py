"""The state model's register in the indicator report: families on the register in
the period against the same period a year before, removals by reason, children leaving
shelters who went back to their birth family."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kurator.access.reports import ReportScope
from kurator.accounts.models import Team, User
from kurator.cases.models import Case
from kurator.meetings.models import RegisterEntry
from kurator.reports.figures import Period
from kurator.reports.models import ShelterExit
from kurator.reports.queries.indicators import compute_indicators
from kurator.reports.tests.factories_indicators import case_on, register_entries

pytestmark = pytest.mark.django_db

# Seed 003 compares 9 months of 2011 with 9 months of 2010.
NINE_MONTHS_2026 = Period(date(2026, 1, 1), date(2026, 9, 30))
IMPROVED = RegisterEntry.RemovalReason.IMPROVED
DEPRIVATION = RegisterEntry.RemovalReason.DEPRIVATION
BIRTH = ShelterExit.Destination.BIRTH_FAMILY
INSTITUTION = ShelterExit.Destination.INSTITUTION


def org_scope(team: Team) -> ReportScope:
    return ReportScope(team.organisation_id, None, "Организация")


def team_scope(team: Team) -> ReportScope:
    return ReportScope(team.organisation_id, team.pk, team.name)


@pytest.fixture
def case(senior: User, curator: User, psychologist: User) -> Case:
    return case_on(
        senior=senior, curator=curator, psychologist=psychologist, opened=date(2024, 3, 1)
    )


def shelter_exits(*, team: Team, by: User, left_on: date, destination: str, count: int) -> None:
    # Bulk rows: the state model's example counts hundreds of children.
    ShelterExit.objects.bulk_create(
        ShelterExit(
            organisation_id=team.organisation_id,
            team=team,
            shelter="СРЦН «Солнышко»",
            left_on=left_on,
            destination=destination,
            recorded_by=by,
        )
        for _ in range(count)
    )


def test_families_on_the_register_399_to_335_is_minus_16_percent(case: Case, senior: User) -> None:
    # 2025: 300 still on the register, 79 removed as the situation improved, 20 for deprivation.
    register_entries(case=case, by=senior, count=300, registered_on=date(2024, 11, 1))
    register_entries(
        case=case,
        by=senior,
        count=79,
        registered_on=date(2025, 2, 1),
        removed_on=date(2025, 6, 1),
        reason=IMPROVED,
    )
    register_entries(
        case=case,
        by=senior,
        count=20,
        registered_on=date(2025, 2, 1),
        removed_on=date(2025, 7, 1),
        reason=DEPRIVATION,
    )
    # Removed before the 9 months of 2025 began: counted in neither period.
    register_entries(
        case=case,
        by=senior,
        count=7,
        registered_on=date(2024, 1, 1),
        removed_on=date(2024, 12, 31),
        reason=IMPROVED,
    )
    # 2025's 300 were removed in its last quarter, after the 9 months: 2026 does not count them.
    RegisterEntry.objects.filter(registered_on=date(2024, 11, 1)).update(
        removed_on=date(2025, 12, 1), removal_reason=IMPROVED
    )
    register_entries(case=case, by=senior, count=234, registered_on=date(2026, 3, 1))
    register_entries(
        case=case,
        by=senior,
        count=84,
        registered_on=date(2025, 12, 15),
        removed_on=date(2026, 5, 1),
        reason=IMPROVED,
    )
    register_entries(
        case=case,
        by=senior,
        count=17,
        registered_on=date(2026, 1, 10),
        removed_on=date(2026, 9, 30),
        reason=DEPRIVATION,
    )
    # Registered after the 9 months of 2026: not counted.
    register_entries(case=case, by=senior, count=5, registered_on=date(2026, 10, 1))

    report = compute_indicators(scope=org_scope(case.team), period=NINE_MONTHS_2026)

    families = report.figure("register_families")
    assert (families.previous, families.current) == (399, 335)
    assert families.change == Decimal("-16")
    improved = report.figure("register_removed_improved")
    assert (improved.previous, improved.current) == (79, 84)
    assert improved.change == Decimal("6")  # the state model says «на 5,2 % больше»; 84/79 is +6 %
    deprivation = report.figure("register_removed_deprivation")
    assert (deprivation.previous, deprivation.current) == (20, 17)
    assert deprivation.change == Decimal("-15")


def test_families_newly_put_on_the_register_are_counted_beside_those_on_it(
    case: Case, senior: User
) -> None:
    # On the register since before the 9 months of 2026: on it in the period, not new.
    register_entries(case=case, by=senior, count=6, registered_on=date(2025, 12, 31))
    register_entries(case=case, by=senior, count=4, registered_on=date(2026, 1, 1))
    register_entries(case=case, by=senior, count=2, registered_on=date(2026, 9, 30))
    # Put on it, taken off and put on again within the period: one family, counted once.
    register_entries(
        case=case,
        by=senior,
        count=1,
        registered_on=date(2026, 2, 1),
        removed_on=date(2026, 4, 1),
        reason=IMPROVED,
    )
    again = RegisterEntry.objects.get(registered_on=date(2026, 2, 1))
    RegisterEntry.objects.create(
        organisation_id=again.organisation_id,
        family_id=again.family_id,
        case=case,
        registered_on=date(2026, 6, 1),
        registered_by=senior,
    )
    register_entries(case=case, by=senior, count=3, registered_on=date(2025, 5, 1))
    register_entries(case=case, by=senior, count=5, registered_on=date(2026, 10, 1))  # after

    report = compute_indicators(scope=org_scope(case.team), period=NINE_MONTHS_2026)

    entered = report.figure("register_entered")
    assert (entered.current, entered.previous) == (7, 3)
    assert report.figure("register_families").current == 16
    [section] = [s for s in report.sections if s.key == "register"]
    keys = [f.key for f in section.figures]
    assert keys.index("register_entered") == keys.index("register_families") + 1


def test_children_returned_195_of_474_to_220_of_347_is_plus_22_points(
    team: Team, senior: User
) -> None:
    shelter_exits(team=team, by=senior, left_on=date(2025, 4, 1), destination=BIRTH, count=195)
    shelter_exits(
        team=team, by=senior, left_on=date(2025, 9, 30), destination=INSTITUTION, count=279
    )
    shelter_exits(team=team, by=senior, left_on=date(2026, 1, 1), destination=BIRTH, count=220)
    shelter_exits(
        team=team,
        by=senior,
        left_on=date(2026, 6, 1),
        destination=ShelterExit.Destination.SUBSTITUTE_FAMILY,
        count=127,
    )
    # Outside both periods.
    shelter_exits(team=team, by=senior, left_on=date(2026, 10, 1), destination=BIRTH, count=9)

    report = compute_indicators(scope=org_scope(team), period=NINE_MONTHS_2026)

    returned = report.figure("shelter_children_returned")
    assert (returned.previous, returned.previous_of) == (195, 474)
    assert (returned.current, returned.current_of) == (220, 347)
    assert (returned.previous_percent, returned.current_percent) == (Decimal(41), Decimal(63))
    assert returned.change == Decimal(22)
    assert returned.change_is_points
    assert report.figure("children_returned_to_family").current == 220


def test_a_team_report_counts_the_team_register_only(
    case: Case, senior: User, other_team: Team, other_team_curator: User, outsider: User
) -> None:
    register_entries(case=case, by=senior, count=3, registered_on=date(2026, 2, 1))
    other_case = Case.objects.create(
        organisation_id=case.organisation_id,
        team=other_team,
        family=case.family,
        curator=other_team_curator,
        opened_at=case.opened_at,
    )
    register_entries(case=other_case, by=senior, count=4, registered_on=date(2026, 2, 1))
    shelter_exits(team=case.team, by=senior, left_on=date(2026, 2, 1), destination=BIRTH, count=2)
    shelter_exits(team=other_team, by=senior, left_on=date(2026, 2, 1), destination=BIRTH, count=5)

    mine = compute_indicators(scope=team_scope(case.team), period=NINE_MONTHS_2026)
    assert mine.figure("register_families").current == 3
    assert mine.figure("shelter_children_returned").current == 2

    whole = compute_indicators(scope=org_scope(case.team), period=NINE_MONTHS_2026)
    assert whole.figure("register_families").current == 7
    assert whole.figure("shelter_children_returned").current == 7

    foreign = ReportScope(outsider.organisation_id, None, "Чужая")  # type: ignore[arg-type]
    theirs = compute_indicators(scope=foreign, period=NINE_MONTHS_2026)
    assert theirs.figure("register_families").current == 0
    assert theirs.figure("shelter_children_returned").current_of == 0
    assert theirs.figure("shelter_children_returned").current_percent is None
