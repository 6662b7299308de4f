"""Rules of the later lifecycle (kurator/cases/services/lifecycle.py): closure, post-support,
reopening, one-off help, emergency steps and the duration norm. Data built through services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator.accounts.models import Norms, User
from kurator.cases.errors import CaseError
from kurator.cases.models import (
    Case,
    CaseClosure,
    EmergencyStep,
    OneOffHelp,
    PostSupportContact,
    TimelineEvent,
)
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.cases.services.opening import score_complexity
from kurator.cases.tests.factories import open_case_for
from kurator.cases.timeline import KINDS, describe
from kurator.core import workdays
from kurator.core.testing import make_family
from kurator.meetings.services.meetings import schedule_meeting
from kurator.meetings.services.register import record_resolution, register_family
from kurator.people.models import Family

MSK = ZoneInfo("Europe/Moscow")
ALL_CRITERIA = dict.fromkeys(CLOSURE_CRITERIA, True)


def close(case: Case, by: User, **kwargs: Any) -> CaseClosure:
    params: dict[str, Any] = {"reason": "goals_met", "criteria": ALL_CRITERIA} | kwargs
    return lifecycle.close_case(case=case, by=by, **params)


def to_post_support(case: Case, by: User, days: int = 30) -> CaseClosure:
    return close(case, by, post_support=True, post_support_frequency_days=days)


def kinds(case: Case) -> list[str]:
    return list(
        TimelineEvent.objects.filter(case=case).order_by("pk").values_list("kind", flat=True)
    )


# --- closure -------------------------------------------------------------------------------


def test_closure_checklist_has_the_five_closure_criteria() -> None:
    assert list(CLOSURE_CRITERIA) == [
        "removal_risk_minimal",
        "no_unresolved_tasks",
        "help_is_repetitive",
        "no_sharp_regress",
        "family_self_reliant",
    ]


def test_open_case_closes_with_all_criteria_and_the_consilium(
    case: Case, curator: User, senior: User, psychologist: User
) -> None:
    closure = close(
        case,
        curator,
        consilium_participants=[curator, senior, psychologist],
        consilium_decision="Закрыть: цели плана достигнуты.",
        exit_diagnostics="Риски низкие.",
        family_feedback="Спасибо за помощь!",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.closed_at == closure.closed_at
    assert closure.criteria == ALL_CRITERIA
    assert set(closure.consilium_participants.all()) == {curator, senior, psychologist}
    assert closure.family_feedback == "Спасибо за помощь!"
    assert closure.closed_by == curator
    assert kinds(case)[-1] == "case.closed"


def test_goals_met_needs_every_criterion(case: Case, curator: User) -> None:
    criteria = ALL_CRITERIA | {"no_sharp_regress": False}
    with pytest.raises(CaseError) as exc:
        close(case, curator, criteria=criteria)
    assert exc.value.field == "criteria"
    assert "резкого регресса" in exc.value.message
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not CaseClosure.objects.filter(case=case).exists()


def test_contract_broken_closes_without_the_criteria(case: Case, curator: User) -> None:
    closure = close(case, curator, reason="contract_broken", criteria={})
    assert closure.criteria == dict.fromkeys(CLOSURE_CRITERIA, False)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_a_family_on_the_register_closes_only_after_the_commission_removes_it(
    case: Case, curator: User
) -> None:
    today = timezone.localdate()
    register_family(case=case, registered_on=today, by=curator)
    with pytest.raises(CaseError) as exc:
        close(case, curator)
    assert "постановления КДНиЗП о снятии семьи с учёта" in exc.value.message
    assert "«Внести постановление КДНиЗП», решение «снять семью с учёта»" in exc.value.message
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not CaseClosure.objects.filter(case=case).exists()
    record_resolution(
        case=case,
        by=curator,
        commission="КДНиЗП Ленинского района",
        number="12/7",
        resolution_date=today,
        decision="remove",
        removal_reason="improved",
    )
    close(case, curator)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_a_complex_case_closes_only_after_a_consilium_was_held(case: Case, curator: User) -> None:
    score_complexity(
        case=case,
        by=curator,
        distance_km=200,
        guardianship_tension=3,
        resource_deficit=3,
        removal_risk=3,
        substance_use=3,
    )
    assert case.complexity_level == Case.Complexity.HIGH
    today = timezone.localdate()
    schedule_meeting(case=case, kind="supervision", held_on=today, by=curator, staff=[curator])
    with pytest.raises(CaseError) as exc:
        close(case, curator, consilium_participants=[curator])
    assert "хотя бы раз за время ведения собирается консилиум" in exc.value.message
    assert not CaseClosure.objects.filter(case=case).exists()
    schedule_meeting(case=case, kind="consilium", held_on=today, by=curator, staff=[curator])
    close(case, curator)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_a_case_of_medium_complexity_closes_without_a_consilium_meeting(
    case: Case, curator: User
) -> None:
    score_complexity(
        case=case,
        by=curator,
        distance_km=10,
        guardianship_tension=2,
        resource_deficit=2,
        removal_risk=2,
        substance_use=2,
    )
    assert case.complexity_level == Case.Complexity.MEDIUM
    close(case, curator)
    assert case.status == Case.Status.CLOSED


def test_closing_a_closed_case_is_refused(case: Case, curator: User) -> None:
    close(case, curator)
    with pytest.raises(CaseError, match="уже закрыт"):
        close(case, curator)
    assert CaseClosure.objects.filter(case=case).count() == 1


def test_double_submit_with_a_stale_case_closes_once(case: Case, curator: User) -> None:
    stale = Case.objects.get(pk=case.pk)  # the second tab still shows «открыт»
    close(case, curator)
    assert stale.status == Case.Status.OPEN
    with pytest.raises(CaseError, match="уже закрыт"):
        close(stale, curator)
    assert kinds(case).count("case.closed") == 1


def test_closing_a_case_in_post_support_is_refused(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    with pytest.raises(CaseError, match="постсопровождении"):
        close(case, curator)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reason": "bored"}, "reason"),
        ({"criteria": {"unknown": True}}, "criteria"),
        ({"criteria": ALL_CRITERIA | {"removal_risk_minimal": "yes"}}, "criteria"),
        ({"post_support": True}, "post_support_frequency_days"),
        ({"post_support": True, "post_support_frequency_days": 0}, "post_support_frequency_days"),
        (
            {"post_support": True, "post_support_frequency_days": 400},
            "post_support_frequency_days",
        ),
        (
            {"post_support": True, "post_support_frequency_days": True},
            "post_support_frequency_days",
        ),
    ],
)
def test_bad_closure_input_is_refused_on_its_field(
    case: Case, curator: User, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(CaseError) as exc:
        close(case, curator, **kwargs)
    assert exc.value.field == field


def test_consilium_participant_from_another_organisation_is_refused(
    case: Case, curator: User, outsider: User
) -> None:
    with pytest.raises(CaseError) as exc:
        close(case, curator, consilium_participants=[outsider])
    assert exc.value.field == "consilium_participants"


def test_closing_needs_the_write_permission(case: Case, director: User) -> None:
    with pytest.raises(PermissionDenied):
        close(case, director)


def test_another_organisation_cannot_close_our_case(case: Case, outsider: User) -> None:
    with pytest.raises(CaseError, match="не найден"):
        close(case, outsider)


def test_closing_to_post_support_keeps_the_frequency(case: Case, curator: User) -> None:
    closure = to_post_support(case, curator, days=45)
    case.refresh_from_db()
    assert case.status == Case.Status.POST_SUPPORT
    assert case.closed_at is not None
    assert closure.post_support_frequency_days == 45
    assert kinds(case)[-2:] == ["case.closed", "case.post_support_started"]
    started = TimelineEvent.objects.get(case=case, kind="case.post_support_started")
    assert "45" in describe(started)


def test_frequency_is_ignored_when_closing_fully(case: Case, curator: User) -> None:
    closure = close(case, curator, post_support_frequency_days=30)
    assert closure.post_support_frequency_days is None


def test_post_support_warning_when_the_curator_has_the_maximum(
    curator: User, senior: User, psychologist: User, org: Any
) -> None:
    Norms.objects.filter(organisation=org).update(post_support_max=1)
    assert lifecycle.post_support_warning(curator=curator) is None
    first = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=make_family(by=senior)
    )
    to_post_support(first, curator)
    warning = lifecycle.post_support_warning(curator=curator)
    assert warning is not None
    assert "не более 1" in warning


# --- post-support --------------------------------------------------------------------------


def test_post_support_contact_sets_the_next_due_date(case: Case, curator: User) -> None:
    to_post_support(case, curator, days=30)
    today = timezone.localdate()
    contact = lifecycle.record_post_support_contact(
        case=case,
        by=curator,
        contact_date=today,
        summary="Всё хорошо, дети ходят в школу.",
        seasonal_help="Канцтовары к 1 сентября",
    )
    assert contact.next_contact_due == today + timedelta(days=30)
    assert contact.recorded_by == curator
    assert lifecycle.post_support_next_due(case) == today + timedelta(days=30)
    assert kinds(case)[-1] == "case.post_support_contact"


def test_next_contact_before_any_contact_counts_from_closure(case: Case, curator: User) -> None:
    to_post_support(case, curator, days=14)
    assert lifecycle.post_support_next_due(case) == timezone.localdate() + timedelta(days=14)


def test_contact_only_in_post_support(case: Case, curator: User) -> None:
    with pytest.raises(CaseError, match="только в постсопровождении"):
        lifecycle.record_post_support_contact(
            case=case, by=curator, contact_date=timezone.localdate(), summary="Звонок"
        )
    assert not PostSupportContact.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"summary": "  "}, "summary"),
        ({"contact_date": date(2999, 1, 1)}, "contact_date"),
        ({"contact_date": date(2000, 1, 1)}, "contact_date"),
        ({"seasonal_help": "х" * 301}, "seasonal_help"),
    ],
)
def test_bad_contact_input_is_refused_on_its_field(
    case: Case, curator: User, kwargs: dict[str, Any], field: str
) -> None:
    to_post_support(case, curator)
    params: dict[str, Any] = {"contact_date": timezone.localdate(), "summary": "Звонок"} | kwargs
    with pytest.raises(CaseError) as exc:
        lifecycle.record_post_support_contact(case=case, by=curator, **params)
    assert exc.value.field == field


def test_worsened_situation_is_recorded_on_the_contact(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    contact = lifecycle.record_post_support_contact(
        case=case,
        by=curator,
        contact_date=timezone.localdate(),
        summary="Отец снова пьёт.",
        situation_worsened=True,
    )
    assert contact.situation_worsened
    event = TimelineEvent.objects.filter(case=case, kind="case.post_support_contact").get()
    assert event.data["situation_worsened"] is True


def test_post_support_ends_with_a_reason_and_the_case_closes(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    lifecycle.end_post_support(case=case, by=curator, reason="Потребность в помощи отпала.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert kinds(case)[-1] == "case.post_support_ended"


def test_ending_post_support_twice_or_of_an_open_case_is_refused(case: Case, curator: User) -> None:
    with pytest.raises(CaseError, match="не находится в постсопровождении"):
        lifecycle.end_post_support(case=case, by=curator, reason="Нет нужды")
    to_post_support(case, curator)
    lifecycle.end_post_support(case=case, by=curator, reason="Нет нужды")
    with pytest.raises(CaseError, match="не находится в постсопровождении"):
        lifecycle.end_post_support(case=case, by=curator, reason="Нет нужды")


def test_ending_post_support_needs_a_reason(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    with pytest.raises(CaseError) as exc:
        lifecycle.end_post_support(case=case, by=curator, reason=" ")
    assert exc.value.field == "reason"


# --- reopening -----------------------------------------------------------------------------


def test_reopening_a_closed_case_opens_a_new_one_linked_to_it(
    case: Case, curator: User, family: Family
) -> None:
    close(case, curator)
    new = lifecycle.reopen_case(case=case, by=curator, reason="Отец снова пьёт.")
    assert new.pk != case.pk
    assert new.status == Case.Status.OPEN
    assert new.previous_case_id == case.pk
    assert new.family_id == family.pk
    assert new.team_id == case.team_id
    assert new.curator_id == case.curator_id
    assert new.signal_id is None
    assert new.scenario == case.scenario
    opened_on = timezone.localdate(new.opened_at)
    assert new.folder_due == workdays.case_folder_due(opened_on)
    assert new.plan_due == workdays.plan_due(opened_on)
    event = TimelineEvent.objects.get(case=new, kind="case.reopened")
    assert describe(event) == f"Открыт новый случай №{new.pk} вместо закрытого №{case.pk}"
    assert event.data["reason"] == "Отец снова пьёт."


def test_reopening_from_post_support_closes_the_old_case(case: Case, curator: User) -> None:
    to_post_support(case, curator)
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ситуация ухудшилась.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    ended = TimelineEvent.objects.get(case=case, kind="case.post_support_ended")
    assert str(new.pk) in ended.data["reason"]


def test_the_old_history_stays_in_the_familys_timeline(
    case: Case, curator: User, family: Family
) -> None:
    close(case, curator)
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    family_kinds = set(TimelineEvent.objects.filter(family=family).values_list("kind", flat=True))
    assert {"case.opened", "case.closed", "case.reopened"} <= family_kinds
    assert TimelineEvent.objects.filter(family=family, case=case).exists()
    assert TimelineEvent.objects.filter(family=family, case=new).exists()


def test_reopening_an_open_case_is_refused(case: Case, curator: User) -> None:
    with pytest.raises(CaseError, match="открывать его заново не нужно"):
        lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")


def test_reopening_twice_makes_one_new_case(case: Case, curator: User) -> None:
    close(case, curator)
    stale = Case.objects.get(pk=case.pk)
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    with pytest.raises(CaseError, match=f"№{new.pk}"):
        lifecycle.reopen_case(case=stale, by=curator, reason="Ухудшение")
    assert Case.objects.filter(previous_case=case).count() == 1


def test_reopening_again_after_the_new_case_closed_points_at_the_newest(
    case: Case, curator: User
) -> None:
    close(case, curator)
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    close(new, curator)
    with pytest.raises(CaseError, match=f"№{new.pk}"):
        lifecycle.reopen_case(case=case, by=curator, reason="Ещё раз")
    newest = lifecycle.reopen_case(case=new, by=curator, reason="Ещё раз")
    assert newest.previous_case_id == new.pk


def test_reopening_needs_a_reason(case: Case, curator: User) -> None:
    close(case, curator)
    with pytest.raises(CaseError) as exc:
        lifecycle.reopen_case(case=case, by=curator, reason="")
    assert exc.value.field == "reason"


def test_curator_may_not_appoint_another_curator_when_reopening(
    case: Case, curator: User, colleague: User
) -> None:
    close(case, curator)
    with pytest.raises(CaseError) as exc:
        lifecycle.reopen_case(case=case, by=curator, curator=colleague, reason="Ухудшение")
    assert exc.value.field == "curator"


def test_senior_curator_may_appoint_another_curator_when_reopening(
    case: Case, curator: User, colleague: User, senior: User
) -> None:
    close(case, curator)
    new = lifecycle.reopen_case(case=case, by=senior, curator=colleague, reason="Ухудшение")
    assert new.curator == colleague


def test_reopening_with_a_curator_of_another_team_is_refused(
    case: Case, curator: User, senior: User, other_team_curator: User
) -> None:
    close(case, curator)
    with pytest.raises(CaseError) as exc:
        lifecycle.reopen_case(case=case, by=senior, curator=other_team_curator, reason="Ухудшение")
    assert exc.value.field == "curator"


def test_reopening_is_refused_when_the_family_has_another_open_case(
    case: Case, curator: User, senior: User, psychologist: User, family: Family
) -> None:
    close(case, curator)
    other = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    with pytest.raises(CaseError, match=f"№{other.pk}"):
        lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")


# --- one-off help --------------------------------------------------------------------------


def test_one_off_help_is_recorded_against_the_family_without_a_case(
    family: Family, curator: User
) -> None:
    help_ = lifecycle.record_one_off_help(
        family=family, by=curator, given_on=timezone.localdate(), description="Продуктовый набор"
    )
    assert help_.family == family
    assert help_.converted_to is None
    assert not Case.objects.filter(family=family).exists()
    event = TimelineEvent.objects.get(family=family, kind="family.one_off_help")
    assert event.case_id is None
    assert describe(event) == "Разовая помощь: Продуктовый набор"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"description": ""}, "description"), ({"given_on": date(2999, 1, 1)}, "given_on")],
)
def test_bad_one_off_help_is_refused_on_its_field(
    family: Family, curator: User, kwargs: dict[str, Any], field: str
) -> None:
    params: dict[str, Any] = {"given_on": timezone.localdate(), "description": "Набор"} | kwargs
    with pytest.raises(CaseError) as exc:
        lifecycle.record_one_off_help(family=family, by=curator, **params)
    assert exc.value.field == field


def test_one_off_help_for_another_organisations_family_is_refused(
    family: Family, outsider: User
) -> None:
    with pytest.raises(CaseError):
        lifecycle.record_one_off_help(
            family=family, by=outsider, given_on=timezone.localdate(), description="Набор"
        )


def test_one_off_help_grows_into_a_case_without_a_signal(
    family: Family, curator: User, senior: User
) -> None:
    help_ = lifecycle.record_one_off_help(
        family=family, by=curator, given_on=timezone.localdate(), description="Дрова на зиму"
    )
    case = lifecycle.convert_one_off_help(
        help=help_, by=senior, curator=curator, scenario=Case.Scenario.EMERGENCY
    )
    assert case.signal_id is None
    assert case.family == family
    assert case.status == Case.Status.OPEN
    assert case.scenario == Case.Scenario.EMERGENCY
    assert case.folder_due is not None
    help_.refresh_from_db()
    assert help_.converted_to == case
    assert kinds(case) == ["case.opened", "family.one_off_converted"]


def test_converting_one_off_help_twice_opens_one_case(
    family: Family, curator: User, senior: User
) -> None:
    help_ = lifecycle.record_one_off_help(
        family=family, by=curator, given_on=timezone.localdate(), description="Дрова"
    )
    stale = OneOffHelp.objects.get(pk=help_.pk)
    case = lifecycle.convert_one_off_help(help=help_, by=senior, curator=curator)
    with pytest.raises(CaseError, match=f"№{case.pk}"):
        lifecycle.convert_one_off_help(help=stale, by=senior, curator=curator)
    assert Case.objects.filter(family=family).count() == 1


def test_converting_needs_the_open_permission(family: Family, curator: User) -> None:
    help_ = lifecycle.record_one_off_help(
        family=family, by=curator, given_on=timezone.localdate(), description="Дрова"
    )
    with pytest.raises(PermissionDenied):
        lifecycle.convert_one_off_help(help=help_, by=curator, curator=curator)


def test_converting_with_an_unknown_scenario_is_refused(
    family: Family, curator: User, senior: User
) -> None:
    help_ = lifecycle.record_one_off_help(
        family=family, by=curator, given_on=timezone.localdate(), description="Дрова"
    )
    with pytest.raises(CaseError) as exc:
        lifecycle.convert_one_off_help(help=help_, by=senior, curator=curator, scenario="x")
    assert exc.value.field == "scenario"


# --- emergency steps -----------------------------------------------------------------------


@pytest.fixture
def emergency_case(senior: User, curator: User, psychologist: User) -> Case:
    return open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Петровы"),
        scenario=Case.Scenario.EMERGENCY,
    )


def test_lifecycle_changes_outside_a_request_keep_their_author_in_the_history(
    case: Case, curator: User, head: User, senior: User, emergency_case: Case
) -> None:
    """No request, so no middleware names the user: every service does (simple_history)."""
    closure = to_post_support(case, curator)
    assert closure.history.get().history_user_id == curator.pk
    assert case.history.latest().history_user_id == curator.pk
    lifecycle.end_post_support(case=case, by=head, reason="Потребность отпала")
    assert case.history.latest().history_user_id == head.pk
    new = lifecycle.reopen_case(case=case, by=senior, reason="Снова долги")
    assert new.history.get().history_user_id == senior.pk
    step = lifecycle.record_emergency_step(
        case=emergency_case,
        by=curator,
        description="Отвезли детей к бабушке",
        taken_at=timezone.now() - timedelta(hours=1),
    )
    assert step.history.get().history_user_id == curator.pk
    lifecycle.approve_emergency_step(step=step, by=head)
    assert step.history.latest().history_user_id == head.pk


def test_emergency_step_is_flagged_in_the_history(emergency_case: Case, curator: User) -> None:
    taken_at = timezone.now() - timedelta(hours=2)
    step = lifecycle.record_emergency_step(
        case=emergency_case, by=curator, description="Отвезли детей к бабушке", taken_at=taken_at
    )
    assert step.approved_at is None
    event = TimelineEvent.objects.get(case=emergency_case, kind="case.emergency_step")
    assert event.emergency is True


def test_emergency_steps_only_in_the_emergency_scenario(case: Case, curator: User) -> None:
    with pytest.raises(CaseError, match="экстренной помощи"):
        lifecycle.record_emergency_step(
            case=case, by=curator, description="Шаг", taken_at=timezone.now()
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"description": ""}, "description"),
        ({"taken_at": datetime(2999, 1, 1, tzinfo=MSK)}, "taken_at"),
        ({"taken_at": datetime(2026, 1, 1)}, "taken_at"),  # noqa: DTZ001 — naive on purpose
    ],
)
def test_bad_emergency_step_is_refused_on_its_field(
    emergency_case: Case, curator: User, kwargs: dict[str, Any], field: str
) -> None:
    params: dict[str, Any] = {"description": "Шаг", "taken_at": timezone.now()} | kwargs
    with pytest.raises(CaseError) as exc:
        lifecycle.record_emergency_step(case=emergency_case, by=curator, **params)
    assert exc.value.field == field


def test_team_head_approves_an_emergency_step_once(
    emergency_case: Case, curator: User, head: User
) -> None:
    step = lifecycle.record_emergency_step(
        case=emergency_case, by=curator, description="Шаг", taken_at=timezone.now()
    )
    stale = EmergencyStep.objects.get(pk=step.pk)
    lifecycle.approve_emergency_step(step=step, by=head)
    step.refresh_from_db()
    assert step.approved_by == head
    assert step.approved_at is not None
    assert kinds(emergency_case)[-1] == "case.emergency_approved"
    with pytest.raises(CaseError, match="уже согласован"):
        lifecycle.approve_emergency_step(step=stale, by=head)


def test_curator_may_not_approve_emergency_steps(emergency_case: Case, curator: User) -> None:
    step = lifecycle.record_emergency_step(
        case=emergency_case, by=curator, description="Шаг", taken_at=timezone.now()
    )
    with pytest.raises(PermissionDenied):
        lifecycle.approve_emergency_step(step=step, by=curator)


def test_another_organisation_may_not_approve(
    emergency_case: Case, curator: User, outsider: User
) -> None:
    step = lifecycle.record_emergency_step(
        case=emergency_case, by=curator, description="Шаг", taken_at=timezone.now()
    )
    with pytest.raises(CaseError, match="не найден"):
        lifecycle.approve_emergency_step(step=step, by=outsider)


# --- permanent support and the duration norm ------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 5, 15), 18, date(2028, 11, 15)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_months_end(day: date, months: int, expected: date) -> None:
    assert lifecycle.add_months(day, months) == expected


def test_planned_case_is_over_the_norm_after_18_months(case: Case) -> None:
    opened_on = timezone.localdate(case.opened_at)
    assert not lifecycle.is_over_duration_norm(case, lifecycle.add_months(opened_on, 18))
    later = lifecycle.add_months(opened_on, 18) + timedelta(days=1)
    assert lifecycle.is_over_duration_norm(case, later)


def test_duration_norm_comes_from_the_organisations_norms(case: Case, org: Any) -> None:
    Norms.objects.filter(organisation=org).update(duration_max_months=6)
    opened_on = timezone.localdate(case.opened_at)
    assert lifecycle.is_over_duration_norm(case, lifecycle.add_months(opened_on, 7))


def test_permanent_support_is_never_over_the_duration_norm(
    senior: User, curator: User, psychologist: User
) -> None:
    case = open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Сидоровы"),
        scenario=Case.Scenario.PERMANENT,
    )
    assert lifecycle.duration_norm_ends_on(case) is None
    assert not lifecycle.is_over_duration_norm(case, date(2099, 1, 1))


def test_closed_case_is_measured_up_to_its_closure(case: Case, curator: User) -> None:
    close(case, curator)
    case.refresh_from_db()
    assert not lifecycle.is_over_duration_norm(case, date(2099, 1, 1))


# --- the history registry ------------------------------------------------------------------


def test_every_kind_the_lifecycle_writes_has_words(
    case: Case, curator: User, senior: User, head: User, family: Family
) -> None:
    to_post_support(case, curator)
    lifecycle.record_post_support_contact(
        case=case, by=curator, contact_date=timezone.localdate(), summary="Звонок"
    )
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    close(new, curator)
    help_ = lifecycle.record_one_off_help(
        family=make_family(by=senior, name="Орловы"),
        by=curator,
        given_on=timezone.localdate(),
        description="Набор",
    )
    lifecycle.convert_one_off_help(
        help=help_, by=senior, curator=curator, scenario=Case.Scenario.EMERGENCY
    )
    emergency = Case.objects.get(grown_from=help_)
    step = lifecycle.record_emergency_step(
        case=emergency, by=curator, description="Шаг", taken_at=timezone.now()
    )
    lifecycle.approve_emergency_step(step=step, by=head)
    lifecycle_kinds = {
        "case.closed",
        "case.post_support_started",
        "case.post_support_contact",
        "case.post_support_ended",
        "case.reopened",
        "family.one_off_help",
        "family.one_off_converted",
        "case.opened",
        "case.emergency_step",
        "case.emergency_approved",
    }
    written = set(TimelineEvent.objects.values_list("kind", flat=True))
    assert lifecycle_kinds <= written <= set(KINDS)
    for event in TimelineEvent.objects.filter(kind__in=lifecycle_kinds):
        assert "—" not in describe(event), describe(event)  # every placeholder is filled
