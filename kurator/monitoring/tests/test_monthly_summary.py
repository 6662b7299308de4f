"""The monthly general monitoring summary of a worker («Форма ежемесячного общего мониторинга» of
the case-work technology): exact figures from records built through the services, the XLSX in the
technology's table form, the JSON API, access per role and a query count that does not grow with the
number of cases."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services.lifecycle import add_months
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.meetings.services import meetings
from kurator.meetings.services.register import record_resolution
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.queries.monthly import monthly_summary, parse_month
from kurator.monitoring.services import monthly as monitoring
from kurator.monitoring.views.monthly import summary_xlsx
from kurator.network.services import agents as network
from kurator.network.services import aid
from kurator.plans import services as plans
from kurator.plans.models import Contact, PlanAction

pytestmark = pytest.mark.django_db


def last_month() -> date:
    return add_months(timezone.localdate().replace(day=1), -1)


def _open(senior: User, curator: User, psychologist: User, name: str, opened: date) -> Case:
    family = make_family(by=senior, name=name)
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    at = timezone.make_aware(timezone.datetime(opened.year, opened.month, opened.day, 10))
    Case.objects.filter(pk=case.pk).update(opened_at=at)
    case.refresh_from_db()
    return case


def _contact(case: Case, day: date, kind: str, by: User) -> None:
    plans.record_contact(case=case, kind=kind, happened_on=day, staff=[by], by=by)


@dataclass
class World:
    month: date
    main: Case  # Ивановы: in work all month, plan, visits, a meeting, aid, submitted form
    new: Case  # Петровы: opened in the month, on the register, no home visit, draft form
    closed: Case  # Сидоровы: closed in the month


@pytest.fixture
def world(senior: User, curator: User, psychologist: User, colleague: User, head: User) -> World:
    month = last_month()
    main = _open(senior, curator, psychologist, "Ивановы", month - timedelta(days=40))
    plan = plans.create_plan(case=main, by=curator)
    goal = plans.add_goal(plan=plan, text="Ребёнок ходит в школу", by=curator)

    def action(text: str, due: date) -> PlanAction:
        return plans.add_action(
            goal=goal,
            text=text,
            responsible_kind="staff",
            responsible_user=curator,
            due_on=due,
            by=curator,
        )

    done = action("Договориться со школой", month + timedelta(days=5))
    action("Оформить пособие", month + timedelta(days=12))  # due in the month, not done
    action("Ремонт крыльца", add_months(month, 2))  # due later
    plans.agree_plan_with_family(plan=plan, agreed_on=month - timedelta(days=30), by=curator)
    plans.update_action_status(
        action=done, status="done", done_on=month + timedelta(days=4), by=curator
    )
    _contact(main, month + timedelta(days=1), Contact.Kind.HOME_VISIT, curator)
    _contact(main, month + timedelta(days=14), Contact.Kind.HOME_VISIT, curator)
    _contact(main, month + timedelta(days=20), Contact.Kind.CALL, curator)
    _contact(main, add_months(month, -1) + timedelta(days=3), Contact.Kind.HOME_VISIT, curator)
    meetings.schedule_meeting(
        case=main,
        kind="consilium",
        held_on=month + timedelta(days=9),
        staff=[curator],
        by=curator,
    )
    mother = make_person(by=senior, family=main.family, role="parent", first_name="Анна")
    food = network.create_service(by=head, name="Продуктовый набор", group="material")
    aid.record_delivery(
        case=main,
        by=curator,
        service=food,
        delivered_on=month + timedelta(days=9),
        persons=[mother],
        quantity=2,
        unit_cost=1500,
        provider="staff",
        funding="own",
    )
    form = monitoring.start_monthly_form(case=main, month=month, by=curator)
    form = monitoring.update_monthly_form(form=form, by=curator, summary="Печь отремонтирована")
    monitoring.submit_monthly_form(form=form, by=curator)

    new = _open(senior, curator, psychologist, "Петровы", month + timedelta(days=5))
    record_resolution(
        case=new,
        by=senior,
        commission="КДНиЗП",
        number="5",
        resolution_date=month + timedelta(days=6),
        decision="register",
    )
    _contact(new, month + timedelta(days=7), Contact.Kind.CALL, curator)
    monitoring.start_monthly_form(case=new, month=month, by=curator)

    closed = _open(senior, curator, psychologist, "Сидоровы", month - timedelta(days=100))
    closed_at = timezone.make_aware(timezone.datetime(month.year, month.month, 11, 12))
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED, closed_at=closed_at)

    # Not in the summary: a colleague's case, a case of ours closed before the month, a case
    # opened after it.
    _open(senior, colleague, psychologist, "Кузнецовы", month - timedelta(days=10))
    gone = _open(senior, curator, psychologist, "Орловы", month - timedelta(days=90))
    Case.objects.filter(pk=gone.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.make_aware(timezone.datetime(2020, 1, 1))
    )
    return World(month=month, main=main, new=new, closed=closed)


def test_the_figures_come_from_the_months_records(world: World, curator: User) -> None:
    summary = monthly_summary(
        cases=access.cases_visible_to(curator), curator=curator, month=world.month
    )
    assert [row.family for row in summary.rows] == ["Ивановы", "Петровы", "Сидоровы"]
    totals = summary.totals
    assert totals["cases_at_start"] == 2  # Ивановы, Сидоровы
    assert totals["cases_at_end"] == 2  # Ивановы, Петровы
    assert totals["cases_opened"] == 1
    assert totals["cases_closed"] == 1
    assert totals["contacts"] == 4
    assert totals["home_visits"] == 2
    assert totals["actions_done"] == 1
    assert totals["actions_due"] == 2
    assert totals["actions_overdue"] == 1
    assert totals["meetings"] == 1
    assert totals["services"] == 1
    assert totals["aid_total"] == 3000
    assert totals["forms_submitted"] == 1
    assert totals["forms_not_submitted"] == 2
    assert totals["register_families"] == 1
    assert totals["register_without_visit"] == 1
    main, new, closed = summary.rows
    assert (main.contacts, main.home_visits, main.form_status) == (3, 2, "submitted")
    assert (new.opened_in_month, new.at_start, new.on_register) == (True, False, True)
    assert new.register_without_visit and new.form_status == "draft"
    assert (closed.closed_in_month, closed.at_end, closed.form_status) == (True, False, "")
    assert [row.family for row in summary.register_without_visit] == ["Петровы"]


def test_one_query_whatever_the_number_of_cases(
    world: World,
    curator: User,
    senior: User,
    psychologist: User,
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    for n in range(4):
        _open(senior, curator, psychologist, f"Семья{n}", world.month)
    cases = access.cases_visible_to(curator)
    with django_assert_num_queries(1):  # type: ignore[operator]
        summary = monthly_summary(cases=cases, curator=curator, month=world.month)
    assert len(summary.rows) == 7


def test_the_page_has_a_bounded_query_count(
    client: Client,
    world: World,
    head: User,
    curator: User,
    senior: User,
    psychologist: User,
    django_assert_max_num_queries: pytest.FixtureRequest,
) -> None:
    url = reverse("monitoring:monthly_summary")
    params = {"month": world.month.strftime("%Y-%m"), "curator": curator.pk}
    client.force_login(head)
    client.get(url, params)  # warm up the session
    with django_assert_max_num_queries(14) as few:  # type: ignore[operator]
        client.get(url, params)
    for n in range(6):
        _open(senior, curator, psychologist, f"Семья{n}", world.month)
    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[attr-defined,operator]
        page = client.get(url, params)
    assert page.status_code == 200
    assert "Семья5" in page.text


def test_the_xlsx_is_the_seeds_table(world: World, curator: User) -> None:
    summary = monthly_summary(
        cases=access.cases_visible_to(curator), curator=curator, month=world.month
    )
    book = load_workbook(io.BytesIO(summary_xlsx(summary)))
    sheet = book.active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Форма ежемесячного общего мониторинга"
    totals = {row[0]: row[1] for row in values if row and row[0]}
    assert totals["Случаев в работе на начало месяца"] == 2
    assert totals["из них посещений на дому"] == 2
    assert totals["из них без посещения на дому в этом месяце"] == 1
    rows = {row[1]: row for row in values if row and row[0] == world.main.pk}
    assert rows["Ивановы"][5:10] == [3, 2, 1, 2, 1]
    assert rows["Ивановы"][13] == "сдана"
    petrovy = next(row for row in values if row and row[1] == "Петровы")
    assert petrovy[14:16] == ["да", "нет посещения"]


def test_a_formula_in_a_family_name_is_written_as_text(
    senior: User, curator: User, psychologist: User
) -> None:
    _open(senior, curator, psychologist, "=HYPERLINK(1)", timezone.localdate())
    summary = monthly_summary(
        cases=access.cases_visible_to(curator), curator=curator, month=timezone.localdate()
    )
    book = load_workbook(io.BytesIO(summary_xlsx(summary)))
    sheet = book.active
    assert sheet is not None
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13", "Укажите месяц в формате гггг-мм."),
        ("ноябрь", "Укажите месяц в формате гггг-мм."),
        ("2999-01", "Месяц ещё не наступил."),
        ("1999-12", "Укажите месяц не раньше 2000 года."),
    ],
)
def test_a_bad_month_gets_a_russian_message(value: str, message: str) -> None:
    with pytest.raises(MonitoringError) as error:
        parse_month(value)
    assert error.value.message == message
    assert error.value.field == "month"


def test_month_formats() -> None:
    assert parse_month("2026-03") == date(2026, 3, 1)
    assert parse_month("03.2026") == date(2026, 3, 1)
    assert parse_month(None) == timezone.localdate().replace(day=1)


# --- access per role -------------------------------------------------------------------------


def _get(client: Client, user: User, **params: object) -> int:
    client.force_login(user)
    return client.get(reverse("monitoring:monthly_summary"), params).status_code


def test_a_curator_sees_her_own_and_not_a_colleagues(
    client: Client, world: World, curator: User, colleague: User
) -> None:
    client.force_login(curator)
    page = client.get(
        reverse("monitoring:monthly_summary"), {"month": world.month.strftime("%Y-%m")}
    )
    assert page.status_code == 200
    assert "Ивановы" in page.text and "Кузнецовы" not in page.text
    assert _get(client, curator, curator=colleague.pk) == 404


def test_the_team_head_and_director_pick_a_curator(
    client: Client, world: World, curator: User, head: User, senior: User, director: User
) -> None:
    month = world.month.strftime("%Y-%m")
    for viewer in (head, senior, director):
        client.force_login(viewer)
        page = client.get(
            reverse("monitoring:monthly_summary"), {"month": month, "curator": curator.pk}
        )
        assert page.status_code == 200, viewer
        assert "Ивановы" in page.text and "Петровы" in page.text


def test_another_teams_curator_and_outsiders_get_404(
    client: Client,
    world: World,
    curator: User,
    other_team_curator: User,
    outsider: User,
) -> None:
    assert _get(client, other_team_curator, curator=curator.pk) == 404
    assert _get(client, outsider, curator=curator.pk) in (403, 404)
    assert _get(client, other_team_curator, curator="abc") == 404


def test_without_case_read_it_is_a_403(client: Client, intake_operator: User) -> None:
    assert _get(client, intake_operator) == 403


def test_the_page_shows_a_bad_month_as_a_form_error(client: Client, curator: User) -> None:
    client.force_login(curator)
    page = client.get(reverse("monitoring:monthly_summary"), {"month": "2999-01"})
    assert page.status_code == 200
    assert "Месяц ещё не наступил." in page.text


def test_the_xlsx_download(client: Client, world: World, curator: User) -> None:
    client.force_login(curator)
    response = client.get(
        reverse("monitoring:monthly_summary_xlsx"), {"month": world.month.strftime("%Y-%m")}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content))
    assert book.active is not None
    bad = client.get(reverse("monitoring:monthly_summary_xlsx"), {"month": "x"})
    assert bad.status_code == 400


# --- API -------------------------------------------------------------------------------------


def _api(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_returns_the_figures(world: World, curator: User, head: User) -> None:
    response = _api(head).get(
        reverse("api-monthly-summary"),
        {"month": world.month.strftime("%Y-%m"), "curator": curator.pk},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["month"] == world.month.strftime("%Y-%m")
    assert body["curator"]["id"] == curator.pk
    assert body["totals"]["home_visits"] == 2
    assert body["totals"]["register_without_visit"] == 1
    assert body["totals"]["aid_total"] == "3000.00"
    families = {row["family"]: row for row in body["cases"]}
    assert families["Ивановы"]["actions_overdue"] == 1
    assert families["Петровы"]["register_without_visit"] is True


def test_api_bad_month_is_400_and_strangers_404(
    world: World, curator: User, other_team_curator: User
) -> None:
    bad = _api(curator).get(reverse("api-monthly-summary"), {"month": "2026-13"})
    assert bad.status_code == 400
    assert bad.json() == {"month": ["Укажите месяц в формате гггг-мм."]}
    stranger = _api(other_team_curator).get(reverse("api-monthly-summary"), {"curator": curator.pk})
    assert stranger.status_code == 404


def test_only_approved_spending_counts(
    world: World, curator: User, senior: User, head: User
) -> None:
    """Spending past the norm waits for the team head; until she grants it, and once she
    rejects it, neither the summary's sum nor the services of the month count it."""
    from kurator.monitoring.queries.monthly import month_figures
    from kurator.network.models import Delivery

    furniture = network.create_service(by=head, name="Мебель", group="material")
    father = make_person(by=senior, family=world.main.family, role="parent", first_name="Олег")
    day = world.month + timedelta(days=12)

    def big(quantity: int) -> Delivery:
        delivery = aid.record_delivery(
            case=world.main,
            by=curator,
            service=furniture,
            delivered_on=day,
            persons=[father],
            quantity=quantity,
            unit_cost=5_000_000,
            provider="staff",
            funding="own",
        )
        assert delivery.approval == Delivery.Approval.PENDING
        return delivery

    big(1)
    aid.decide_cost(delivery=big(2), by=head, approve=False, note="Не по нормативу")
    summary = monthly_summary(
        cases=access.cases_visible_to(curator), curator=curator, month=world.month
    )
    assert summary.totals["aid_total"] == 3000
    assert summary.totals["services"] == 1
    # The monthly form of the case is pre-filled from the same figures.
    assert month_figures(world.main, world.month).services == 1
