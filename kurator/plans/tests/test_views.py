"""The plan pages per role, forms with Russian errors, the XLSX (opened with openpyxl), the
family's print page, and bounded query counts."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.network.models import Referral, ResourceAgent
from kurator.network.services import referrals
from kurator.people.models import Person
from kurator.plans import services
from kurator.plans.models import Plan, PlanAction
from kurator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def _login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _refer(
    case: Case,
    curator: User,
    agent: ResourceAgent,
    mother: Person,
    action: PlanAction,
    need: str = "Консультация по трудоустройству",
) -> Referral:
    return referrals.create_referral(
        case=case,
        by=curator,
        agent=agent,
        need=need,
        persons=[mother],
        due_on=timezone.localdate() + timedelta(days=10),
        plan_action=action,
        confirmed=True,  # the agent has no agreement: the warning is confirmed
    )


def test_curator_builds_agrees_and_revises_a_plan_through_the_pages(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    _login(client, curator)
    assert client.post(reverse("plans:create", args=[case.pk])).status_code == 302
    response = client.post(reverse("plans:goal_add", args=[case.pk]), {"text": "Оля ходит в школу"})
    assert response.status_code == 302
    plan = Plan.objects.get(case=case)
    assert plan.current_version is not None
    goal = plan.current_version.goals.get()
    response = client.post(
        reverse("plans:action_add", args=[case.pk]),
        {
            "goal": goal.pk,
            "text": "Будить Олю к 7:00",
            "responsible_kind": "family",
            "responsible_person": mother.pk,
            "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    today = timezone.localdate().isoformat()
    assert (
        client.post(reverse("plans:agree", args=[case.pk]), {"agreed_on": today}).status_code == 302
    )
    response = client.post(
        reverse("plans:revise", args=[case.pk]), {"reason": "Новые обстоятельства"}
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:plan", args=[case.pk])).content.decode()
    assert "версия 2" in page
    assert "шаг семьи" in page
    diff = client.get(reverse("plans:diff", args=[case.pk])).content.decode()
    assert "Версия 1 и версия 2" in diff


def test_action_form_without_a_responsible_says_so(
    client: Client, case: Case, curator: User
) -> None:
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="Цель", by=curator)
    _login(client, curator)
    response = client.post(
        reverse("plans:action_add", args=[case.pk]),
        {"goal": goal.pk, "text": "Шаг", "responsible_kind": "staff"},
    )
    assert response.status_code == 200
    assert "Выберите сотрудника, который отвечает." in response.content.decode()


def test_revise_form_without_a_reason_says_so(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    _login(client, curator)
    response = client.post(reverse("plans:revise", args=[case.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Укажите причину пересмотра плана." in response.content.decode()


def test_status_form_double_submit_changes_once(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    _login(client, curator)
    url = reverse("plans:action_status", args=[built.staff_action.pk])
    data = {"status": "done", "result": "Готово", "expected_status": "planned"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    built.staff_action.refresh_from_db()
    assert built.staff_action.status == PlanAction.Status.DONE
    assert case.timeline.filter(kind="plan.action_status").count() == 1


def test_other_team_curator_gets_404_on_every_plan_page(
    client: Client, case: Case, curator: User, mother: Person, other_team_curator: User
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    assert built.plan.current_version is not None
    _login(client, other_team_curator)
    for url in (
        reverse("plans:plan", args=[case.pk]),
        reverse("plans:export", args=[case.pk]),
        reverse("plans:print", args=[case.pk]),
        reverse("plans:version", args=[built.plan.current_version.pk]),
        reverse("plans:action_status", args=[built.staff_action.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_director_reads_the_plan_but_cannot_change_it(
    client: Client, case: Case, curator: User, mother: Person, director: User
) -> None:
    make_plan(case=case, curator=curator, mother=mother)
    _login(client, director)
    assert client.get(reverse("plans:plan", args=[case.pk])).status_code == 200
    assert client.get(reverse("plans:goal_add", args=[case.pk])).status_code == 403


def test_xlsx_holds_the_actions_and_formulas_stay_text(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    services.add_action(
        goal=built.goal,
        text="=1+1",
        responsible_kind="organisation",
        responsible_other="@школа",
        by=curator,
    )
    _login(client, curator)
    response = client.get(reverse("plans:export", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    assert "Договориться со школой о продлённом дне" in cells
    assert "Будить Олю к 7:00" in cells
    assert "Результат" in cells
    formula = cells["=1+1"]
    assert formula.data_type == "s"
    assert cells["@школа"].data_type == "s"


def test_family_print_has_one_line_per_step_with_tick_boxes(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    services.update_action_status(action=built.staff_action, status="cancelled", by=curator)
    _login(client, curator)
    page = client.get(reverse("plans:print", args=[case.pk])).content.decode()
    assert page.count('data-testid="family-step-line"') == 1  # the cancelled step is left out
    assert "Будить Олю к 7:00" in page
    assert 'class="tick"' in page
    assert "plans/print.css" in page


def test_case_page_shows_the_plan_card_with_its_warning(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    PlanAction.objects.filter(pk=built.family_action.pk).update(done_on=None)
    Plan.objects.filter(pk=built.plan.pk).update(
        agreed_on=timezone.localdate() - timedelta(days=20)
    )
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=30))
    _login(client, curator)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-plan-card"' in page
    assert "Низкая интенсивность" in page
    listing = client.get(reverse("cases:case_list")).content.decode()
    assert "Низкая интенсивность" in listing


def test_plan_page_query_count_is_bounded(
    client: Client,
    case: Case,
    curator: User,
    mother: Person,
    agent: ResourceAgent,
    django_assert_max_num_queries: object,
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    for n in range(5):
        services.record_contact(
            case=case,
            kind="call",
            happened_on=timezone.localdate(),
            persons=[mother],
            staff=[curator],
            actions=[built.staff_action],
            notes=f"Звонок {n}",
            by=curator,
        )
    for n in range(3):
        _refer(case, curator, agent, mother, built.staff_action, need=f"Нужно {n}")
        _refer(case, curator, agent, mother, built.family_action, need=f"Шаг {n}")
    _login(client, curator)
    # 21 at the time of writing, whatever the number of contacts and referrals.
    with django_assert_max_num_queries(23):  # type: ignore[operator]
        page = client.get(reverse("plans:plan", args=[case.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="action-referral"') == 6


def test_plan_page_shows_each_actions_referral_with_status_and_feedback(
    client: Client, case: Case, curator: User, mother: Person, agent: ResourceAgent
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    referral = _refer(case, curator, agent, mother, built.staff_action)
    referrals.send_referral(referral=referral, by=curator)
    referrals.move_referral(referral=referral, to="accepted", by=curator)
    referrals.move_referral(
        referral=referral, to="done", by=curator, comment="Мария встала на учёт, вакансии подобраны"
    )
    _login(client, curator)
    page = client.get(reverse("plans:plan", args=[case.pk])).content.decode()
    assert page.count('data-testid="action-referral"') == 1
    assert "Направление к «Центр занятости»" in page
    assert "выполнено" in page
    assert "Мария встала на учёт, вакансии подобраны" in page
    assert reverse("network:referral_detail", args=[referral.pk]) in page
    create = reverse("network:referral_create", args=[case.pk])
    assert f"{create}?action={built.staff_action.pk}" in page
    assert f"{create}?action={built.family_action.pk}" in page


def test_plan_page_shows_referrals_but_no_referral_link_to_who_cannot_write(
    client: Client,
    case: Case,
    curator: User,
    mother: Person,
    agent: ResourceAgent,
    director: User,
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    _refer(case, curator, agent, mother, built.staff_action)
    _login(client, director)
    page = client.get(reverse("plans:plan", args=[case.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="action-referral"') == 1
    assert 'data-testid="action-refer"' not in page.content.decode()


def test_case_list_with_warnings_query_count_is_bounded(
    client: Client,
    case: Case,
    curator: User,
    mother: Person,
    senior: User,
    psychologist: User,
    django_assert_max_num_queries: object,
) -> None:
    make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    for name in ("Петровы", "Сидоровы"):
        family = make_family(by=senior, name=name)
        parent = make_person(by=senior, family=family, role="parent", birth_date=None)
        other = open_case_for(
            senior=senior, curator=curator, psychologist=psychologist, family=family
        )
        make_plan(case=other, curator=curator, mother=parent, agree_on=timezone.localdate())
    _login(client, curator)
    # 15 for one case or eleven at the time of writing: the warnings take a fixed number.
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        page = client.get(reverse("cases:case_list"))
    assert page.status_code == 200
    assert page.content.decode().count("план согласован") == 3


def test_xlsx_opens_even_when_a_stored_action_holds_a_control_character(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    from kurator.plans.models import PlanAction

    make_plan(case=case, curator=curator, mother=mother)
    PlanAction.objects.filter(text="Будить Олю к 7:00").update(text="Будить Олю\x0b к 7:00")
    _login(client, curator)
    response = client.get(reverse("plans:export", args=[case.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert "Будить Олю к 7:00" in {cell.value for row in sheet.iter_rows() for cell in row}
