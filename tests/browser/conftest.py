"""Playwright in Debian's chromium (``/usr/bin/chromium``, installed by ``make test``) — never a
downloaded browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from kurator.core.testing import TEST_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Europe/Moscow"}


@pytest.fixture
def login(page: Page, live_server: Any) -> Any:
    """``login("curator1")`` signs in through the real login form; the page is then the
    user's start page (a dashboard, «Мои задачи», the signal journal …)."""

    def _login(username: str, password: str = TEST_PASSWORD) -> Page:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill(username)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return _login
