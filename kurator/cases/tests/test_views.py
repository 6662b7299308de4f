"""HTML pages of cases: list, case page, opening, complexity, hand-over, links."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kurator.accounts.models import Norms, Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case, CaseLink, TimelineEvent
from kurator.cases.services import opening
from kurator.cases.tests.factories import make_accepted_signal, make_refused_signal, open_case_for
from kurator.core.testing import give_consents, make_family, make_user
from kurator.intake.models import Signal
from kurator.people.models import Family


def _html(response: Any) -> str:
    return str(response.content.decode())


def _score(case: Case, by: User, *points: int, distance: str = "10") -> None:
    tension, deficit, risk, substances = points
    opening.score_complexity(
        case=case,
        by=by,
        distance_km=Decimal(distance),
        guardianship_tension=tension,
        resource_deficit=deficit,
        removal_risk=risk,
        substance_use=substances,
    )


@pytest.fixture
def cases_of_team(senior: User, curator: User, colleague: User, psychologist: User) -> list[Case]:
    """Five open cases: three of ``curator`` (low, high, unscored), two of ``colleague``."""
    made = []
    for n, who in enumerate([curator, curator, curator, colleague, colleague]):
        family = make_family(by=senior, name=f"Семья {n}")
        made.append(
            open_case_for(senior=senior, curator=who, psychologist=psychologist, family=family)
        )
    _score(made[0], curator, 1, 1, 1, 1)
    _score(made[1], curator, 3, 3, 3, 3, distance="130")
    return made


# --- list ----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(reverse("cases:case_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_intake_operator_may_not_open_the_case_list(client: Client, intake_operator: User) -> None:
    client.force_login(intake_operator)
    assert client.get(reverse("cases:case_list")).status_code == 403


def test_curator_sees_my_cases_with_counts(
    client: Client, curator: User, cases_of_team: list[Case]
) -> None:
    client.force_login(curator)
    response = client.get(reverse("cases:case_list"))
    html = _html(response)
    assert "Мои случаи" in html
    assert set(response.context["page"].object_list) == set(cases_of_team[:3])
    assert response.context["counts"]["open"] == 3
    assert response.context["counts"]["high"] == 1
    assert "открыто: 3" in html


def test_team_head_sees_all_the_teams_cases(
    client: Client, head: User, cases_of_team: list[Case]
) -> None:
    client.force_login(head)
    response = client.get(reverse("cases:case_list"))
    assert "Мои случаи" not in _html(response)
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("complexity=high", [1]),
        ("complexity=low", [0]),
        ("complexity=none", [2, 3, 4]),
        ("status=open", [0, 1, 2, 3, 4]),
        ("status=closed", []),
        ("curator=COLLEAGUE", [3, 4]),
    ],
)
def test_list_filters(
    client: Client,
    head: User,
    colleague: User,
    cases_of_team: list[Case],
    query: str,
    expected: list[int],
) -> None:
    client.force_login(head)
    query = query.replace("COLLEAGUE", str(colleague.pk))
    response = client.get(f"{reverse('cases:case_list')}?{query}")
    assert {c.pk for c in response.context["page"].object_list} == {
        cases_of_team[i].pk for i in expected
    }


def test_overdue_filter_shows_open_cases_past_a_deadline(
    client: Client,
    head: User,
    senior: User,
    curator: User,
    psychologist: User,
    cases_of_team: list[Case],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    family = make_family(by=senior, name="Просроченные")
    give_consents(by=senior, family=family, given_on=date(2026, 1, 1))
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    long_ago = timezone.now() - timedelta(days=60)
    monkeypatch.setattr(opening.timezone, "now", lambda: long_ago)
    late = opening.open_case(signal=signal, curator=curator, by=senior)
    monkeypatch.undo()
    client.force_login(head)
    response = client.get(f"{reverse('cases:case_list')}?overdue=on")
    assert list(response.context["page"].object_list) == [late]
    assert response.context["counts"]["overdue"] == 1
    assert 'data-testid="overdue"' in _html(response)


def test_bad_filter_values_are_ignored_not_a_500(
    client: Client, head: User, cases_of_team: list[Case]
) -> None:
    client.force_login(head)
    response = client.get(f"{reverse('cases:case_list')}?status=nonsense&curator=abc&page=zz")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 5


def test_case_list_queries_do_not_grow_with_cases(
    client: Client,
    head: User,
    cases_of_team: list[Case],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(head)
    client.get(reverse("cases:case_list"))  # warm the session
    with django_assert_max_num_queries(15):
        response = client.get(reverse("cases:case_list"))
    assert len(response.context["page"].object_list) == 5


def test_list_filters_by_team(
    client: Client,
    director: User,
    team: Team,
    other_team: Team,
    cases_of_team: list[Case],
    other_team_case: Case,
) -> None:
    client.force_login(director)
    url = reverse("cases:case_list")
    assert len(client.get(url).context["page"].object_list) == 6
    theirs = client.get(url, {"team": other_team.pk})
    assert list(theirs.context["page"].object_list) == [other_team_case]
    assert theirs.context["filtered"]
    ours = client.get(url, {"team": team.pk, "curator": cases_of_team[3].curator_id})
    assert {c.pk for c in ours.context["page"].object_list} == {
        cases_of_team[3].pk,
        cases_of_team[4].pk,
    }


@pytest.mark.parametrize("who", ["head", "director"])
def test_a_team_out_of_sight_lists_no_cases_and_is_no_error(
    client: Client,
    request: pytest.FixtureRequest,
    who: str,
    outsider: User,
    other_team: Team,
    cases_of_team: list[Case],
    other_team_case: Case,
) -> None:
    client.force_login(request.getfixturevalue(who))
    url = reverse("cases:case_list")
    out_of_sight = [outsider.team_id, 999_999_999, 10**30]
    if who == "head":
        out_of_sight.append(other_team.pk)  # her organisation's, not her team
    for team_id in out_of_sight:
        response = client.get(url, {"team": team_id})
        assert response.status_code == 200, team_id
        assert list(response.context["page"].object_list) == [], team_id
        assert 'data-testid="no-cases"' in _html(response)
    # Not an id at all: ignored, as any bad filter value.
    assert client.get(url, {"team": "abc"}).context["page"].paginator.count > 0


@pytest.mark.parametrize("who", ["curator", "head"])
def test_a_curator_out_of_sight_lists_no_cases_as_a_team_out_of_sight_does(
    client: Client,
    request: pytest.FixtureRequest,
    who: str,
    outsider: User,
    other_team_curator: User,
    cases_of_team: list[Case],
    other_team_case: Case,
) -> None:
    client.force_login(request.getfixturevalue(who))
    url = reverse("cases:case_list")
    for filters in (
        {"curator": other_team_curator.pk},
        {"curator": outsider.pk},
        {"curator": 999_999_999},
        {"team": outsider.team_id},
    ):
        response = client.get(url, filters)
        assert response.status_code == 200, filters
        assert list(response.context["page"].object_list) == [], filters
        assert response.context["filtered"], filters


def test_the_team_select_is_only_for_who_sees_several_teams(
    client: Client,
    org: Organisation,
    head: User,
    curator: User,
    director: User,
    team: Team,
    other_team: Team,
    cases_of_team: list[Case],
    other_team_case: Case,
) -> None:
    url = reverse("cases:case_list")
    for single in (head, curator):
        client.force_login(single)
        response = client.get(url)
        assert response.context["counts"]["teams"] == 1
        assert 'data-testid="team-filter"' not in _html(response), single.username
    quality = make_user(RoleCode.QUALITY_OFFICER, organisation=org, username="quality")
    for wide in (director, quality):
        client.force_login(wide)
        html = _html(client.get(url))
        assert 'data-testid="team-filter"' in html, wide.username
        start = html.index('name="team"')
        select = html[start : html.index("</select>", start)]
        assert "Команда" in html and "все" in select
        assert f'value="{team.pk}"' in select and f'value="{other_team.pk}"' in select
        assert team.name in select and other_team.name in select


# --- case page -----------------------------------------------------------------------------


def test_case_page_shows_family_curator_status_deadlines_and_history(
    client: Client, curator: User, case: Case
) -> None:
    client.force_login(curator)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert "Ивановы" in html
    assert "Белова Ольга" in html
    assert "открыт" in html
    assert case.folder_due is not None and case.folder_due.strftime("%d.%m.%Y") in html
    assert "История благополучателя" in html
    assert 'data-testid="lifecycle-actions"' in html


def test_case_page_shows_no_raw_template_syntax(client: Client, curator: User, case: Case) -> None:
    # Django's {# #} comments are one line only; a multi-line one is printed on the page.
    client.force_login(curator)
    html = _html(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert "{#" not in html
    assert "{%" not in html


def test_history_has_the_signal_and_the_case_newest_first(
    client: Client, curator: User, case: Case
) -> None:
    _score(case, curator, 2, 2, 2, 2)
    client.force_login(curator)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    kinds = [event.kind for event, _text in response.context["timeline"]]
    assert kinds[0] == "case.complexity_scored"
    # Opening filed the first-visit report into the folder right after the «opened» row.
    assert kinds[1:3] == ["case.document_generated", "case.opened"]
    assert "signal.recorded" in kinds
    assert kinds[-1] == "signal.recorded"
    texts = [text for _event, text in response.context["timeline"]]
    assert "Оценка сложности: 9 баллов, средняя" in texts


def test_history_includes_the_familys_earlier_case(
    client: Client, curator: User, case: Case, senior: User, psychologist: User, family: Family
) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)  # closure is lifecycle's
    newer = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    client.force_login(curator)
    response = client.get(reverse("cases:case_detail", args=[newer.pk]))
    cases_in_history = {event.case_id for event, _text in response.context["timeline"]}
    assert {case.pk, newer.pk} <= cases_in_history


def test_the_earlier_and_the_later_case_are_links_only_for_who_may_open_them(
    client: Client,
    org: Organisation,
    team: Team,
    curator: User,
    colleague: User,
    head: User,
    case: Case,
    senior: User,
    psychologist: User,
    family: Family,
) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)  # closure is lifecycle's
    other_psychologist = make_user(
        RoleCode.PSYCHOLOGIST, organisation=org, team=team, username="psy_later"
    )
    later = open_case_for(
        senior=senior, curator=colleague, psychologist=other_psychologist, family=family
    )
    Case.objects.filter(pk=later.pk).update(previous_case=case)
    earlier_url = reverse("cases:case_detail", args=[case.pk])
    later_url = reverse("cases:case_detail", args=[later.pk])
    # The earlier case's psychologist may open it, not the later one; the later case's curator
    # the other way round; the team head both.
    client.force_login(psychologist)
    assert client.get(later_url).status_code == 404
    page = _html(client.get(earlier_url))
    assert f"Открыт заново как случай №{later.pk}." in page
    assert f'href="{later_url}"' not in page
    client.force_login(colleague)
    assert client.get(earlier_url).status_code == 404
    page = _html(client.get(later_url))
    assert f"№{case.pk}" in page
    assert f'href="{earlier_url}"' not in page
    client.force_login(head)
    assert f'href="{later_url}"' in _html(client.get(earlier_url))
    assert f'href="{earlier_url}"' in _html(client.get(later_url))


def test_overdue_deadline_is_highlighted(
    client: Client,
    curator: User,
    senior: User,
    psychologist: User,
    family: Family,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    ten_days_ago = timezone.now() - timedelta(days=10)
    monkeypatch.setattr(opening.timezone, "now", lambda: ten_days_ago)
    case = opening.open_case(signal=signal, curator=curator, by=senior)
    monkeypatch.undo()
    client.force_login(curator)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.context["folder_overdue"] is True
    assert response.context["plan_overdue"] is False
    assert "просрочено" in _html(response)


def test_family_links_to_its_card_when_the_card_exists(
    client: Client, curator: User, case: Case
) -> None:
    client.force_login(curator)
    html = _html(client.get(reverse("cases:case_detail", args=[case.pk])))
    try:
        url = reverse("people:family_detail", args=[case.family_id])
    except NoReverseMatch:
        assert 'data-testid="family-link"' not in html
    else:
        assert f'href="{url}"' in html


def test_colleague_and_outsider_get_404_on_the_case_page(
    client: Client, colleague: User, outsider: User, case: Case
) -> None:
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_case_page_queries_do_not_grow_with_history(
    client: Client, curator: User, case: Case, django_assert_max_num_queries: Any
) -> None:
    for points in ((1, 1, 1, 1), (2, 2, 2, 2), (3, 3, 3, 3)):
        _score(case, curator, *points)
    client.force_login(curator)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    # The page carries every app's card (plan, assessments, meetings, monitoring, network):
    # each adds a fixed number of queries, none per history row; the consent card four more
    # for what each person's consents cover.
    with django_assert_max_num_queries(40):
        response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert len(response.context["assessments"]) == 3


# --- opening -------------------------------------------------------------------------------


def test_open_page_preselects_the_visits_future_curator(
    client: Client, senior: User, curator: User, accepted_signal: Signal
) -> None:
    client.force_login(senior)
    response = client.get(reverse("cases:open", args=[accepted_signal.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert f'<option value="{curator.pk}" selected>' in html
    assert 'data-testid="curator-suggestion"' in html
    assert 'data-testid="caseload-warning"' not in html


def test_open_page_warns_about_the_caseload_but_still_opens(
    client: Client, senior: User, curator: User, accepted_signal: Signal, org: Organisation
) -> None:
    Norms.objects.filter(organisation=org).update(
        caseload_min=0, caseload_optimal=0, caseload_max=0
    )
    client.force_login(senior)
    html = _html(client.get(reverse("cases:open", args=[accepted_signal.pk])))
    assert 'data-testid="caseload-warning"' in html
    response = client.post(
        reverse("cases:open", args=[accepted_signal.pk]),
        {"curator": curator.pk, "scenario": "planned", "target_group": "family"},
        follow=True,
    )
    case = Case.objects.get(signal=accepted_signal)
    assert response.redirect_chain[-1][0] == reverse("cases:case_detail", args=[case.pk])
    messages = [str(m) for m in response.context["messages"]]
    assert f"Случай №{case.pk} открыт." in messages
    assert any("больше норматива" in m for m in messages)


def test_open_page_refreshes_the_warning_for_another_curator(
    client: Client,
    senior: User,
    colleague: User,
    accepted_signal: Signal,
    cases_of_team: list[Case],
    org: Organisation,
) -> None:
    Norms.objects.filter(organisation=org).update(
        caseload_min=1, caseload_optimal=1, caseload_max=2
    )
    client.force_login(senior)
    url = reverse("cases:open", args=[accepted_signal.pk])
    response = client.get(f"{url}?curator={colleague.pk}", HTTP_HX_REQUEST="true")
    assert response.context["chosen_curator"] == colleague
    assert "Активных случаев у куратора: 2" in _html(response)


def test_opening_twice_from_the_page_makes_one_case(
    client: Client, senior: User, curator: User, accepted_signal: Signal
) -> None:
    client.force_login(senior)
    url = reverse("cases:open", args=[accepted_signal.pk])
    data = {"curator": curator.pk, "scenario": "emergency", "target_group": "family"}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    case = Case.objects.get(signal=accepted_signal)
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == reverse("cases:case_detail", args=[case.pk])
    assert "По этому сигналу случай уже открыт." in [str(m) for m in second.context["messages"]]
    assert case.scenario == Case.Scenario.EMERGENCY


def test_open_page_explains_why_a_refused_signal_does_not_open(
    client: Client, senior: User, curator: User, psychologist: User, family: Family
) -> None:
    signal = make_refused_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    client.force_login(senior)
    url = reverse("cases:open", args=[signal.pk])
    assert 'data-testid="signal-not-accepted"' in _html(client.get(url))
    response = client.post(
        url, {"curator": curator.pk, "scenario": "planned", "target_group": "family"}
    )
    assert response.status_code == 200
    assert "решено взять в работу" in _html(response)
    assert not Case.objects.exists()


def test_open_page_rejects_an_unknown_curator_and_scenario(
    client: Client, senior: User, accepted_signal: Signal, other_team_curator: User
) -> None:
    client.force_login(senior)
    response = client.post(
        reverse("cases:open", args=[accepted_signal.pk]),
        {"curator": other_team_curator.pk, "scenario": "weekly", "target_group": "family"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"curator", "scenario"}
    assert not Case.objects.exists()


def test_curator_may_not_open_a_case(
    client: Client, curator: User, accepted_signal: Signal
) -> None:
    client.force_login(curator)
    assert client.get(reverse("cases:open", args=[accepted_signal.pk])).status_code == 403


def test_other_organisation_gets_404_on_the_open_page(
    client: Client, outsider: User, accepted_signal: Signal
) -> None:
    client.force_login(outsider)
    assert client.get(reverse("cases:open", args=[accepted_signal.pk])).status_code == 404


# --- complexity ----------------------------------------------------------------------------


def test_complexity_form_prefills_the_familys_distance(
    client: Client, curator: User, case: Case
) -> None:
    client.force_login(curator)
    response = client.get(reverse("cases:complexity", args=[case.pk]))
    assert response.context["form"]["distance_km"].value() == Decimal("95.0")


def test_complexity_is_scored_from_the_form(client: Client, curator: User, case: Case) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("cases:complexity", args=[case.pk]),
        {
            "distance_km": "95",
            "guardianship_tension": "3",
            "resource_deficit": "3",
            "removal_risk": "3",
            "substance_use": "2",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.complexity_score, case.complexity_level) == (13, "high")


@pytest.mark.parametrize(
    ("field", "value"), [("removal_risk", "4"), ("distance_km", "-5"), ("substance_use", "x")]
)
def test_complexity_form_rejects_bad_input(
    client: Client, curator: User, case: Case, field: str, value: str
) -> None:
    data = {
        "distance_km": "10",
        "guardianship_tension": "1",
        "resource_deficit": "1",
        "removal_risk": "1",
        "substance_use": "1",
        field: value,
    }
    client.force_login(curator)
    response = client.post(reverse("cases:complexity", args=[case.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not case.complexity_assessments.exists()


def test_director_may_not_score_complexity(client: Client, director: User, case: Case) -> None:
    client.force_login(director)
    assert client.get(reverse("cases:complexity", args=[case.pk])).status_code == 403


# --- hand-over -----------------------------------------------------------------------------


def test_hand_over_asks_for_confirmation_before_changing_anything(
    client: Client, head: User, colleague: User, curator: User, case: Case
) -> None:
    client.force_login(head)
    assert client.get(reverse("cases:transfer", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("cases:transfer", args=[case.pk]),
        {"new_curator": colleague.pk, "reason": "Белова уходит в отпуск"},
    )
    html = _html(response)
    assert "Вы уверены" in html
    assert "Нет, вернуться" in html
    assert "Да, передать" in html
    case.refresh_from_db()
    assert case.curator_id == curator.pk

    response = client.post(
        reverse("cases:transfer_confirm", args=[case.pk]),
        {"new_curator": colleague.pk, "reason": "Белова уходит в отпуск"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.curator_id == colleague.pk
    assert TimelineEvent.objects.filter(case=case, kind="case.transferred").count() == 1


def test_hand_over_without_a_reason_stays_on_the_form(
    client: Client, head: User, colleague: User, curator: User, case: Case
) -> None:
    client.force_login(head)
    response = client.post(
        reverse("cases:transfer_confirm", args=[case.pk]),
        {"new_curator": colleague.pk, "reason": "  "},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    case.refresh_from_db()
    assert case.curator_id == curator.pk


def test_hand_over_confirmation_is_post_only(client: Client, head: User, case: Case) -> None:
    client.force_login(head)
    assert client.get(reverse("cases:transfer_confirm", args=[case.pk])).status_code == 405


def test_curator_may_not_hand_over(client: Client, curator: User, case: Case) -> None:
    client.force_login(curator)
    assert client.get(reverse("cases:transfer", args=[case.pk])).status_code == 403


# --- links ---------------------------------------------------------------------------------


def test_cases_are_linked_by_number(client: Client, head: User, cases_of_team: list[Case]) -> None:
    first, second = cases_of_team[0], cases_of_team[3]
    client.force_login(head)
    response = client.post(
        reverse("cases:link", args=[first.pk]),
        {"related_case": second.pk, "note": "Бабушка опекает внука"},
    )
    assert response.status_code == 302
    assert CaseLink.objects.filter(case=first, related_case=second).exists()
    page = client.get(reverse("cases:case_detail", args=[second.pk]))
    assert [item.case for item in page.context["linked"]] == [first]


def test_link_to_a_case_out_of_sight_reads_as_not_found(
    client: Client, curator: User, cases_of_team: list[Case]
) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("cases:link", args=[cases_of_team[0].pk]), {"related_case": cases_of_team[3].pk}
    )
    assert response.status_code == 200
    assert "Случай с таким номером не найден." in _html(response)
    assert not CaseLink.objects.exists()


def test_link_to_itself_is_refused_on_the_form(client: Client, curator: User, case: Case) -> None:
    client.force_login(curator)
    response = client.post(reverse("cases:link", args=[case.pk]), {"related_case": case.pk})
    assert "самим собой" in _html(response)
