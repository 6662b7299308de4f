"""«История изменений» of the plan: the plan and its actions as they changed, on the plan page,
for those who see the case."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.people.models import Person
from kurator.plans import history, services
from kurator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def test_the_plan_history_shows_the_old_and_new_action_status_and_who_changed_it(
    client: Client, case: Case, curator: User, mother: Person, senior: User
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    client.force_login(curator)
    status_url = reverse("plans:action_status", args=[built.staff_action.pk])
    data = {"status": "in_progress", "result": "", "expected_status": "planned"}
    assert client.post(status_url, data).status_code == 302
    url = reverse("plans:plan_history", args=[case.pk])
    page = client.get(reverse("plans:plan", args=[case.pk])).content.decode()
    assert f'hx-get="{url}"' in page
    client.force_login(senior)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Действие плана «Договориться со школой" in html
    assert "запланировано" in html and "выполняется" in html
    assert curator.short_name in html
    assert "<html" in client.get(url).content.decode()  # a plain GET is a page


def test_the_plan_history_names_whoever_changed_it_outside_a_request(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    services.update_action_status(action=built.family_action, status="done", by=curator)
    changed = [e for e in history.plan_history(case) if e.changes and "Будить" in e.what]
    assert changed and changed[0].who == curator.short_name


@pytest.mark.parametrize("who", ["other_team_curator", "outsider", "administrator"])
def test_the_plan_history_is_a_404_out_of_scope(
    client: Client,
    request: pytest.FixtureRequest,
    case: Case,
    curator: User,
    mother: Person,
    who: str,
) -> None:
    make_plan(case=case, curator=curator, mother=mother)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("plans:plan_history", args=[case.pk]))
    assert response.status_code == 404
