"""Who sees which signal: the team's journal for team roles, the organisation's for the
programme director, nothing for anyone else; another organisation's → 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import make_user
from kurator.intake.models import Signal
from kurator.intake.tests.conftest import record

TEAM_ROLES = [
    RoleCode.INTAKE_OPERATOR,
    RoleCode.SENIOR_CURATOR,
    RoleCode.CURATOR,
    RoleCode.PSYCHOLOGIST,
    RoleCode.TEAM_HEAD,
]


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_team_roles_see_their_team_signals_only(
    role: str, signal: Signal, org: object, team: object, other_team: object, head: User
) -> None:
    other_head = make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team)  # type: ignore[arg-type]
    other_signal = record(other_head)
    user = make_user(role, organisation=org, team=team)  # type: ignore[arg-type]
    assert list(access.signals_visible_to(user)) == [signal]
    assert access.get_signal(user, signal.pk) == signal
    with pytest.raises(Http404):
        access.get_signal(user, other_signal.pk)


def test_programme_director_sees_every_team(
    signal: Signal, director: User, other_team: object, org: object
) -> None:
    other_head = make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team)  # type: ignore[arg-type]
    other_signal = record(other_head)
    assert set(access.signals_visible_to(director)) == {signal, other_signal}


@pytest.mark.parametrize(
    "role",
    [
        RoleCode.QUALITY_OFFICER,
        RoleCode.OPERATIONS_MANAGER,
        RoleCode.SUPERVISOR,
        RoleCode.ADMINISTRATOR,
        RoleCode.RESOURCE_AGENT,
    ],
)
def test_other_roles_see_no_signals(role: str, signal: Signal, org: object, team: object) -> None:
    user = make_user(role, organisation=org, team=team)  # type: ignore[arg-type]
    assert not access.signals_visible_to(user).exists()
    with pytest.raises(Http404):
        access.get_signal(user, signal.pk)


def test_another_organisation_gets_404(signal: Signal, outsider: User) -> None:
    with pytest.raises(Http404):
        access.get_signal(outsider, signal.pk)


def test_inactive_user_sees_nothing(signal: Signal, curator: User) -> None:
    curator.is_active = False
    curator.save()
    assert not access.signals_visible_to(curator).exists()


def test_in_scope_without_the_permission_is_403(signal: Signal, curator: User) -> None:
    with pytest.raises(PermissionDenied):
        access.get_signal(curator, signal.pk, action="intake.decision:decide")


def test_garbage_id_is_404(curator: User) -> None:
    with pytest.raises(Http404):
        access.get_signal(curator, "abc")


def test_resource_directory_is_the_organisation_s(
    agents: list[object], curator: User, outsider: User, administrator: User
) -> None:
    assert access.resource_agents_visible_to(curator).count() == len(agents)
    assert access.resource_agents_visible_to(administrator).count() == len(agents)
    assert not access.resource_agents_visible_to(outsider).exists()
