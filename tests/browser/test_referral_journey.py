"""A referral from the plan in a real browser: the curator refers a plan action to
the guardianship authority's partner agent and sends it; the agent's user logs in, sees that
referral and nothing else (not another family's referral to another agent, not the case
page), accepts it and reports it done with a comment; the curator sees the result on the
plan."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_organisation, make_person, make_user
from kurator.network.services import agents, referrals
from kurator.plans.tests.factories import make_plan

STAFF_STEP = "Договориться со школой о продлённом дне"
NEED = "Согласовать с опекой позицию по устройству Оли в продлёнку"
FEEDBACK = "Позиция согласована, письмо в школу направлено"
OTHER_NEED = "Продуктовый набор для Петровых"


def test_curator_refers_a_plan_action_and_the_agent_reports_it_done(
    page: Page,
    login: Any,
    live_server: Any,
    senior: User,
    curator: User,
    psychologist: User,
    head: User,
) -> None:
    family = make_family(by=senior, name="Ивановы")
    mother = make_person(
        by=senior, family=family, role="parent", last_name="Иванова", first_name="Мария"
    )
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    assert built.staff_action.text == STAFF_STEP

    partner = make_organisation("Отдел опеки (партнёр)", is_partner=True)
    opeka = agents.create_agent(
        by=head,
        name="Отдел опеки Смоленского района",
        category="agency",
        email="opeka@example.org",
        partner_organisation=partner,
    )
    agents.add_agreement(
        agent=opeka, by=head, kind="cooperation", number="3-С", valid_from=date(2025, 1, 1)
    )
    agent_user = make_user(RoleCode.RESOURCE_AGENT, organisation=partner, username="agent1")

    # A second family referred to another agent: agent1 must not see it.
    others = make_family(by=senior, name="Петровы")
    other_parent = make_person(
        by=senior, family=others, role="parent", last_name="Петрова", first_name="Ольга"
    )
    other_case = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=others
    )
    bank = agents.create_agent(by=head, name="Продовольственный банк", category="ngo")
    agents.add_agreement(
        agent=bank, by=head, kind="cooperation", number="7-П", valid_from=date(2025, 1, 1)
    )
    other = referrals.create_referral(
        case=other_case,
        by=curator,
        agent=bank,
        need=OTHER_NEED,
        persons=[other_parent],
        due_on=timezone.localdate() + timedelta(days=5),
    )
    referrals.send_referral(referral=other, by=curator)
    base = live_server.url

    # The curator refers the plan action and sends the referral.
    login(curator.username)
    page.goto(f"{base}/plans/case/{case.pk}/")
    action = page.get_by_test_id("plan-action").filter(has_text=STAFF_STEP)
    action.get_by_test_id("action-refer").click()
    page.get_by_label("Агент", exact=True).select_option(str(opeka.pk))
    expect(page.get_by_label("Мероприятие плана")).to_have_value(str(built.staff_action.pk))
    page.get_by_label("Иванова Мария").check()
    page.get_by_label("Что нужно").fill(NEED)
    page.get_by_label("Срок").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("referral-facts")).to_contain_text(STAFF_STEP)
    page.get_by_label("Действие").select_option("sent")
    page.get_by_role("button", name="Записать").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("отправлено")

    # agent1 sees that referral and nothing else.
    login(agent_user.username)
    page.goto(f"{base}/network/my/")
    rows = page.get_by_test_id("my-referral")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Иванова Мария")
    expect(page.get_by_test_id("my-referrals")).not_to_contain_text("Петрова")
    assert page.goto(f"{base}/cases/{case.pk}/").status == 404  # type: ignore[union-attr]
    assert page.goto(f"{base}/plans/case/{case.pk}/").status == 404  # type: ignore[union-attr]
    assert page.goto(f"{base}/network/my/{other.pk}/").status == 404  # type: ignore[union-attr]

    page.goto(f"{base}/network/my/")
    page.get_by_test_id("my-referral").get_by_role("link").click()
    expect(page.get_by_test_id("referral-facts")).to_contain_text(NEED)
    expect(page.get_by_test_id("referral-facts")).not_to_contain_text(OTHER_NEED)
    page.get_by_label("Действие").select_option("accepted")
    page.get_by_role("button", name="Отправить ответ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("принято")
    page.get_by_label("Действие").select_option("done")
    page.get_by_label("Комментарий, обратная связь").fill(FEEDBACK)
    page.get_by_role("button", name="Отправить ответ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("выполнено")

    # The curator sees the result on the plan.
    login(curator.username)
    page.goto(f"{base}/plans/case/{case.pk}/")
    result = page.get_by_test_id("plan-action").filter(has_text=STAFF_STEP)
    referral = result.get_by_test_id("action-referral")
    expect(referral).to_have_count(1)
    expect(referral).to_contain_text("Отдел опеки Смоленского района")
    expect(referral).to_contain_text("выполнено")
    expect(referral.get_by_test_id("action-referral-feedback")).to_have_text(FEEDBACK)
