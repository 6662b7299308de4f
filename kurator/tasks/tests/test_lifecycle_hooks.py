"""Each lifecycle deadline stored on a record becomes the right task, and closes with it."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.services import opening as services
from kurator.cases.tests.factories import (
    make_signal,
    make_visited_signal,
    open_case_for,
)
from kurator.core import workdays
from kurator.intake import services as intake
from kurator.people.models import Family
from kurator.tasks.models import Task
from kurator.tasks.services import complete_task


def _open(user: User) -> dict[str, Task]:
    return {t.key: t for t in Task.objects.filter(user=user, status=Task.Status.OPEN)}


def _status(key: str) -> str:
    return Task.objects.get(key=key).status


def test_a_new_signal_gives_the_senior_curators_a_team_task_due_next_working_day(
    senior: User, family: Family
) -> None:
    signal = make_signal(by=senior, family=family)
    task = _open(senior)[f"first_visit_team:{signal.pk}:{senior.pk}"]
    assert task.kind == "first_visit_team" and task.due_on == signal.team_due
    assert task.url == f"/signals/{signal.pk}/"
    assert "Ивановы" in task.title


def test_naming_the_team_gives_both_specialists_the_visit_and_closes_the_team_task(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    signal = make_signal(by=senior, family=family)
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    assert _status(f"first_visit_team:{signal.pk}:{senior.pk}") == Task.Status.DONE
    for user in (curator, psychologist):
        assert _open(user)[f"first_visit:{signal.pk}:{user.pk}"].due_on == signal.visit_due


def test_the_visit_report_and_the_decision_follow_each_other(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    signal = make_signal(by=senior, family=family)
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    visited = timezone.now() - timedelta(hours=1)
    intake.record_visit(signal=signal, by=curator, visited_at=visited)
    signal.refresh_from_db()
    report = _open(curator)[f"visit_report:{signal.pk}"]
    assert report.due_on == timezone.localdate(signal.report_due)
    assert _status(f"first_visit:{signal.pk}:{psychologist.pk}") == Task.Status.DONE
    intake.submit_visit_report(signal=signal, by=curator, report="Нужна помощь.")
    signal.refresh_from_db()
    assert _status(f"visit_report:{signal.pk}") == Task.Status.DONE
    assert _open(senior)[f"decision:{signal.pk}:{senior.pk}"].due_on == signal.decision_due
    intake.decide_signal(signal=signal, by=senior, decision="accept")
    assert _status(f"decision:{signal.pk}:{senior.pk}") == Task.Status.DONE


def test_escalating_moves_the_decision_to_the_team_head(
    senior: User, head: User, curator: User, psychologist: User, family: Family
) -> None:
    signal = make_visited_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    intake.escalate_signal(signal=signal, by=senior, reason="Мнения разошлись.")
    assert f"decision:{signal.pk}:{head.pk}" in _open(head)
    assert _status(f"decision:{signal.pk}:{senior.pk}") == Task.Status.CANCELLED


def test_refusing_a_new_signal_cancels_the_team_task(senior: User, family: Family) -> None:
    signal = make_signal(by=senior, family=family)
    intake.decide_signal(signal=signal, by=senior, decision="refuse", reason="Не наш профиль.")
    assert _status(f"first_visit_team:{signal.pk}:{senior.pk}") == Task.Status.CANCELLED


def test_opening_a_case_gives_the_curator_a_plan_task_due_in_45_days(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    opened = timezone.localdate(case.opened_at)
    tasks = _open(curator)
    plan = tasks[f"case_plan:{case.pk}"]
    assert plan.due_on == opened + timedelta(days=45) == case.plan_due
    assert plan.case == case and plan.kind == "case_plan"
    assert tasks[f"case_folder:{case.pk}"].due_on == workdays.case_folder_due(opened)
    assert tasks[f"case_folder:{case.pk}"].url == f"/documents/cases/{case.pk}/"


def test_opening_a_case_schedules_three_quarterly_reviews_and_the_annual_one(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    opened = timezone.localdate(case.opened_at)
    tasks = _open(curator)
    for n in (1, 2, 3):
        due = tasks[f"quarterly_review:{case.pk}:{n}"].due_on
        assert 0 <= (due - lifecycle.add_months(opened, 3 * n)).days <= 10
        assert workdays.is_working_day(due)
    annual = tasks[f"annual_review:{case.pk}:1"]
    assert 0 <= (annual.due_on - lifecycle.add_months(opened, 12)).days <= 10
    month = timezone.localdate().strftime("%Y-%m")
    assert tasks[f"monthly_form:{curator.pk}:{month}"].kind == "monthly_form"


def test_the_plans_app_completes_the_plan_task_and_a_rebuild_leaves_it_done(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    complete_task(key=f"case_plan:{case.pk}", by=curator)
    call_command("kurator_tasks_rebuild", verbosity=0)
    assert _status(f"case_plan:{case.pk}") == Task.Status.DONE


def test_transferring_a_case_moves_its_open_tasks_to_the_new_curator(
    senior: User, head: User, curator: User, colleague: User, psychologist: User, family: Family
) -> None:
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    from kurator.tasks.services import schedule_task

    schedule_task(
        key="plan_action:1",
        user=curator,
        title="Позвонить в школу",
        due_on=timezone.localdate(),
        kind="plan_action",
        case=case,
    )
    services.transfer_case(case=case, new_curator=colleague, reason="Отпуск", by=head)
    assert not Task.objects.filter(case=case, user=curator, status=Task.Status.OPEN).exists()
    moved = _open(colleague)
    assert {f"case_plan:{case.pk}", f"case_folder:{case.pk}", "plan_action:1"} <= set(moved)


def test_closing_a_case_cancels_its_reviews_and_plan(
    senior: User, head: User, curator: User, psychologist: User, family: Family
) -> None:
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    lifecycle.close_case(
        case=case,
        by=curator,
        reason="other",
        criteria={},
    )
    assert not Task.objects.filter(case=case, status=Task.Status.OPEN).exists()
    assert _status(f"quarterly_review:{case.pk}:1") == Task.Status.CANCELLED


def test_the_rebuild_is_idempotent(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    before = sorted(Task.objects.values_list("key", "status", "user_id", "due_on"))
    Task.objects.all().delete()
    call_command("kurator_tasks_rebuild", verbosity=0)
    call_command("kurator_tasks_rebuild", verbosity=0)
    after = sorted(
        Task.objects.filter(status=Task.Status.OPEN).values_list(
            "key", "status", "user_id", "due_on"
        )
    )
    assert after == [row for row in before if row[1] == Task.Status.OPEN]
    assert Case.objects.count() == 1
