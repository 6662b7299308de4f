"""Text people type is bounded and carries no direction controls — on the pages, in the API and
in the services that imports and commands call (kurator/core/text.py); what was stored before
is shown and exported without them."""

from __future__ import annotations

import io

import pytest
from django import forms
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from kurator.accounts.models import Team, User
from kurator.core.middleware import RefusedTextMiddleware
from kurator.core.testing import make_family, make_person
from kurator.core.text import TEXT_MAX, TextError, printable
from kurator.network.models import ResourceAgent
from kurator.network.services import spreadsheet
from kurator.people import services as people
from kurator.people.models import Family, Person

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: «Иванов‮анна» shows as «Иванованна» reversed
TOO_LONG_NOTE = "ж" * (TEXT_MAX + 1)


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- length ---------------------------------------------------------------------------------


def test_a_note_beyond_the_limit_is_a_form_error_naming_the_limit(
    client: Client, curator: User, team: Team
) -> None:
    client.force_login(curator)
    posted = {"name": "Ивановы", "team": team.pk, "notes": TOO_LONG_NOTE}
    response = client.post(reverse("people:family_create"), posted)
    assert response.status_code == 200
    [message] = response.context["form"].errors["notes"]
    assert "10000" in message.replace("\xa0", "").replace(" ", "")
    assert not Family.objects.exists()


def test_a_note_beyond_the_limit_is_a_400_of_its_field_in_the_api(curator: User) -> None:
    response = _api(curator).post(
        "/api/v1/families/", {"name": "Ивановы", "notes": TOO_LONG_NOTE}, format="json"
    )
    assert response.status_code == 400
    [message] = response.json()["notes"]
    assert "10000" in message.replace("\xa0", "").replace(" ", "")
    assert not Family.objects.exists()


def test_a_service_refuses_a_text_its_record_cannot_take(curator: User, team: Team) -> None:
    """What an import or a command writes goes through no form: the record refuses it."""
    with pytest.raises(TextError) as error:
        people.create_family(by=curator, name="Ивановы", team=team, notes=TOO_LONG_NOTE)
    assert error.value.field == "notes"
    assert "Заметки: текст длиннее 10\xa0000 символов" in error.value.message
    assert not Family.objects.exists()


def test_a_text_at_the_limit_is_taken(curator: User, team: Team) -> None:
    family = people.create_family(by=curator, name="Ивановы", team=team, notes="ж" * TEXT_MAX)
    assert len(family.notes) == TEXT_MAX


def test_a_text_no_form_refused_is_a_russian_400_page_not_a_500(
    rf: RequestFactory, curator: User
) -> None:
    request = rf.post("/people/families/new/")
    request.user = curator
    refused = TextError("Заметки: текст длиннее 10\xa0000 символов (сейчас 10001).", field="notes")
    response = RefusedTextMiddleware(lambda r: HttpResponse()).process_exception(request, refused)
    assert response is not None and response.status_code == 400
    assert "Заметки: текст длиннее 10\xa0000 символов" in response.content.decode()


def test_every_form_and_serializer_text_without_a_limit_gets_one() -> None:
    assert forms.CharField().max_length == TEXT_MAX
    assert forms.CharField(max_length=150).max_length == 150
    assert serializers.CharField().max_length == TEXT_MAX
    assert serializers.CharField(read_only=True).max_length is None
    assert forms.JSONField().max_length is None  # data, not typed text


def test_a_record_stored_before_the_limit_can_still_be_worked_on(curator: User, team: Team) -> None:
    family = make_family(by=curator, team=team)
    Family.objects.filter(pk=family.pk).update(notes=TOO_LONG_NOTE)
    family.refresh_from_db()
    updated = people.update_family(
        family=family,
        by=curator,
        name="Ивановы-Петровы",
        team=team,
        address="",
        distance_km=None,
        notes=family.notes,
    )
    assert updated.name == "Ивановы-Петровы"
    with pytest.raises(TextError):  # but a changed note must fit
        people.update_family(
            family=family, by=curator, name="Ивановы", team=team, notes=TOO_LONG_NOTE + "ж"
        )


# --- direction controls -----------------------------------------------------------------------


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f"])
def test_a_direction_control_in_a_name_is_refused_on_the_page(
    client: Client, curator: User, team: Team, control: str
) -> None:
    client.force_login(curator)
    posted = {"name": f"Ивано{control}вы", "team": team.pk}
    response = client.post(reverse("people:family_create"), posted)
    assert response.status_code == 200
    [message] = response.context["form"].errors["name"]
    assert "меняющие направление письма" in message
    assert not Family.objects.exists()


def test_a_direction_control_in_a_name_is_a_400_in_the_api(curator: User) -> None:
    response = _api(curator).post(
        "/api/v1/persons/", {"last_name": f"Иванов{RLO}анна", "first_name": "Мария"}, format="json"
    )
    assert response.status_code == 400
    assert "меняющие направление письма" in response.json()["last_name"][0]
    assert not Person.objects.exists()


def test_a_service_refuses_a_direction_control_too(curator: User) -> None:
    with pytest.raises(TextError) as error:
        people.create_person(by=curator, last_name=f"Иванов{RLO}анна", first_name="Мария")
    assert error.value.field == "last_name"


def test_an_import_names_the_row_with_a_direction_control(head: User) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(spreadsheet.HEADERS)
    sheet.append([f"Банк{RLO} еды", "Социально ориентированная НКО", "", "", "", "", "", ""])
    out = io.BytesIO()
    book.save(out)
    result = spreadsheet.read_agents(by=head, data=out.getvalue())
    assert result.rows == []
    [error] = result.errors
    assert error.startswith("Строка 2: название:")
    assert "меняющие направление письма" in error
    assert not ResourceAgent.objects.exists()


def test_a_name_stored_before_is_shown_without_its_direction_control(
    client: Client, curator: User, team: Team
) -> None:
    family = make_family(by=curator, team=team)
    person = make_person(by=curator, family=family)
    Person.objects.filter(pk=person.pk).update(last_name=f"Иванов{RLO}анна")
    Family.objects.filter(pk=family.pk).update(name=f"Ивано{RLO}вы")
    client.force_login(curator)
    page = client.get(reverse("people:family_detail", args=[family.pk])).content.decode()
    assert RLO not in page
    assert "Ивановы" in page and "Иванованна" in page


def test_exports_drop_direction_controls_and_control_characters() -> None:
    assert printable(f"Иванов{RLO}анна\x0b\u2066") == "Иванованна"
    assert printable("Строка\nвторая\tс табуляцией") == "Строка\nвторая\tс табуляцией"
