"""Fixtures of the audit tests: a case of ``curator`` (she and ``psychologist`` made the first
visit), the quality officer of the organisation and one of another organisation."""

from __future__ import annotations

import pytest

from kurator.accounts.models import Organisation, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_user
from kurator.people.models import Family


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family) -> Case:
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


@pytest.fixture
def quality_officer(org: Organisation) -> User:
    return make_user(
        RoleCode.QUALITY_OFFICER,
        organisation=org,
        username="quality",
        last_name="Никитина",
        first_name="Галина",
    )


@pytest.fixture
def other_quality_officer(outsider: User) -> User:
    assert outsider.organisation is not None
    return make_user(
        RoleCode.QUALITY_OFFICER, organisation=outsider.organisation, username="other_quality"
    )
