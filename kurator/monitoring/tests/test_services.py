"""The quarterly review becomes a plan revision in one step; the annual review decides; the
monthly form is pre-filled from the month's records only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case, TimelineEvent
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.models import MonthlyForm, Review
from kurator.monitoring.queries.monthly import month_figures
from kurator.monitoring.queries.reviews import opened_on
from kurator.monitoring.services import monthly, reviews
from kurator.monitoring.services.reviews import ItemInput, Proposals
from kurator.people.models import Person
from kurator.plans import services as plans
from kurator.plans.models import PlanAction, PlanVersion
from kurator.plans.services import ActionDraft
from kurator.plans.tests.factories import BuiltPlan
from kurator.tasks.models import Task, TaskKind
from kurator.tasks.services import schedule_task

from .conftest import move_opening

pytestmark = pytest.mark.django_db


def _review(case: Case, built: BuiltPlan, by: User, **extra: object) -> Review:
    values: dict[str, object] = {
        "case": case,
        "period": 1,
        "items": [
            ItemInput(action=built.staff_action, done=True),
            ItemInput(action=built.family_action, done=False, reason="Мама болела"),
        ],
        "state": "Оля ходит в школу, в доме тепло.",
        "proposals": Proposals(
            drop=[built.family_action],
            add=[
                ActionDraft(
                    text="Записать Олю в спортивную секцию",
                    responsible_kind="staff",
                    responsible_user=by,
                    goal=built.goal,
                    due_on=timezone.localdate() + timedelta(days=20),
                )
            ],
            agencies="Школа №5: социальный педагог",
        ),
        "by": by,
    }
    values.update(extra)
    return reviews.record_quarterly_review(**values)  # type: ignore[arg-type]


def test_quarterly_review_turns_into_a_revision_in_one_step(
    case: Case, built: BuiltPlan, curator: User
) -> None:
    review = _review(case, built, curator)
    version = reviews.apply_review(review=review, by=curator)

    assert version.number == 2
    assert version.reason.startswith("Квартальный обзор за 1-й квартал сопровождения")
    texts = sorted(version.actions.values_list("text", flat=True))
    assert texts == ["Договориться со школой о продлённом дне", "Записать Олю в спортивную секцию"]
    # Version 1 stays as it was.
    old = PlanVersion.objects.get(plan=built.plan, number=1)
    assert sorted(old.actions.values_list("text", flat=True)) == [
        "Будить Олю к 7:00",
        "Договориться со школой о продлённом дне",
    ]
    built.plan.refresh_from_db()
    assert built.plan.current_version_id == version.pk
    review.refresh_from_db()
    assert review.applied_version_id == version.pk and review.applied_by_id == curator.pk
    assert TimelineEvent.objects.filter(case=case, kind="monitoring.review_applied").exists()


def test_applying_twice_makes_one_revision(case: Case, built: BuiltPlan, curator: User) -> None:
    review = _review(case, built, curator)
    first = reviews.apply_review(review=review, by=curator)
    second = reviews.apply_review(review=Review.objects.get(pk=review.pk), by=curator)
    assert first.pk == second.pk
    assert PlanVersion.objects.filter(plan=built.plan).count() == 2


def test_a_review_of_an_older_version_is_not_applied(
    case: Case, built: BuiltPlan, curator: User
) -> None:
    review = _review(case, built, curator)
    plans.revise_plan(plan=built.plan, reason="Переезд", by=curator)
    with pytest.raises(MonitoringError, match="План уже изменился после обзора"):
        reviews.apply_review(review=review, by=curator)


def test_the_review_completes_its_task(case: Case, built: BuiltPlan, curator: User) -> None:
    key = f"quarterly_review:{case.pk}:1"
    schedule_task(
        key=key,
        user=curator,
        title="Ежеквартальный мониторинг",
        due_on=timezone.localdate() + timedelta(days=90),
        kind=TaskKind.QUARTERLY_REVIEW,
        case=case,
    )
    _review(case, built, curator)
    assert Task.objects.get(key=key).status == Task.Status.DONE


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"state": "  "}, "Опишите текущее состояние семьи."),
        ({"period": 4}, "За 4-й квартал проводится ежегодный пересмотр."),
        ({"period": 2}, "2-й квартал сопровождения ещё не начался"),
        ({"period": 0}, "Номер периода — целое число от 1 до 100"),
        ({"period": 10**6}, "Номер периода — целое число от 1 до 100"),
    ],
)
def test_bad_review_input_gets_a_clear_message(
    case: Case, built: BuiltPlan, curator: User, change: dict[str, object], message: str
) -> None:
    with pytest.raises(MonitoringError, match=message):
        _review(case, built, curator, **change)
    assert not Review.objects.exists()


def test_an_action_not_done_needs_its_reason(case: Case, built: BuiltPlan, curator: User) -> None:
    items = [
        ItemInput(action=built.staff_action, done=True),
        ItemInput(action=built.family_action, done=False, reason=""),
    ]
    with pytest.raises(MonitoringError, match="почему не выполнено действие «Будить Олю к 7:00»"):
        _review(case, built, curator, items=items)


def test_every_action_gets_a_mark(case: Case, built: BuiltPlan, curator: User) -> None:
    items = [ItemInput(action=built.staff_action, done=True)]
    with pytest.raises(MonitoringError, match="Отметьте, выполнено ли действие «Будить"):
        _review(case, built, curator, items=items)


def test_a_new_action_needs_a_responsible(case: Case, built: BuiltPlan, curator: User) -> None:
    proposals = Proposals(
        add=[ActionDraft(text="Купить форму", responsible_kind="staff", goal=built.goal)]
    )
    with pytest.raises(MonitoringError, match="Укажите, кто отвечает за новое действие"):
        _review(case, built, curator, proposals=proposals)


def test_a_second_review_of_the_same_quarter_is_refused(
    case: Case, built: BuiltPlan, curator: User
) -> None:
    _review(case, built, curator)
    with pytest.raises(MonitoringError, match=r"Обзор за 1-й квартал уже записан\."):
        _review(case, built, curator)
    assert Review.objects.count() == 1


def test_a_review_of_a_closed_case_is_refused(case: Case, built: BuiltPlan, curator: User) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    with pytest.raises(MonitoringError, match="Случай закрыт"):
        _review(case, built, curator)


def test_a_colleague_without_plan_write_cannot_review(
    case: Case, built: BuiltPlan, intake_operator: User
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _review(case, built, intake_operator)


# --- annual ----------------------------------------------------------------------------------


def test_annual_extend_schedules_next_years_reviews(case: Case, curator: User) -> None:
    review = reviews.record_annual_review(
        case=case,
        year=1,
        state="Семья справляется, но риск ещё есть.",
        decision="extend",
        reason="Не решён вопрос с жильём",
        by=curator,
    )
    assert review.decision == Review.Decision.EXTEND
    keys = set(Task.objects.filter(case=case, status="open").values_list("key", flat=True))
    assert {
        f"quarterly_review:{case.pk}:5",
        f"quarterly_review:{case.pk}:6",
        f"quarterly_review:{case.pk}:7",
        f"annual_review:{case.pk}:2",
    } <= keys
    annual = Task.objects.get(key=f"annual_review:{case.pk}:2")
    assert annual.due_on >= opened_on(case) + timedelta(days=729)


def test_annual_close_records_the_decision_and_leaves_the_case_open(
    case: Case, curator: User
) -> None:
    reviews.record_annual_review(
        case=case,
        year=1,
        state="Риск отобрания отсутствует.",
        decision="close",
        reason="Цели плана достигнуты",
        by=curator,
    )
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not Task.objects.filter(key=f"annual_review:{case.pk}:2").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"decision": "maybe"}, "Выберите решение: продлить или закрыть случай."),
        ({"reason": ""}, "Обоснуйте решение."),
        ({"year": 2}, "2-й год сопровождения ещё не начался"),
    ],
)
def test_bad_annual_input(
    case: Case, curator: User, change: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {
        "case": case,
        "year": 1,
        "state": "Стабильно",
        "decision": "extend",
        "reason": "Нужна поддержка",
        "by": curator,
    }
    values.update(change)
    with pytest.raises(MonitoringError, match=message):
        reviews.record_annual_review(**values)  # type: ignore[arg-type]


# --- monthly ---------------------------------------------------------------------------------


def test_monthly_form_is_prefilled_from_that_month_only(
    case: Case, built: BuiltPlan, curator: User, mother: Person
) -> None:
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month_day = this_month - timedelta(days=3)
    case = move_opening(case, (today - last_month_day).days + 30)

    def contact(kind: str, day: date, **extra: object) -> None:
        plans.record_contact(
            case=case,
            kind=kind,
            happened_on=day,
            staff=[curator],
            persons=[mother],
            by=curator,
            **extra,  # type: ignore[arg-type]
        )

    # Last month: a home visit that completed the staff action, and a call.
    contact("home_visit", last_month_day, done_actions=[built.staff_action])
    contact("call", last_month_day)
    # This month: two home visits, a call and a message; the family action done.
    contact("home_visit", this_month)
    contact("home_visit", this_month, done_actions=[built.family_action])
    contact("call", this_month)
    contact("message", this_month)

    form = monthly.start_monthly_form(case=case, month=this_month, by=curator)
    assert (form.contacts, form.home_visits, form.actions_done) == (4, 2, 1)
    earlier = monthly.start_monthly_form(case=case, month=last_month_day, by=curator)
    assert (earlier.contacts, earlier.home_visits, earlier.actions_done) == (2, 1, 1)
    assert earlier.month == last_month_day.replace(day=1)


def test_actions_done_count_once_across_versions(
    case: Case, built: BuiltPlan, curator: User
) -> None:
    plans.update_action_status(action=built.staff_action, status="done", by=curator)
    plans.revise_plan(plan=built.plan, reason="Новые обстоятельства", by=curator)
    figures = month_figures(case, timezone.localdate())
    assert figures.actions_done == 1
    # Both actions of the current version fall due this month or next; count matches records.
    due = PlanAction.objects.filter(
        version=built.plan.versions.order_by("-number").first(),
        due_on__month=timezone.localdate().month,
        due_on__year=timezone.localdate().year,
    ).count()
    assert figures.actions_due == due


def test_monthly_form_is_read_only_after_submit(case: Case, curator: User) -> None:
    form = monthly.start_monthly_form(case=case, month=timezone.localdate(), by=curator)
    with pytest.raises(MonitoringError, match=r"Напишите итоги месяца\."):
        monthly.submit_monthly_form(form=form, by=curator)
    monthly.update_monthly_form(form=form, by=curator, summary="Стало спокойнее", contacts=3)
    submitted = monthly.submit_monthly_form(form=form, by=curator)
    assert submitted.status == MonthlyForm.Status.SUBMITTED
    with pytest.raises(MonitoringError, match=r"Форма сдана .* — её нельзя менять\."):
        monthly.update_monthly_form(form=form, by=curator, summary="Иначе")
    with pytest.raises(MonitoringError, match="её нельзя менять"):
        monthly.submit_monthly_form(form=form, by=curator)


def test_submitting_the_last_form_of_the_month_completes_the_task(
    case: Case, curator: User
) -> None:
    today = timezone.localdate()
    key = f"monthly_form:{curator.pk}:{today:%Y-%m}"
    schedule_task(key=key, user=curator, title="Форма", due_on=today, kind=TaskKind.MONTHLY_FORM)
    form = monthly.start_monthly_form(case=case, month=today, by=curator)
    monthly.update_monthly_form(form=form, by=curator, summary="Итоги")
    monthly.submit_monthly_form(form=form, by=curator)
    assert Task.objects.get(key=key).status == Task.Status.DONE


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"contacts": -1}, "contacts", "Введите целое число от 0 до 1000."),
        ({"contacts": 1, "home_visits": 2}, "home_visits", "Посещений на дому не может быть"),
    ],
)
def test_bad_monthly_figures(
    case: Case, curator: User, change: dict[str, object], field: str, message: str
) -> None:
    form = monthly.start_monthly_form(case=case, month=timezone.localdate(), by=curator)
    with pytest.raises(MonitoringError, match=message) as info:
        monthly.update_monthly_form(form=form, by=curator, **change)
    assert info.value.field == field


def test_a_month_before_the_opening_is_refused(case: Case, curator: User) -> None:
    before = timezone.localdate().replace(day=1) - timedelta(days=1)
    with pytest.raises(MonitoringError, match="форма за более ранний месяц не заполняется"):
        monthly.start_monthly_form(case=case, month=before, by=curator)
