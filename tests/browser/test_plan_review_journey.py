"""The plan reviewed in a real browser: the curator opens her case's plan, adds actions
for herself, the mother and a resource agent, records a home visit that completes one action,
runs a quarterly review that drops one action and adds another, turns the review into plan
version 2, sees version 1 unchanged beside version 2, and downloads the XLSX, which opens with
openpyxl and holds the actions."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from kurator.accounts.models import User
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.network.services import agents as network

GOAL = "Дети ходят в школу каждый день"
STAFF_STEP = "Договориться со школой о продлённой группе"
FAMILY_STEP = "Будить детей к 7:00"
AGENT_STEP = "Выдать семье школьную форму"
NEW_STEP = "Записать детей в кружок при школе"
AGENCY = "Благотворительный фонд «Добрые руки»"


def test_curator_plans_visits_reviews_and_revises(
    page: Page,
    login: Any,
    live_server: Any,
    senior: User,
    head: User,
    curator: User,
    psychologist: User,
) -> None:
    family = make_family(by=senior, name="Ивановы")
    mother = make_person(
        by=senior,
        family=family,
        role="parent",
        last_name="Иванова",
        first_name="Мария",
        birth_date=date(1988, 3, 12),
    )
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    agent = network.create_agent(by=head, name=AGENCY, category="agency")
    base = live_server.url
    due = (timezone.localdate() + timedelta(days=10)).isoformat()

    # The plan: one goal, three actions — the curator's, the mother's, the resource agent's.
    login(curator.username)
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_test_id("plan-link").click()
    page.get_by_test_id("start-plan").click()
    page.get_by_test_id("plan-create").click()
    expect(page.get_by_test_id("plan-draft")).to_be_visible()

    page.get_by_test_id("goal-add").click()
    page.get_by_label("Цель").fill(GOAL)
    page.get_by_test_id("submit").click()

    page.get_by_test_id("action-add").click()
    page.get_by_label("Действие (шаг)").fill(STAFF_STEP)
    page.get_by_label("сотрудник", exact=True).check()
    page.get_by_label("Сотрудник", exact=True).select_option(str(curator.pk))
    page.get_by_label("Срок").fill(due)
    page.get_by_test_id("submit").click()

    page.get_by_test_id("action-add").click()
    page.get_by_label("Действие (шаг)").fill(FAMILY_STEP)
    page.get_by_label("член семьи", exact=True).check()
    page.get_by_label("Член семьи", exact=True).select_option(str(mother.pk))
    page.get_by_test_id("submit").click()

    page.get_by_test_id("action-add").click()
    page.get_by_label("Действие (шаг)").fill(AGENT_STEP)
    page.get_by_label("агент ресурсной сети", exact=True).check()
    page.get_by_label("Агент ресурсной сети", exact=True).select_option(str(agent.pk))
    page.get_by_label("Срок").fill(due)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("plan-action")).to_have_count(3)
    expect(page.get_by_test_id("family-step")).to_have_count(1)
    expect(page.get_by_test_id("plan-actions")).to_contain_text(AGENCY)

    page.get_by_test_id("agree").click()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("plan-agreed")).to_be_visible()

    # A home visit that completes the mother's step.
    page.get_by_test_id("contact-add").click()
    page.get_by_label("посещение на дому", exact=True).check()
    page.locator("#id_persons").get_by_label("Иванова", exact=False).check()
    page.get_by_label("Что обсудили, что видели").fill("Дети встают вовремя, в школу ходят.")
    page.locator("#id_done_actions").get_by_label(FAMILY_STEP, exact=False).check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("contacts")).to_contain_text("посещение на дому")
    mother_row = page.get_by_test_id("plan-action").filter(has_text=FAMILY_STEP)
    expect(mother_row.get_by_test_id("action-status")).to_contain_text("выполнено")

    # The quarterly review (the first quarter of support): drop the curator's step, add one.
    page.goto(f"{base}/monitoring/case/{case.pk}/")
    page.get_by_test_id("quarterly-create").click()
    page.get_by_label("Квартал сопровождения (номер)").fill("1")
    rows = page.get_by_test_id("review-actions").locator("tbody tr")
    expect(rows).to_have_count(3)
    staff_row = rows.filter(has_text=STAFF_STEP)
    staff_row.get_by_label("не выполнено", exact=True).check()
    staff_row.locator("textarea").fill("Школа сама открыла продлёнку")
    staff_row.locator("input[type=checkbox]").check()
    expect(rows.filter(has_text=FAMILY_STEP).get_by_label("выполнено", exact=True)).to_be_checked()
    rows.filter(has_text=AGENT_STEP).get_by_label("не выполнено", exact=True).check()
    rows.filter(has_text=AGENT_STEP).locator("textarea").fill("Фонд ждёт поставку")
    page.locator("textarea[name=state]").fill("Дети ходят в школу, мама справляется.")
    new_row = page.get_by_test_id("review-new-actions").locator("tbody tr").first
    new_row.locator("[name=new_text_0]").fill(NEW_STEP)
    new_row.locator("[name=new_goal_0]").select_option(label=GOAL)
    new_row.locator("[name=new_kind_0]").select_option("staff")
    new_row.locator("[name=new_user_0]").select_option(str(curator.pk))
    new_row.locator("[name=new_due_0]").fill(
        (timezone.localdate() + timedelta(days=30)).strftime("%d.%m.%Y")
    )
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("new-action")).to_contain_text(NEW_STEP)

    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("apply-summary")).to_be_visible()
    page.get_by_test_id("submit").click()

    # Version 2 is current; version 1 stays readable and unchanged, side by side with 2.
    page.goto(f"{base}/plans/case/{case.pk}/")
    expect(page.get_by_test_id("plan-version")).to_have_text("версия 2")
    actions = page.get_by_test_id("plan-action")
    expect(actions).to_have_count(3)
    expect(page.get_by_test_id("plan-actions")).not_to_contain_text(STAFF_STEP)
    expect(page.get_by_test_id("plan-actions")).to_contain_text(NEW_STEP)

    page.get_by_test_id("diff-link").click()
    expect(page.get_by_test_id("diff-summary")).to_contain_text("Добавлено: 1")
    expect(page.get_by_test_id("diff-summary")).to_contain_text("исключено: 1")
    expect(page.get_by_test_id("diff-removed")).to_contain_text(STAFF_STEP)
    expect(page.get_by_test_id("diff-added")).to_contain_text(NEW_STEP)
    diff = page.get_by_test_id("plan-diff")
    expect(diff.locator("thead")).to_contain_text("Версия 1")
    expect(diff.locator("thead")).to_contain_text("Версия 2")

    page.goto(f"{base}/plans/case/{case.pk}/")
    page.get_by_test_id("version-link").filter(has_text="Версия 1").click()
    v1 = page.get_by_test_id("plan-action")
    expect(v1).to_have_count(3)
    for text in (STAFF_STEP, FAMILY_STEP, AGENT_STEP):
        expect(v1.filter(has_text=text)).to_have_count(1)
    expect(v1.filter(has_text=NEW_STEP)).to_have_count(0)
    expect(page.get_by_test_id("version-facts")).to_contain_text("Согласована с семьёй")

    # The XLSX export of the current version holds its actions.
    page.goto(f"{base}/plans/case/{case.pk}/")
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    sheet = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    assert sheet is not None
    values = " | ".join(
        str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None
    )
    for text in (FAMILY_STEP, AGENT_STEP, NEW_STEP, AGENCY):
        assert text in values
    assert STAFF_STEP not in values  # dropped by the review in version 2
