"""On the record pages: «Кто смотрел случай» and «История изменений»."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.audit import history
from kurator.audit.models import ReadLogEntry
from kurator.audit.tests.helpers import as_user, reads
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.services import opening as services
from kurator.core.testing import make_person
from kurator.people.models import Person
from kurator.privacy.services.consents import record_consent, withdraw_consent


def _case_page(client: Client, user: User, case: Case) -> str:
    response = as_user(client, user).get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


# --- who has looked at this case ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["curator", "head", "senior", "quality_officer"])
def test_the_readers_card_is_shown_to_the_curator_the_team_leads_and_the_quality_officer(
    client: Client, request: pytest.FixtureRequest, case: Case, head: User, who: str
) -> None:
    as_user(client, head).get(reverse("cases:case_detail", args=[case.pk]))  # head reads it
    html = _case_page(client, request.getfixturevalue(who), case)
    assert 'data-testid="case-readers"' in html
    assert 'data-testid="case-reader"' in html
    assert "Ковалёва И." in html  # the head's short name
    assert "команда" in html  # her scope


@pytest.mark.parametrize("who", ["psychologist", "director"])
def test_the_readers_card_is_hidden_from_others_who_see_the_case(
    client: Client, request: pytest.FixtureRequest, case: Case, who: str
) -> None:
    # The first-visit psychologist (a colleague on the case) and the programme director see
    # the case but not who else read it.
    html = _case_page(client, request.getfixturevalue(who), case)
    assert 'data-testid="case-readers"' not in html


def test_a_colleague_curator_of_the_team_sees_neither_the_case_nor_its_readers(
    client: Client, colleague: User, case: Case
) -> None:
    response = as_user(client, colleague).get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 404


def test_the_all_reads_link_opens_the_viewer_filtered_by_the_case_for_the_quality_officer(
    client: Client, case: Case, curator: User, quality_officer: User
) -> None:
    assert 'data-testid="all-reads"' not in _case_page(client, curator, case)
    html = _case_page(client, quality_officer, case)
    assert f'href="{reverse("audit:log")}?case={case.pk}"' in html


def test_the_readers_card_lists_the_latest_reads_newest_first(
    client: Client, case: Case, curator: User, head: User
) -> None:
    as_user(client, head).get(reverse("cases:case_detail", args=[case.pk]))
    as_user(client, curator).get(reverse("cases:case_detail", args=[case.pk]))
    html = _case_page(client, curator, case)
    assert html.index("Белова О.") < html.index("Ковалёва И.")


# --- change history ------------------------------------------------------------------------------


def test_the_case_and_signal_pages_have_a_collapsed_history_card(
    client: Client, case: Case, curator: User
) -> None:
    html = _case_page(client, curator, case)
    assert 'data-testid="change-history-card"' in html
    assert f'hx-get="{reverse("audit:case_history", args=[case.pk])}"' in html
    assert "<details" in html
    signal_url = reverse("intake:signal_detail", args=[case.signal_id])
    signal_html = client.get(signal_url).content.decode()
    assert f'hx-get="{reverse("audit:signal_history", args=[case.signal_id])}"' in signal_html


def test_a_hand_over_shows_in_the_history_as_curator_from_to(
    client: Client, case: Case, head: User, curator: User, colleague: User
) -> None:
    services.transfer_case(case=case, new_curator=colleague, reason="Отпуск", by=head)
    url = reverse("audit:case_history", args=[case.pk])
    response = as_user(client, head).get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the partial for htmx
    assert "Куратор" in html
    assert "Белова О." in html and "Громов Н." in html


def test_the_history_gathers_the_case_emergency_steps(
    case: Case, curator: User, head: User
) -> None:
    case.scenario = Case.Scenario.EMERGENCY
    Case.objects.filter(pk=case.pk).update(scenario=Case.Scenario.EMERGENCY)
    step = lifecycle.record_emergency_step(
        case=case, by=curator, description="Купили дрова", taken_at=timezone.now()
    )
    lifecycle.approve_emergency_step(step=step, by=head)
    entries = history.case_history(case)
    steps = [e for e in entries if e.what.startswith("Экстренный шаг")]
    assert {e.action for e in steps} == {"создан(а)", "изменён(а)"}
    approved = next(e for e in steps if e.changes)
    labels = {c.label for c in approved.changes}
    assert "согласовано" in labels


def test_the_history_page_without_htmx_is_a_full_page(
    client: Client, case: Case, curator: User
) -> None:
    response = as_user(client, curator).get(reverse("audit:case_history", args=[case.pk]))
    assert response.status_code == 200
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("who", ["colleague", "outsider", "intake_operator"])
def test_the_history_of_a_case_out_of_scope_is_a_404(
    client: Client, request: pytest.FixtureRequest, case: Case, who: str
) -> None:
    user = request.getfixturevalue(who)
    response = as_user(client, user).get(reverse("audit:case_history", args=[case.pk]))
    assert response.status_code == 404


def test_the_signal_history_shows_the_first_visit_team(
    client: Client, case: Case, senior: User
) -> None:
    url = reverse("audit:signal_history", args=[case.signal_id])
    html = as_user(client, senior).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Первичный выезд" in html
    assert "Сигнал" in html


def test_reading_a_history_is_itself_logged(client: Client, case: Case, curator: User) -> None:
    as_user(client, curator).get(reverse("audit:case_history", args=[case.pk]))
    [row] = reads()
    assert (row.kind, row.object_id) == (ReadLogEntry.Kind.CASE, case.pk)


def test_the_history_is_query_bounded(
    client: Client,
    case: Case,
    curator: User,
    head: User,
    colleague: User,
    django_assert_max_num_queries: Any,
) -> None:
    for reason in ("Отпуск", "Возвращение"):
        new = colleague if case.curator_id == curator.pk else curator
        case = services.transfer_case(case=case, new_curator=new, reason=reason, by=head)
    as_user(client, head)
    url = reverse("audit:case_history", args=[case.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


# --- a person's consents: the same history card, on the privacy page ---------------------------


def _mother(case: Case) -> Person:
    return make_person(
        by=case.curator,
        family=case.family,
        role="parent",
        last_name="Иванова",
        first_name="Ольга",
        birth_date=date(1988, 3, 1),
    )


def test_the_person_history_shows_a_consent_given_and_withdrawn(
    client: Client, case: Case, curator: User
) -> None:
    person = _mother(case)
    consent = record_consent(
        person=person,
        by=curator,
        purpose="case_work",
        scope="ФИО, адрес",
        given_on=timezone.localdate(),
    )
    withdraw_consent(consent=consent, by=curator)
    page = as_user(client, curator).get(reverse("people:person_privacy", args=[person.pk]))
    history_url = reverse("audit:person_history", args=[person.pk])
    assert history_url in page.content.decode()
    html = client.get(history_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Согласие «ФИО, адрес»" in html
    assert "Дата отзыва" in html
    assert "Срок уничтожения данных" in html
    full = client.get(history_url).content.decode()
    assert reverse("people:person_privacy", args=[person.pk]) in full  # the way back


def test_the_person_history_is_a_404_out_of_scope_and_logged_in_scope(
    client: Client, case: Case, curator: User, other_team_curator: User
) -> None:
    person = _mother(case)
    url = reverse("audit:person_history", args=[person.pk])
    assert as_user(client, other_team_curator).get(url).status_code == 404
    assert as_user(client, curator).get(url).status_code == 200
    assert [(r.kind, r.object_id) for r in reads()] == [(ReadLogEntry.Kind.PERSON, person.pk)]


def test_the_person_history_names_its_sources() -> None:
    assert [s.model._meta.model_name for s in history.person_sources()] == [
        "consent",
        "subjectrequest",
        "destructionclock",
    ]
