"""Norm measures counted in SQL (kurator/reports/measures.py): exact figures from records built
through the services, per curator and per team, and a query count that does not grow."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kurator.access.reports import ReportScope
from kurator.accounts.models import Organisation, Team, User
from kurator.cases.models import Case
from kurator.cases.norms import norms_for
from kurator.cases.services import lifecycle
from kurator.cases.services.opening import score_complexity
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.network.models import Delivery, Service
from kurator.network.services import aid
from kurator.network.services.agents import create_service
from kurator.people.models import Person
from kurator.plans import services as plans
from kurator.plans.tests.factories import make_plan
from kurator.privacy.models import PurposeKind
from kurator.privacy.services.consents import record_consent
from kurator.reports.measures import NormMeasures, measures, total


def _family_case(
    *, senior: User, curator: User, psychologist: User, name: str
) -> tuple[Case, Person]:
    family = make_family(by=senior, name=name)
    mother = make_person(
        by=senior, family=family, role="parent", first_name="Мария", birth_date=None
    )
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    return case, mother


def _opened_days_ago(case: Case, days: int) -> Case:
    """Move the opening back (the services open cases today); deadlines stay as recorded."""
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=days))
    case.refresh_from_db()
    return case


def _scope(org: Organisation, team: Team | None = None) -> ReportScope:
    return ReportScope(org.pk, team.pk if team else None, "scope")


def test_caseload_counts_open_high_complexity_and_post_support_per_curator(
    org: Organisation,
    team: Team,
    senior: User,
    curator: User,
    colleague: User,
    psychologist: User,
) -> None:
    first, _ = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    second, _ = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Петровы"
    )
    third, _ = _family_case(
        senior=senior, curator=colleague, psychologist=psychologist, name="Сидоровы"
    )
    score_complexity(
        case=first,
        by=curator,
        distance_km=150,
        guardianship_tension=3,
        resource_deficit=3,
        removal_risk=3,
        substance_use=3,
    )
    lifecycle.close_case(
        case=second,
        by=curator,
        reason="goals_met",
        criteria={key: True for key in lifecycle.CLOSURE_CRITERIA},
        post_support=True,
        post_support_frequency_days=30,
    )
    rows = measures(scope=_scope(org), norms=norms_for(org.pk))
    mine, hers = rows[curator.pk], rows[colleague.pk]
    assert (mine.active, mine.high_complexity, mine.post_support) == (1, 1, 1)
    assert (hers.active, hers.high_complexity, hers.post_support) == (1, 0, 0)
    assert mine.caseload == 2
    assert mine.closed_12m == 1  # moved to post-support today
    by_team = measures(scope=_scope(org), norms=norms_for(org.pk), by="team")
    assert by_team[team.pk].active == 2 and by_team[team.pk].post_support == 1
    assert third.curator_id == colleague.pk


def test_a_team_scope_counts_that_team_only(
    org: Organisation,
    team: Team,
    other_team: Team,
    senior: User,
    curator: User,
    psychologist: User,
    other_team_curator: User,
) -> None:
    _family_case(senior=senior, curator=curator, psychologist=psychologist, name="Ивановы")
    rows = measures(scope=_scope(org, other_team), norms=norms_for(org.pk))
    assert rows == {}
    assert list(measures(scope=_scope(org, team), norms=norms_for(org.pk))) == [curator.pk]


def test_over_the_caseload_norm_is_flagged(org: Organisation) -> None:
    norms = norms_for(org.pk)
    row = NormMeasures(key=1, active=norms.caseload_max + 1, high_complexity=6, post_support=5)
    over = row.over(norms)
    assert over["active"] and over["high_complexity"] and not over["post_support"]
    assert NormMeasures(key=1, active=3).under(norms)["active"]
    assert not NormMeasures(key=1, active=12).under(norms)["active"]


def test_intensity_counts_done_plan_actions_and_cases_without_a_step_in_14_days(
    org: Organisation, senior: User, curator: User, psychologist: User
) -> None:
    today = timezone.localdate()
    busy, busy_mother = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    quiet, quiet_mother = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Петровы"
    )
    for case in (busy, quiet):
        _opened_days_ago(case, 60)
    built = make_plan(
        case=busy, curator=curator, mother=busy_mother, agree_on=today - timedelta(days=30)
    )
    plans.update_action_status(
        action=built.staff_action, status="done", by=curator, done_on=today - timedelta(days=3)
    )
    plans.update_action_status(
        action=built.family_action, status="done", by=curator, done_on=today - timedelta(days=20)
    )
    make_plan(case=quiet, curator=curator, mother=quiet_mother, agree_on=today - timedelta(days=15))
    row = measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk]
    assert row.plan_actions == 1  # the one done 3 days ago; 20 days ago is outside
    assert row.not_intensive == 1  # agreed 15 days ago, nothing since
    assert row.intensity == 0.5


def test_a_plan_agreed_14_days_ago_is_still_intensive(
    org: Organisation, senior: User, curator: User, psychologist: User
) -> None:
    case, mother = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    _opened_days_ago(case, 60)
    make_plan(
        case=case,
        curator=curator,
        mother=mother,
        agree_on=timezone.localdate() - timedelta(days=14),
    )
    assert measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk].not_intensive == 0


def test_cumulative_delay_adds_each_late_day_of_the_plan_deadline(
    org: Organisation, senior: User, curator: User, psychologist: User
) -> None:
    case, _ = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    norms = norms_for(org.pk)
    before = measures(scope=_scope(org), norms=norms)[curator.pk]
    # The plan was due 12 days ago and is not agreed: 12 more days of delay, over the norm.
    Case.objects.filter(pk=case.pk).update(plan_due=timezone.localdate() - timedelta(days=12))
    after = measures(scope=_scope(org), norms=norms)[curator.pk]
    assert after.delay_days - before.delay_days == 12
    assert after.delayed_cases == 1
    assert after.over(norms)["delayed_cases"]
    assert after.overdue == 1  # and the case list counts it overdue


def test_a_plan_agreed_late_counts_the_days_until_agreement(
    org: Organisation, senior: User, curator: User, psychologist: User
) -> None:
    today = timezone.localdate()
    case, mother = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    _opened_days_ago(case, 60)
    norms = norms_for(org.pk)
    base = measures(scope=_scope(org), norms=norms)[curator.pk].delay_days
    Case.objects.filter(pk=case.pk).update(plan_due=today - timedelta(days=10))
    make_plan(case=case, curator=curator, mother=mother, agree_on=today - timedelta(days=6))
    row = measures(scope=_scope(org), norms=norms)[curator.pk]
    assert row.delay_days - base == 4


def test_duration_flags_cases_open_longer_than_18_months_except_permanent_support(
    org: Organisation, senior: User, curator: User, psychologist: User
) -> None:
    planned, _ = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    permanent, _ = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Петровы"
    )
    Case.objects.filter(pk=permanent.pk).update(scenario=Case.Scenario.PERMANENT)
    _opened_days_ago(planned, 600)
    _opened_days_ago(permanent, 600)
    row = measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk]
    assert row.long_cases == 1
    assert row.duration_days in (1200, 1201, 1202)  # two cases of ~600 days (end of today)
    assert row.avg_duration_months == pytest.approx(19.7, abs=0.1)


def test_cost_per_case_counts_approved_spending_of_the_last_12_months(
    org: Organisation,
    senior: User,
    head: User,
    curator: User,
    psychologist: User,
) -> None:
    today = timezone.localdate()
    cheap, cheap_mother = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    dear, dear_mother = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Петровы"
    )
    service = create_service(by=head, name="Продуктовый набор", group=Service.Group.MATERIAL)

    def deliver(case: Case, mother: Person, amount: int) -> Delivery:
        return aid.record_delivery(
            case=case,
            by=curator,
            service=service,
            delivered_on=today,
            persons=[mother],
            quantity=1,
            unit_cost=amount,
            provider=Delivery.Provider.VOLUNTEER,
            funding=Delivery.Funding.GRANT,
        )

    deliver(cheap, cheap_mother, 10_000)
    over = deliver(dear, dear_mother, 600_000)
    pending = measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk]
    assert pending.cost == Decimal("10000.00")  # the pending spending is not counted yet
    aid.decide_cost(delivery=over, by=head, approve=True)
    row = measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk]
    assert row.cost == Decimal("610000.00")
    assert row.costed_cases == 2
    assert row.cost_over_norm == 1
    assert row.cost_per_case == Decimal("305000.00")


def test_consents_missing_counts_open_cases_with_a_child_without_consent(
    org: Organisation, senior: User, curator: User, psychologist: User
) -> None:
    case, mother = _family_case(
        senior=senior, curator=curator, psychologist=psychologist, name="Ивановы"
    )
    assert measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk].consents_missing == 0
    # A child joins the family after the case opened; nobody has consented for him yet.
    child = make_person(by=senior, family=case.family, role="child", first_name="Петя")
    assert measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk].consents_missing == 1
    record_consent(
        person=child,
        signed_by=mother,
        by=curator,
        purpose=PurposeKind.CASE_WORK,
        scope="ФИО, адрес, сведения о детях; сбор, хранение, передача в опеку",
        given_on=timezone.localdate(),
    )
    assert measures(scope=_scope(org), norms=norms_for(org.pk))[curator.pk].consents_missing == 0
    assert case.status == Case.Status.OPEN


def test_total_adds_the_rows_and_recomputes_the_means() -> None:
    rows = [
        NormMeasures(key=1, active=2, plan_actions=3, duration_days=100),
        NormMeasures(key=2, active=2, plan_actions=1, duration_days=20),
    ]
    whole = total(rows)
    assert (whole.key, whole.active, whole.plan_actions) == (None, 4, 4)
    assert whole.intensity == 1.0


def test_the_query_count_does_not_grow_with_curators_and_cases(
    org: Organisation,
    senior: User,
    curator: User,
    colleague: User,
    psychologist: User,
) -> None:
    norms = norms_for(org.pk)
    _family_case(senior=senior, curator=curator, psychologist=psychologist, name="Ивановы")
    with CaptureQueriesContext(connection) as one:
        measures(scope=_scope(org), norms=norms)
    for n, who in enumerate([curator, colleague, colleague, curator]):
        _family_case(senior=senior, curator=who, psychologist=psychologist, name=f"Семья{n}")
    with CaptureQueriesContext(connection) as many:
        rows = measures(scope=_scope(org), norms=norms)
    assert len(rows) == 2
    assert len(one.captured_queries) == len(many.captured_queries) == 4
