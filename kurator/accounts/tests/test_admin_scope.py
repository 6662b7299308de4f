"""The admin site is the administrator's window on settings and users — never on case
contents, and never on another organisation (an administrator manages settings and users, not case
contents; another organisation's records are invisible)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Norms, Organisation, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_organisation, make_team, make_user

# The records of people's and cases' data: an admin model that is one of them, or points to
# one, never opens for an administrator (catalogues such as assessment instruments may).
PEOPLE_DATA = {
    "people.Person",
    "people.Family",
    "intake.Signal",
    "cases.Case",
    "documents.CaseDocument",
}


def _holds_people_data(model: type) -> bool:
    if model._meta.label in PEOPLE_DATA:  # type: ignore[attr-defined]
        return True
    return any(
        f.related_model is not None and f.related_model._meta.label in PEOPLE_DATA
        for f in model._meta.get_fields()  # type: ignore[attr-defined]
        if f.many_to_one or f.one_to_one
    )


# Models of people's data that must not be in the admin at all.
NEVER_REGISTERED = {"people.Person", "people.Family", "intake.Signal", "documents.CaseDocument"}


def _registered() -> list[type]:
    return list(admin.site._registry)


def test_people_families_signals_and_documents_have_no_admin_page() -> None:
    labels = {model._meta.label for model in _registered()}
    assert labels & NEVER_REGISTERED == set()


@pytest.fixture
def case(senior: User, curator: User, psychologist: User) -> Case:
    family = make_family(by=senior, name="Секретовы")
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


def test_every_admin_page_of_case_data_is_refused_to_the_administrator(
    client: Client, administrator: User, case: Case
) -> None:
    client.force_login(administrator)
    data_models = [m for m in _registered() if _holds_people_data(m)]
    assert data_models, "the cases app registers read-only pages for superusers"
    for model in data_models:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 403, changelist
    change = reverse("admin:cases_case_change", args=[case.pk])
    assert client.get(change).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "Случаи" not in index
    assert case.family.name not in index


def test_the_administrator_sees_only_her_organisations_users_and_teams(
    client: Client, administrator: User, curator: User, outsider: User
) -> None:
    client.force_login(administrator)
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert curator.username in users
    assert outsider.username not in users
    teams = client.get(reverse("admin:accounts_team_changelist")).content.decode()
    assert curator.team is not None and outsider.team is not None
    assert curator.team.name in teams
    assert outsider.team.name not in teams
    organisations = client.get(reverse("admin:accounts_organisation_changelist"))
    assert outsider.organisation is not None
    assert outsider.organisation.name not in organisations.content.decode()


def test_another_organisations_user_cannot_be_opened_or_changed_by_url(
    client: Client, administrator: User, outsider: User
) -> None:
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[outsider.pk])
    response = client.get(url)
    assert response.status_code == 302  # the admin's «no such record» back to the index
    assert outsider.last_name not in client.get(response["Location"]).content.decode()
    client.post(url, {"username": "hijacked", "last_name": "Захвачен"})
    outsider.refresh_from_db()
    assert outsider.username == "outsider"
    team = reverse("admin:accounts_team_change", args=[outsider.team_id])
    assert client.get(team).status_code == 302


def test_a_new_user_can_only_be_put_in_her_organisation_and_its_teams(
    client: Client, administrator: User, curator: User, outsider: User
) -> None:
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[curator.pk])
    form = client.get(url).context["adminform"].form
    assert list(form.fields["organisation"].queryset) == [administrator.organisation]
    assert outsider.team not in form.fields["team"].queryset
    assert curator.team in form.fields["team"].queryset


def test_norms_of_another_organisation_are_not_listed(
    client: Client, administrator: User, org: Organisation
) -> None:
    other = make_organisation("Другой фонд")
    Norms.objects.get_or_create(organisation=org)
    Norms.objects.get_or_create(organisation=other)
    client.force_login(administrator)
    page = client.get(reverse("admin:accounts_norms_changelist")).content.decode()
    assert "Другой фонд" not in page


def test_a_superuser_keeps_every_organisation(client: Client, outsider: User) -> None:
    other_org = make_organisation("Третья организация")
    root = make_user(RoleCode.ADMINISTRATOR, organisation=other_org, team=make_team(other_org))
    User.objects.filter(pk=root.pk).update(is_superuser=True)
    client.force_login(root)
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert outsider.username in users


def _change_form_data(client: Client, user: User) -> dict[str, object]:
    """What the admin's change form of ``user`` would post back unchanged."""
    form = (
        client.get(reverse("admin:accounts_user_change", args=[user.pk])).context["adminform"].form
    )
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "all"):
            value = [obj.pk for obj in value.all()]
        elif isinstance(value, list | tuple | set):
            value = [getattr(obj, "pk", obj) for obj in value]
        elif hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "tzinfo"):  # a split date and time widget
            data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d %H:%M:%S").split()
            continue
        if value is True:
            value = "on"
        if value is False:
            continue
        data[name] = value
    data.pop("password", None)
    return data


def test_an_administrator_cannot_make_herself_superuser_or_director(
    client: Client, administrator: User, director: User
) -> None:
    from kurator.accounts.models import Role

    client.force_login(administrator)
    data = _change_form_data(client, administrator)
    director_role = Role.objects.get(code=RoleCode.PROGRAMME_DIRECTOR)
    data.update(is_superuser="on", roles=[director_role.pk], last_name="Сидорова")
    response = client.post(reverse("admin:accounts_user_change", args=[administrator.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    administrator.refresh_from_db()
    assert administrator.last_name == "Сидорова"  # her own name she may correct
    assert not administrator.is_superuser
    assert not administrator.has_role(RoleCode.PROGRAMME_DIRECTOR)


def test_an_administrator_cannot_grant_superuser_or_raw_permissions(
    client: Client, administrator: User, curator: User
) -> None:
    client.force_login(administrator)
    data = _change_form_data(client, curator)
    data.update(is_superuser="on", user_permissions=[1])
    client.post(reverse("admin:accounts_user_change", args=[curator.pk]), data)
    curator.refresh_from_db()
    assert not curator.is_superuser
    assert not curator.user_permissions.exists()


def test_nobody_reads_api_tokens_in_the_admin(client: Client, administrator: User) -> None:
    from kurator.accounts.tokens import issue_token

    superuser = User.objects.create_superuser("root", password="x-long-password-1")
    key = issue_token(user=administrator, with_second_factor=True)
    client.force_login(superuser)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert key not in client.get("/admin/").content.decode()
