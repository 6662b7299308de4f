"""A role that opens people's data takes two people: an administrator asks for it, the
programme director approves it. Nobody grants herself a role; every step is in the audit log.
Roles without people's data (the administrator's) and taking a role away need no second
person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts import services
from kurator.accounts.errors import AccountsError
from kurator.accounts.models import Organisation, RoleGrantRequest, User
from kurator.accounts.roles import RoleCode
from kurator.audit import events
from kurator.audit.models import AuditEvent
from kurator.core.testing import make_organisation, make_user

R = RoleCode


def _kinds(user: User) -> list[tuple[str, str | None]]:
    rows = AuditEvent.objects.filter(target_user=user).order_by("pk")
    return [(e.kind, e.actor.username if e.actor else None) for e in rows]


def _codes(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).roles.values_list("code", flat=True))


def _admin_form(user: User, roles: list[str]) -> dict[str, Any]:
    joined = timezone.localtime(user.date_joined)
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": joined.strftime("%d.%m.%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "middle_name": user.middle_name,
        "phone": user.phone,
        "organisation": user.organisation_id,
        "team": user.team_id or "",
        "roles": roles,
    }


# --- the rule, in the services ---------------------------------------------------------------


def test_an_administrator_cannot_give_a_people_data_role_at_once(
    administrator: User, curator: User
) -> None:
    with pytest.raises(AccountsError, match="открывает данные людей"):
        services.set_user_roles(user=curator, roles=[R.CURATOR, R.TEAM_HEAD], by=administrator)
    assert _codes(curator) == {R.CURATOR}
    with pytest.raises(AccountsError, match="открывает данные людей"):
        services.create_user(
            username="newcomer",
            password=None,
            organisation=administrator.organisation,  # type: ignore[arg-type]
            roles=[R.QUALITY_OFFICER],
            by=administrator,
        )
    assert not User.objects.filter(username="newcomer").exists()


def test_a_role_without_people_data_and_taking_a_role_away_need_no_second_person(
    administrator: User, curator: User, senior: User
) -> None:
    services.set_user_roles(user=curator, roles=[R.CURATOR, R.ADMINISTRATOR], by=administrator)
    services.set_user_roles(user=senior, roles=[], by=administrator)
    assert _codes(curator) == {R.CURATOR, R.ADMINISTRATOR}
    assert _codes(senior) == set()


def test_nobody_changes_her_own_roles(administrator: User) -> None:
    with pytest.raises(AccountsError, match="Свои роли"):
        services.set_user_roles(user=administrator, roles=[], by=administrator)
    with pytest.raises(AccountsError, match="себе не запрашивают"):
        services.request_role_grant(user=administrator, role=R.CURATOR, by=administrator)


def test_the_director_approves_and_every_step_is_in_the_audit_log(
    administrator: User, director: User, curator: User
) -> None:
    grant = services.request_role_grant(user=curator, role=R.SENIOR_CURATOR, by=administrator)
    assert grant.status == RoleGrantRequest.Status.PENDING
    assert _codes(curator) == {R.CURATOR}  # asked for, not given
    services.approve_role_grant(request=grant, by=director)
    assert _codes(curator) == {R.CURATOR, R.SENIOR_CURATOR}
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by, grant.decided_at is not None) == (
        RoleGrantRequest.Status.APPROVED,
        director,
        True,
    )
    assert _kinds(curator)[-3:] == [
        (events.ROLE_REQUESTED, "administrator"),
        (events.ROLES_CHANGED, "director"),
        (events.ROLE_REQUEST_APPROVED, "director"),
    ]


def test_the_one_who_asked_cannot_approve_nor_the_one_it_is_for(
    org: Organisation, administrator: User, director: User, curator: User
) -> None:
    both = make_user(R.ADMINISTRATOR, R.PROGRAMME_DIRECTOR, organisation=org, username="both")
    grant = services.request_role_grant(user=curator, role=R.TEAM_HEAD, by=both)
    with pytest.raises(AccountsError, match="другой человек, не тот, кто его сделал"):
        services.approve_role_grant(request=grant, by=both)
    for_director = services.request_role_grant(user=director, role=R.CURATOR, by=administrator)
    with pytest.raises(AccountsError, match="О своей роли"):
        services.approve_role_grant(request=for_director, by=director)
    assert _codes(curator) == {R.CURATOR}
    assert _codes(director) == {R.PROGRAMME_DIRECTOR}


def test_a_rejected_request_gives_nothing_and_keeps_the_reason(
    administrator: User, director: User, curator: User
) -> None:
    grant = services.request_role_grant(user=curator, role=R.QUALITY_OFFICER, by=administrator)
    services.reject_role_grant(request=grant, by=director, reason="  Нет  приказа ")
    grant.refresh_from_db()
    assert (grant.status, grant.reason) == (RoleGrantRequest.Status.REJECTED, "Нет приказа")
    assert _codes(curator) == {R.CURATOR}
    [event] = AuditEvent.objects.filter(target_user=curator, kind=events.ROLE_REQUEST_REJECTED)
    assert event.data == {"new": [R.QUALITY_OFFICER], "reason": "Нет приказа"}
    assert events.describe_event(event).details == "Нет приказа"
    with pytest.raises(AccountsError, match="уже рассмотрен"):
        services.approve_role_grant(request=grant, by=director)
    assert _codes(curator) == {R.CURATOR}


def test_one_request_waits_per_user_and_role(administrator: User, curator: User) -> None:
    services.request_role_grant(user=curator, role=R.PSYCHOLOGIST, by=administrator)
    with pytest.raises(AccountsError, match="уже запрошена"):
        services.request_role_grant(user=curator, role=R.PSYCHOLOGIST, by=administrator)
    with pytest.raises(AccountsError, match="уже есть"):
        services.request_role_grant(user=curator, role=R.CURATOR, by=administrator)
    with pytest.raises(AccountsError, match="без запроса"):
        services.request_role_grant(user=curator, role=R.ADMINISTRATOR, by=administrator)


def test_only_the_directors_own_organisation_and_only_a_director(
    administrator: User, director: User, curator: User, outsider: User
) -> None:
    grant = services.request_role_grant(user=curator, role=R.SPECIALIST, by=administrator)
    other_org = make_organisation("Третья организация")
    other_director = make_user(R.PROGRAMME_DIRECTOR, organisation=other_org)
    with pytest.raises(AccountsError, match="другой организации"):
        services.approve_role_grant(request=grant, by=other_director)
    with pytest.raises(AccountsError, match="другой организации"):
        services.request_role_grant(user=outsider, role=R.CURATOR, by=administrator)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.approve_role_grant(request=grant, by=administrator)
    assert _codes(curator) == {R.CURATOR}


# --- the admin: adding such a role asks for it ----------------------------------------------


def test_adding_a_people_data_role_in_the_admin_asks_the_director(
    client: Client, administrator: User, curator: User
) -> None:
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[curator.pk])
    response = client.post(url, _admin_form(curator, [R.TEAM_HEAD]), follow=True)
    assert response.status_code == 200
    assert _codes(curator) == set()  # the curator role taken away at once, the new one asked for
    [grant] = RoleGrantRequest.objects.filter(user=curator)
    assert (grant.role, grant.requested_by, grant.status) == (
        R.TEAM_HEAD,
        administrator,
        RoleGrantRequest.Status.PENDING,
    )
    assert "подтвердит руководитель программы" in response.content.decode()


def test_a_superuser_gives_the_role_at_once_in_the_admin(client: Client, curator: User) -> None:
    root = User.objects.create_superuser("root", password="x-long-password-1")
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[curator.pk])
    client.post(url, _admin_form(curator, [R.CURATOR, R.TEAM_HEAD]))
    assert _codes(curator) == {R.CURATOR, R.TEAM_HEAD}
    assert not RoleGrantRequest.objects.exists()


# --- the director's page ---------------------------------------------------------------------


def test_the_director_sees_the_pending_requests_and_approves_after_confirming(
    client: Client,
    administrator: User,
    director: User,
    curator: User,
    django_assert_max_num_queries: Any,
) -> None:
    grant = services.request_role_grant(user=curator, role=R.SENIOR_CURATOR, by=administrator)
    client.force_login(director)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("accounts:role_requests"))
    html = page.content.decode()
    assert "Белова" in html and "Старший куратор" in html
    approve = reverse("accounts:role_request_approve", args=[grant.pk])
    assert approve in html
    confirm = client.get(approve).content.decode()
    assert "Вы уверены?" in confirm and "Да, назначить роль" in confirm
    assert _codes(curator) == {R.CURATOR}  # a GET changes nothing
    response = client.post(approve, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:role_requests")
    assert "Роль «Старший куратор» назначена" in response.content.decode()
    assert _codes(curator) == {R.CURATOR, R.SENIOR_CURATOR}


def test_the_director_rejects_with_a_reason(
    client: Client, administrator: User, director: User, curator: User
) -> None:
    grant = services.request_role_grant(user=curator, role=R.TEAM_HEAD, by=administrator)
    client.force_login(director)
    url = reverse("accounts:role_request_reject", args=[grant.pk])
    bad = client.post(url, {"reason": "нет\x0bприказа"})
    assert bad.status_code == 200 and "управляющие символы" in bad.content.decode()
    client.post(url, {"reason": "Нет приказа о назначении"})
    grant.refresh_from_db()
    assert grant.status == RoleGrantRequest.Status.REJECTED
    page = client.get(reverse("accounts:role_requests")).content.decode()
    assert "Нет приказа о назначении" in page
    again = client.post(reverse("accounts:role_request_approve", args=[grant.pk]))
    assert "Запрос уже рассмотрен" in again.content.decode()
    assert _codes(curator) == {R.CURATOR}


def test_the_page_is_the_directors_and_her_organisations_only(
    client: Client, administrator: User, curator: User
) -> None:
    grant = services.request_role_grant(user=curator, role=R.TEAM_HEAD, by=administrator)
    approve = reverse("accounts:role_request_approve", args=[grant.pk])
    client.force_login(administrator)
    assert client.get(reverse("accounts:role_requests")).status_code == 403
    assert client.post(approve).status_code == 403
    other_director = make_user(R.PROGRAMME_DIRECTOR, organisation=make_organisation("Другая"))
    client.force_login(other_director)
    assert client.get(approve).status_code == 404
    assert client.post(approve).status_code == 404
    assert _codes(curator) == {R.CURATOR}
