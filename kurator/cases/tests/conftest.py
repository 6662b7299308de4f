"""Fixtures of the cases tests: a family of the team, an accepted signal, an open case, and
an open case of the other team.

Built through the services (people → intake → cases), as a user would build them.
"""

from __future__ import annotations

from datetime import date

import pytest

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import make_accepted_signal, open_case_for
from kurator.core.testing import give_consents, make_family, make_user
from kurator.intake.models import Signal
from kurator.people.models import Family


@pytest.fixture
def family(senior: User) -> Family:
    """A family whose legal representative consented to every purpose (a planned case opens)."""
    family = make_family(by=senior, name="Ивановы", distance_km="95")
    give_consents(by=senior, family=family, given_on=date(2026, 1, 1))  # tests travel back
    return family


@pytest.fixture
def accepted_signal(senior: User, family: Family, curator: User, psychologist: User) -> Signal:
    return make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family) -> Case:
    """An open case of ``curator`` (who also made the first visit) in ``team``."""
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


@pytest.fixture
def other_team_case(org: Organisation, other_team: Team, other_team_curator: User) -> Case:
    """An open case of the other team, built by that team's senior curator."""
    other_senior = make_user(
        RoleCode.SENIOR_CURATOR, organisation=org, team=other_team, username="senior_other"
    )
    other_psychologist = make_user(
        RoleCode.PSYCHOLOGIST, organisation=org, team=other_team, username="psy_other"
    )
    return open_case_for(
        senior=other_senior,
        curator=other_team_curator,
        psychologist=other_psychologist,
        family=make_family(by=other_senior, name="Кузнецовы"),
    )
