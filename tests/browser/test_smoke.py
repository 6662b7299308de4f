from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from kurator.accounts.models import User


def test_curator_signs_in_and_sees_russian_navigation(
    page: Page, login: Any, curator: User, live_server: Any
) -> None:
    login("curator")
    expect(page.get_by_role("heading", name="Мои задачи")).to_be_visible()
    expect(page.locator("nav")).to_contain_text("Белова")
    # Nothing on the page is loaded from outside the server.
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.reload()
    assert outside == []
