"""A complaint or suggestion left on the public page: registered at once for the whole
organisation with its 59-FZ deadline and the quality officer's task, answered to the contact
left; the page's protections are the report form's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.core import workdays
from kurator.core.testing import make_user
from kurator.intake.tests.public_helpers import Clock, Place, freeze_clock, open_page, send
from kurator.reports.models import Appeal
from kurator.tasks.models import Task


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return freeze_clock(monkeypatch)


@pytest.fixture
def place(org: Organisation, team: Team, other_team: Team) -> Place:
    return open_page(org, team, other_team)


@pytest.fixture
def quality(org: Organisation) -> User:
    return make_user(RoleCode.QUALITY_OFFICER, organisation=org, username="quality")


def _url(place: Place) -> str:
    return reverse("public:appeal", args=[place.page.slug])


def _data(**fields: Any) -> dict[str, Any]:
    data = {
        "kind": "complaint",
        "text": "Обещали перезвонить по поводу помощи с дровами и не перезвонили.",
        "author": "Кузнецова Ольга Ивановна",
        "contact": "+7 900 555-44-33",
        "consent": "on",
        "website": "",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_a_complaint_from_the_public_page_is_registered_with_its_deadline_and_task(
    client: Client, clock: Clock, place: Place, quality: User
) -> None:
    response = send(client, clock, _url(place), _data())

    appeal = Appeal.objects.get()
    assert response.status_code == 200
    assert (appeal.kind, appeal.channel, appeal.team_id) == ("complaint", "web", None)
    assert appeal.recorded_by is None
    assert appeal.contact == "+7 900 555-44-33"
    assert appeal.due_on == workdays.appeal_answer_due(timezone.localdate())
    assert appeal.assignee == quality
    assert Task.objects.get(key=f"appeal:{appeal.pk}").user == quality
    html = response.content.decode()
    assert f"О-{appeal.pk}" in html
    assert f"{appeal.due_on:%d.%m.%Y}" in html


def test_her_name_needs_her_consent_and_nothing_is_stored_before(
    client: Client, clock: Clock, place: Place, quality: User
) -> None:
    response = send(client, clock, _url(place), _data(consent=None))
    assert "Отметьте согласие на обработку ваших данных" in response.content.decode()
    assert Appeal.objects.count() == 0
    anonymous = send(client, clock, _url(place), _data(consent=None, author="", contact=""))
    assert "ответ прислать будет некуда" in anonymous.content.decode()
    assert Appeal.objects.get().author == ""


def test_the_same_form_sent_twice_registers_it_once(
    client: Client, clock: Clock, place: Place, quality: User
) -> None:
    token = client.get(_url(place)).context["form"]["token"].value()
    clock.offset += 20
    first = client.post(_url(place), {**_data(), "token": token})
    second = client.post(_url(place), {**_data(), "token": token})
    assert Appeal.objects.count() == 1
    assert first.context["receipt"] == second.context["receipt"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"website": "spam"}, "похоже, форму заполнила программа"),
        ({"text": ""}, "Напишите, о чём ваше обращение."),
        ({"text": "ж" * 100_000}, "Не больше 4000 символов"),
        ({"kind": "praise"}, "Выберите: жалоба или предложение."),
    ],
)
def test_bad_input_or_a_program_stores_nothing(
    client: Client, clock: Clock, place: Place, fields: dict[str, Any], message: str
) -> None:
    response = send(client, clock, _url(place), _data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Appeal.objects.count() == 0


def test_a_flood_of_appeals_is_answered_429(
    client: Client, clock: Clock, place: Place, settings: Any
) -> None:
    settings.KURATOR_RATE_LIMITS = {**settings.KURATOR_RATE_LIMITS, "public_signal": (2, 3600)}
    answers = [send(client, clock, _url(place), _data(text=f"№{n}")).status_code for n in range(5)]
    assert answers == [200, 200, 429, 429, 429]
    assert Appeal.objects.count() == 2


def test_the_quality_officer_reads_it_escaped_and_sees_where_it_came_from(
    client: Client, clock: Clock, place: Place, quality: User
) -> None:
    send(client, clock, _url(place), _data(text="<script>alert(1)</script>"))
    appeal = Appeal.objects.get()
    client.force_login(quality)
    html = client.get(reverse("reports:appeal", args=[appeal.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "оставлено на публичной странице" in html
    assert "публичная страница" in html
