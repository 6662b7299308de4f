"""The hotline journal: every call with who called, the topic and the outcome; the operator's
shift; a signal made of a call in one click, prefilled from it; the API a telephony system
posts calls to; the calls by topic and outcome in the indicator report beside the year before."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.access.reports import ReportScope
from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.core import workdays
from kurator.core.testing import make_organisation, make_team, make_user
from kurator.intake.errors import IntakeError
from kurator.intake.hotline import services
from kurator.intake.hotline.models import HotlineCall
from kurator.intake.models import Signal
from kurator.reports.figures import Period
from kurator.reports.queries.indicators import compute_indicators

C, T, R = HotlineCall.CallerKind, HotlineCall.Topic, HotlineCall.Outcome
INCOMING = HotlineCall.Direction.INCOMING


def _ago(**kwargs: float) -> datetime:
    return timezone.now() - timedelta(**kwargs)


def _call(by: User, **fields: Any) -> HotlineCall:
    data: dict[str, Any] = {
        "direction": INCOMING,
        "started_at": _ago(minutes=20),
        "duration_seconds": 7 * 60,
        "caller_kind": C.NEIGHBOUR,
        "caller_name": "Светлана",
        "caller_phone": "+7 910 444-21-07",
        "topic": T.CHILD_SAFETY,
        "summary": "Двое малышей одни третий день, мать не появляется.",
    }
    data.update(fields)
    return services.record_call(by=by, **data)


# --- the service -------------------------------------------------------------------------------


def test_a_call_goes_to_the_journal_of_the_operators_team(
    intake_operator: User, team: Team
) -> None:
    call = _call(intake_operator, outcome=R.CONSULTATION)
    assert call.team == team
    assert call.operator == intake_operator
    assert call.is_complete
    assert call.history.count() == 1


def test_a_redirect_says_where_to(intake_operator: User) -> None:
    with pytest.raises(IntakeError, match="в какую службу"):
        _call(intake_operator, outcome=R.REDIRECTED)
    call = _call(intake_operator, outcome=R.REDIRECTED, redirected_to="МФЦ «Мои документы»")
    assert call.redirected_to == "МФЦ «Мои документы»"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"direction": "sideways"}, "direction"),
        ({"started_at": _ago(days=-1)}, "started_at"),
        ({"duration_seconds": -1}, "duration"),
        ({"duration_seconds": 9 * 60 * 60}, "duration"),
        ({"topic": "weather"}, "topic"),
        ({"outcome": "signal"}, "outcome"),
        ({"summary": "а" * 4001}, "summary"),
    ],
)
def test_bad_input_names_its_field_and_stores_nothing(
    intake_operator: User, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(IntakeError) as error:
        _call(intake_operator, **fields)
    assert error.value.field == field
    assert HotlineCall.objects.count() == 0


def test_a_curator_takes_no_calls(curator: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _call(curator)


def test_one_click_makes_a_signal_prefilled_from_the_call(
    intake_operator: User, team: Team
) -> None:
    call = _call(intake_operator)
    signal = services.create_signal_from_call(call=call, by=intake_operator)

    assert signal.team == team
    assert signal.channel == Signal.Channel.HOTLINE
    assert signal.source == Signal.Source.NEIGHBOURS
    assert signal.description == call.summary
    assert signal.reporter_name == "Светлана"
    assert signal.reporter_contact == "+7 910 444-21-07"
    assert signal.received_at == call.started_at
    assert signal.urgent is True  # a threat to a child
    assert signal.team_due == workdays.team_due(call.started_at)
    call.refresh_from_db()
    assert call.signal == signal
    assert call.outcome == R.SIGNAL


def test_a_second_click_makes_no_second_signal(intake_operator: User) -> None:
    call = _call(intake_operator)
    services.create_signal_from_call(call=call, by=intake_operator)
    with pytest.raises(IntakeError, match="уже создан сигнал"):
        services.create_signal_from_call(call=call, by=intake_operator)
    assert Signal.objects.count() == 1


def test_a_call_without_a_summary_makes_no_signal(intake_operator: User) -> None:
    call = _call(intake_operator, summary="")
    with pytest.raises(IntakeError, match="станет текстом сигнала"):
        services.create_signal_from_call(call=call, by=intake_operator)
    assert Signal.objects.count() == 0


def test_the_operator_completes_a_call_the_telephony_posted_bare(intake_operator: User) -> None:
    call = services.record_call(
        by=intake_operator, direction=INCOMING, started_at=_ago(minutes=3), external_id="pbx-1"
    )
    assert not call.is_complete
    again = services.record_call(
        by=intake_operator, direction=INCOMING, started_at=_ago(minutes=3), external_id="pbx-1"
    )
    assert again.pk == call.pk
    services.complete_call(
        call=call, by=intake_operator, topic=T.BENEFITS, outcome=R.CONSULTATION, summary="Пособие"
    )
    call.refresh_from_db()
    assert call.is_complete
    assert call.history.count() == 2


def test_a_call_of_another_team_is_not_the_operators_to_change(
    intake_operator: User, other_team: Team, org: Any
) -> None:
    other = make_user(RoleCode.INTAKE_OPERATOR, organisation=org, team=other_team)
    call = _call(other)
    with pytest.raises(IntakeError):
        services.create_signal_from_call(call=call, by=intake_operator)


# --- the pages ---------------------------------------------------------------------------------


def test_the_operator_writes_a_call_down_and_makes_a_signal_in_one_click(
    client: Client, intake_operator: User
) -> None:
    client.force_login(intake_operator)
    started = timezone.localtime(_ago(minutes=15)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("intake:hotline_call_create"),
        {
            "direction": INCOMING,
            "started_at": started,
            "duration_minutes": "6",
            "caller_kind": C.PARENT,
            "caller_name": "Ольга",
            "topic": T.MATERIAL_AID,
            "summary": "После пожара нет мебели и детских вещей.",
        },
    )
    call = HotlineCall.objects.get()
    assert response.status_code == 302
    assert call.duration_seconds == 360
    page = client.get(reverse("intake:hotline_call", args=[call.pk])).content.decode()
    assert 'data-testid="make-signal"' in page

    response = client.post(reverse("intake:hotline_call_signal", args=[call.pk]))
    signal = Signal.objects.get()
    assert response["Location"] == reverse("intake:signal_detail", args=[signal.pk])
    assert signal.source == Signal.Source.FAMILY
    assert signal.urgent is False
    assert (
        'data-testid="make-signal"'
        not in client.get(reverse("intake:hotline_call", args=[call.pk])).content.decode()
    )


def test_a_get_on_the_one_click_does_nothing(client: Client, intake_operator: User) -> None:
    call = _call(intake_operator)
    client.force_login(intake_operator)
    assert client.get(reverse("intake:hotline_call_signal", args=[call.pk])).status_code == 405
    assert Signal.objects.count() == 0


def test_the_shift_shows_today_own_calls_and_what_is_left_to_fill_in(
    client: Client,
    intake_operator: User,
    senior: User,
    django_assert_max_num_queries: Any,
) -> None:
    mine = _call(intake_operator, outcome=R.CONSULTATION)
    bare = services.record_call(by=intake_operator, direction=INCOMING, started_at=_ago(minutes=2))
    senior_s = _call(senior, outcome=R.CONSULTATION, caller_name="Чужая смена")
    yesterday = _call(intake_operator, started_at=_ago(days=1, hours=1), caller_name="Вчерашняя")
    client.force_login(intake_operator)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("intake:hotline_shift")).content.decode()
    for call in (mine, bare):
        assert f'data-call="{call.pk}"' in html
    for call in (senior_s, yesterday):
        assert f'data-call="{call.pk}"' not in html
    assert 'data-testid="incomplete"' in html


def test_the_journal_filters_by_outcome_and_keeps_its_queries(
    client: Client,
    intake_operator: User,
    head: User,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(5):
        _call(intake_operator, outcome=R.CONSULTATION, started_at=_ago(hours=n + 1))
    complaint = _call(intake_operator, outcome=R.COMPLAINT)
    client.force_login(head)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("intake:hotline"), {"outcome": R.COMPLAINT})
    html = response.content.decode()
    assert f'data-call="{complaint.pk}"' in html
    assert html.count('data-testid="call-row"') == 1


def test_the_journal_shows_only_the_teams_calls(
    client: Client, intake_operator: User, other_team: Team, org: Any, curator: User
) -> None:
    theirs = _call(make_user(RoleCode.INTAKE_OPERATOR, organisation=org, team=other_team))
    ours = _call(intake_operator)
    client.force_login(intake_operator)
    html = client.get(reverse("intake:hotline")).content.decode()
    assert f'data-call="{ours.pk}"' in html
    assert f'data-call="{theirs.pk}"' not in html
    assert client.get(reverse("intake:hotline_call", args=[theirs.pk])).status_code == 404
    client.force_login(curator)
    assert client.get(reverse("intake:hotline_call", args=[ours.pk])).status_code == 404
    assert client.get(reverse("intake:hotline_shift")).status_code == 403


# --- the API -----------------------------------------------------------------------------------


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_telephony_posts_a_call_once_and_the_operator_is_named(
    intake_operator: User, senior: User
) -> None:
    body = {
        "direction": "incoming",
        "started_at": _ago(minutes=5).isoformat(),
        "duration_seconds": 245,
        "caller_phone": "+7 920 111-45-67",
        "operator": intake_operator.pk,
        "external_id": "pbx-000145",
    }
    first = _api(senior).post("/api/v1/hotline-calls/", body, format="json")
    assert first.status_code == 201, first.json()
    again = _api(senior).post("/api/v1/hotline-calls/", body, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    call = HotlineCall.objects.get()
    assert call.operator == intake_operator
    assert call.recorded_by == senior


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"direction": "sideways"}, "direction"),
        ({"started_at": "вчера"}, "started_at"),
        ({"outcome": "signal"}, "outcome"),
        ({"outcome": "redirected"}, "redirected_to"),
        ({"operator": 999_999}, "operator"),
        ({"pbx_line": 3}, "pbx_line"),
    ],
)
def test_bad_api_input_is_a_400_naming_the_field(
    intake_operator: User, fields: dict[str, Any], field: str
) -> None:
    body = {"direction": "incoming", "started_at": _ago(minutes=5).isoformat(), **fields}
    response = _api(intake_operator).post("/api/v1/hotline-calls/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert HotlineCall.objects.count() == 0


def test_the_api_makes_a_signal_of_a_call(intake_operator: User) -> None:
    call = _call(intake_operator)
    response = _api(intake_operator).post(f"/api/v1/hotline-calls/{call.pk}/signal/")
    assert response.status_code == 201
    assert response.json()["call"]["outcome"] == "signal"
    assert Signal.objects.get().pk == response.json()["signal"]
    again = _api(intake_operator).post(f"/api/v1/hotline-calls/{call.pk}/signal/")
    assert again.status_code == 400


def test_the_api_lists_the_days_calls_of_the_team(intake_operator: User, outsider: User) -> None:
    call = _call(intake_operator)
    rows = _api(intake_operator).get("/api/v1/hotline-calls/").json()
    assert [row["id"] for row in rows] == [call.pk]
    assert _api(outsider).get(f"/api/v1/hotline-calls/{call.pk}/").status_code == 404


# --- the report --------------------------------------------------------------------------------


def test_the_report_counts_calls_by_topic_and_outcome_beside_the_year_before(
    intake_operator: User, team: Team
) -> None:
    today = timezone.localdate()
    period = Period(today - timedelta(days=40), today)
    day = period.year_before().start + timedelta(days=20)
    a_year_ago = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
        hours=10
    )
    _call(intake_operator, outcome=R.CONSULTATION, topic=T.BENEFITS, started_at=_ago(minutes=30))
    _call(intake_operator, outcome=R.COMPLAINT, topic=T.OTHER, started_at=_ago(minutes=20))
    _call(intake_operator, outcome=R.CONSULTATION, topic=T.BENEFITS, started_at=a_year_ago)
    other_org = make_organisation("Другой фонд")
    stranger = make_user(
        RoleCode.INTAKE_OPERATOR, organisation=other_org, team=make_team(other_org)
    )
    _call(stranger, outcome=R.CONSULTATION, started_at=_ago(minutes=10))

    report = compute_indicators(
        scope=ReportScope(team.organisation_id, None, "Организация"), period=period
    )
    assert (report.figure("calls_total").current, report.figure("calls_total").previous) == (2, 1)
    benefits = report.figure("calls_topic_benefits")
    assert (benefits.current, benefits.previous) == (1, 1)
    complaints = report.figure("calls_outcome_complaint")
    assert (complaints.current, complaints.previous) == (1, 0)
    section = next(s for s in report.sections if s.key == "hotline")
    assert section.title == "Горячая линия"
