"""The signal journal pages: what each role sees and may do, bad input, query counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.services import opening as cases
from kurator.core.testing import give_consents, make_family, make_person, make_user
from kurator.intake import services
from kurator.intake.models import DecisionLevel, Signal
from kurator.intake.tests.conftest import ago, record
from kurator.network.models import ResourceAgent
from kurator.people.models import Family

JOURNAL = reverse("intake:signal_list")


def _page(client: Client, user: User, url: str, **kwargs: Any) -> Any:
    client.force_login(user)
    return client.get(url, **kwargs)


def _post(client: Client, user: User, url: str, data: dict[str, Any]) -> Any:
    client.force_login(user)
    return client.post(url, data)


# --- the journal ---------------------------------------------------------------------------


def test_journal_lists_the_team_signals_with_status_and_deadlines(
    client: Client, curator: User, signal: Signal
) -> None:
    response = _page(client, curator, JOURNAL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"№{signal.pk}" in html
    assert "новый" in html
    assert signal.team_due is not None and signal.visit_due is not None
    assert f"{signal.team_due:%d.%m.%Y}" in html
    assert f"{signal.visit_due:%d.%m.%Y}" in html


def test_overdue_signal_is_highlighted(
    client: Client, curator: User, intake_operator: User
) -> None:
    late = record(intake_operator, received_at=ago(days=14))
    fresh = record(intake_operator, received_at=ago(minutes=10))
    html = _page(client, curator, JOURNAL).content.decode()
    rows = {s: _row(html, s.pk) for s in (late, fresh)}
    assert "row-overdue" in rows[late]
    assert 'class="text-nowrap overdue"' in rows[late]
    assert "row-overdue" not in rows[fresh]


def _row(html: str, pk: int) -> str:
    start = html.index(f'data-signal="{pk}"')
    start = html.rindex("<tr", 0, start)
    return html[start : html.index("</tr>", start)]


def test_urgent_undecided_signals_stand_at_the_top(
    client: Client, curator: User, intake_operator: User
) -> None:
    older_urgent = record(intake_operator, urgent=True, received_at=ago(days=2))
    newest = record(intake_operator, received_at=ago(minutes=5))
    html = _page(client, curator, JOURNAL).content.decode()
    assert html.index(f'data-signal="{older_urgent.pk}"') < html.index(f'data-signal="{newest.pk}"')
    assert "row-urgent" in _row(html, older_urgent.pk)


def test_journal_filters_by_status(
    client: Client, curator: User, assigned_signal: Signal, intake_operator: User
) -> None:
    new = record(intake_operator)
    html = _page(client, curator, JOURNAL, data={"status": "team_assigned"}).content.decode()
    assert f'data-signal="{assigned_signal.pk}"' in html
    assert f'data-signal="{new.pk}"' not in html


def test_journal_filters_overdue_only(client: Client, curator: User, intake_operator: User) -> None:
    late = record(intake_operator, received_at=ago(days=14))
    fresh = record(intake_operator, received_at=ago(minutes=10))
    html = _page(client, curator, JOURNAL, data={"overdue": "on"}).content.decode()
    assert f'data-signal="{late.pk}"' in html
    assert f'data-signal="{fresh.pk}"' not in html


def test_journal_query_count_does_not_grow_with_signals(
    client: Client,
    curator: User,
    senior: User,
    intake_operator: User,
    psychologist: User,
    family: Family,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(15):
        s = record(intake_operator, family=family)
        services.assign_visit_team(
            signal=s,
            by=senior,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=None,
        )
    client.force_login(curator)
    with django_assert_max_num_queries(10):
        response = client.get(JOURNAL)
    assert response.content.decode().count('data-testid="signal-row"') == 15


def test_journal_filters_by_team(
    client: Client, director: User, intake_operator: User, org: Any, other_team: Team
) -> None:
    ours = record(intake_operator)
    theirs = record(make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team))
    response = _page(client, director, JOURNAL, data={"team": other_team.pk})
    html = response.content.decode()
    assert f'data-signal="{theirs.pk}"' in html
    assert f'data-signal="{ours.pk}"' not in html
    assert response.context["filtered"]
    both = _page(client, director, JOURNAL, data={"team": other_team.pk, "status": "new"})
    assert [s.pk for s, _ in both.context["rows"]] == [theirs.pk]


def test_only_urgent_ticked_offers_to_reset_the_filter(
    client: Client, director: User, intake_operator: User
) -> None:
    record(intake_operator)
    response = _page(client, director, JOURNAL, data={"urgent": "on"})
    assert response.context["filtered"]
    assert "Сбросить" in response.content.decode()
    assert not _page(client, director, JOURNAL).context["filtered"]


@pytest.mark.parametrize("who", ["senior", "director"])
def test_a_team_out_of_sight_gives_an_empty_journal_not_an_error(
    client: Client,
    request: pytest.FixtureRequest,
    who: str,
    intake_operator: User,
    org: Any,
    other_team: Team,
    outsider: User,
) -> None:
    record(intake_operator)
    record(outsider)
    out_of_sight = [outsider.team_id, 10**30]
    if who == "senior":
        record(make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team))
        out_of_sight.append(other_team.pk)  # her organisation's, not her team
    user = request.getfixturevalue(who)
    for team_id in out_of_sight:
        response = _page(client, user, JOURNAL, data={"team": team_id})
        assert response.status_code == 200, team_id
        assert response.context["rows"] == [], team_id
    # Not an id at all: ignored, as any bad filter value; the other filters still apply.
    response = _page(client, user, JOURNAL, data={"team": "abc", "status": "new"})
    assert len(response.context["rows"]) == 1


def test_the_journal_team_select_is_only_for_who_sees_several_teams(
    client: Client,
    senior: User,
    director: User,
    intake_operator: User,
    team: Team,
    org: Any,
    other_team: Team,
) -> None:
    record(intake_operator)
    record(make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team))
    html = _page(client, senior, JOURNAL).content.decode()
    assert 'data-testid="team-filter"' not in html
    html = _page(client, director, JOURNAL).content.decode()
    assert 'data-testid="team-filter"' in html
    start = html.index('name="team"')
    select = html[start : html.index("</select>", start)]
    assert "все команды" in select
    assert f'value="{team.pk}"' in select and f'value="{other_team.pk}"' in select


def test_other_team_signals_are_not_in_the_journal(
    client: Client, other_team_curator: User, signal: Signal
) -> None:
    html = _page(client, other_team_curator, JOURNAL).content.decode()
    assert f'data-signal="{signal.pk}"' not in html


@pytest.mark.parametrize("role", [RoleCode.QUALITY_OFFICER, RoleCode.ADMINISTRATOR])
def test_roles_without_the_journal_get_403(client: Client, org: Any, role: str) -> None:
    user = make_user(role, organisation=org)
    assert _page(client, user, JOURNAL).status_code == 403


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(JOURNAL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- recording ---------------------------------------------------------------------------


def test_quick_form_needs_only_channel_source_and_description(
    client: Client, intake_operator: User
) -> None:
    response = _post(
        client,
        intake_operator,
        reverse("intake:signal_create"),
        {"channel": "phone", "source": "neighbours", "description": "Кричит ребёнок"},
    )
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:signal_detail", args=[signal.pk])
    assert abs(signal.received_at - timezone.now()) < timedelta(minutes=1)
    assert signal.created_by == intake_operator


def test_quick_form_shows_russian_errors_and_keeps_nothing(
    client: Client, intake_operator: User
) -> None:
    response = _post(
        client, intake_operator, reverse("intake:signal_create"), {"channel": "pigeon"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Обязательное поле." in html
    assert "Выберите корректный вариант" in html
    assert not Signal.objects.exists()


def test_signal_from_the_future_is_refused_on_the_form(
    client: Client, intake_operator: User
) -> None:
    tomorrow = timezone.localtime() + timedelta(days=1)
    response = _post(
        client,
        intake_operator,
        reverse("intake:signal_create"),
        {
            "channel": "phone",
            "source": "family",
            "description": "Нужна помощь",
            "received_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "Дата и время не могут быть в будущем." in response.content.decode()
    assert not Signal.objects.exists()


def test_operator_links_the_known_family_when_recording(
    client: Client, intake_operator: User, family: Family
) -> None:
    _post(
        client,
        intake_operator,
        reverse("intake:signal_create"),
        {
            "channel": "phone",
            "source": "school",
            "description": "Ребёнок без обеда",
            "subject_last_name": "Иванова",
            "family": family.pk,
        },
    )
    assert Signal.objects.get().family == family


def test_foreign_family_id_is_refused_on_the_form(
    client: Client, intake_operator: User, outsider: User
) -> None:
    foreign = make_family(by=outsider, name="Чужие")
    response = _post(
        client,
        intake_operator,
        reverse("intake:signal_create"),
        {"channel": "phone", "source": "school", "description": "Текст", "family": foreign.pk},
    )
    assert "Семья не найдена." in response.content.decode()
    assert not Signal.objects.exists()


def test_matches_panel_shows_the_known_person_family_and_case(
    client: Client,
    intake_operator: User,
    senior: User,
    curator: User,
    psychologist: User,
    family: Family,
) -> None:
    make_person(by=intake_operator, family=family, last_name="Иванова", first_name="Мария")
    signal = record(senior, family=family)
    services.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    services.record_visit(signal=signal, by=curator, visited_at=ago(hours=2), report="Отчёт")
    services.decide_signal(signal=signal, by=senior, decision="accept")
    give_consents(by=senior, family=family)  # a planned case opens with the consent
    cases.open_case(signal=signal, curator=curator, by=senior)
    response = _page(
        client,
        intake_operator,
        reverse("intake:duplicates"),
        # ё/е, letter case and a missing patronymic do not matter.
        data={"subject_last_name": "ИВАНОВА", "subject_first_name": "мария"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Иванова Мария Петровна" in html
    assert f'value="{family.pk}"' in html
    assert "открыт" in html and curator.short_name in html


def test_matches_panel_finds_a_family_by_its_name(
    client: Client, intake_operator: User, family: Family
) -> None:
    html = _page(
        client, intake_operator, reverse("intake:duplicates"), data={"subject_last_name": "Иванова"}
    ).content.decode()
    assert "Семья «Ивановы»" in html


def test_matches_panel_says_when_nothing_is_found(client: Client, intake_operator: User) -> None:
    html = _page(
        client,
        intake_operator,
        reverse("intake:duplicates"),
        data={"subject_last_name": "Нетакихов", "subject_first_name": "Никто"},
    ).content.decode()
    assert 'data-testid="no-matches"' in html


def test_curator_cannot_open_the_intake_form(client: Client, curator: User) -> None:
    assert _page(client, curator, reverse("intake:signal_create")).status_code == 403


# --- the signal page ----------------------------------------------------------------------


def test_signal_page_shows_deadlines_team_and_history(
    client: Client, senior: User, visited_signal: Signal, django_assert_max_num_queries: Any
) -> None:
    client.force_login(senior)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("intake:signal_detail", args=[visited_signal.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="report_due"' in html
    assert "Белова Ольга" in html  # the future curator
    assert 'data-kind="signal.visited"' in html
    assert 'data-kind="signal.team_assigned"' in html


def test_signal_page_of_another_team_is_404(
    client: Client, other_team_curator: User, signal: Signal
) -> None:
    url = reverse("intake:signal_detail", args=[signal.pk])
    assert _page(client, other_team_curator, url).status_code == 404


def test_signal_page_of_another_organisation_is_404(
    client: Client, outsider: User, signal: Signal
) -> None:
    url = reverse("intake:signal_detail", args=[signal.pk])
    assert _page(client, outsider, url).status_code == 404


def test_signal_page_suggests_the_known_family_for_an_unlinked_signal(
    client: Client, intake_operator: User, family: Family
) -> None:
    make_person(by=intake_operator, family=family, last_name="Иванова", first_name="Мария")
    signal = record(intake_operator, subject_last_name="Иванова", subject_first_name="Мария")
    html = _page(
        client, intake_operator, reverse("intake:signal_detail", args=[signal.pk])
    ).content.decode()
    assert 'data-testid="link-suggestions"' in html
    assert f'value="{family.pk}"' in html


def test_linking_a_family_from_the_link_page(
    client: Client, intake_operator: User, family: Family
) -> None:
    signal = record(intake_operator, subject_last_name="Иванова")
    url = reverse("intake:link_family", args=[signal.pk])
    assert "Семья «Ивановы»" in _page(client, intake_operator, url).content.decode()
    response = _post(client, intake_operator, url, {"family": family.pk})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.family == family


def test_link_page_requires_a_choice(client: Client, intake_operator: User) -> None:
    signal = record(intake_operator)
    response = _post(client, intake_operator, reverse("intake:link_family", args=[signal.pk]), {})
    assert "Выберите семью." in response.content.decode()


# --- the first visit -------------------------------------------------------------------


def test_assign_page_shows_each_candidate_load_and_the_family_distance(
    client: Client,
    senior: User,
    curator: User,
    psychologist: User,
    intake_operator: User,
    signal: Signal,
    django_assert_max_num_queries: Any,
) -> None:
    # curator1 already has two open cases, one of high complexity.
    for name in ("Петровы", "Сидоровы"):
        other = make_family(by=intake_operator, name=name)
        s = record(intake_operator, family=other)
        services.assign_visit_team(
            signal=s,
            by=senior,
            future_curator=curator,
            psychologist=psychologist,
            planned_date=None,
        )
        services.record_visit(signal=s, by=curator, visited_at=ago(hours=3), report="Отчёт")
        services.decide_signal(signal=s, by=senior, decision="accept")
        give_consents(by=senior, family=other)  # a planned case opens with the consent
        case = cases.open_case(signal=s, curator=curator, by=senior)
        if name == "Петровы":
            cases.score_complexity(
                case=case,
                by=curator,
                distance_km=150,
                guardianship_tension=3,
                resource_deficit=3,
                removal_risk=3,
                substance_use=3,
            )
    client.force_login(senior)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("intake:assign_team", args=[signal.pk]))
    html = response.content.decode()
    row = html[html.index('data-user="curator"') :]
    row = row[: row.index("</tr>")]
    assert '<td data-testid="active-cases">2</td>' in row
    assert '<td data-testid="high-cases">1</td>' in row
    assert "95" in html[html.index('data-testid="family-distance"') :][:200]


def test_senior_curator_assigns_the_team_on_the_page(
    client: Client, senior: User, curator: User, psychologist: User, signal: Signal
) -> None:
    response = _post(
        client,
        senior,
        reverse("intake:assign_team", args=[signal.pk]),
        {
            "future_curator": curator.pk,
            "psychologist": psychologist.pk,
            "planned_date": signal.visit_due.isoformat() if signal.visit_due else "",
        },
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Signal.Status.TEAM_ASSIGNED


def test_assign_page_refuses_a_date_before_the_signal(
    client: Client, senior: User, curator: User, psychologist: User, signal: Signal
) -> None:
    response = _post(
        client,
        senior,
        reverse("intake:assign_team", args=[signal.pk]),
        {
            "future_curator": curator.pk,
            "psychologist": psychologist.pk,
            "planned_date": (
                timezone.localdate(signal.received_at) - timedelta(days=3)
            ).isoformat(),
        },
    )
    assert "раньше, чем получен сигнал" in response.content.decode()


def test_curator_cannot_assign_the_team(client: Client, curator: User, signal: Signal) -> None:
    url = reverse("intake:assign_team", args=[signal.pk])
    assert _page(client, curator, url).status_code == 403


def test_visit_form_records_visit_and_report(
    client: Client, curator: User, assigned_signal: Signal
) -> None:
    url = reverse("intake:record_visit", args=[assigned_signal.pk])
    assert "24 часов" in _page(client, curator, url).content.decode()
    visited = timezone.localtime() - timedelta(hours=2)
    response = _post(
        client,
        curator,
        url,
        {
            "visited_at": visited.strftime("%Y-%m-%dT%H:%M"),
            "living_conditions": "Семья в трудной ситуации",
            "recommendation": "accept",
        },
    )
    assert response.status_code == 302
    assigned_signal.refresh_from_db()
    assert assigned_signal.status == Signal.Status.VISITED
    assert assigned_signal.first_visit.report_submitted_at is not None


def test_colleague_not_on_the_visit_team_gets_404(
    client: Client, colleague: User, assigned_signal: Signal
) -> None:
    # Once the first-visit team is named, the signal is out of the scope of the
    # team's other curators — "not yours" looks like "does not exist".
    response = _post(
        client,
        colleague,
        reverse("intake:record_visit", args=[assigned_signal.pk]),
        {"visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 404
    assigned_signal.refresh_from_db()
    assert assigned_signal.status == Signal.Status.TEAM_ASSIGNED


def test_report_page_shows_the_24_hour_deadline(
    client: Client, curator: User, visited_signal: Signal
) -> None:
    url = reverse("intake:submit_report", args=[visited_signal.pk])
    html = _page(client, curator, url).content.decode()
    assert visited_signal.report_due is not None
    due = timezone.localtime(visited_signal.report_due)
    assert f"Сдать до {due:%d.%m.%Y %H:%M}" in html
    response = _post(client, curator, url, {"needs": "Продукты", "recommendation": "accept"})
    assert response.status_code == 302


def test_empty_report_shows_an_error(client: Client, curator: User, visited_signal: Signal) -> None:
    url = reverse("intake:submit_report", args=[visited_signal.pk])
    response = _post(client, curator, url, {})
    assert "Напишите отчёт о выезде." in response.content.decode()


# --- the decision -----------------------------------------------------------------------------


def test_senior_curator_accepts_with_the_consilium(
    client: Client, senior: User, curator: User, psychologist: User, reported_signal: Signal
) -> None:
    url = reverse("intake:accept", args=[reported_signal.pk])
    assert "Участники консилиума" in _page(client, senior, url).content.decode()
    response = _post(client, senior, url, {"participants": [curator.pk, psychologist.pk]})
    assert response.status_code == 302
    reported_signal.refresh_from_db()
    assert reported_signal.status == Signal.Status.ACCEPTED


def test_refusal_page_is_a_confirmation_with_suggested_alternatives(
    client: Client, senior: User, reported_signal: Signal, agents: list[ResourceAgent]
) -> None:
    html = _page(
        client, senior, reverse("intake:refuse", args=[reported_signal.pk])
    ).content.decode()
    assert "Вы уверены?" in html
    assert "Нет, вернуться" in html and "Да, отказать" in html
    # The family lives in Smolensk: the Smolensk agents are suggested, not the Volgograd one.
    suggested = html[html.index('data-testid="suggested"') :]
    suggested = suggested[: suggested.index("</p>")]
    assert "Продовольственный банк" in suggested
    assert "Фонд в Волгограде" not in suggested


def test_refusal_without_reason_shows_the_error(
    client: Client, senior: User, reported_signal: Signal
) -> None:
    response = _post(client, senior, reverse("intake:refuse", args=[reported_signal.pk]), {})
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    reported_signal.refresh_from_db()
    assert reported_signal.status == Signal.Status.VISITED


def test_refusal_leads_to_the_printable_informed_refusal(
    client: Client, senior: User, reported_signal: Signal, agents: list[ResourceAgent]
) -> None:
    response = _post(
        client,
        senior,
        reverse("intake:refuse", args=[reported_signal.pk]),
        {"reason": "Фонд не оплачивает долги.", "alternatives": [agents[0].pk, agents[1].pk]},
    )
    letter_url = reverse("intake:refusal_letter", args=[reported_signal.pk])
    assert response["Location"] == letter_url
    html = _page(client, senior, letter_url).content.decode()
    assert "Информированный отказ" in html
    assert "Фонд не оплачивает долги." in html
    assert "+7 (4812) 20-11-33" in html  # the agent's contacts
    assert "Юридическая клиника" in html
    assert "no-print" in html


def test_deciding_twice_on_the_page_shows_an_error(
    client: Client, senior: User, reported_signal: Signal
) -> None:
    url = reverse("intake:accept", args=[reported_signal.pk])
    _post(client, senior, url, {})
    response = _post(client, senior, url, {})
    assert response.status_code == 200
    assert "Решение по этому сигналу уже принято" in response.content.decode()


def test_no_refusal_letter_for_an_accepted_signal(
    client: Client, senior: User, reported_signal: Signal
) -> None:
    services.decide_signal(signal=reported_signal, by=senior, decision="accept")
    url = reverse("intake:refusal_letter", args=[reported_signal.pk])
    assert _page(client, senior, url).status_code == 404


def test_escalation_page_passes_the_decision_up(
    client: Client, senior: User, reported_signal: Signal
) -> None:
    url = reverse("intake:escalate", args=[reported_signal.pk])
    html = _page(client, senior, url).content.decode()
    assert "Вы уверены?" in html and "координатор" in html
    response = _post(client, senior, url, {"reason": "Мнения разошлись"})
    assert response.status_code == 302
    reported_signal.refresh_from_db()
    assert reported_signal.decision_level == DecisionLevel.COORDINATOR


def test_intake_operator_cannot_decide(
    client: Client, intake_operator: User, reported_signal: Signal
) -> None:
    url = reverse("intake:accept", args=[reported_signal.pk])
    assert _page(client, intake_operator, url).status_code == 403


def test_senior_curator_of_another_team_gets_404_on_decide(
    client: Client, org: Any, other_team: Any, reported_signal: Signal
) -> None:
    other_senior = make_user(RoleCode.SENIOR_CURATOR, organisation=org, team=other_team)
    url = reverse("intake:refuse", args=[reported_signal.pk])
    assert _page(client, other_senior, url).status_code == 404


def test_the_journal_shows_the_decision_deadline_after_the_visit(
    client: Client, curator: User, reported_signal: Signal
) -> None:
    html = _page(client, curator, JOURNAL).content.decode()
    assert isinstance(reported_signal.decision_due, date)
    assert f"{reported_signal.decision_due:%d.%m.%Y}" in _row(html, reported_signal.pk)


def test_signal_page_marks_a_report_handed_in_late(
    client: Client, senior: User, curator: User, assigned_signal: Signal
) -> None:
    services.record_visit(signal=assigned_signal, by=curator, visited_at=ago(days=2))
    services.submit_visit_report(signal=assigned_signal, by=curator, report="Поздно")
    html = _page(
        client, senior, reverse("intake:signal_detail", args=[assigned_signal.pk])
    ).content.decode()
    report_row = html[html.index('data-testid="report_due"') :]
    report_row = report_row[: report_row.index("</li>")]
    assert "с опозданием" in report_row
    visit_row = html[html.index('data-testid="visit_due"') :]
    assert "с опозданием" not in visit_row[: visit_row.index("</li>")]  # visited in time


def test_refused_signal_page_and_letter_stay_within_the_query_budget(
    client: Client,
    senior: User,
    reported_signal: Signal,
    agents: list[ResourceAgent],
    django_assert_max_num_queries: Any,
) -> None:
    services.decide_signal(
        signal=reported_signal, by=senior, decision="refuse", reason="Причина", alternatives=agents
    )
    client.force_login(senior)
    for name in ("intake:signal_detail", "intake:refusal_letter"):
        with django_assert_max_num_queries(15):
            response = client.get(reverse(name, args=[reported_signal.pk]))
        assert response.status_code == 200
