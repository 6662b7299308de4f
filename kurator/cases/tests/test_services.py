"""Rules of opening, handing over, scoring and linking cases (kurator/cases/services/opening.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from kurator.accounts.models import Norms, Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.errors import CaseError
from kurator.cases.models import Case, CaseLink, ComplexityAssessment, TimelineEvent
from kurator.cases.services import opening
from kurator.cases.tests.factories import (
    make_accepted_signal,
    make_refused_signal,
    make_signal,
    make_visited_signal,
    open_case_for,
)
from kurator.cases.timeline import KINDS, describe
from kurator.core import workdays
from kurator.core.testing import make_family, make_organisation, make_team, make_user
from kurator.intake.models import Signal
from kurator.people.models import Family

MSK = ZoneInfo("Europe/Moscow")


# --- open_case -----------------------------------------------------------------------------


def test_case_opens_from_accepted_signal_with_its_family_team_and_curator(
    accepted_signal: Signal, senior: User, curator: User, family: Family
) -> None:
    case = opening.open_case(signal=accepted_signal, curator=curator, by=senior)
    assert case.status == Case.Status.OPEN
    assert case.family_id == family.pk
    assert case.team_id == accepted_signal.team_id
    assert case.organisation_id == accepted_signal.organisation_id
    assert case.curator_id == curator.pk
    assert case.scenario == Case.Scenario.PLANNED
    assert case.target_group == Case.TargetGroup.FAMILY_WITH_CHILDREN


def test_opening_writes_case_opened_to_the_history(
    accepted_signal: Signal, senior: User, curator: User
) -> None:
    case = opening.open_case(
        signal=accepted_signal, curator=curator, by=senior, scenario=Case.Scenario.EMERGENCY
    )
    event = TimelineEvent.objects.get(case=case, kind="case.opened")
    assert event.actor_id == senior.pk
    assert event.family_id == case.family_id
    assert event.signal_id == accepted_signal.pk
    assert describe(event) == "Открыт случай, куратор Белова Ольга, сценарий: экстренная помощь"


def test_deadlines_come_from_the_production_calendar(
    accepted_signal: Signal, senior: User, curator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened on Wednesday 30 December 2026: the New Year holidays of 2027 lie between the
    # opening and the folder deadline; the plan is 45 calendar days later.
    opened = datetime(2026, 12, 30, 11, 0, tzinfo=MSK)
    monkeypatch.setattr(opening.timezone, "now", lambda: opened)
    case = opening.open_case(signal=accepted_signal, curator=curator, by=senior)
    assert case.folder_due == workdays.case_folder_due(date(2026, 12, 30))
    assert case.folder_due is not None and case.folder_due > date(2027, 1, 8)
    assert case.plan_due == date(2027, 2, 13)


def test_case_opened_late_in_the_evening_counts_from_the_moscow_date(
    accepted_signal: Signal, senior: User, curator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23:30 in Moscow on 5 March 2026 is 20:30 UTC the same day; 00:30 on 6 March is
    # 21:30 UTC on the 5th — the local date is what counts.
    opened = datetime(2026, 3, 6, 0, 30, tzinfo=MSK)
    monkeypatch.setattr(opening.timezone, "now", lambda: opened)
    case = opening.open_case(signal=accepted_signal, curator=curator, by=senior)
    assert case.plan_due == date(2026, 4, 20)
    assert case.folder_due == workdays.case_folder_due(date(2026, 3, 6))


def test_double_submit_opens_one_case_only(
    accepted_signal: Signal, senior: User, curator: User
) -> None:
    opening.open_case(signal=accepted_signal, curator=curator, by=senior)
    with pytest.raises(CaseError, match="уже открыт") as info:
        opening.open_case(signal=accepted_signal, curator=curator, by=senior)
    assert info.value.field == "signal"
    assert Case.objects.filter(signal=accepted_signal).count() == 1
    assert TimelineEvent.objects.filter(kind="case.opened").count() == 1


def test_database_refuses_a_second_case_when_the_check_is_raced(
    accepted_signal: Signal, senior: User, curator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulates the race the existence check cannot see: the unique signal column decides."""
    opening.open_case(signal=accepted_signal, curator=curator, by=senior)
    real_filter = Case.objects.filter

    def blind_filter(*args: Any, **kwargs: Any) -> Any:
        if "signal_id" in kwargs or "family_id" in kwargs:
            return Case.objects.none()  # "no case yet", as seen by the second request
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Case.objects, "filter", blind_filter)
    with pytest.raises(CaseError, match="уже открыт"):
        opening.open_case(signal=accepted_signal, curator=curator, by=senior)
    monkeypatch.undo()
    assert Case.objects.filter(signal=accepted_signal).count() == 1


def test_case_signal_is_unique_in_the_database(case: Case) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            organisation_id=case.organisation_id,
            team_id=case.team_id,
            family_id=case.family_id,
            signal_id=case.signal_id,
            curator_id=case.curator_id,
            opened_at=case.opened_at,
        )


def test_case_does_not_open_from_a_refused_signal(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    signal = make_refused_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    with pytest.raises(CaseError, match="решено взять в работу") as info:
        opening.open_case(signal=signal, curator=curator, by=senior)
    assert info.value.field == "signal"
    assert not Case.objects.exists()


def test_case_does_not_open_from_a_new_or_visited_signal(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    new = make_signal(by=senior, family=family)
    visited = make_visited_signal(
        senior=senior,
        family=make_family(by=senior, name="Петровы"),
        future_curator=curator,
        psychologist=psychologist,
    )
    for signal in (new, visited):
        with pytest.raises(CaseError, match="решено взять в работу"):
            opening.open_case(signal=signal, curator=curator, by=senior)
    assert not Case.objects.exists()


def test_case_does_not_open_without_a_family(
    accepted_signal: Signal, senior: User, curator: User
) -> None:
    # The intake services refuse to accept a signal without a family; this guards the case
    # side on its own (e.g. a family unlinked by a later correction). Raw update on purpose.
    Signal.objects.filter(pk=accepted_signal.pk).update(family=None)
    with pytest.raises(CaseError, match="свяжите сигнал с семьёй"):
        opening.open_case(signal=accepted_signal, curator=curator, by=senior)


@pytest.mark.parametrize("role", [RoleCode.CURATOR, RoleCode.PSYCHOLOGIST, RoleCode.SUPERVISOR])
def test_opening_needs_the_open_permission(
    accepted_signal: Signal, curator: User, org: Organisation, team: Team, role: str
) -> None:
    someone = make_user(role, organisation=org, team=team)
    with pytest.raises(PermissionDenied):
        opening.open_case(signal=accepted_signal, curator=curator, by=someone)
    assert not Case.objects.exists()


def test_team_head_may_open_a_case(accepted_signal: Signal, head: User, curator: User) -> None:
    case = opening.open_case(signal=accepted_signal, curator=curator, by=head)
    assert case.curator_id == curator.pk


def test_another_organisation_cannot_open_from_our_signal(
    accepted_signal: Signal, outsider: User, curator: User
) -> None:
    with pytest.raises(CaseError, match="не найден"):
        opening.open_case(signal=accepted_signal, curator=curator, by=outsider)


def test_team_head_of_another_team_cannot_open_from_our_signal(
    accepted_signal: Signal, curator: User, org: Organisation, other_team: Team
) -> None:
    other_head = make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team)
    with pytest.raises(CaseError, match="не найден"):
        opening.open_case(signal=accepted_signal, curator=curator, by=other_head)
    assert not Case.objects.exists()


def test_curator_must_be_of_the_signal_team(
    accepted_signal: Signal, senior: User, other_team_curator: User
) -> None:
    with pytest.raises(CaseError, match="из команды") as info:
        opening.open_case(signal=accepted_signal, curator=other_team_curator, by=senior)
    assert info.value.field == "curator"


def test_curator_must_have_the_curator_role(
    accepted_signal: Signal, senior: User, psychologist: User
) -> None:
    with pytest.raises(CaseError, match="роли куратора") as info:
        opening.open_case(signal=accepted_signal, curator=psychologist, by=senior)
    assert info.value.field == "curator"


def test_curator_must_be_active(accepted_signal: Signal, senior: User, colleague: User) -> None:
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    with pytest.raises(CaseError, match="больше не работает"):
        opening.open_case(signal=accepted_signal, curator=colleague, by=senior)


def test_another_curator_than_the_visits_may_be_appointed(
    accepted_signal: Signal, senior: User, colleague: User
) -> None:
    case = opening.open_case(signal=accepted_signal, curator=colleague, by=senior)
    assert case.curator_id == colleague.pk


@pytest.mark.parametrize(
    ("scenario", "target_group", "field"),
    [("weekly", "family", "scenario"), ("planned", "aliens", "target_group")],
)
def test_unknown_scenario_or_target_group_is_refused(
    accepted_signal: Signal,
    senior: User,
    curator: User,
    scenario: str,
    target_group: str,
    field: str,
) -> None:
    with pytest.raises(CaseError) as info:
        opening.open_case(
            signal=accepted_signal,
            curator=curator,
            by=senior,
            scenario=scenario,
            target_group=target_group,
        )
    assert info.value.field == field


# --- suggestion and caseload ---------------------------------------------------------------


def test_suggested_curator_is_the_visits_future_curator(
    accepted_signal: Signal, curator: User
) -> None:
    assert opening.suggest_curator(accepted_signal) == curator


def test_no_suggestion_without_a_first_visit(senior: User, family: Family) -> None:
    assert opening.suggest_curator(make_signal(by=senior, family=family)) is None


def _set_norms(org: Organisation, **values: int) -> None:
    Norms.objects.filter(organisation=org).update(**values)


def test_no_caseload_warning_within_the_norms(case: Case, curator: User) -> None:
    assert opening.caseload_warning(curator=curator) is None


def test_caseload_warning_when_one_more_case_passes_the_maximum(
    case: Case, curator: User, org: Organisation
) -> None:
    _set_norms(org, caseload_min=1, caseload_optimal=1, caseload_max=1)
    warning = opening.caseload_warning(curator=curator)
    assert warning is not None
    assert "Активных случаев у куратора: 1" in warning
    assert "до 1" in warning


def test_caseload_warning_when_high_complexity_cases_are_at_the_norm(
    case: Case, curator: User, senior: User, org: Organisation
) -> None:
    _set_norms(org, high_complexity_max=1)
    assert opening.caseload_warning(curator=curator) is None
    opening.score_complexity(
        case=case,
        by=curator,
        distance_km=Decimal(130),
        guardianship_tension=3,
        resource_deficit=3,
        removal_risk=3,
        substance_use=3,
    )
    warning = opening.caseload_warning(curator=curator)
    assert warning is not None
    assert "высокой сложности" in warning


def test_caseload_counts_only_open_cases_of_that_curator(
    case: Case, colleague: User, org: Organisation
) -> None:
    _set_norms(org, caseload_min=1, caseload_optimal=1, caseload_max=1)
    assert opening.caseload_warning(curator=colleague) is None


# --- transfer_case -------------------------------------------------------------------------


def test_case_is_handed_over_with_a_reason_in_the_history(
    case: Case, head: User, colleague: User, curator: User
) -> None:
    opening.transfer_case(case=case, new_curator=colleague, reason=" Отпуск ", by=head)
    case.refresh_from_db()
    assert case.curator_id == colleague.pk
    event = TimelineEvent.objects.get(case=case, kind="case.transferred")
    assert event.actor_id == head.pk
    assert event.data["reason"] == "Отпуск"
    assert describe(event) == "Сменился куратор: Белова Ольга → Громов Никита. Причина: Отпуск"


def test_a_hand_over_outside_a_request_keeps_its_author_in_the_history(
    case: Case, head: User, colleague: User, senior: User
) -> None:
    """No request, so no middleware names the user: the service does (django-simple-history)."""
    opening.transfer_case(case=case, new_curator=colleague, reason="Отпуск", by=head)
    created, *_, latest = case.history.order_by("history_date", "history_id")
    assert (created.history_type, created.history_user_id) == ("+", senior.pk)
    assert (latest.curator_id, latest.history_user_id) == (colleague.pk, head.pk)


def test_scoring_outside_a_request_keeps_its_author_in_the_history(
    case: Case, curator: User
) -> None:
    opening.score_complexity(
        case=case,
        by=curator,
        distance_km=10,
        guardianship_tension=1,
        resource_deficit=1,
        removal_risk=1,
        substance_use=1,
    )
    latest = case.history.latest()
    assert (latest.complexity_score, latest.history_user_id) == (5, curator.pk)


def test_hand_over_needs_a_reason(case: Case, head: User, colleague: User) -> None:
    with pytest.raises(CaseError) as info:
        opening.transfer_case(case=case, new_curator=colleague, reason="   ", by=head)
    assert info.value.field == "reason"
    case.refresh_from_db()
    assert case.curator_id != colleague.pk


def test_hand_over_to_the_same_curator_is_refused(case: Case, head: User, curator: User) -> None:
    with pytest.raises(CaseError, match="уже ведёт"):
        opening.transfer_case(case=case, new_curator=curator, reason="—", by=head)


def test_hand_over_to_another_team_is_refused(
    case: Case, head: User, other_team_curator: User
) -> None:
    with pytest.raises(CaseError, match="из команды"):
        opening.transfer_case(case=case, new_curator=other_team_curator, reason="Переезд", by=head)


def test_curator_may_not_hand_over_her_case(case: Case, curator: User, colleague: User) -> None:
    with pytest.raises(PermissionDenied):
        opening.transfer_case(case=case, new_curator=colleague, reason="Устала", by=curator)


def test_closed_case_is_not_handed_over(case: Case, head: User, colleague: User) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)  # closure is lifecycle's
    with pytest.raises(CaseError, match="Закрытый"):
        opening.transfer_case(case=case, new_curator=colleague, reason="Отпуск", by=head)


# --- score_complexity ----------------------------------------------------------------------


def _score(case: Case, by: User, distance: Any, *points: int) -> ComplexityAssessment:
    tension, deficit, risk, substances = points
    return opening.score_complexity(
        case=case,
        by=by,
        distance_km=distance,
        guardianship_tension=tension,
        resource_deficit=deficit,
        removal_risk=risk,
        substance_use=substances,
    )


@pytest.mark.parametrize(
    ("distance", "points"),
    [("0", 1), ("80", 1), ("80.1", 2), ("110", 2), ("110.1", 3), ("450", 3)],
)
def test_distance_points_follow_the_bands(
    case: Case, curator: User, distance: str, points: int
) -> None:
    assessment = _score(case, curator, Decimal(distance), 1, 1, 1, 1)
    assert assessment.distance_points == points
    assert assessment.score == points + 4


@pytest.mark.parametrize(
    ("distance", "points", "score", "level"),
    [
        ("10", (1, 1, 1, 1), 5, "low"),
        ("10", (2, 2, 1, 1), 7, "low"),
        ("10", (2, 2, 2, 1), 8, "medium"),
        ("95", (3, 3, 2, 2), 12, "medium"),
        ("95", (3, 3, 3, 2), 13, "high"),
        ("200", (3, 3, 3, 3), 15, "high"),
    ],
)
def test_sum_gives_the_level(
    case: Case,
    curator: User,
    distance: str,
    points: tuple[int, int, int, int],
    score: int,
    level: str,
) -> None:
    assessment = _score(case, curator, Decimal(distance), *points)
    assert (assessment.score, assessment.level) == (score, level)
    case.refresh_from_db()
    assert (case.complexity_score, case.complexity_level) == (score, level)


def test_bands_are_the_organisations_norms(case: Case, curator: User, org: Organisation) -> None:
    _set_norms(org, distance_band_1_km=30, distance_band_2_km=60, complexity_low_max=6)
    assessment = _score(case, curator, Decimal(45), 1, 1, 1, 1)
    assert assessment.distance_points == 2
    assert (assessment.score, assessment.level) == (6, "low")
    assert _score(case, curator, Decimal(61), 1, 1, 1, 1).level == "medium"


def test_every_rescoring_is_kept_and_the_case_shows_the_newest(case: Case, curator: User) -> None:
    _score(case, curator, Decimal(10), 1, 1, 1, 1)
    _score(case, curator, Decimal(130), 3, 3, 3, 3)
    assert case.complexity_assessments.count() == 2
    case.refresh_from_db()
    assert (case.complexity_score, case.complexity_level) == (15, "high")
    events = TimelineEvent.objects.filter(case=case, kind="case.complexity_scored")
    assert [describe(e) for e in events] == [
        "Оценка сложности: 15 баллов, высокая",
        "Оценка сложности: 5 баллов, низкая",
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("guardianship_tension", 0),
        ("resource_deficit", 4),
        ("removal_risk", -1),
        ("substance_use", True),
        ("substance_use", "2"),
        ("removal_risk", 2.5),
    ],
)
def test_points_outside_one_to_three_are_refused(
    case: Case, curator: User, field: str, value: Any
) -> None:
    points: dict[str, Any] = {
        "guardianship_tension": 1,
        "resource_deficit": 1,
        "removal_risk": 1,
        "substance_use": 1,
        field: value,
    }
    with pytest.raises(CaseError) as info:
        opening.score_complexity(case=case, by=curator, distance_km=Decimal(10), **points)
    assert info.value.field == field
    assert not case.complexity_assessments.exists()


@pytest.mark.parametrize("distance", [Decimal("-1"), "-0.5", "abc", "NaN", None, "1e9"])
def test_bad_distance_is_refused(case: Case, curator: User, distance: Any) -> None:
    with pytest.raises(CaseError) as info:
        _score(case, curator, distance, 1, 1, 1, 1)
    assert info.value.field == "distance_km"


def test_distance_accepts_a_comma(case: Case, curator: User) -> None:
    assert _score(case, curator, "80,5", 1, 1, 1, 1).distance_km == Decimal("80.5")


def test_scoring_needs_the_write_permission(case: Case, director: User) -> None:
    with pytest.raises(PermissionDenied):
        _score(case, director, Decimal(10), 1, 1, 1, 1)


def test_closed_case_is_not_scored(case: Case, curator: User) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    with pytest.raises(CaseError, match="закрытого"):
        _score(case, curator, Decimal(10), 1, 1, 1, 1)


# --- link_cases ----------------------------------------------------------------------------


@pytest.fixture
def second_case(senior: User, colleague: User, psychologist: User) -> Case:
    return open_case_for(
        senior=senior,
        curator=colleague,
        psychologist=psychologist,
        family=make_family(by=senior, name="Сидоровы"),
    )


def test_linked_cases_appear_in_both_histories(case: Case, second_case: Case, senior: User) -> None:
    link = opening.link_cases(case=case, related_case=second_case, by=senior, note="Бабушка")
    assert (link.case_id, link.related_case_id) == (case.pk, second_case.pk)
    assert describe(TimelineEvent.objects.get(case=case, kind="case.linked")) == (
        f"Случай связан со случаем №{second_case.pk}"
    )
    assert TimelineEvent.objects.get(case=second_case, kind="case.linked").data == {
        "other_case": case.pk,
        "note": "Бабушка",
    }


def test_a_link_is_not_made_twice_in_either_direction(
    case: Case, second_case: Case, senior: User
) -> None:
    opening.link_cases(case=case, related_case=second_case, by=senior)
    for a, b in ((case, second_case), (second_case, case)):
        with pytest.raises(CaseError, match="уже связаны"):
            opening.link_cases(case=a, related_case=b, by=senior)
    assert CaseLink.objects.count() == 1


def test_case_is_not_linked_to_itself(case: Case, senior: User) -> None:
    with pytest.raises(CaseError, match="самим собой") as info:
        opening.link_cases(case=case, related_case=case, by=senior)
    assert info.value.field == "related_case"


@pytest.fixture
def foreign_case(db: None) -> Case:
    """An open case of another organisation."""
    other = make_organisation("Другой фонд")
    other_team = make_team(other, "Тверь")
    senior = make_user(RoleCode.SENIOR_CURATOR, organisation=other, team=other_team)
    return open_case_for(
        senior=senior,
        curator=make_user(RoleCode.CURATOR, organisation=other, team=other_team),
        psychologist=make_user(RoleCode.PSYCHOLOGIST, organisation=other, team=other_team),
        family=make_family(by=senior, name="Чужие"),
    )


def test_case_is_not_linked_across_organisations(
    case: Case, foreign_case: Case, senior: User
) -> None:
    with pytest.raises(CaseError, match="не найден"):
        opening.link_cases(case=case, related_case=foreign_case, by=senior)
    assert not CaseLink.objects.exists()


# --- the history registry ------------------------------------------------------------------


def test_every_kind_these_services_write_is_in_the_registry() -> None:
    written = {"case.opened", "case.transferred", "case.complexity_scored", "case.linked"}
    assert written <= set(KINDS)


def test_family_with_an_open_case_does_not_get_a_second_one(
    case: Case, senior: User, colleague: User, psychologist: User, family: Family
) -> None:
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=colleague, psychologist=psychologist
    )
    with pytest.raises(CaseError, match=f"уже есть открытый случай №{case.pk}"):
        opening.open_case(signal=signal, curator=colleague, by=senior)
    assert Case.objects.filter(family=family).count() == 1


def test_family_whose_case_is_closed_may_get_a_new_one(
    case: Case, senior: User, colleague: User, psychologist: User, family: Family
) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)  # closure is lifecycle's
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=colleague, psychologist=psychologist
    )
    second = opening.open_case(signal=signal, curator=colleague, by=senior)
    assert second.pk != case.pk
