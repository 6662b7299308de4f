"""The monitoring pages: a quarterly review through the form, applied with a confirmation;
the annual «close» sends to the closing page; the monthly form is read-only after submit;
Russian form errors; access per role; bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.monitoring.models import MonthlyForm, Review
from kurator.monitoring.services import reviews as services
from kurator.plans.models import PlanVersion
from kurator.plans.tests.factories import BuiltPlan

pytestmark = pytest.mark.django_db


def _login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _quarterly_post(built: BuiltPlan, curator: User) -> dict[str, str]:
    staff, family = built.staff_action.pk, built.family_action.pk
    return {
        "period": "1",
        "state": "В доме порядок, Оля ходит в школу.",
        f"done_{staff}": "1",
        f"done_{family}": "0",
        f"reason_{family}": "Мама работала в ночную смену",
        f"drop_{family}": "on",
        "new_text_0": "Найти Оле кружок рисования",
        "new_goal_0": str(built.goal.pk),
        "new_kind_0": "staff",
        "new_user_0": str(curator.pk),
        "new_due_0": (timezone.localdate() + timedelta(days=30)).strftime("%d.%m.%Y"),
        "agencies": "Центр занятости",
    }


def test_quarterly_review_through_the_pages_becomes_version_2(
    client: Client, case: Case, built: BuiltPlan, curator: User
) -> None:
    _login(client, curator)
    url = reverse("monitoring:quarterly_create", args=[case.pk])
    assert "Будить Олю к 7:00" in client.get(url).content.decode()
    response = client.post(url, _quarterly_post(built, curator))
    review = Review.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:review", args=[review.pk])

    apply_url = reverse("monitoring:review_apply", args=[review.pk])
    page = client.get(apply_url).content.decode()
    assert "Найти Оле кружок рисования" in page  # the confirmation lists the changes
    assert PlanVersion.objects.filter(plan=built.plan).count() == 1  # GET changes nothing
    response = client.post(apply_url)
    assert response.status_code == 302
    assert client.post(apply_url).status_code == 302  # a double click
    versions = PlanVersion.objects.filter(plan=built.plan).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert sorted(versions[1].actions.values_list("text", flat=True)) == [
        "Договориться со школой о продлённом дне",
        "Найти Оле кружок рисования",
    ]


def test_quarterly_form_errors_are_russian(
    client: Client, case: Case, built: BuiltPlan, curator: User
) -> None:
    _login(client, curator)
    data = _quarterly_post(built, curator)
    data.update({"state": "", f"reason_{built.family_action.pk}": "", "new_kind_0": ""})
    page = client.post(reverse("monitoring:quarterly_create", args=[case.pk]), data)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Опишите текущее состояние семьи." in body
    assert "Укажите, почему не выполнено." in body
    assert "Укажите, кто отвечает за новое действие." in body
    assert not Review.objects.exists()


def test_a_quarter_not_begun_is_a_form_error(
    client: Client, case: Case, built: BuiltPlan, curator: User
) -> None:
    _login(client, curator)
    data = _quarterly_post(built, curator) | {"period": "3"}
    body = client.post(reverse("monitoring:quarterly_create", args=[case.pk]), data)
    assert "3-й квартал сопровождения ещё не начался" in body.content.decode()


def test_annual_close_sends_to_the_closing_page(client: Client, case: Case, curator: User) -> None:
    _login(client, curator)
    response = client.post(
        reverse("monitoring:annual_create", args=[case.pk]),
        {"year": "1", "state": "Риск минимален", "decision": "close", "reason": "Цели достигнуты"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:close", args=[case.pk])
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_annual_extend_shows_the_review(client: Client, case: Case, curator: User) -> None:
    _login(client, curator)
    response = client.post(
        reverse("monitoring:annual_create", args=[case.pk]),
        {"year": "1", "state": "Стабильно", "decision": "extend", "reason": "Жильё"},
        follow=True,
    )
    assert "продлить сопровождение" in response.content.decode()


def test_monthly_form_is_read_only_after_submit(
    client: Client, case: Case, built: BuiltPlan, curator: User
) -> None:
    _login(client, curator)
    response = client.post(
        reverse("monitoring:monthly_start", args=[case.pk]),
        {"month": timezone.localdate().strftime("%m.%Y")},
    )
    form = MonthlyForm.objects.get(case=case)
    assert response["Location"] == reverse("monitoring:monthly", args=[form.pk])
    detail = reverse("monitoring:monthly", args=[form.pk])
    bad = client.post(
        detail,
        {
            "contacts": "-2",
            "home_visits": "0",
            "actions_done": "0",
            "actions_due": "0",
            "meetings": "0",
            "services": "0",
            "summary": "",
        },
    )
    assert "Введите целое число от 0 до 1000." in bad.content.decode()
    values = {
        "contacts": "3",
        "home_visits": "1",
        "actions_done": "0",
        "actions_due": "2",
        "meetings": "0",
        "services": "0",
        "summary": "Стало спокойнее",
        "difficulties": "",
        "next_steps": "",
    }
    assert client.post(detail, values).status_code == 302
    submit = reverse("monitoring:monthly_submit", args=[form.pk])
    assert client.post(submit).status_code == 302
    form.refresh_from_db()
    assert form.is_submitted and form.contacts == 3
    page = client.get(detail).content.decode()
    assert 'name="summary"' not in page  # no form any more
    client.post(detail, values | {"contacts": "9"})
    form.refresh_from_db()
    assert form.contacts == 3


def test_a_bad_month_gets_a_message(client: Client, case: Case, curator: User) -> None:
    _login(client, curator)
    body = client.post(reverse("monitoring:monthly_start", args=[case.pk]), {"month": "13.2020"})
    assert "Укажите месяц в формате мм.гггг." in body.content.decode()


@pytest.fixture
def review(case: Case, built: BuiltPlan, curator: User) -> Review:
    return services.record_quarterly_review(
        case=case,
        period=1,
        items=[
            services.ItemInput(action=built.staff_action, done=True),
            services.ItemInput(action=built.family_action, done=True),
        ],
        state="Всё по плану",
        proposals=services.Proposals(drop=[built.family_action]),
        by=curator,
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("curator", 200),
        ("senior", 200),
        ("head", 200),
        ("director", 200),
        ("colleague", 404),
        ("other_team_curator", 404),
        ("outsider", 404),
        ("intake_operator", 404),
    ],
)
def test_who_reads_a_review(
    client: Client, review: Review, who: str, status: int, request: pytest.FixtureRequest
) -> None:
    _login(client, request.getfixturevalue(who))
    for name in ("monitoring:review", "monitoring:review_print"):
        assert client.get(reverse(name, args=[review.pk])).status_code == status
    assert client.get(reverse("monitoring:case", args=[review.case_id])).status_code == status


def test_outside_the_scope_apply_is_404_and_changes_nothing(
    client: Client, review: Review, other_team_curator: User, built: BuiltPlan
) -> None:
    _login(client, other_team_curator)
    assert client.post(reverse("monitoring:review_apply", args=[review.pk])).status_code == 404
    assert PlanVersion.objects.filter(plan=built.plan).count() == 1


def test_the_printable_review_holds_the_items(
    client: Client, review: Review, curator: User
) -> None:
    _login(client, curator)
    body = client.get(reverse("monitoring:review_print", args=[review.pk])).content.decode()
    assert "Будить Олю к 7:00" in body and "исключить" in body and "Всё по плану" in body


def test_the_case_page_shows_the_monitoring_card(
    client: Client, review: Review, curator: User
) -> None:
    _login(client, curator)
    body = client.get(reverse("cases:case_detail", args=[review.case_id])).content.decode()
    assert 'data-testid="monitoring-card"' in body


def test_pages_make_a_bounded_number_of_queries(
    client: Client,
    review: Review,
    curator: User,
    django_assert_max_num_queries: object,
) -> None:
    _login(client, curator)
    for period_start in range(4):
        MonthlyForm.objects.create(
            case=review.case,
            month=timezone.localdate().replace(day=1) - timedelta(days=31 * period_start),
            author=curator,
        )
    for name, pk in (
        ("monitoring:case", review.case_id),
        ("monitoring:review", review.pk),
        ("monitoring:review_print", review.pk),
        ("monitoring:quarterly_create", review.case_id),
        ("api-case-reviews", review.case_id),
    ):
        with django_assert_max_num_queries(20):  # type: ignore[operator]
            assert client.get(reverse(name, args=[pk])).status_code == 200
