"""Consents, withdrawals, subject requests and destruction deadlines in HTML: who sees what,
the «Вы уверены?» steps, the case page's warnings and bounded query counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person, make_user
from kurator.documents.models import CaseDocument
from kurator.documents.tests.files import upload
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.models import Consent, DestructionAct, DestructionClock, SubjectRequest
from kurator.privacy.services.consents import record_consent, withdraw_consent
from kurator.privacy.services.subject_requests import (
    answer_subject_request,
    register_subject_request,
)


def html(response: Any) -> str:
    return str(response.content.decode())


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        first_name="Анна",
        middle_name="Ивановна",
        birth_date=date(1988, 2, 1),
    )


@pytest.fixture
def child(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Ева", birth_date=date(2018, 3, 1))


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family) -> Case:
    # An emergency case opens on the family as it is: the tests record its consents.
    return open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=family,
        scenario=Case.Scenario.EMERGENCY,
        consents=False,
    )


def give(person: Person, by: User, **kwargs: Any) -> Consent:
    params: dict[str, Any] = {
        "purpose": "case_work",
        "scope": "ФИО, адрес — для помощи",
        "given_on": today() - timedelta(days=5),
    } | kwargs
    return record_consent(person=person, by=by, **params)


@pytest.fixture
def other_head(org: Organisation, other_team: Team) -> User:
    return make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team, username="head2")


# --- the case page and the cards ------------------------------------------------------------


def test_case_page_warns_about_missing_and_withdrawn_consents(
    client: Client, curator: User, case: Case, mother: Person, child: Person
) -> None:
    give(child, curator, signed_by=mother, valid_until=today() + timedelta(days=300))
    client.force_login(curator)
    page = html(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert 'data-testid="consent-card"' in page
    assert 'data-testid="consent-warning"' in page
    assert 'data-state="missing"' in page
    assert "нет согласия" in page
    assert 'data-state="valid"' in page
    assert f"действует до {(today() + timedelta(days=300)):%d.%m.%Y}" in page


def test_case_page_without_problems_has_no_warning(
    client: Client, curator: User, case: Case, mother: Person
) -> None:
    give(mother, curator)
    client.force_login(curator)
    page = html(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert 'data-testid="consent-card"' in page
    assert 'data-testid="consent-warning"' not in page
    assert "действует до отзыва" in page


def test_case_page_queries_do_not_grow_with_the_family(
    client: Client,
    senior: User,
    curator: User,
    case: Case,
    mother: Person,
    django_assert_max_num_queries: Any,
) -> None:
    give(mother, curator)
    client.force_login(curator)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    # The consent card: the states, and what each person's consents cover (four queries).
    with django_assert_max_num_queries(41) as small:
        client.get(reverse("cases:case_detail", args=[case.pk]))
    for n in range(6):
        kid = make_person(by=senior, family=case.family, first_name=f"Ребёнок{n}")
        give(kid, curator, signed_by=mother)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("cases:case_detail", args=[case.pk]))


def test_family_card_shows_the_consent_card(
    client: Client, curator: User, family: Family, mother: Person
) -> None:
    client.force_login(curator)
    page = html(client.get(reverse("people:family_detail", args=[family.pk])))
    assert 'data-testid="consent-card"' in page
    assert "Иванова Анна Ивановна" in page


def test_person_page_warns_that_processing_is_stopped(
    client: Client, curator: User, mother: Person
) -> None:
    withdraw_consent(consent=give(mother, curator), by=curator, withdrawn_on=today())
    client.force_login(curator)
    page = html(client.get(reverse("people:person_detail", args=[mother.pk])))
    assert 'data-testid="processing-stopped"' in page
    assert f"уничтожены до {(today() + timedelta(days=30)):%d.%m.%Y}" in page


def test_editing_a_stopped_person_says_why_on_the_form(
    client: Client, curator: User, mother: Person
) -> None:
    withdraw_consent(consent=give(mother, curator), by=curator)
    client.force_login(curator)
    response = client.post(
        reverse("people:person_edit", args=[mother.pk]),
        {"last_name": "Петрова", "first_name": "Анна"},
    )
    assert response.status_code == 200
    assert "Обработка данных этого человека остановлена" in html(response)
    mother.refresh_from_db()
    assert mother.last_name == "Иванова"


# --- the person's consents page --------------------------------------------------------------


@pytest.mark.parametrize("who", ["curator", "colleague", "head", "senior", "director"])
def test_the_team_and_the_director_see_the_consents_page(
    client: Client, mother: Person, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("people:person_privacy", args=[mother.pk]))
    assert response.status_code == 200
    assert "Согласия и обращения" in html(response)


@pytest.mark.parametrize("who", ["other_team_curator", "outsider", "administrator"])
def test_outside_the_scope_the_consents_page_does_not_exist(
    client: Client, mother: Person, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("people:person_privacy", args=[mother.pk])).status_code == 404


def test_consent_is_recorded_through_the_form_with_a_scan(
    client: Client, curator: User, case: Case, mother: Person, child: Person
) -> None:
    client.force_login(curator)
    url = reverse("people:consent_add", args=[child.pk])
    page = html(client.get(url))
    assert f'<option value="{mother.pk}">' in page  # the mother is offered as the signer
    response = client.post(
        url,
        {
            "purposes": "case_work",
            "scope": "ФИО, дата рождения, школа",
            "given_on": f"{today():%Y-%m-%d}",
            "signed_by": mother.pk,
            "file": upload("согласие.pdf"),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=child)
    assert consent.signed_by == mother
    assert consent.document is not None
    assert (
        CaseDocument.objects.exclude(template_code="visit_report").get().document_type
        == "consent_child"
    )


def test_a_child_without_a_signer_is_refused_on_the_form(
    client: Client, curator: User, child: Person
) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("people:consent_add", args=[child.pk]),
        {"purposes": "case_work", "scope": "ФИО", "given_on": f"{today():%Y-%m-%d}"},
    )
    assert response.status_code == 200
    assert "законный представитель" in html(response)
    assert not Consent.objects.exists()


def test_garbage_in_the_consent_form_is_a_form_error(
    client: Client, curator: User, mother: Person
) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("people:consent_add", args=[mother.pk]),
        {"purposes": "x", "scope": "", "given_on": "вчера", "valid_until": "31.02.2026"},
    )
    assert response.status_code == 200
    page = html(response)
    assert "Выберите цель из списка." in page
    assert "Введите дату в формате ДД.ММ.ГГГГ." in page
    assert not Consent.objects.exists()


def test_the_director_may_read_but_not_record(
    client: Client, director: User, mother: Person
) -> None:
    client.force_login(director)
    assert client.get(reverse("people:consent_add", args=[mother.pk])).status_code == 403


# --- withdrawal: «Вы уверены?» -----------------------------------------------------------------


def test_withdrawal_asks_first_and_changes_nothing(
    client: Client, curator: User, mother: Person
) -> None:
    consent = give(mother, curator)
    client.force_login(curator)
    response = client.post(
        reverse("people:consent_withdraw", args=[consent.pk]),
        {"withdrawn_on": f"{today():%Y-%m-%d}", "reason": "Заявление"},
    )
    page = html(response)
    assert response.status_code == 200
    assert "Вы уверены?" in page
    assert "Обработка данных этого человека будет остановлена" in page
    assert f"{(today() + timedelta(days=30)):%d.%m.%Y}" in page
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert not DestructionClock.objects.exists()


def test_confirmed_withdrawal_stops_processing(
    client: Client, curator: User, mother: Person
) -> None:
    consent = give(mother, curator)
    client.force_login(curator)
    response = client.post(
        reverse("people:consent_withdraw_confirm", args=[consent.pk]),
        {
            "withdrawn_on": f"{today():%Y-%m-%d}",
            "reason": "Заявление",
            "retention_required": "on",
            "legal_basis": "ст. 29 Закона о бухучёте",
        },
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == today()
    clock = DestructionClock.objects.get(person=mother)
    assert clock.blocked


def test_withdrawal_errors_land_on_the_form(client: Client, curator: User, mother: Person) -> None:
    consent = give(mother, curator)
    client.force_login(curator)
    response = client.post(
        reverse("people:consent_withdraw_confirm", args=[consent.pk]),
        {"withdrawn_on": f"{today():%Y-%m-%d}", "retention_required": "on"},
    )
    assert response.status_code == 200
    assert "какой закон требует" in html(response)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawal_pages_are_404_out_of_scope(
    client: Client, curator: User, other_team_curator: User, mother: Person
) -> None:
    consent = give(mother, curator)
    client.force_login(other_team_curator)
    assert client.get(reverse("people:consent_withdraw", args=[consent.pk])).status_code == 404
    assert (
        client.post(reverse("people:consent_withdraw_confirm", args=[consent.pk])).status_code
        == 404
    )


# --- subject requests ----------------------------------------------------------------------


def test_request_is_registered_and_listed_with_the_overdue_one_highlighted(
    client: Client, curator: User, mother: Person, child: Person
) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("people:subject_request_add", args=[mother.pk]),
        {"kind": "access", "received_on": f"{today():%Y-%m-%d}", "text": "Копию данных"},
    )
    assert response.status_code == 302
    register_subject_request(
        person=child, by=curator, kind="correction", received_on=today() - timedelta(days=30)
    )
    page = html(client.get(reverse("people:subject_request_list")))
    assert page.count('data-testid="subject-request"') == 2
    assert page.count('data-overdue="1"') == 1
    assert "просрочено" in page


def test_answering_a_request_records_the_date(
    client: Client, curator: User, mother: Person
) -> None:
    request = register_subject_request(
        person=mother, by=curator, kind="access", received_on=today()
    )
    client.force_login(curator)
    url = reverse("people:subject_request_answer", args=[request.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"answer": "", "answered_on": f"{today():%Y-%m-%d}"})
    assert "Напишите ответ." in html(bad)
    response = client.post(url, {"answer": "Выдали копию.", "answered_on": f"{today():%Y-%m-%d}"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answered_on == today()
    assert request.handled_by == curator


def test_request_list_shows_only_the_scope(
    client: Client, curator: User, other_team_curator: User, mother: Person
) -> None:
    register_subject_request(person=mother, by=curator, kind="access", received_on=today())
    client.force_login(other_team_curator)
    page = html(client.get(reverse("people:subject_request_list") + "?show=all"))
    assert "Иванова" not in page


def test_request_list_queries_do_not_grow_with_rows(
    client: Client,
    senior: User,
    curator: User,
    family: Family,
    django_assert_max_num_queries: Any,
) -> None:
    def add(n: int) -> None:
        person = make_person(by=senior, family=family, first_name=f"Ребёнок{n}")
        register_subject_request(
            person=person, by=curator, kind="access", received_on=today() - timedelta(days=n)
        )

    add(0)
    client.force_login(curator)
    url = reverse("people:subject_request_list") + "?show=all"
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(1, 12):
        add(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert html(response).count('data-testid="subject-request"') == 12


# --- destruction deadlines -----------------------------------------------------------------


@pytest.fixture
def clock(curator: User, mother: Person) -> DestructionClock:
    withdraw_consent(
        consent=give(mother, curator, given_on=today() - timedelta(days=60)),
        by=curator,
        withdrawn_on=today() - timedelta(days=40),
    )
    return DestructionClock.objects.get(person=mother)


@pytest.mark.parametrize("who", ["head", "director"])
def test_heads_and_the_director_see_the_destruction_deadlines(
    client: Client, clock: DestructionClock, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("people:destruction_list"))
    page = html(response)
    assert response.status_code == 200
    assert "Сроки уничтожения данных" in page
    assert 'data-due="1"' in page  # forty days after the withdrawal: overdue
    assert "Иванова Анна" in page


@pytest.mark.parametrize("who", ["curator", "senior", "intake_operator", "administrator"])
def test_others_may_not_open_the_destruction_deadlines(
    client: Client, clock: DestructionClock, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("people:destruction_list")).status_code == 403


def test_another_teams_head_does_not_see_the_clock(
    client: Client, clock: DestructionClock, other_head: User
) -> None:
    client.force_login(other_head)
    page = html(client.get(reverse("people:destruction_list")))
    assert "Иванова" not in page
    assert client.get(reverse("people:clock_destroy", args=[clock.pk])).status_code == 404


def test_destruction_asks_first_then_writes_an_act(
    client: Client, head: User, curator: User, clock: DestructionClock, mother: Person
) -> None:
    client.force_login(head)
    url = reverse("people:clock_destroy", args=[clock.pk])
    page = html(client.get(url))
    assert "Вы уверены?" in page
    mother.refresh_from_db()
    assert mother.last_name == "Иванова"
    response = client.post(url)
    act = DestructionAct.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:destruction_act", args=[act.pk])
    mother.refresh_from_db()
    assert mother.last_name == "Обезличено"
    act_page = html(client.get(response["Location"]))
    assert f"№{act.number}" in act_page
    assert "Ковалёва Ирина" in act_page or head.full_name in act_page
    client.force_login(curator)
    assert client.get(response["Location"]).status_code == 404
    assert client.post(url).status_code == 403


def test_destruction_list_queries_do_not_grow_with_rows(
    client: Client,
    senior: User,
    curator: User,
    head: User,
    family: Family,
    django_assert_max_num_queries: Any,
) -> None:
    def add(n: int) -> None:
        person = make_person(
            by=senior,
            family=family,
            role="parent",
            first_name=f"Мать{n}",
            birth_date=date(1990, 1, 1),
        )
        withdraw_consent(consent=give(person, curator), by=curator)

    add(0)
    client.force_login(head)
    url = reverse("people:destruction_list")
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(1, 8):
        add(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert html(response).count('data-testid="clock"') == 8


def test_subject_request_model_keeps_history(curator: User, mother: Person) -> None:
    request = register_subject_request(
        person=mother, by=curator, kind="access", received_on=today()
    )
    answer_subject_request(request=request, by=curator, answer="Готово")
    assert SubjectRequest.history.filter(id=request.pk).count() == 2  # type: ignore[attr-defined]


def test_the_destruction_clock_shows_on_the_case_the_person_and_the_destruction_list(
    client: Client, curator: User, head: User, case: Case, mother: Person
) -> None:
    withdraw_consent(consent=give(mother, curator), by=curator, withdrawn_on=today())
    due = f"{(today() + timedelta(days=30)):%d.%m.%Y}"
    client.force_login(curator)
    case_page = html(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert f"уничтожить до {due}" in case_page
    privacy_page = html(client.get(reverse("people:person_privacy", args=[mother.pk])))
    assert f"уничтожены до {due}" in privacy_page
    client.force_login(head)
    listing = html(client.get(reverse("people:destruction_list")))
    assert mother.full_name in listing
    assert due in listing
