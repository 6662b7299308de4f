"""The intake journey in a real browser: a phone signal about a known family → the senior
curator names the first-visit team → the curator records the visit and report → the senior
curator accepts. Each step checks the status and the deadlines the page shows."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from kurator.accounts.models import User
from kurator.core import workdays
from kurator.core.testing import make_family, make_person
from kurator.intake.models import Signal


def _d(day: Any) -> str:
    return f"{day:%d.%m.%Y}"


def test_phone_signal_to_accepted_family(
    page: Page,
    login: Any,
    live_server: Any,
    intake_operator: User,
    senior: User,
    curator: User,
    psychologist: User,
) -> None:
    family = make_family(by=intake_operator, name="Ивановы", distance_km="42")
    make_person(by=intake_operator, family=family, last_name="Иванова", first_name="Мария")

    # 1. The intake operator takes a phone call and finds the family already known.
    login("intake")
    page.goto(f"{live_server.url}/signals/new/")
    expect(page.get_by_label("Канал")).to_have_value("phone")
    page.get_by_label("Источник").select_option(label="школа")
    page.get_by_label("Что сообщили").fill("Девочка приходит в школу голодной, мама болеет.")
    page.get_by_label("Фамилия").fill("Иванова")
    page.get_by_label("Имя", exact=True).fill("Мария")
    expect(page.get_by_test_id("duplicate-person").first).to_contain_text("Иванова Мария Петровна")
    page.get_by_label("Семья «Ивановы»").first.check()
    page.get_by_test_id("save-signal").click()

    expect(page.get_by_test_id("signal-status")).to_have_text("новый")
    expect(page.get_by_test_id("family")).to_contain_text("Ивановы")
    signal = Signal.objects.get()
    assert signal.family == family
    received = timezone.localdate(signal.received_at)
    expect(page.get_by_test_id("team_due")).to_contain_text(_d(workdays.team_due(received)))
    expect(page.get_by_test_id("visit_due")).to_contain_text(_d(workdays.visit_due(received)))
    detail = page.url

    # 2. The senior curator names a future curator and a psychologist, seeing their load.
    login("senior")
    page.goto(detail)
    page.get_by_role("link", name="Назначить команду выезда").click()
    expect(page.get_by_test_id("family-distance")).to_contain_text("42")
    page.get_by_label("Будущий куратор").select_option(value=str(curator.pk))
    page.get_by_label("Психолог").select_option(value=str(psychologist.pk))
    page.get_by_role("button", name="Назначить").click()
    expect(page.get_by_test_id("signal-status")).to_have_text("назначена команда выезда")
    expect(page.get_by_test_id("future-curator")).to_contain_text("Белова Ольга")
    expect(page.get_by_test_id("psychologist")).to_contain_text("Лебедева Анна")

    # 3. The curator records the visit with the report.
    login("curator")
    page.goto(detail)
    page.get_by_role("link", name="Отметить выезд").click()
    page.get_by_label("Отчёт о первичном выезде").fill(
        "Мама после операции, дома нет продуктов. Рекомендуем взять на сопровождение."
    )
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("signal-status")).to_have_text("выезд проведён")
    signal.refresh_from_db()
    assert signal.report_due is not None and signal.decision_due is not None
    report_due = timezone.localtime(signal.report_due)
    expect(page.get_by_test_id("report_due")).to_contain_text(f"{report_due:%d.%m.%Y %H:%M}")
    expect(page.get_by_test_id("decision_due")).to_contain_text(_d(signal.decision_due))
    expect(page.get_by_test_id("visit-report")).to_contain_text("Мама после операции")

    # 4. The senior curator accepts with the consilium.
    login("senior")
    page.goto(detail)
    page.get_by_role("link", name="Взять в работу").click()
    page.get_by_label("Белова Ольга").check()
    page.get_by_label("Лебедева Анна").check()
    page.get_by_test_id("confirm-decision").click()
    expect(page.get_by_test_id("signal-status")).to_have_text("взят в работу")
    expect(page.get_by_test_id("decision")).to_contain_text("Белова О.")
    expect(page.get_by_test_id("timeline")).to_contain_text("Решение: взять в работу")

    # The journal shows the signal accepted, with its deadlines.
    page.goto(f"{live_server.url}/signals/")
    row = page.locator(f'[data-signal="{signal.pk}"]')
    expect(row).to_contain_text("взят в работу")
    expect(row).to_contain_text(_d(signal.visit_due))
