"""The public page «Сообщить о семье» in a real browser on a phone: an anonymous visitor
reports a family and gets her number and code; intake1 finds the signal in her team's journal
with channel «форма на сайте» and its deadlines; the visitor checks the status with her code
and reads only «принят»."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from kurator.accounts.models import Organisation, Team
from kurator.accounts.roles import RoleCode
from kurator.core.testing import TEST_PASSWORD, make_user
from kurator.intake.models import Signal
from kurator.intake.tests.public_helpers import Place, open_page

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "ru-RU",
    "timezone_id": "Europe/Moscow",
}
STORY = "Трое детей одни дома уже второй день, мама не появляется, в доме холодно."


@pytest.fixture
def place(org: Organisation, team: Team, other_team: Team, settings: Any) -> Place:
    # A browser types in milliseconds; the time-to-fill check has its own tests.
    settings.KURATOR_PUBLIC_FORM_MIN_SECONDS = 0
    return open_page(org, team, other_team)


def _sign_in(page: Page, live_server: Any, username: str) -> None:
    """Through the real sign-in form, as the ``login`` fixture does, wherever the start page
    then sends her."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_visitor_reports_a_family_from_her_phone_and_checks_its_status(
    browser: Browser,
    page: Page,
    live_server: Any,
    org: Organisation,
    team: Team,
    place: Place,
) -> None:
    make_user(
        RoleCode.INTAKE_OPERATOR,
        organisation=org,
        team=team,
        username="intake1",
        last_name="Зайцева",
        first_name="Мария",
    )
    phone = browser.new_context(**PHONE).new_page()

    # The visitor: no sign-in, one column on a phone.
    phone.goto(f"{live_server.url}/signal/")
    expect(
        phone.get_by_role("heading", name="Сообщить о семье, которой нужна помощь")
    ).to_be_visible()
    assert _fits_the_screen(phone)
    phone.get_by_label("Где живёт семья").select_option(label="Вяземский район")
    phone.get_by_label("Улица, дом — или как найти семью").fill("д. Новое, ул. Лесная, 9")
    phone.get_by_label("Что происходит с семьёй").fill(STORY)
    phone.get_by_role("button", name="Отправить").click()

    expect(phone.get_by_role("heading", name="Спасибо, сообщение принято")).to_be_visible()
    number = phone.get_by_test_id("receipt-number").inner_text().strip()
    code = phone.get_by_test_id("receipt-code").inner_text().strip()
    assert _fits_the_screen(phone)
    signal = Signal.objects.get(pk=int(number))
    assert signal.team_due is not None and signal.visit_due is not None

    # intake1: the signal in her team's journal, with its channel and deadlines.
    _sign_in(page, live_server, "intake1")
    page.goto(f"{live_server.url}/signals/")
    row = page.locator(f'[data-testid="signal-row"][data-signal="{number}"]')
    expect(row).to_contain_text("форма на сайте")
    expect(row).to_contain_text(f"{signal.team_due:%d.%m.%Y}")
    row.get_by_role("link", name=f"№{number}", exact=True).click()
    expect(page.get_by_test_id("description")).to_contain_text(STORY)
    expect(page.get_by_test_id("public-report")).to_contain_text("сообщивший не оставил")

    # The visitor checks the status with her number and code: one word, no details.
    phone.get_by_role("link", name="Узнать, что с сообщением").click()
    phone.get_by_label("Номер сообщения").fill(number)
    phone.get_by_label("Код").fill(code)
    phone.get_by_role("button", name="Узнать").click()
    status = phone.get_by_test_id("public-status")
    expect(status).to_contain_text("принят")
    expect(phone.locator("main")).not_to_contain_text("Лесная")
    expect(phone.locator("main")).not_to_contain_text(team.name)

    # A wrong code: the same «not found» as a number that does not exist.
    phone.get_by_label("Номер сообщения").fill(number)
    phone.get_by_label("Код").fill("AAAAAAAA")
    phone.get_by_role("button", name="Узнать").click()
    expect(phone.get_by_test_id("form-errors")).to_contain_text("не найдено")
    phone.context.close()
