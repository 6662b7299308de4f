"""The content security policy in a real browser: the pages, htmx, Bootstrap's menus, the
admin and Swagger UI work without a single violation; the second factor, end to end."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import ConsoleMessage, Page, expect

from kurator.accounts.models import Organisation, SecondFactorDevice, User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import TEST_PASSWORD, make_family, make_user


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Every CSP violation the browser reports, from the console and the DOM event."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Refused to: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return found


def test_the_pages_htmx_and_menus_work_under_the_policy(
    page: Page, login: Any, live_server: Any, senior: User, violations: list[str]
) -> None:
    family = make_family(by=senior, name="Проверкины")
    login("senior")
    # Bootstrap's dropdown (JavaScript from a static file).
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
    for path in ("/cases/", "/signals/", "/people/", f"/people/families/{family.pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status < 400, path
    # htmx: the duplicate check on the new-signal form swaps in a fragment as you type.
    page.goto(f"{live_server.url}/signals/new/")
    with page.expect_response(lambda r: "/signals/duplicates" in r.url):
        page.locator(".js-duplicate-check").first.fill("Проверкин")
    assert violations == []


def test_the_print_button_works_without_inline_script(
    page: Page, login: Any, live_server: Any, senior: User, violations: list[str]
) -> None:
    login("senior")
    page.goto(f"{live_server.url}/")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.evaluate(
        "() => { const b = document.createElement('button'); b.dataset.kuratorPrint = '';"
        " b.id = 'p'; document.body.append(b); }"
    )
    page.locator("#p").click()
    assert page.evaluate("window.__printed") is True
    assert violations == []


def test_swagger_ui_renders_under_the_policy(
    page: Page, login: Any, live_server: Any, curator: User, violations: list[str]
) -> None:
    login("curator")
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Kurator API").first).to_be_visible(timeout=15000)
    expect(page.locator(".opblock").first).to_be_visible()
    assert violations == []


def test_the_admin_works_under_the_policy(
    page: Page, login: Any, live_server: Any, org: Organisation, violations: list[str]
) -> None:
    make_user(RoleCode.ADMINISTRATOR, organisation=org, username="admin1")
    login("admin1")
    page.goto(f"{live_server.url}/admin/accounts/user/")
    expect(page.locator("#result_list")).to_be_visible()
    page.goto(f"{live_server.url}/admin/accounts/team/add/")
    expect(page.locator("#team_form")).to_be_visible()
    assert violations == []


def test_a_user_enrols_the_second_factor_and_signs_in_with_it(
    page: Page, live_server: Any, curator: User, settings: Any, violations: list[str]
) -> None:
    settings.KURATOR_REQUIRE_2FA = True
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("curator")
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", name="Настройка двухфакторной проверки")).to_be_visible()
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    device = SecondFactorDevice.objects.get(user=curator)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    page.get_by_label("Код из приложения").fill(code)
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_url(f"{live_server.url}/tasks/")  # the curator's start page
    expect(page.get_by_text("Двухфакторная проверка настроена.")).to_be_visible()
    assert violations == []
