"""The individual plan in a real browser: the curator opens her case, starts the
plan, adds a goal with her own step and the mother's own step, agrees it with the family,
revises it with a reason (dropping her step), sees version 1 unchanged beside version 2 and
the difference, and downloads the XLSX, which opens with openpyxl and holds the actions."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from kurator.accounts.models import User
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person

STAFF_STEP = "Договориться со школой о продлённой группе"
FAMILY_STEP = "Будить детей к 7:00"


def test_curator_builds_agrees_and_revises_a_plan(
    page: Page,
    login: Any,
    live_server: Any,
    senior: User,
    curator: User,
    psychologist: User,
) -> None:
    family = make_family(by=senior, name="Ивановы")
    mother = make_person(
        by=senior, family=family, role="parent", last_name="Иванова", first_name="Мария"
    )
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    base = live_server.url

    login(curator.username)
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_test_id("plan-link").click()
    page.get_by_test_id("start-plan").click()
    page.get_by_test_id("plan-create").click()
    expect(page.get_by_test_id("plan-draft")).to_be_visible()

    page.get_by_test_id("goal-add").click()
    page.get_by_label("Цель").fill("Дети ходят в школу каждый день")
    page.get_by_test_id("submit").click()

    due = (timezone.localdate() + timedelta(days=10)).isoformat()
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
    expect(page.get_by_test_id("plan-action")).to_have_count(2)
    expect(page.get_by_test_id("family-step")).to_have_count(1)

    page.get_by_test_id("agree").click()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("plan-agreed")).to_be_visible()
    expect(page.get_by_test_id("agreed-on-time")).to_be_visible()

    page.get_by_test_id("revise").click()
    page.get_by_label("Причина пересмотра").fill("Школа сама открыла продлёнку")
    page.get_by_label(STAFF_STEP, exact=False).check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("plan-version")).to_have_text("версия 2")
    expect(page.get_by_test_id("plan-action")).to_have_count(1)

    page.get_by_test_id("diff-link").click()
    expect(page.get_by_test_id("diff-removed")).to_contain_text(STAFF_STEP)
    expect(page.get_by_test_id("diff-summary")).to_contain_text("исключено: 1")

    page.goto(f"{base}/plans/case/{case.pk}/")
    page.get_by_test_id("version-link").first.click()
    expect(page.get_by_test_id("plan-action")).to_have_count(2)
    expect(page.get_by_test_id("version-facts")).to_contain_text("Согласована с семьёй")

    page.goto(f"{base}/plans/case/{case.pk}/")
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    path = info.value.path()
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet is not None
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert FAMILY_STEP in values
    assert STAFF_STEP not in values  # version 2 no longer has it
