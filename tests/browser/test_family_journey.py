"""A curator creates a family, adds two children, and the family
card lists both with their ages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from kurator.accounts.models import User


def _born(years: int) -> date:
    """A birthday ``years`` full years (and a couple of months) ago."""
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1) - timedelta(days=60)


def _add_child(page: Page, last_name: str, first_name: str, middle_name: str, born: date) -> None:
    page.get_by_test_id("member-add").click()
    expect(page.get_by_label("Кем приходится семье")).to_have_value("child")
    page.get_by_label("Фамилия", exact=True).fill(last_name)
    page.get_by_label("Имя", exact=True).fill(first_name)
    page.get_by_label("Отчество", exact=True).fill(middle_name)
    page.get_by_label("Дата рождения").fill(born.isoformat())
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{last_name} {first_name}")


def test_curator_creates_a_family_and_sees_both_children_with_their_ages(
    page: Page, login: Any, curator: User, live_server: Any
) -> None:
    login("curator")
    page.get_by_role("link", name="Семьи").click()
    page.get_by_test_id("family-create").click()

    page.get_by_label("Название семьи").fill("Смирновы")
    page.get_by_label("Адрес", exact=True).fill("г. Смоленск, ул. Ленина, д. 3, кв. 7")
    page.get_by_label("Расстояние до офиса команды, км по дороге").fill("12,5")
    page.get_by_role("button", name="Создать семью").click()

    expect(page.locator(".alert-success")).to_contain_text("Семья создана")
    expect(page.get_by_test_id("family-name")).to_contain_text("Смирновы")

    _add_child(page, "Смирнова", "Алиса", "Сергеевна", _born(7))
    _add_child(page, "Смирнов", "Егор", "Сергеевич", _born(3))

    rows = page.get_by_test_id("member-row")
    expect(rows).to_have_count(2)
    alisa = rows.filter(has_text="Смирнова Алиса Сергеевна")
    egor = rows.filter(has_text="Смирнов Егор Сергеевич")
    expect(alisa.get_by_test_id("member-age")).to_have_text("7 лет")
    expect(egor.get_by_test_id("member-age")).to_have_text("3 года")
    expect(alisa).to_contain_text("ребёнок")
