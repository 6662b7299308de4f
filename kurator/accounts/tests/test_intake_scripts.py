"""The script of signal intake: every channel's questions beside the intake form, Kurator's
defaults until the organisation writes its own, kept by its administrator."""

from __future__ import annotations

import random
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.demo import build as build_accounts_demo
from kurator.accounts.errors import AccountsError
from kurator.accounts.intake_scripts import channel_scripts, default_questions
from kurator.accounts.models import IntakeScript, Organisation, User
from kurator.accounts.services import create_default_intake_scripts, save_intake_script
from kurator.core.demo import DemoContext
from kurator.intake.models import Signal


def _block(page: str, channel: str) -> str:
    """The opening tag of the channel's script on the intake page."""
    match = re.search(rf'<div [^>]*data-testid="intake-script-{channel}"[^>]*>', page)
    assert match is not None, channel
    return match.group(0)


def test_the_intake_page_shows_the_script_of_every_channel_the_chosen_one_open(
    client: Client, intake_operator: User
) -> None:
    client.force_login(intake_operator)
    page = client.get(reverse("intake:signal_create")).content.decode()
    assert 'data-kurator-follows="channel"' in page
    for channel in Signal.Channel.values:
        block = _block(page, channel)
        first_question = default_questions(channel).splitlines()[0]
        assert first_question in page
        # The form opens on the phone: its script shows, the others wait for their channel.
        assert ("d-none" in block) is (channel != Signal.Channel.PHONE), channel


def test_the_script_follows_the_channel_posted_back(client: Client, intake_operator: User) -> None:
    client.force_login(intake_operator)
    page = client.post(
        reverse("intake:signal_create"), {"channel": Signal.Channel.LETTER}
    ).content.decode()
    assert "d-none" not in _block(page, Signal.Channel.LETTER)
    assert "d-none" in _block(page, Signal.Channel.PHONE)


def test_the_administrator_edits_a_channel_and_the_intake_page_shows_it(
    client: Client, administrator: User, intake_operator: User
) -> None:
    client.force_login(administrator)
    url = reverse("accounts:intake_script_edit", args=[Signal.Channel.MESSENGER])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"questions": "  Как вас зовут?\r\nСколько лет детям?  \n\nГде вы живёте?  "}
    )
    assert response.status_code == 302
    script = IntakeScript.objects.get(
        organisation=administrator.organisation, channel=Signal.Channel.MESSENGER
    )
    assert script.questions == "Как вас зовут?\nСколько лет детям?\n\nГде вы живёте?"
    assert script.updated_by == administrator
    listing = client.get(reverse("accounts:intake_scripts")).content.decode()
    assert "скрипт организации" in listing

    client.force_login(intake_operator)
    page = client.get(reverse("intake:signal_create")).content.decode()
    assert "Сколько лет детям?" in page
    assert default_questions(Signal.Channel.PHONE).splitlines()[0] in page  # others unchanged


@pytest.mark.parametrize("role", ["curator", "head", "intake_operator"])
def test_only_the_administrator_edits_the_script(
    client: Client, role: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(role)
    client.force_login(user)
    url = reverse("accounts:intake_script_edit", args=[Signal.Channel.PHONE])
    assert client.get(reverse("accounts:intake_scripts")).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"questions": "Кто звонит?"}).status_code == 403
    assert not IntakeScript.objects.exists()
    with pytest.raises(PermissionDenied):
        save_intake_script(channel=Signal.Channel.PHONE, questions="Кто звонит?", by=user)


def test_an_unknown_channel_is_not_found(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    url = reverse("accounts:intake_script_edit", args=["pigeon"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("questions", "says"),
    [
        ("   \n  ", "Напишите хотя бы один вопрос."),
        ("Кто\x0b звонит?", "управляющие символы"),
        ("Кто звонит?\x00", "запрещённый символ"),
    ],
)
def test_bad_questions_get_a_russian_form_error(
    client: Client, administrator: User, questions: str, says: str
) -> None:
    client.force_login(administrator)
    url = reverse("accounts:intake_script_edit", args=[Signal.Channel.PHONE])
    response = client.post(url, {"questions": questions})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not IntakeScript.objects.exists()


@pytest.mark.parametrize(
    ("questions", "says"),
    [
        ("", "Напишите хотя бы один вопрос."),
        ("Кто\x1f звонит?", "управляющие символы"),
        ("Кто звонит?\x0bГде живёте?", "управляющие символы"),
    ],
)
def test_the_service_refuses_bad_questions_too(
    administrator: User, questions: str, says: str
) -> None:
    with pytest.raises(AccountsError) as error:
        save_intake_script(channel=Signal.Channel.PHONE, questions=questions, by=administrator)
    assert error.value.field == "questions"
    assert says in error.value.message


def test_the_service_refuses_an_unknown_channel(administrator: User) -> None:
    with pytest.raises(AccountsError) as error:
        save_intake_script(channel="pigeon", questions="Кто звонит?", by=administrator)
    assert error.value.field == "channel"


def test_scripts_belong_to_their_organisation(administrator: User, outsider: User) -> None:
    save_intake_script(channel=Signal.Channel.PHONE, questions="Наш вопрос?", by=administrator)
    [phone] = [s for s in channel_scripts(outsider.organisation_id) if s.channel == "phone"]
    assert not phone.own
    assert phone.questions == default_questions(Signal.Channel.PHONE)


def test_defaults_fill_only_the_channels_not_written(
    org: Organisation, administrator: User
) -> None:
    save_intake_script(channel=Signal.Channel.PHONE, questions="Наш вопрос?", by=administrator)
    created = create_default_intake_scripts(organisation=org, by=administrator)
    assert len(created) == len(Signal.Channel.values) - 1
    assert IntakeScript.objects.get(organisation=org, channel="phone").questions == "Наш вопрос?"


def test_the_demo_organisation_has_its_scripts_on_the_intake_page(db: None, client: Client) -> None:
    demo = DemoContext(today=timezone.localdate(), rng=random.Random(1))
    build_accounts_demo(demo)
    assert demo.organisation is not None
    assert IntakeScript.objects.filter(organisation=demo.organisation).count() == len(
        Signal.Channel.values
    )
    client.force_login(demo.users["intake1"])
    page = client.get(reverse("intake:signal_create")).content.decode()
    for channel in Signal.Channel.values:
        _block(page, channel)
    client.force_login(demo.users["admin"])
    templates = client.get(reverse("documents:templates")).content.decode()
    assert 'data-testid="template-case_folder_instruction"' in templates
    assert 'data-testid="template-consilium_rules"' in templates
