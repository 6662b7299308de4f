"""Every change of a user's roles, team, organisation or active flag is an AuditEvent —
through the services, through the Django admin, or through any other code."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Organisation, Role, Team, User
from kurator.accounts.roles import RoleCode
from kurator.accounts.services import set_user_roles
from kurator.audit import events
from kurator.audit.models import AuditEvent
from kurator.audit.tests.helpers import as_user
from kurator.core.testing import make_organisation, make_team, make_user


def _events(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_user=user).order_by("pk"))


def test_creating_a_user_logs_the_creation_and_the_roles_given(
    org: Organisation, team: Team, administrator: User
) -> None:
    from kurator.accounts.services import create_user

    user = create_user(
        username="newcomer",
        password=None,
        organisation=org,
        team=team,
        roles=[RoleCode.ADMINISTRATOR],  # a people-data role she only asks for
        by=administrator,
    )
    created, roles = _events(user)
    assert (created.kind, created.actor, created.organisation_id) == (
        events.USER_CREATED,
        administrator,
        org.pk,
    )
    assert created.data["new"]["team"] == {"id": team.pk, "name": team.name}
    assert (roles.kind, roles.actor) == (events.ROLES_CHANGED, administrator)
    assert roles.data == {"old": [], "new": ["administrator"]}


def test_set_user_roles_writes_one_event_old_to_new(curator: User, administrator: User) -> None:
    set_user_roles(user=curator, roles=[RoleCode.ADMINISTRATOR], by=administrator)
    event = _events(curator)[-1]
    assert (event.kind, event.actor) == (events.ROLES_CHANGED, administrator)
    assert event.data == {"old": ["curator"], "new": ["administrator"]}
    assert curator.has_role(RoleCode.ADMINISTRATOR)


def test_setting_the_same_roles_again_writes_nothing(curator: User) -> None:
    before = len(_events(curator))
    set_user_roles(user=curator, roles=[RoleCode.CURATOR])
    assert len(_events(curator)) == before


def test_a_role_change_outside_the_services_is_caught_too(curator: User) -> None:
    curator.roles.add(Role.objects.get(code=RoleCode.PSYCHOLOGIST))
    event = _events(curator)[-1]
    assert event.kind == events.ROLES_CHANGED
    assert event.data == {"old": ["curator"], "new": ["curator", "psychologist"]}
    assert event.actor is None  # no request, no service: the system


def test_a_role_granted_from_the_role_side_is_caught(curator: User, colleague: User) -> None:
    Role.objects.get(code=RoleCode.TEAM_HEAD).users.add(curator, colleague)
    for user in (curator, colleague):
        assert _events(user)[-1].data == {"old": ["curator"], "new": ["curator", "team_head"]}


def test_team_organisation_and_active_flag_changes_are_logged(
    curator: User, org: Organisation, team: Team
) -> None:
    other_team = make_team(org, "Волгоград")
    curator.team = other_team
    curator.save()
    curator.is_active = False
    curator.save()
    other_org = make_organisation("Другая")
    curator.organisation = other_org
    curator.team = None
    curator.save()
    kinds = [e.kind for e in _events(curator)]
    assert kinds[-4:] == [
        events.TEAM_CHANGED,
        events.DEACTIVATED,
        events.ORGANISATION_CHANGED,
        events.TEAM_CHANGED,
    ]
    team_change = _events(curator)[-4]
    assert team_change.data == {
        "old": {"id": team.pk, "name": "Смоленск"},
        "new": {"id": other_team.pk, "name": "Волгоград"},
    }


def test_signing_in_writes_no_event_and_costs_no_query(
    curator: User, django_assert_num_queries: Any
) -> None:
    before = len(_events(curator))
    with django_assert_num_queries(1):
        curator.save(update_fields=["last_login"])
    assert len(_events(curator)) == before


def _admin_form(user: User, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "middle_name": user.middle_name,
        "email": user.email,
        "phone": user.phone,
        "is_active": "on",
        "organisation": user.organisation_id,
        "team": user.team_id or "",
        "roles": sorted(user.role_codes),
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_admin_edits_of_roles_team_and_active_flag_are_logged_with_the_administrator(
    client: Client, administrator: User, curator: User, org: Organisation
) -> None:
    other_team = make_team(org, "Волгоград")
    before = len(_events(curator))
    url = reverse("admin:accounts_user_change", args=[curator.pk])
    response = as_user(client, administrator).post(
        url,
        _admin_form(
            curator, roles=["administrator", "curator"], team=other_team.pk, is_active=False
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = _events(curator)[before:]
    assert {e.kind for e in new} == {
        events.ROLES_CHANGED,
        events.TEAM_CHANGED,
        events.DEACTIVATED,
    }
    assert all(e.actor == administrator for e in new)
    [roles] = [e for e in new if e.kind == events.ROLES_CHANGED]
    assert roles.data == {"old": ["curator"], "new": ["administrator", "curator"]}
    assert roles.path == url


def test_an_admin_replacing_a_role_writes_one_event(
    client: Client, administrator: User, curator: User
) -> None:
    before = len(_events(curator))
    url = reverse("admin:accounts_user_change", args=[curator.pk])
    as_user(client, administrator).post(url, _admin_form(curator, roles=["administrator"]))
    [event] = _events(curator)[before:]
    assert event.data == {"old": ["curator"], "new": ["administrator"]}


def test_every_kind_written_has_a_display_entry() -> None:
    kinds = {
        value
        for name, value in vars(events).items()
        if name.isupper() and isinstance(value, str) and value.startswith("user.")
    }
    assert kinds == set(events.EVENT_KINDS)


@pytest.mark.parametrize(
    ("kind", "data", "old", "new"),
    [
        (events.ROLES_CHANGED, {"old": [], "new": ["curator"]}, "—", "Куратор случая"),
        (
            events.TEAM_CHANGED,
            {"old": {"id": 1, "name": "Смоленск"}, "new": None},
            "Смоленск",
            "—",
        ),
        (events.SUPERUSER_CHANGED, {"old": False, "new": True}, "нет", "да"),
    ],
)
def test_events_read_as_old_and_new_in_russian(
    kind: str, data: dict[str, Any], old: str, new: str
) -> None:
    view = events.describe_event(AuditEvent(kind=kind, data=data))
    assert (view.old, view.new) == (old, new)


def test_a_user_made_in_a_shell_has_no_actor(org: Organisation) -> None:
    user = make_user(RoleCode.CURATOR, organisation=org, username="shell_made")
    assert all(e.actor is None for e in _events(user))
