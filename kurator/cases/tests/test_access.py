"""Who sees which case: ``access.cases_visible_to`` and ``access.get_case``."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kurator import access
from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_user


@pytest.fixture
def other_team_case(org: Organisation, other_team: Team, other_team_curator: User) -> Case:
    senior = make_user(RoleCode.SENIOR_CURATOR, organisation=org, team=other_team)
    psychologist = make_user(RoleCode.PSYCHOLOGIST, organisation=org, team=other_team)
    return open_case_for(
        senior=senior,
        curator=other_team_curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Волгоградские"),
    )


def _visible(user: User) -> set[int]:
    return set(access.cases_visible_to(user).values_list("pk", flat=True))


def test_curator_sees_the_case_she_curates(case: Case, curator: User) -> None:
    assert access.get_case(curator, case.pk) == case


def test_curator_does_not_see_a_colleagues_case(case: Case, colleague: User) -> None:
    assert _visible(colleague) == set()
    with pytest.raises(Http404):
        access.get_case(colleague, case.pk)


def test_psychologist_of_the_first_visit_sees_the_case(case: Case, psychologist: User) -> None:
    assert _visible(psychologist) == {case.pk}


def test_future_curator_of_the_visit_keeps_seeing_a_case_handed_to_someone_else(
    case: Case, curator: User, colleague: User, head: User
) -> None:
    from kurator.cases.services.opening import transfer_case

    transfer_case(case=case, new_curator=colleague, reason="Отпуск", by=head)
    assert _visible(curator) == {case.pk}
    assert _visible(colleague) == {case.pk}


def test_psychologist_not_on_the_visit_does_not_see_the_case(
    case: Case, org: Organisation, team: Team
) -> None:
    stranger = make_user(RoleCode.PSYCHOLOGIST, organisation=org, team=team)
    assert _visible(stranger) == set()


@pytest.mark.parametrize("fixture", ["senior", "head"])
def test_senior_curator_and_team_head_see_the_teams_cases_only(
    request: pytest.FixtureRequest, fixture: str, case: Case, other_team_case: Case
) -> None:
    user = request.getfixturevalue(fixture)
    assert _visible(user) == {case.pk}
    with pytest.raises(Http404):
        access.get_case(user, other_team_case.pk)


@pytest.mark.parametrize(
    "role",
    [RoleCode.PROGRAMME_DIRECTOR, RoleCode.QUALITY_OFFICER, RoleCode.OPERATIONS_MANAGER],
)
def test_organisation_roles_see_every_case_of_the_organisation(
    role: str, org: Organisation, case: Case, other_team_case: Case
) -> None:
    user = make_user(role, organisation=org)
    assert _visible(user) == {case.pk, other_team_case.pk}


@pytest.mark.parametrize(
    "role", [RoleCode.SUPERVISOR, RoleCode.INTAKE_OPERATOR, RoleCode.ADMINISTRATOR]
)
def test_roles_without_a_case_scope_see_none(
    role: str, org: Organisation, team: Team, case: Case
) -> None:
    user = make_user(role, organisation=org, team=team)
    assert _visible(user) == set()
    with pytest.raises(Http404):
        access.get_case(user, case.pk)


def test_another_organisation_gets_404_never_403(case: Case, outsider: User) -> None:
    assert _visible(outsider) == set()
    with pytest.raises(Http404):
        access.get_case(outsider, case.pk, action="cases.case:transfer")


def test_inactive_user_sees_nothing(case: Case, curator: User) -> None:
    curator.is_active = False
    curator.save(update_fields=["is_active"])
    assert _visible(curator) == set()


def test_missing_or_malformed_pk_is_404(curator: User, case: Case) -> None:
    for pk in (case.pk + 1000, "abc"):
        with pytest.raises(Http404):
            access.get_case(curator, pk)


@pytest.mark.parametrize("action", ["cases.case:open", "cases.case:transfer"])
def test_curator_in_scope_without_the_permission_gets_403(
    case: Case, curator: User, action: str
) -> None:
    with pytest.raises(PermissionDenied):
        access.get_case(curator, case.pk, action=action)


def test_director_may_read_but_not_work_on_a_case(case: Case, director: User) -> None:
    assert access.get_case(director, case.pk) == case
    with pytest.raises(PermissionDenied):
        access.get_case(director, case.pk, action="cases.case:write")
