"""The intake rules, through the services (stages 1–4: docs/domain.md, Deadlines)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import TimelineEvent
from kurator.cases.timeline import KINDS
from kurator.core import workdays
from kurator.core.testing import make_family, make_organisation, make_team, make_user
from kurator.intake import services
from kurator.intake.errors import IntakeError
from kurator.intake.models import DecisionLevel, FirstVisit, Signal, TakeInDecision
from kurator.intake.tests.conftest import ago, record
from kurator.network.models import ResourceAgent
from kurator.network.services.agents import create_agent
from kurator.people.models import Family

MSK = ZoneInfo("Europe/Moscow")


def _kinds(signal: Signal) -> list[str]:
    return list(signal.timeline.order_by("pk").values_list("kind", flat=True))


# --- stage 1: recording -------------------------------------------------------------------


def test_signal_is_new_with_team_and_visit_deadlines(intake_operator: User) -> None:
    signal = record(intake_operator, received_at=datetime(2026, 11, 20, 15, 0, tzinfo=MSK))
    assert signal.status == Signal.Status.NEW
    assert signal.team_id == intake_operator.team_id
    assert signal.team_due == date(2026, 11, 23)  # Friday → Monday
    assert signal.visit_due == date(2026, 11, 25)
    assert signal.report_due is None
    assert signal.decision_due is None


def test_visit_due_three_working_days_after_signal_skips_new_year(intake_operator: User) -> None:
    signal = record(intake_operator, received_at=datetime(2025, 12, 30, 10, 0, tzinfo=MSK))
    # 31.12.2025 and 09.01.2026 are transferred days off, 1–8 January holidays.
    assert signal.team_due == date(2026, 1, 12)
    assert signal.visit_due == date(2026, 1, 14)


def test_signal_received_late_on_friday_utc_counts_on_its_moscow_date(
    intake_operator: User,
) -> None:
    # 22:30 UTC on Thursday is already Friday in Moscow.
    signal = record(
        intake_operator, received_at=datetime(2026, 11, 19, 22, 30, tzinfo=ZoneInfo("UTC"))
    )
    assert signal.team_due == date(2026, 11, 23)


def test_signal_is_recorded_without_a_family(intake_operator: User) -> None:
    signal = record(intake_operator, subject_last_name="Лаптева", subject_first_name="Светлана")
    assert signal.family is None
    assert signal.subject_name == "Лаптева Светлана"
    assert _kinds(signal) == ["signal.recorded"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("channel", "pigeon", "Выберите канал из списка."),
        ("source", "rumour", "Выберите источник из списка."),
        ("description", "   ", "Опишите, что сообщили."),
    ],
)
def test_bad_input_is_refused_with_a_message_for_its_field(
    intake_operator: User, field: str, value: str, message: str
) -> None:
    with pytest.raises(IntakeError) as error:
        record(intake_operator, **{field: value})
    assert error.value.field == field
    assert error.value.message == message
    assert not Signal.objects.exists()


def test_signal_from_the_future_is_refused(intake_operator: User) -> None:
    with pytest.raises(IntakeError) as error:
        record(intake_operator, received_at=timezone.now() + timedelta(hours=2))
    assert error.value.field == "received_at"


def test_programme_director_does_not_record_signals(director: User) -> None:
    with pytest.raises(PermissionDenied):
        record(director)  # reads every team's journal, records none


def test_family_of_another_team_cannot_be_linked_on_recording(
    intake_operator: User, head: User, other_team: Any
) -> None:
    other_head = make_user(RoleCode.TEAM_HEAD, organisation=head.organisation, team=other_team)
    strangers = make_family(by=other_head, name="Чужие")
    with pytest.raises(IntakeError) as error:
        record(intake_operator, family=strangers)
    assert error.value.field == "family"
    assert error.value.message == "Семья не найдена."


def test_curator_cannot_record_signals(curator: User) -> None:
    with pytest.raises(PermissionDenied):
        record(curator)


def test_urgent_signal_emails_the_team_senior_curators_at_once(
    intake_operator: User,
    senior: User,
    curator: User,
    other_team_curator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        signal = record(intake_operator, urgent=True, description="Угроза жизни ребёнка")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [senior.email]
    assert f"Срочный сигнал №{signal.pk}" in message.subject
    assert f"/signals/{signal.pk}/" in message.body
    # What was reported stays behind the access checks, never in an e-mail.
    assert "Угроза жизни" not in message.body


def test_urgent_signal_without_senior_curator_goes_to_the_team_head(
    intake_operator: User, head: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record(intake_operator, urgent=True)
    assert [m.to for m in mail.outbox] == [[head.email]]


def test_a_failing_mail_server_does_not_lose_the_signal(
    intake_operator: User,
    senior: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("kurator.intake.emails.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        signal = record(intake_operator, urgent=True)
    assert Signal.objects.filter(pk=signal.pk, urgent=True).exists()


def test_ordinary_signal_sends_no_mail(
    intake_operator: User, senior: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record(intake_operator)
    assert mail.outbox == []


# --- linking a family ------------------------------------------------------------------------


def test_linking_a_family_moves_the_signal_history_into_the_family_history(
    intake_operator: User, family: Family
) -> None:
    signal = record(intake_operator)
    services.link_signal_family(signal=signal, family=family, by=intake_operator)
    signal.refresh_from_db()
    assert signal.family == family
    assert _kinds(signal) == ["signal.recorded", "signal.family_linked"]
    assert set(TimelineEvent.objects.filter(signal=signal).values_list("family", flat=True)) == {
        family.pk
    }


def test_relinking_to_another_family_moves_history_along(
    intake_operator: User, signal: Signal
) -> None:
    other = make_family(by=intake_operator, name="Петровы")
    services.link_signal_family(signal=signal, family=other, by=intake_operator)
    assert set(signal.timeline.values_list("family", flat=True)) == {other.pk}


def test_linking_the_same_family_twice_is_refused(
    intake_operator: User, signal: Signal, family: Family
) -> None:
    with pytest.raises(IntakeError, match="уже связан"):
        services.link_signal_family(signal=signal, family=family, by=intake_operator)


def test_family_cannot_be_changed_after_the_decision(
    senior: User, reported_signal: Signal, intake_operator: User
) -> None:
    services.decide_signal(signal=reported_signal, by=senior, decision="accept")
    other = make_family(by=intake_operator, name="Петровы")
    with pytest.raises(IntakeError, match="Решение по этому сигналу уже принято"):
        services.link_signal_family(signal=reported_signal, family=other, by=intake_operator)


# --- stage 2: the first-visit team ---------------------------------------------------------


def test_senior_curator_names_future_curator_and_psychologist(
    signal: Signal, senior: User, curator: User, psychologist: User
) -> None:
    visit = services.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    assert signal.status == Signal.Status.TEAM_ASSIGNED
    assert visit.future_curator == curator
    assert visit.psychologist == psychologist
    assert visit.planned_date == signal.visit_due  # the default: the visit deadline
    assert _kinds(signal)[-1] == "signal.team_assigned"


def test_changing_the_team_before_the_visit_updates_the_same_visit(
    assigned_signal: Signal, senior: User, colleague: User, psychologist: User
) -> None:
    services.assign_visit_team(
        signal=assigned_signal,
        by=senior,
        future_curator=colleague,
        psychologist=psychologist,
        planned_date=None,
    )
    assert FirstVisit.objects.get(signal=assigned_signal).future_curator == colleague
    assert _kinds(assigned_signal).count("signal.team_assigned") == 2


@pytest.mark.parametrize(
    ("swap", "field"),
    [("curator_as_psychologist", "psychologist"), ("psychologist_as_curator", "future_curator")],
)
def test_visit_team_roles_are_checked(
    signal: Signal, senior: User, curator: User, psychologist: User, swap: str, field: str
) -> None:
    future, psy = (
        (curator, curator) if swap == "curator_as_psychologist" else (psychologist, psychologist)
    )
    with pytest.raises(IntakeError) as error:
        services.assign_visit_team(
            signal=signal, by=senior, future_curator=future, psychologist=psy, planned_date=None
        )
    assert error.value.field == field


def test_visit_team_must_be_of_the_signal_team(
    signal: Signal, senior: User, other_team_curator: User, psychologist: User
) -> None:
    with pytest.raises(IntakeError, match="из команды сигнала"):
        services.assign_visit_team(
            signal=signal,
            by=senior,
            future_curator=other_team_curator,
            psychologist=psychologist,
            planned_date=None,
        )


def test_visit_cannot_be_planned_before_the_signal(
    signal: Signal, senior: User, curator: User, psychologist: User
) -> None:
    with pytest.raises(IntakeError) as error:
        services.assign_visit_team(
            signal=signal,
            by=senior,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=timezone.localdate(signal.received_at) - timedelta(days=1),
        )
    assert error.value.field == "planned_date"


def test_intake_operator_may_not_assign_the_visit_team(
    signal: Signal, intake_operator: User, curator: User, psychologist: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.assign_visit_team(
            signal=signal,
            by=intake_operator,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=None,
        )


def test_api_members_are_split_by_role_whatever_their_order(
    signal: Signal, curator: User, psychologist: User
) -> None:
    assert services.split_visit_members(signal=signal, members=[psychologist, curator]) == (
        curator,
        psychologist,
    )


def test_the_same_specialist_twice_is_refused_on_both_paths(
    signal: Signal, senior: User, org: Any, team: Any
) -> None:
    both = make_user(RoleCode.CURATOR, RoleCode.PSYCHOLOGIST, organisation=org, team=team)
    with pytest.raises(IntakeError, match="двух разных специалистов") as on_form:
        services.assign_visit_team(
            signal=signal, by=senior, future_curator=both, psychologist=both, planned_date=None
        )
    with pytest.raises(IntakeError, match="двух разных специалистов") as on_api:
        services.split_visit_members(signal=signal, members=[both, both])
    assert (on_form.value.field, on_api.value.field) == ("psychologist", "members")


def test_api_members_must_be_one_curator_and_one_psychologist(
    signal: Signal, curator: User, colleague: User
) -> None:
    with pytest.raises(IntakeError) as error:
        services.split_visit_members(signal=signal, members=[curator, colleague])
    assert error.value.field == "members"


# --- stage 3: the visit and its report ------------------------------------------------------


def test_visit_report_is_due_24_calendar_hours_after_the_visit(
    assigned_signal: Signal, curator: User
) -> None:
    visited_at = ago(hours=5)
    services.record_visit(signal=assigned_signal, by=curator, visited_at=visited_at)
    assigned_signal.refresh_from_db()
    assert assigned_signal.status == Signal.Status.VISITED
    assert assigned_signal.report_due == visited_at + timedelta(hours=24)
    # Until the report is in, the decision counts from the report's deadline.
    assert assigned_signal.decision_due == workdays.decision_due(assigned_signal.report_due)


def test_visit_with_report_submits_it_and_decision_is_due_3_working_days_after(
    assigned_signal: Signal, psychologist: User
) -> None:
    visit = services.record_visit(
        signal=assigned_signal, by=psychologist, visited_at=ago(hours=3), report="Всё записано."
    )
    assert visit.report_submitted_at is not None
    assigned_signal.refresh_from_db()
    assert assigned_signal.decision_due == workdays.add_working_days(timezone.localdate(), 3)
    assert _kinds(assigned_signal)[-2:] == ["signal.visited", "signal.report_submitted"]


def test_visit_before_the_signal_is_refused(assigned_signal: Signal, curator: User) -> None:
    with pytest.raises(IntakeError) as error:
        services.record_visit(
            signal=assigned_signal,
            by=curator,
            visited_at=assigned_signal.received_at - timedelta(hours=1),
        )
    assert error.value.field == "visited_at"


def test_visit_in_the_future_is_refused(assigned_signal: Signal, curator: User) -> None:
    with pytest.raises(IntakeError) as error:
        services.record_visit(
            signal=assigned_signal, by=curator, visited_at=timezone.now() + timedelta(days=1)
        )
    assert error.value.field == "visited_at"


def test_visit_without_a_team_is_refused(signal: Signal, senior: User) -> None:
    with pytest.raises(IntakeError, match="назначьте команду"):
        services.record_visit(signal=signal, by=senior, visited_at=ago(hours=1))


def test_recording_the_visit_twice_is_refused(visited_signal: Signal, curator: User) -> None:
    with pytest.raises(IntakeError, match="уже отмечен"):
        services.record_visit(signal=visited_signal, by=curator, visited_at=ago(hours=1))


def test_colleague_not_on_the_visit_team_cannot_report(
    assigned_signal: Signal, colleague: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.record_visit(signal=assigned_signal, by=colleague, visited_at=ago(hours=1))


def test_senior_curator_may_enter_the_visit_for_the_team(
    assigned_signal: Signal, senior: User
) -> None:
    services.record_visit(signal=assigned_signal, by=senior, visited_at=ago(hours=1))
    assert assigned_signal.status == Signal.Status.VISITED


def test_may_report_visit_is_the_team_or_a_senior_curator_of_the_signals_team(
    assigned_signal: Signal,
    curator: User,
    psychologist: User,
    senior: User,
    colleague: User,
    org: Any,
    other_team: Any,
) -> None:
    visit = FirstVisit.objects.get(signal=assigned_signal)
    far_senior = make_user(RoleCode.SENIOR_CURATOR, organisation=org, team=other_team)
    may = {
        user: services.may_report_visit(user, assigned_signal, visit)
        for user in (curator, psychologist, senior, colleague, far_senior)
    }
    assert may == {
        curator: True,
        psychologist: True,
        senior: True,
        colleague: False,
        far_senior: False,  # the signal page offered her the buttons before
    }
    assert services.may_report_visit(senior, assigned_signal, None) is False
    with pytest.raises(PermissionDenied):
        services.record_visit(signal=assigned_signal, by=far_senior, visited_at=ago(hours=1))


def test_report_is_submitted_once(reported_signal: Signal, curator: User) -> None:
    with pytest.raises(IntakeError, match="уже сдан"):
        services.submit_visit_report(signal=reported_signal, by=curator, report="Ещё раз")


def test_empty_report_is_refused(visited_signal: Signal, curator: User) -> None:
    with pytest.raises(IntakeError) as error:
        services.submit_visit_report(signal=visited_signal, by=curator, report="  ")
    assert error.value.field == "report"


def test_report_before_the_visit_is_refused(assigned_signal: Signal, curator: User) -> None:
    with pytest.raises(IntakeError, match="выезд проведён"):
        services.submit_visit_report(signal=assigned_signal, by=curator, report="Отчёт")


def test_late_report_is_marked_late_in_the_history(assigned_signal: Signal, curator: User) -> None:
    services.record_visit(signal=assigned_signal, by=curator, visited_at=ago(days=2))
    services.submit_visit_report(signal=assigned_signal, by=curator, report="Поздно, но сдан")
    event = assigned_signal.timeline.get(kind="signal.report_submitted")
    assert event.data["late"] is True


# --- stage 4: the decision ----------------------------------------------------------------


def test_senior_curator_accepts_after_the_report(
    reported_signal: Signal, senior: User, curator: User, psychologist: User
) -> None:
    decision = services.decide_signal(
        signal=reported_signal,
        by=senior,
        decision="accept",
        participants=[curator, psychologist],
    )
    assert reported_signal.status == Signal.Status.ACCEPTED
    assert decision.level == DecisionLevel.SENIOR_CURATOR
    # The one who decides took part in the consilium.
    assert set(decision.participants.all()) == {senior, curator, psychologist}
    assert _kinds(reported_signal)[-1] == "signal.accepted"


def test_accepting_needs_the_visit_report(visited_signal: Signal, senior: User) -> None:
    with pytest.raises(IntakeError, match="после отчёта"):
        services.decide_signal(signal=visited_signal, by=senior, decision="accept")


def test_accepting_needs_a_family(
    intake_operator: User, senior: User, curator: User, psychologist: User
) -> None:
    signal = record(intake_operator)
    services.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    services.record_visit(signal=signal, by=curator, visited_at=ago(hours=2), report="Отчёт")
    with pytest.raises(IntakeError) as error:
        services.decide_signal(signal=signal, by=senior, decision="accept")
    assert error.value.field == "family"


@pytest.mark.parametrize("decision", ["refuse", "redirect"])
def test_refusal_or_redirect_without_a_reason_is_refused(
    reported_signal: Signal, senior: User, decision: str
) -> None:
    with pytest.raises(IntakeError) as error:
        services.decide_signal(signal=reported_signal, by=senior, decision=decision, reason=" ")
    assert error.value.field == "reason"
    assert not TakeInDecision.objects.exists()


def test_unknown_decision_is_refused(reported_signal: Signal, senior: User) -> None:
    with pytest.raises(IntakeError) as error:
        services.decide_signal(signal=reported_signal, by=senior, decision="maybe")
    assert error.value.field == "decision"


def test_informed_refusal_keeps_reason_and_alternatives(
    reported_signal: Signal, senior: User, agents: list[ResourceAgent]
) -> None:
    decision = services.decide_signal(
        signal=reported_signal,
        by=senior,
        decision="refuse",
        reason="Не наша целевая группа.",
        alternatives=agents[:2],
    )
    assert reported_signal.status == Signal.Status.REFUSED
    assert set(decision.alternatives.all()) == set(agents[:2])
    event = reported_signal.timeline.get(kind="signal.refused")
    assert event.data["reason"] == "Не наша целевая группа."
    assert event.data["alternatives"] == [a.name for a in agents[:2]]


def test_signal_plainly_not_for_us_is_redirected_before_any_visit(
    signal: Signal, senior: User, agents: list[ResourceAgent]
) -> None:
    services.decide_signal(
        signal=signal, by=senior, decision="redirect", reason="Детей нет.", alternatives=agents[:1]
    )
    assert signal.status == Signal.Status.REDIRECTED


def test_alternatives_are_only_for_refusals(
    reported_signal: Signal, senior: User, agents: list[ResourceAgent]
) -> None:
    with pytest.raises(IntakeError) as error:
        services.decide_signal(
            signal=reported_signal, by=senior, decision="accept", alternatives=agents[:1]
        )
    assert error.value.field == "alternatives"


def test_alternatives_of_another_organisation_are_refused(
    reported_signal: Signal, senior: User, outsider: User
) -> None:
    foreign = create_agent(by=outsider, name="Чужой фонд", category=ResourceAgent.Category.NGO)
    with pytest.raises(IntakeError) as error:
        services.decide_signal(
            signal=reported_signal,
            by=senior,
            decision="refuse",
            reason="Причина",
            alternatives=[foreign],
        )
    assert error.value.field == "alternatives"


def test_participants_of_another_team_are_refused(
    reported_signal: Signal, senior: User, other_team_curator: User
) -> None:
    with pytest.raises(IntakeError) as error:
        services.decide_signal(
            signal=reported_signal,
            by=senior,
            decision="accept",
            participants=[other_team_curator],
        )
    assert error.value.field == "participants"


def test_deciding_twice_is_an_error_not_two_decisions(
    reported_signal: Signal, senior: User, head: User
) -> None:
    stale = Signal.objects.get(pk=reported_signal.pk)  # the second click's page
    services.decide_signal(signal=reported_signal, by=senior, decision="accept")
    with pytest.raises(IntakeError, match="уже принято"):
        services.decide_signal(signal=stale, by=head, decision="refuse", reason="Передумали")
    assert TakeInDecision.objects.filter(signal=reported_signal).count() == 1
    assert Signal.objects.get(pk=reported_signal.pk).status == Signal.Status.ACCEPTED


def test_curator_may_not_decide(reported_signal: Signal, curator: User) -> None:
    with pytest.raises(PermissionDenied):
        services.decide_signal(signal=reported_signal, by=curator, decision="accept")


# --- escalation --------------------------------------------------------------------------------


def test_disagreement_escalates_to_the_coordinator_and_is_recorded(
    reported_signal: Signal, senior: User, head: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_signal(
            signal=reported_signal, by=senior, reason="Психолог за, куратор против"
        )
    assert reported_signal.decision_level == DecisionLevel.COORDINATOR
    event = reported_signal.timeline.get(kind="signal.escalated")
    assert event.data["reason"] == "Психолог за, куратор против"
    assert event.data["level_code"] == DecisionLevel.COORDINATOR
    assert [m.to for m in mail.outbox] == [[head.email]]


def test_after_escalation_the_senior_curator_no_longer_decides(
    reported_signal: Signal, senior: User, head: User
) -> None:
    services.escalate_signal(signal=reported_signal, by=senior, reason="Разошлись")
    with pytest.raises(IntakeError, match="координатор"):
        services.decide_signal(signal=reported_signal, by=senior, decision="accept")
    decision = services.decide_signal(signal=reported_signal, by=head, decision="accept")
    assert decision.level == DecisionLevel.COORDINATOR


def test_coordinator_escalates_to_the_head_of_programme_who_decides(
    reported_signal: Signal, senior: User, head: User, director: User
) -> None:
    services.escalate_signal(signal=reported_signal, by=senior, reason="Разошлись")
    services.escalate_signal(signal=reported_signal, by=head, reason="И мы разошлись")
    assert reported_signal.decision_level == DecisionLevel.PROGRAMME_HEAD
    with pytest.raises(IntakeError):
        services.decide_signal(signal=reported_signal, by=head, decision="accept")
    decision = services.decide_signal(
        signal=reported_signal, by=director, decision="refuse", reason="Вне мандата"
    )
    assert decision.level == DecisionLevel.PROGRAMME_HEAD


def test_nothing_is_above_the_head_of_programme(
    reported_signal: Signal, senior: User, head: User, director: User
) -> None:
    services.escalate_signal(signal=reported_signal, by=senior, reason="1")
    services.escalate_signal(signal=reported_signal, by=head, reason="2")
    with pytest.raises(IntakeError, match="выше передать нельзя"):
        services.escalate_signal(signal=reported_signal, by=director, reason="3")


def test_escalation_needs_the_reason(reported_signal: Signal, senior: User) -> None:
    with pytest.raises(IntakeError) as error:
        services.escalate_signal(signal=reported_signal, by=senior, reason="")
    assert error.value.field == "reason"


def test_decided_signal_cannot_be_escalated(reported_signal: Signal, senior: User) -> None:
    services.decide_signal(signal=reported_signal, by=senior, decision="accept")
    with pytest.raises(IntakeError, match="уже принято"):
        services.escalate_signal(signal=reported_signal, by=senior, reason="Поздно")


# --- invariants ----------------------------------------------------------------------------


def test_every_kind_the_services_emit_has_display_text(
    reported_signal: Signal, senior: User, intake_operator: User
) -> None:
    services.escalate_signal(signal=reported_signal, by=senior, reason="Разошлись")
    other = make_family(by=intake_operator, name="Петровы")
    services.link_signal_family(signal=reported_signal, family=other, by=intake_operator)
    emitted = set(TimelineEvent.objects.values_list("kind", flat=True))
    assert emitted <= set(KINDS)
    assert {"signal.recorded", "signal.team_assigned", "signal.visited"} <= emitted


def test_another_organisation_cannot_act_on_the_signal(
    reported_signal: Signal, outsider: User
) -> None:
    with pytest.raises(IntakeError, match="не найден"):
        services.decide_signal(signal=reported_signal, by=outsider, decision="accept")


def test_a_deactivated_specialist_cannot_be_sent(
    signal: Signal, senior: User, curator: User, psychologist: User
) -> None:
    curator.is_active = False
    curator.save()
    with pytest.raises(IntakeError, match="больше не работает"):
        services.assign_visit_team(
            signal=signal,
            by=senior,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=None,
        )


def test_team_of_another_organisation_is_refused(intake_operator: User) -> None:
    foreign_team = make_team(make_organisation("Другая"))
    with pytest.raises(IntakeError) as error:
        record(intake_operator, team=foreign_team)
    assert error.value.field == "team"
