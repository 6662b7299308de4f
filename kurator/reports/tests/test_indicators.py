"""The indicator report against the same period a year before: exact counts, percentages and
changes for each section of the indicator list (docs/domain.md, Indicators); a team head's
report counts her team only; the query count does not grow with the data; no data gives zeros
and blanks, never an error.

Records are made through the services and then moved to the dates a test needs with
``.update()``: the services stamp "now" (signals' decisions, closures) or refuse dates
before a case opened, and the report compares 2026 with 2025."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurator.access.reports import ReportScope
from kurator.accounts.models import Team, User
from kurator.assessments.models import Assessment, Instrument
from kurator.assessments.services import instrument_questions, record_assessment
from kurator.cases.models import Case, CaseClosure
from kurator.cases.services import lifecycle
from kurator.intake.models import FirstVisit, Signal, TakeInDecision
from kurator.network.models import Delivery, Service
from kurator.network.services.aid import record_delivery
from kurator.people.models import Person
from kurator.people.services import create_person
from kurator.reports.figures import Period
from kurator.reports.models import Appeal, StaffNormEntry
from kurator.reports.queries.indicators import SECTION_KEYS, compute_indicators
from kurator.reports.services.records import answer_appeal, record_appeal, record_norm_entry
from kurator.reports.tests.factories_indicators import BEFORE, YEAR, at, case_on

pytestmark = pytest.mark.django_db

CRITERIA = {key: True for key in lifecycle.CLOSURE_CRITERIA}


def org_scope(team: Team) -> ReportScope:
    return ReportScope(team.organisation_id, None, "Организация")


def team_scope(team: Team) -> ReportScope:
    return ReportScope(team.organisation_id, team.pk, team.name)


@pytest.fixture
def make_case(senior: User, curator: User, psychologist: User) -> Any:
    def make(opened: date, closed: date | None = None, **fields: object) -> Case:
        return case_on(
            senior=senior,
            curator=curator,
            psychologist=psychologist,
            opened=opened,
            closed=closed,
            **fields,
        )

    return make


def close(case: Case, *, by: User, on: date, reason: str = CaseClosure.Reason.GOALS_MET) -> None:
    """Closed through the lifecycle service, then dated ``on`` (it stamps now)."""
    lifecycle.close_case(case=case, by=by, reason=reason, criteria=CRITERIA)
    Case.objects.filter(pk=case.pk).update(closed_at=at(on))
    CaseClosure.objects.filter(case=case).update(closed_at=at(on))
    case.refresh_from_db()


# --- shape and empty data -------------------------------------------------------------------


def test_no_records_give_zero_counts_and_blank_averages(team: Team) -> None:
    report = compute_indicators(scope=org_scope(team), period=YEAR)

    assert [s.key for s in report.sections] == list(SECTION_KEYS)
    charted = {s.key for s in report.sections if s.chart}
    assert charted == {"signals", "cases", "help", "register"}
    assert report.previous == BEFORE
    for section in report.sections:
        for figure in section.figures:
            assert figure.label, figure.key
            if figure.unit == "count" and figure.key not in {"caseload_per_curator", "intensity"}:
                assert (figure.current, figure.previous) == (0, 0), figure.key
            elif figure.unit == "share":
                assert figure.current_of == 0 and figure.current_percent is None, figure.key
            else:
                assert figure.current is None, figure.key
            assert figure.change is None, figure.key
            assert figure.link is None


def test_every_choice_has_its_figure(team: Team) -> None:
    report = compute_indicators(scope=org_scope(team), period=YEAR)
    for code in Signal.Source.values:
        report.figure(f"signals_source_{code}")
    for code in Signal.Channel.values:
        report.figure(f"signals_channel_{code}")
    for code in Case.Complexity.values:
        report.figure(f"cases_active_complexity_{code}")
    for code in CaseClosure.Reason.values:
        report.figure(f"closures_reason_{code}")
    for code in Service.Group.values:
        report.figure(f"help_families_{code}")
        report.figure(f"help_persons_{code}")


# --- signals ----------------------------------------------------------------------------------


def test_signals_by_source_and_channel_decisions_and_deadlines(
    make_case: Any, senior: User
) -> None:
    # Two cases in 2026 (their signals from the school by phone), one in 2025.
    late = make_case(date(2026, 3, 10))
    on_time = make_case(date(2026, 4, 10))
    make_case(date(2025, 4, 10))
    Signal.objects.filter(pk=late.signal_id).update(
        source=Signal.Source.POLICE,
        channel=Signal.Channel.HOTLINE,
        received_at=at(date(2026, 3, 1)),
        visit_due=date(2026, 3, 4),
        decision_due=date(2026, 3, 12),
    )
    FirstVisit.objects.filter(signal_id=late.signal_id).update(visited_at=at(date(2026, 3, 6)))
    TakeInDecision.objects.filter(signal_id=late.signal_id).update(decided_at=at(date(2026, 3, 9)))
    Signal.objects.filter(pk=on_time.signal_id).update(
        received_at=at(date(2026, 4, 1)),
        visit_due=date(2026, 4, 6),
        decision_due=date(2026, 4, 10),
    )
    FirstVisit.objects.filter(signal_id=on_time.signal_id).update(visited_at=at(date(2026, 4, 2)))
    TakeInDecision.objects.filter(signal_id=on_time.signal_id).update(
        decided_at=at(date(2026, 4, 5))
    )

    report = compute_indicators(scope=org_scope(late.team), period=YEAR)

    total = report.figure("signals_total")
    assert (total.current, total.previous, total.change) == (2, 1, Decimal(100))
    assert report.figure("signals_source_police").current == 1
    assert report.figure("signals_source_school").current == 1
    assert report.figure("signals_channel_hotline").current == 1
    assert report.figure("signals_channel_phone").current == 1
    accepted = report.figure("decisions_accept")
    assert (accepted.current, accepted.previous) == (2, 1)
    assert report.figure("decisions_refuse").current == 0
    visit = report.figure("visit_on_time")
    assert (visit.current, visit.current_of, visit.current_percent) == (1, 2, Decimal(50))
    decision = report.figure("decision_on_time")
    assert (decision.current, decision.current_of) == (2, 2)
    # Visits 5 and 1 days after the signal; decisions 8 and 4 days after it.
    assert report.figure("days_to_visit").current == Decimal("3.0")
    assert report.figure("days_to_decision").current == Decimal("6.0")
    # The factory's year-before case: visit 2 days, decision 4 days after the signal.
    assert report.figure("days_to_visit").previous == Decimal("2.0")


# --- cases ------------------------------------------------------------------------------------


def test_open_new_closed_cases_by_complexity_scenario_target_and_reason(
    make_case: Any, curator: User, senior: User
) -> None:
    carried = make_case(date(2025, 6, 1), complexity_level=Case.Complexity.HIGH)
    new_closed = make_case(
        date(2026, 2, 1),
        scenario=Case.Scenario.EMERGENCY,
        target_group=Case.TargetGroup.REFUGEES,
        complexity_level=Case.Complexity.LOW,
    )
    close(new_closed, by=curator, on=date(2026, 8, 1), reason=CaseClosure.Reason.MOVED_AWAY)
    old = make_case(date(2024, 1, 10))
    close(old, by=curator, on=date(2025, 1, 10))
    # The family's situation worsened: a new case (regress) in 2026.
    reopened = lifecycle.reopen_case(case=old, by=senior, reason="Снова долги, ребёнок в ПДН.")
    Case.objects.filter(pk=reopened.pk).update(opened_at=at(date(2026, 5, 5)))

    report = compute_indicators(scope=org_scope(carried.team), period=YEAR)

    active = report.figure("cases_active")
    assert (active.current, active.previous) == (3, 2)  # 2025: carried and old
    assert active.change == Decimal(50)
    assert (report.figure("cases_new").current, report.figure("cases_new").previous) == (2, 1)
    closed = report.figure("cases_closed")
    assert (closed.current, closed.previous) == (1, 1)
    assert report.figure("cases_active_complexity_high").current == 1
    assert report.figure("cases_active_complexity_low").current == 1
    assert report.figure("cases_new_scenario_emergency").current == 1
    assert report.figure("cases_new_scenario_planned").current == 1
    assert report.figure("cases_new_target_refugees").current == 1
    assert report.figure("closures_reason_moved_away").current == 1
    assert report.figure("closures_reason_goals_met").previous == 1
    # 1 Feb → 1 Aug is 181 days; 10 Jan 2024 → 10 Jan 2025 is 366 days.
    assert report.figure("case_duration_months").current == Decimal("5.9")
    assert report.figure("case_duration_months").previous == Decimal("12.0")
    regress = report.figure("cases_reopened")
    assert (regress.current, regress.previous) == (1, 0)


# --- help -------------------------------------------------------------------------------------


def test_families_and_persons_helped_by_help_type(
    make_case: Any, curator: User, head: User, administrator: User
) -> None:
    food = Service.objects.create(
        organisation_id=curator.organisation_id, name="Продуктовый набор", group="material"
    )
    lawyer = Service.objects.create(
        organisation_id=curator.organisation_id, name="Консультация юриста", group="legal"
    )
    first = make_case(date(2025, 12, 1))
    second = make_case(date(2025, 12, 1), name="Петровы")

    def person(case: Case, name: str) -> Person:
        return create_person(
            by=curator,
            last_name=case.family.name,
            first_name=name,
            family=case.family,
            family_role="parent",
        )

    anna, boris = person(first, "Анна"), person(first, "Борис")
    vera = person(second, "Вера")

    def deliver(case: Case, service: Service, persons: list[Person], on: date) -> Delivery:
        delivery = record_delivery(
            case=case,
            by=curator,
            service=service,
            delivered_on=date(2026, 1, 15),
            persons=persons,
            quantity=1,
            unit_cost=1000,
            provider=Delivery.Provider.STAFF,
            funding=Delivery.Funding.OWN,
        )
        Delivery.objects.filter(pk=delivery.pk).update(delivered_on=on)
        return delivery

    deliver(first, food, [anna, boris], date(2026, 2, 1))
    deliver(first, food, [anna], date(2026, 3, 1))  # the same family and person again
    deliver(second, lawyer, [vera], date(2026, 3, 1))
    deliver(second, food, [vera], date(2025, 3, 1))
    rejected = deliver(second, lawyer, [vera], date(2026, 4, 1))
    Delivery.objects.filter(pk=rejected.pk).update(approval=Delivery.Approval.REJECTED)

    report = compute_indicators(scope=org_scope(first.team), period=YEAR)

    families = report.figure("help_families_total")
    assert (families.current, families.previous) == (2, 1)
    assert report.figure("help_persons_total").current == 3
    assert report.figure("help_families_material").current == 1
    assert report.figure("help_persons_material").current == 2
    assert report.figure("help_families_legal").current == 1
    assert report.figure("help_families_legal").previous == 0
    assert report.figure("help_families_material").previous == 1
    assert report.figure("cost_per_case").current == Decimal(1500)  # 2 000 + 1 000 over 2 cases


# --- long-term support and well-being -----------------------------------------------------


def answers(instrument: Instrument, scores: list[int]) -> dict[int, int]:
    """Each question in order gets the option scoring ``scores[i]``."""
    chosen = {}
    for question, score in zip(instrument_questions(instrument), scores, strict=True):
        chosen[question.pk] = next(o.pk for o in question.scale.options.all() if o.score == score)
    return chosen


def test_long_term_families_and_significant_improvement(make_case: Any, curator: User) -> None:
    family_tool = Instrument.objects.get(code="family-wellbeing", version=1)
    n = len(instrument_questions(family_tool))
    assert n == 16  # the default instrument: highest total 64

    def assess(case: Case, kind: str, on: date, threes: int) -> None:
        record_assessment(
            case=case,
            instrument=family_tool,
            kind=kind,
            answers=answers(family_tool, [3] * threes + [2] * (n - threes)),
            by=curator,
            assessed_on=on,
        )

    # 32 → 48 of 64 (+25 % of the highest score): significantly improved.
    much = make_case(date(2025, 3, 1))
    assess(much, Assessment.Kind.ENTRY, date(2025, 3, 5), 0)
    assess(much, Assessment.Kind.PERIODIC, date(2026, 2, 1), 16)
    # 40 → 44 (+6 %), even though up a band (from «неблагополучие»): not significantly.
    band = make_case(date(2025, 3, 1))
    assess(band, Assessment.Kind.ENTRY, date(2025, 3, 5), 8)
    assess(band, Assessment.Kind.EXIT, date(2026, 5, 1), 12)
    close(band, by=curator, on=date(2026, 5, 2))
    # 32 → 37 (+8 %): not significantly.
    little = make_case(date(2025, 3, 1))
    assess(little, Assessment.Kind.ENTRY, date(2025, 3, 5), 0)
    assess(little, Assessment.Kind.PERIODIC, date(2026, 3, 1), 5)
    # Opened 1 August 2026: 4 months by the year's end — not long-term.
    make_case(date(2026, 8, 1))
    # Closed after 5 months: not long-term.
    short = make_case(date(2026, 1, 10))
    close(short, by=curator, on=date(2026, 6, 9))

    report = compute_indicators(scope=org_scope(much.team), period=YEAR)

    families = report.figure("long_term_families")
    # 2025: on 31.12.2025 the three cases had lasted 9 months.
    assert (families.current, families.previous) == (3, 3)
    improved = report.figure("long_term_improved")
    assert (improved.current, improved.current_of) == (1, 3)
    assert improved.current_percent == Decimal(33)
    # In 2025 only entry assessments existed: none improved yet.
    assert (improved.previous, improved.previous_of) == (0, 3)
    assert improved.change == Decimal(33)
    # Well-being: the one exit assessment of 2026 (44 of 64) against its entry (40 of 64).
    assert report.figure("assessment_entry_avg").current == Decimal("62.5")
    assert report.figure("assessment_exit_avg").current == Decimal("68.8")


def test_child_wellbeing_index_takes_each_child_latest_assessment(
    make_case: Any, curator: User
) -> None:
    child_tool = Instrument.objects.get(code="child-wellbeing-index", version=1)
    n = len(instrument_questions(child_tool))
    case = make_case(date(2025, 12, 1))
    child = create_person(
        by=curator,
        last_name="Иванов",
        first_name="Петя",
        birth_date=date(2015, 5, 5),
        family=case.family,
        family_role="child",
    )

    def assess(on: date, score: int) -> None:
        record_assessment(
            case=case,
            instrument=child_tool,
            kind=Assessment.Kind.PERIODIC,
            answers=answers(child_tool, [score] * n),
            by=curator,
            subject_person=child,
            assessed_on=on,
        )

    assess(date(2025, 12, 20), 2)
    assess(date(2026, 2, 1), 3)
    assess(date(2026, 6, 1), 4)  # the latest of 2026: 4 of 5 = 80 %

    report = compute_indicators(scope=org_scope(case.team), period=YEAR)

    index = report.figure("child_wellbeing_index")
    assert (index.current, index.previous) == (Decimal("80.0"), Decimal("40.0"))
    assert index.change == Decimal(100)


# --- parental rights --------------------------------------------------------------------------


def test_children_kept_in_families_without_deprivation(make_case: Any, senior: User) -> None:
    from kurator.meetings.services.register import register_family, remove_from_register

    kept = make_case(date(2025, 5, 1))
    deprived = make_case(date(2025, 5, 1), name="Сидоровы")
    register_family(case=deprived, registered_on=date(2025, 6, 1), by=senior)
    remove_from_register(
        case=deprived,
        removed_on=date(2026, 4, 1),
        reason="deprivation",
        note="Решение суда",
        by=senior,
    )

    report = compute_indicators(scope=org_scope(kept.team), period=YEAR)

    children_kept = report.figure("families_children_kept")
    assert (children_kept.current, children_kept.previous) == (1, 2)
    assert report.figure("families_deprivation").current == 1
    assert report.figure("families_deprivation").previous == 0


# --- norms ------------------------------------------------------------------------------------


def test_caseload_delay_and_staff_norms(
    make_case: Any, curator: User, colleague: User, psychologist: User, head: User
) -> None:
    for _ in range(3):
        make_case(date(2026, 2, 1))
    # The first visit 4 days and the decision 2 days late: 6 days of cumulative delay.
    late = make_case(date(2026, 2, 1))
    Signal.objects.filter(pk=late.signal_id).update(
        visit_due=date(2026, 1, 25), decision_due=date(2026, 1, 29)
    )
    FirstVisit.objects.filter(signal_id=late.signal_id).update(visited_at=at(date(2026, 1, 29)))
    TakeInDecision.objects.filter(signal_id=late.signal_id).update(decided_at=at(date(2026, 1, 31)))
    Case.objects.filter(pk__in=[late.pk]).update(curator=colleague)
    for case in Case.objects.all():
        # Deadlines met: plan agreed and folder complete are not the point of this test.
        Case.objects.filter(pk=case.pk).update(plan_due=None, folder_due=None)
    Signal.objects.exclude(pk=late.signal_id).update(
        team_due=None, visit_due=None, report_due=None, decision_due=None
    )
    Signal.objects.filter(pk=late.signal_id).update(team_due=None, report_due=None)

    for who in (curator, colleague):
        record_norm_entry(
            specialist=who,
            kind=StaffNormEntry.Kind.TRAINING,
            started_on=date(2026, 3, 1),
            amount=Decimal(12),
            by=head,
        )
    record_norm_entry(
        specialist=curator,
        kind=StaffNormEntry.Kind.LEAVE,
        started_on=date(2026, 7, 1),
        amount=Decimal(28),
        by=head,
    )

    report = compute_indicators(scope=team_scope(late.team), period=YEAR)

    # 3 cases for the curator and 1 for the colleague at the year's end.
    assert report.figure("caseload_per_curator").current == Decimal("2.0")
    assert report.figure("caseload_over_norm").current == 0
    assert report.figure("cumulative_delay_days").current == Decimal("1.5")  # 6 over 4 cases
    over = report.figure("cumulative_delay_over_norm")
    assert (over.current, over.current_of) == (0, 4)
    # curator, colleague, psychologist, head, senior — all specialists of the team.
    training = report.figure("staff_training_met")
    assert (training.current, training.current_of) == (2, 5)
    leave = report.figure("staff_leave_met")
    assert (leave.current, leave.current_of) == (1, 5)
    assert report.figure("staff_supervision_met").current == 0


# --- engagement -------------------------------------------------------------------------------


def test_complaints_suggestions_and_days_to_answer(team: Team, head: User) -> None:
    def appeal(kind: str, received: date, answered: date | None) -> Appeal:
        item = record_appeal(
            kind=kind, received_on=received, author="Иванова М.", text="Долго ждали", by=head
        )
        if answered is not None:
            item = answer_appeal(
                appeal=item, answered_on=answered, answer="Разобрались, извинились", by=head
            )
        return item

    appeal(Appeal.Kind.COMPLAINT, date(2026, 3, 1), date(2026, 3, 11))
    appeal(Appeal.Kind.COMPLAINT, date(2026, 4, 1), None)
    appeal(Appeal.Kind.SUGGESTION, date(2026, 5, 1), date(2026, 5, 5))
    appeal(Appeal.Kind.COMPLAINT, date(2025, 5, 1), date(2025, 5, 3))

    report = compute_indicators(scope=team_scope(team), period=YEAR)

    complaints = report.figure("appeals_complaints")
    assert (complaints.current, complaints.previous, complaints.change) == (2, 1, Decimal(100))
    assert report.figure("appeals_suggestions").current == 1
    answered = report.figure("appeals_answered")
    assert (answered.current, answered.current_of) == (2, 3)
    days = report.figure("appeal_days_to_answer")
    assert (days.current, days.previous) == (Decimal("7.0"), Decimal("2.0"))


# --- scope and query count --------------------------------------------------------------------


def test_a_team_heads_report_counts_her_team_only(
    make_case: Any,
    senior: User,
    other_team: Team,
    other_team_curator: User,
    outsider: User,
) -> None:
    mine = make_case(date(2026, 3, 1))
    # Another team's case of the same organisation, and a case of another organisation.
    Case.objects.create(
        organisation_id=mine.organisation_id,
        team=other_team,
        family=mine.family,
        curator=other_team_curator,
        opened_at=at(date(2026, 3, 1)),
    )
    assert outsider.team is not None
    Case.objects.create(
        organisation_id=outsider.organisation_id,
        team=outsider.team,
        family=mine.family,
        curator=outsider,
        opened_at=at(date(2026, 3, 1)),
    )

    team_report = compute_indicators(scope=team_scope(mine.team), period=YEAR)
    org_report = compute_indicators(scope=org_scope(mine.team), period=YEAR)

    assert team_report.scope_label == mine.team.name
    assert team_report.figure("cases_new").current == 1
    assert team_report.figure("signals_total").current == 1
    assert org_report.figure("cases_new").current == 2


def count_queries(scope: ReportScope) -> int:
    with CaptureQueriesContext(connection) as queries:
        compute_indicators(scope=scope, period=YEAR)
    return len(queries.captured_queries)


def test_the_query_count_does_not_grow_with_the_data(
    make_case: Any, curator: User, head: User
) -> None:
    first = make_case(date(2026, 2, 1))
    scope = team_scope(first.team)
    one = count_queries(scope)
    for day in range(2, 8):
        make_case(date(2026, 2, day))
    close(first, by=curator, on=date(2026, 6, 1))
    record_norm_entry(
        specialist=curator,
        kind=StaffNormEntry.Kind.SUPERVISION,
        started_on=date(2026, 3, 1),
        amount=Decimal(1),
        by=head,
    )
    many = count_queries(scope)
    assert one == many
    # Both periods share each query: 29 for the two columns.
    assert many == 29


def test_a_partial_period_compares_with_the_same_days_a_year_before(make_case: Any) -> None:
    make_case(date(2026, 1, 20))
    make_case(date(2025, 1, 20))
    make_case(date(2025, 2, 20))
    january = Period(date(2026, 1, 1), date(2026, 1, 31))

    report = compute_indicators(scope=org_scope(Team.objects.get()), period=january)

    assert report.previous == Period(date(2025, 1, 1), date(2025, 1, 31))
    new = report.figure("cases_new")
    assert (new.current, new.previous) == (1, 1)
    assert report.figure("cases_active").previous == 1


def test_dates_count_in_the_local_time_zone(make_case: Any) -> None:
    # 31 Dec 2025, 22:30 in Moscow is 19:30 UTC: a 2025 case, not a 2026 one.
    case = make_case(date(2025, 12, 1))
    Case.objects.filter(pk=case.pk).update(opened_at=at(date(2025, 12, 31), 22) + timedelta(0))
    report = compute_indicators(scope=org_scope(case.team), period=YEAR)
    assert report.figure("cases_new").current == 0
    assert report.figure("cases_new").previous == 1


# --- both periods in one pass -----------------------------------------------------------------


def _column(report: Any, which: str) -> dict[str, tuple[Any, Any]]:
    return {
        figure.key: (getattr(figure, which), getattr(figure, f"{which}_of"))
        for section in report.sections
        for figure in section.figures
    }


@pytest.mark.parametrize(
    ("period", "opened_before"),
    [(YEAR, 2), (Period(date(2026, 3, 1), date(2026, 3, 31)), 1)],
    ids=["a year and the year before (one range)", "a month and the same month a year before"],
)
def test_the_year_before_column_is_that_period_own_report(
    period: Period, opened_before: int, make_case: Any, curator: User, head: User
) -> None:
    """The report counts both periods in one query per section; each column must be exactly
    what the report of that period alone shows."""
    food = Service.objects.create(
        organisation_id=curator.organisation_id, name="Продуктовый набор", group="material"
    )
    family_tool = Instrument.objects.get(code="family-wellbeing", version=1)
    n = len(instrument_questions(family_tool))
    for year in (2025, 2026):
        opened = make_case(date(year - 1, 9, 1))
        make_case(date(year, 3, 10), name=f"Новые {year}")
        parent = create_person(
            by=curator,
            last_name=opened.family.name,
            first_name="Анна",
            family=opened.family,
            family_role="parent",
        )
        delivery = record_delivery(
            case=opened,
            by=curator,
            service=food,
            delivered_on=date(2026, 1, 15),
            persons=[parent],
            quantity=1,
            unit_cost=1500 if year == 2026 else 900,
            provider=Delivery.Provider.STAFF,
            funding=Delivery.Funding.OWN,
        )
        Delivery.objects.filter(pk=delivery.pk).update(delivered_on=date(year, 3, 15))
        for kind, on, threes in (
            (Assessment.Kind.ENTRY, date(year - 1, 9, 5), 0),
            (Assessment.Kind.EXIT, date(year, 3, 20), 16 if year == 2026 else 4),
        ):
            record_assessment(
                case=opened,
                instrument=family_tool,
                kind=kind,
                answers=answers(family_tool, [3] * threes + [2] * (n - threes)),
                by=curator,
                assessed_on=on,
            )
        close(opened, by=curator, on=date(year, 3, 25))
        record_appeal(
            kind=Appeal.Kind.COMPLAINT,
            received_on=date(year, 3, 2),
            author="Иванова М.",
            text="Долго ждали",
            by=head,
        )
    scope = org_scope(Team.objects.get())

    both = compute_indicators(scope=scope, period=period)
    alone = compute_indicators(scope=scope, period=period.year_before())

    assert _column(both, "previous") == _column(alone, "current")
    # 2025: the case opened 10.03.2025, and (in the year) the one opened 01.09.2025.
    assert both.figure("cases_new").previous == opened_before
    assert both.figure("cases_closed").previous == 1
    assert both.figure("help_families_total").previous == 1
    assert both.figure("assessment_exit_avg").previous == Decimal("56.3")  # 36 of 64
    assert both.figure("assessment_exit_avg").current == Decimal("75.0")  # 48 of 64
