"""A consent gate in a real browser: the curator refers a child to the guardianship
authority's agent, is stopped because the child has no consent to transfer data to state
bodies, follows «Записать согласие», records it signed by the mother, comes back to the same
referral filled in, saves and sends it; the agent then sees the child's name."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import (
    give_consents,
    make_family,
    make_organisation,
    make_person,
    make_user,
)
from kurator.network.services import agents

NEED = "Консультация опеки по оформлению пособия"


def test_curator_meets_the_transfer_gate_records_the_consent_and_goes_on(
    page: Page,
    login: Any,
    live_server: Any,
    senior: User,
    curator: User,
    psychologist: User,
    head: User,
) -> None:
    family = make_family(by=senior, name="Соколовы")
    make_person(
        by=senior,
        family=family,
        role="parent",
        last_name="Соколова",
        first_name="Мария",
        birth_date=date(1987, 5, 1),
    )
    give_consents(by=senior, family=family, purposes=["case_work"])
    case = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=family, consents=False
    )
    child = make_person(
        by=senior,
        family=family,
        last_name="Соколова",
        first_name="Оля",
        birth_date=date(2017, 3, 3),
    )
    partner = make_organisation("Отдел опеки (партнёр)", is_partner=True)
    opeka = agents.create_agent(
        by=head,
        name="Отдел опеки Смоленского района",
        category="agency",
        partner_organisation=partner,
    )
    agents.add_agreement(
        agent=opeka, by=head, kind="cooperation", number="3-С", valid_from=date(2025, 1, 1)
    )
    agent_user = make_user(RoleCode.RESOURCE_AGENT, organisation=partner, username="agent1")
    base = live_server.url

    # The curator refers the child: refused, with the reason and the two ways on.
    login(curator.username)
    page.goto(base + reverse("network:referral_create", args=[case.pk]))
    page.get_by_label("Агент", exact=True).select_option(str(opeka.pk))
    page.get_by_label("Соколова Оля").check()
    page.get_by_label("Что нужно").fill(NEED)
    page.get_by_label("Срок").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Сохранить").click()
    gate = page.get_by_test_id("consent-gate")
    expect(gate).to_contain_text("Нет согласия на передачу данных")
    expect(gate).to_contain_text("министерство или ведомство")
    expect(gate).to_contain_text("Соколова Оля")
    expect(page.get_by_test_id("send-depersonalised")).to_be_visible()

    # «Записать согласие»: the mother signs for the child; back to the same referral.
    page.get_by_test_id("record-consent").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Соколова Оля")
    expect(page.get_by_label("передача данных: министерство или ведомство")).to_be_checked()
    page.get_by_label("Какие данные и какие действия").fill("ФИО, дата рождения — органу опеки")
    page.get_by_label("Подписал законный представитель").select_option(
        label="Соколова Мария Петровна"
    )
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_label("Что нужно")).to_have_value(NEED)
    expect(page.get_by_label("Соколова Оля")).to_be_checked()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("referral-facts")).to_contain_text(NEED)
    page.get_by_label("Действие").select_option("sent")
    page.get_by_role("button", name="Записать").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("отправлено")

    # The agent sees the child's name: the consent is there.
    login(agent_user.username)
    page.goto(f"{base}/network/my/")
    expect(page.get_by_test_id("my-referral")).to_contain_text("Соколова Оля")
    assert child.pk
