"""The whole lifecycle in a real browser: a phone signal about a known
family → the senior curator names the first-visit team → the curator records the visit and
report → the senior curator accepts → the team head opens the case for the curator → the
curator scores complexity → closes the case to post-support → reopens it as a new case.
Each step checks the status and the deadlines the page shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core import workdays
from kurator.core.testing import give_consents, make_family, make_person
from kurator.intake.models import Signal


def _d(day: Any) -> str:
    return f"{day:%d.%m.%Y}"


def test_phone_signal_to_case_closed_and_reopened(
    page: Page,
    login: Any,
    live_server: Any,
    intake_operator: User,
    senior: User,
    curator: User,
    psychologist: User,
    head: User,
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
    page.get_by_label("Условия проживания").fill(
        "Мама после операции, дома нет продуктов. Рекомендуем взять на сопровождение."
    )
    page.get_by_label("Рекомендация команды").select_option(value="accept")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("signal-status")).to_have_text("выезд проведён")
    signal.refresh_from_db()
    assert signal.report_due is not None and signal.decision_due is not None
    report_due = timezone.localtime(signal.report_due)
    expect(page.get_by_test_id("report_due")).to_contain_text(f"{report_due:%d.%m.%Y %H:%M}")
    expect(page.get_by_test_id("decision_due")).to_contain_text(_d(signal.decision_due))
    expect(page.get_by_test_id("visit-report-sections")).to_contain_text("Мама после операции")

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

    # At the visit the grandmother, the children's guardian, signed the consent to the
    # processing of the family's data for case work; the curator recorded it (the consent
    # form's own journey: tests/browser/test_consent_gate_journey.py). Without it the
    # planned case would not open.
    make_person(
        by=curator,
        family=family,
        role="guardian",
        last_name="Петренко",
        first_name="Галина",
        birth_date=date(1961, 2, 2),
    )
    give_consents(by=curator, family=family, purposes=["case_work"])

    # 5. The team head opens the case; the visit's future curator is suggested.
    login("head")
    page.goto(detail)
    page.get_by_role("link", name="Открыть случай").click()
    expect(page.get_by_test_id("curator-suggestion")).to_contain_text("Белова О.")
    expect(page.get_by_label("Куратор случая")).to_have_value(str(curator.pk))
    page.get_by_role("button", name="Открыть случай").click()
    expect(page.get_by_test_id("case-status")).to_have_text("открыт")
    expect(page.get_by_test_id("case-curator")).to_contain_text("Белова Ольга")
    case = Case.objects.get(signal=signal)
    assert case.folder_due == workdays.case_folder_due(timezone.localdate(case.opened_at))
    expect(page.get_by_test_id("case-deadlines")).to_contain_text(_d(case.folder_due))
    expect(page.get_by_test_id("case-deadlines")).to_contain_text(_d(case.plan_due))
    case_url = page.url

    # 6. The curator scores complexity: 42 km (1) + 2 + 2 + 3 + 1 = 9 → medium.
    login("curator")
    page.goto(case_url)
    page.get_by_role("link", name="Оценить сложность").click()
    expect(page.get_by_label("Расстояние от офиса команды, км по дороге")).to_have_value("42.0")
    for field, points in [
        ("guardianship_tension", 2),
        ("resource_deficit", 2),
        ("removal_risk", 3),
        ("substance_use", 1),
    ]:
        page.locator(f'input[name="{field}"][value="{points}"]').check()
    page.get_by_role("button", name="Сохранить оценку").click()
    expect(page.get_by_test_id("case-complexity-card")).to_contain_text("средняя")
    expect(page.get_by_test_id("complexity-history")).to_contain_text("9")

    # 7. The consilium closes the case to post-support, a contact every 30 days.
    page.get_by_test_id("close-case").click()
    page.locator('input[name="reason"][value="goals_met"]').check()
    for box in page.locator('input[name="criteria"]').all():
        box.check()
    page.get_by_label("Отзыв семьи").fill("Спасибо, что были рядом.")
    page.get_by_label("Перевести в постсопровождение").check()
    page.get_by_label("Контакт с семьёй раз в (дней)").fill("30")
    page.get_by_role("button", name="Да, закрыть случай").click()
    expect(page.get_by_test_id("case-status")).to_have_text("постсопровождение")

    # 8. The situation worsens: the curator reopens; a new case inherits the history.
    page.get_by_test_id("reopen-case").click()
    page.get_by_label("Почему нужен новый случай").fill("Мама снова в больнице, дети одни.")
    page.get_by_role("button", name="Да, открыть новый случай").click()
    expect(page.get_by_test_id("case-status")).to_have_text("открыт")
    new_case = Case.objects.get(previous_case=case)
    assert page.url.rstrip("/").endswith(f"/cases/{new_case.pk}")
    expect(page.locator("body")).to_contain_text("Решение: взять в работу")  # inherited history
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
