"""The public page «Сообщить о семье»: anyone reports a family in need without signing in; the
report lands in the journal of the settlement's team with channel «форма на сайте» and its
deadlines running, the team's intake operators get an e-mail without the family's details,
the reporter gets a number and a code and later learns only one of four words. Protections:
honeypot, time to fill, size limits, a rate limit per address."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.core import workdays
from kurator.core.testing import make_organisation, make_team, make_user
from kurator.intake import services as intake
from kurator.intake.models import PublicReport, Signal, TakeInDecision
from kurator.intake.public import services
from kurator.intake.public.forms import MAX_FORM_AGE_SECONDS
from kurator.intake.tests.public_helpers import (
    Clock,
    Place,
    freeze_clock,
    open_page,
    report_data,
    report_url,
    send,
)

STATUS = reverse("public:status")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return freeze_clock(monkeypatch)


@pytest.fixture
def place(org: Organisation, team: Team, other_team: Team) -> Place:
    return open_page(org, team, other_team)


def _signals() -> int:
    return Signal.objects.count()


def _status(client: Client, number: object, code: str) -> Any:
    return client.post(STATUS, {"number": number, "code": code})


# --- reporting a family -----------------------------------------------------------------------


def test_an_anonymous_report_lands_in_the_settlement_teams_journal_with_deadlines(
    client: Client, clock: Clock, place: Place, team: Team
) -> None:
    response = send(client, clock, report_url(place), report_data(place.vyazma))

    assert response.status_code == 200
    signal = Signal.objects.get()
    assert signal.team == team
    assert signal.channel == Signal.Channel.WEB_FORM
    assert signal.source == Signal.Source.ANONYMOUS
    assert signal.status == Signal.Status.NEW
    assert signal.created_by is None
    assert signal.address == "Вяземский район, ул. Лесная, 9"
    assert signal.subject_last_name == "Петровы"
    assert signal.team_due == workdays.team_due(signal.received_at)
    assert signal.visit_due == workdays.visit_due(signal.received_at)
    assert signal.timeline.filter(kind="signal.recorded", actor=None).exists()
    report = PublicReport.objects.get(signal=signal)
    assert report.consent_given_at is None
    assert report.settlement == place.vyazma
    html = response.content.decode()
    assert f'data-testid="receipt-number">{signal.pk}<' in html
    code = response.context["receipt"].code
    assert len(code) == services.CODE_LENGTH
    assert code not in report.code_hash  # only its hash is kept


def test_the_report_goes_to_the_team_of_the_settlement_picked(
    client: Client, clock: Clock, place: Place, other_team: Team
) -> None:
    send(client, clock, report_url(place), report_data(place.volgograd))
    assert Signal.objects.get().team == other_team


def test_the_teams_intake_operators_get_an_email_without_the_familys_details(
    client: Client,
    clock: Clock,
    place: Place,
    intake_operator: User,
    senior: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send(client, clock, report_url(place), report_data(place.smolensk))

    signal = Signal.objects.get()
    assert [m.to for m in mail.outbox] == [[intake_operator.email]]
    message = mail.outbox[0]
    assert f"№{signal.pk}" in message.subject
    body = message.body + str(message.alternatives[0][0])
    assert f"{signal.team_due:%d.%m.%Y}" in body
    for detail in ("Петровы", "Лесная", "холодно", "Смоленск,"):
        assert detail not in body


def test_a_reporter_who_leaves_her_name_must_consent_and_nothing_is_stored_before(
    client: Client, clock: Clock, place: Place
) -> None:
    data = report_data(place.smolensk, reporter_name="Анна", reporter_contact="+7 900 000-00-00")
    response = send(client, clock, report_url(place), data)

    assert response.status_code == 200
    assert "Отметьте согласие на обработку ваших данных" in response.content.decode()
    assert _signals() == 0

    response = send(
        client, clock, report_url(place), {**data, "consent": "on", "relation": "neighbours"}
    )
    signal = Signal.objects.get()
    assert signal.reporter_name == "Анна"
    assert signal.source == Signal.Source.NEIGHBOURS
    assert PublicReport.objects.get(signal=signal).consent_given_at is not None


def test_the_same_form_sent_twice_keeps_one_signal_and_shows_the_same_receipt(
    client: Client, clock: Clock, place: Place
) -> None:
    url = report_url(place)
    token = client.get(url).context["form"]["token"].value()
    clock.offset += 20
    data = {**report_data(place.smolensk), "token": token}
    first = client.post(url, data)
    second = client.post(url, data)

    assert _signals() == 1
    assert first.context["receipt"].number == second.context["receipt"].number
    assert first.context["receipt"].code == second.context["receipt"].code


# --- protections ------------------------------------------------------------------------------


def test_a_filled_honeypot_stores_nothing(client: Client, clock: Clock, place: Place) -> None:
    data = report_data(place.smolensk, website="http://spam.example")
    response = send(client, clock, report_url(place), data)
    assert response.status_code == 200
    assert "похоже, форму заполнила программа" in response.content.decode()
    assert _signals() == 0


def test_a_form_sent_within_seconds_of_opening_is_refused(
    client: Client, clock: Clock, place: Place
) -> None:
    response = send(client, clock, report_url(place), report_data(place.smolensk), wait=1)
    assert "Форма отправлена слишком быстро" in response.content.decode()
    assert _signals() == 0


def test_a_stale_page_keeps_what_was_typed_and_gets_a_fresh_token(
    client: Client, clock: Clock, place: Place
) -> None:
    url = report_url(place)
    data = report_data(place.smolensk)
    response = send(client, clock, url, data, wait=MAX_FORM_AGE_SECONDS + 60)
    assert "Страница была открыта слишком давно" in response.content.decode()
    assert _signals() == 0
    form = response.context["form"]
    assert form["description"].value() == data["description"]
    clock.offset += 30
    client.post(url, {**data, "token": form["token"].value()})
    assert _signals() == 1


def test_a_forged_token_is_refused(client: Client, clock: Clock, place: Place) -> None:
    response = client.post(report_url(place), {**report_data(place.smolensk), "token": "x:y:z"})
    assert "похоже, форму заполнила программа" in response.content.decode()
    assert _signals() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "", "Напишите, что происходит с семьёй."),
        ("description", "   ", "Напишите, что происходит с семьёй."),
        ("description", "а" * (10 * 1024 * 1024), "Не больше 4000 символов"),
        ("reporter_name", "я" * 151, "Не больше 150 символов"),
        ("address", "д" * 301, "Не больше 300 символов"),
        ("settlement", "", "Выберите населённый пункт или район из списка."),
        ("settlement", "999999", "Выберите населённый пункт или район из списка."),
        ("settlement", "abc", "Выберите населённый пункт или район из списка."),
        ("relation", "police", "Выберите из списка."),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client: Client, clock: Clock, place: Place, field: str, value: str, message: str
) -> None:
    response = send(client, clock, report_url(place), report_data(place.smolensk, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode().replace("\xa0", " ")
    assert _signals() == 0


def test_a_settlement_of_another_organisation_is_not_offered_nor_taken(
    client: Client, clock: Clock, place: Place
) -> None:
    stranger_org = make_organisation("Чужой фонд")
    stranger = services.add_settlement(team=make_team(stranger_org), name="г. Тула")
    html = client.get(report_url(place)).content.decode()
    assert "г. Тула" not in html
    response = send(client, clock, report_url(place), report_data(stranger))
    assert "Выберите населённый пункт или район из списка." in response.content.decode()
    assert _signals() == 0


def test_html_and_script_are_kept_as_text_and_shown_escaped(
    client: Client, clock: Clock, place: Place, intake_operator: User
) -> None:
    script = "<script>alert(1)</script><b>жирный</b>"
    data = report_data(place.smolensk, description=script, family_name=script, address=script)
    send(client, clock, report_url(place), data)
    signal = Signal.objects.get()
    assert signal.description == script
    client.force_login(intake_operator)
    html = client.get(reverse("intake:signal_detail", args=[signal.pk])).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_flood_from_one_address_is_answered_429_in_russian_and_stores_no_more(
    client: Client, clock: Clock, place: Place, settings: Any
) -> None:
    settings.KURATOR_RATE_LIMITS = {**settings.KURATOR_RATE_LIMITS, "public_signal": (3, 3600)}
    url = report_url(place)
    token = client.get(url).context["form"]["token"].value()
    clock.offset += 30
    answers = []
    for n in range(100):
        data = {**report_data(place.smolensk, description=f"Сообщение {n}"), "token": token}
        answers.append(client.post(url, data).status_code)
    assert answers[:3] == [200, 200, 200]
    assert set(answers[3:]) == {429}
    assert _signals() == 1  # one form: sent again, it finds its first signal
    last = client.post(url, report_data(place.smolensk))
    assert last.status_code == 429
    assert "Слишком много сообщений подряд" in last.content.decode()
    assert int(last["Retry-After"]) > 0


def test_another_address_is_not_held_back_by_a_flood(
    client: Client, clock: Clock, place: Place, settings: Any
) -> None:
    settings.KURATOR_RATE_LIMITS = {**settings.KURATOR_RATE_LIMITS, "public_signal": (1, 3600)}
    url = report_url(place)
    send(client, clock, url, report_data(place.smolensk))
    assert send(client, clock, url, report_data(place.smolensk)).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert send(other, clock, url, report_data(place.smolensk)).status_code == 200
    assert _signals() == 2


# --- which page -------------------------------------------------------------------------------


def test_the_only_open_page_answers_at_signal_too(
    client: Client, clock: Clock, place: Place
) -> None:
    response = client.get(reverse("public:report_any"))
    assert response.status_code == 200
    assert place.page.organisation.name in response.content.decode()
    token = response.context["form"]["token"].value()
    clock.offset += 30
    client.post(reverse("public:report_any"), {**report_data(place.smolensk), "token": token})
    assert _signals() == 1


def test_with_several_open_pages_signal_lists_the_organisations(
    client: Client, place: Place
) -> None:
    second = make_organisation("Фонд «Второй»")
    services.open_public_page(organisation_id=second.pk, slug="vtoroy")
    services.add_settlement(team=make_team(second), name="г. Тверь")
    response = client.get(reverse("public:report_any"))
    html = response.content.decode()
    assert reverse("public:report", args=["vtoroy"]) in html
    assert reverse("public:report", args=[place.page.slug]) in html
    assert "form" not in response.context


def test_no_open_page_is_a_404_and_a_closed_one_too(client: Client, place: Place) -> None:
    place.page.is_open = False
    place.page.save()
    assert client.get(reverse("public:report_any")).status_code == 404
    assert client.get(report_url(place)).status_code == 404
    assert client.get(reverse("public:report", args=["nobody"])).status_code == 404


def test_the_page_is_a_fixed_handful_of_queries(
    client: Client, place: Place, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        assert client.get(report_url(place)).status_code == 200


def test_a_page_address_taken_or_reserved_is_refused(org: Organisation, place: Place) -> None:
    from kurator.intake.errors import IntakeError

    other = make_organisation("Другой фонд")
    with pytest.raises(IntakeError, match="уже занят"):
        services.open_public_page(organisation_id=other.pk, slug=place.page.slug)
    with pytest.raises(IntakeError, match="занят самой системой"):
        services.open_public_page(organisation_id=other.pk, slug="status")
    with pytest.raises(IntakeError, match="Только латинские"):
        services.open_public_page(organisation_id=other.pk, slug="дети")


def test_one_settlement_name_routes_to_one_team(place: Place, other_team: Team) -> None:
    from kurator.intake.errors import IntakeError

    with pytest.raises(IntakeError, match="уже есть"):
        services.add_settlement(team=other_team, name="г.  Смоленск")


# --- the status lookup ------------------------------------------------------------------------


def _reported(client: Client, clock: Clock, place: Place) -> tuple[Signal, str]:
    response = send(client, clock, report_url(place), report_data(place.smolensk))
    receipt = response.context["receipt"]
    return Signal.objects.get(pk=receipt.number), receipt.code


def test_the_status_with_number_and_code_says_only_received(
    client: Client, clock: Clock, place: Place
) -> None:
    signal, code = _reported(client, clock, place)
    response = _status(client, signal.pk, code.lower())
    assert response.status_code == 200
    html = response.content.decode()
    assert "принят" in html
    for detail in ("Петровы", "Лесная", "холодно", signal.team.name):
        assert detail not in html


def test_a_wrong_code_answers_exactly_as_an_unknown_number(
    client: Client, clock: Clock, place: Place, intake_operator: User
) -> None:
    signal, _code = _reported(client, clock, place)
    staff_signal = intake.record_signal(
        by=intake_operator,
        received_at=signal.received_at,
        channel=Signal.Channel.PHONE,
        source=Signal.Source.SCHOOL,
        description="Звонок из школы",
    )
    wrong = _status(client, signal.pk, "AAAAAAAA")
    unknown = _status(client, signal.pk + 1000, "AAAAAAAA")
    not_public = _status(client, staff_signal.pk, "AAAAAAAA")
    assert wrong.status_code == unknown.status_code == not_public.status_code == 404

    def body(response: Any) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        for pk in (signal.pk + 1000, signal.pk, staff_signal.pk):
            html = html.replace(str(pk), "N")
        return html

    assert body(wrong) == body(unknown) == body(not_public)


def test_guessing_codes_is_rate_limited(
    client: Client, clock: Clock, place: Place, settings: Any
) -> None:
    settings.KURATOR_RATE_LIMITS = {**settings.KURATOR_RATE_LIMITS, "public_status": (5, 600)}
    signal, code = _reported(client, clock, place)
    answers = [_status(client, signal.pk, f"AAAA{n:04d}").status_code for n in range(5)]
    assert answers == [404] * 5
    limited = _status(client, signal.pk, code)
    assert limited.status_code == 429
    assert "Слишком много сообщений подряд" in limited.content.decode()


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ("team_assigned", "в работе"),
        ("refused", "закрыт"),
        ("redirected", "передан в органы"),
    ],
)
def test_the_status_follows_the_signal_in_four_words(
    client: Client,
    clock: Clock,
    place: Place,
    senior: User,
    curator: User,
    psychologist: User,
    stage: str,
    words: str,
) -> None:
    signal, code = _reported(client, clock, place)
    if stage == "team_assigned":
        intake.assign_visit_team(
            signal=signal,
            by=senior,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=None,
        )
    else:
        decision = (
            TakeInDecision.Decision.REFUSE
            if stage == "refused"
            else TakeInDecision.Decision.REDIRECT
        )
        intake.decide_signal(signal=signal, by=senior, decision=decision, reason="Не наш профиль")
    html = _status(client, signal.pk, code).content.decode()
    assert f"<strong>{words}</strong>" in html


def test_the_operator_sees_where_the_signal_came_from_and_the_consent(
    client: Client,
    clock: Clock,
    place: Place,
    intake_operator: User,
    django_assert_max_num_queries: Any,
) -> None:
    data = report_data(place.smolensk, reporter_name="Анна", consent="on")
    send(client, clock, report_url(place), data)
    signal = Signal.objects.get()
    client.force_login(intake_operator)
    with django_assert_max_num_queries(40):
        html = client.get(reverse("intake:signal_detail", args=[signal.pk])).content.decode()
    assert "публичная страница «Сообщить о семье»" in html
    assert "согласие сообщившего на обработку его данных" in html
    journal = client.get(reverse("intake:signal_list")).content.decode()
    assert "форма на сайте" in journal


def test_an_operator_of_another_team_never_gets_the_email(
    client: Client,
    clock: Clock,
    place: Place,
    org: Organisation,
    other_team: Team,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_user(RoleCode.INTAKE_OPERATOR, organisation=org, team=other_team)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, clock, report_url(place), report_data(place.smolensk))
    assert mail.outbox == []  # team «Смоленск» has no operator, senior or head here
