"""HTML pages of the case lifecycle: confirmation before risky actions, who may do what (404
out of scope, 403 without the permission), Russian messages for bad input, bounded queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case, EmergencyStep, OneOffHelp
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family
from kurator.meetings.services.register import register_family
from kurator.people.models import Family

ALL_CRITERIA = dict.fromkeys(CLOSURE_CRITERIA, True)
QueryBound = Callable[[int], Any]


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def close_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reason": "goals_met",
        "criteria": list(CLOSURE_CRITERIA),
        "consilium_decision": "Закрыть.",
        "post_support_frequency_days": "30",
    }
    return data | overrides


def to_post_support(case: Case, by: User) -> None:
    lifecycle.close_case(
        case=case,
        by=by,
        reason="goals_met",
        criteria=ALL_CRITERIA,
        post_support=True,
        post_support_frequency_days=30,
    )


@pytest.fixture
def emergency_case(senior: User, curator: User, psychologist: User) -> Case:
    return open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Петровы"),
        scenario=Case.Scenario.EMERGENCY,
    )


# --- the block on the case page ------------------------------------------------------------


def test_case_page_offers_closing_to_the_curator(client: Client, case: Case, curator: User) -> None:
    page = signed_in(client, curator).get(reverse("cases:case_detail", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="close-case"' in html
    assert reverse("cases:close", args=[case.pk]) in html
    assert 'data-testid="folder-summary"' in html
    assert "Заявление семьи" in html or "заявление семьи" in html  # a missing document


def test_case_page_offers_no_actions_to_a_reader(
    client: Client, case: Case, director: User
) -> None:
    html = signed_in(client, director).get(reverse("cases:case_detail", args=[case.pk]))
    assert 'data-testid="close-case"' not in html.content.decode()


def test_case_page_in_post_support_offers_contact_end_and_reopen(
    client: Client, case: Case, curator: User
) -> None:
    to_post_support(case, curator)
    html = signed_in(client, curator).get(reverse("cases:case_detail", args=[case.pk]))
    text = html.content.decode()
    for testid in ("post-support-contact", "post-support-end", "reopen-case"):
        assert f'data-testid="{testid}"' in text
    assert 'data-testid="close-case"' not in text


def test_case_page_of_a_reopened_case_links_both_ways(
    client: Client, case: Case, curator: User
) -> None:
    to_post_support(case, curator)
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    signed_in(client, curator)
    old_page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="reopened-as"' in old_page
    assert 'data-testid="reopen-case"' not in old_page
    new_page = client.get(reverse("cases:case_detail", args=[new.pk])).content.decode()
    assert 'data-testid="reopened-from"' in new_page
    assert "Случай закрыт" in new_page  # the old case's history is on the new case's page


def test_case_page_shows_pending_emergency_steps_with_approval_for_the_head(
    client: Client, emergency_case: Case, curator: User, head: User
) -> None:
    lifecycle.record_emergency_step(
        case=emergency_case, by=curator, description="Вывезли детей", taken_at=timezone.now()
    )
    url = reverse("cases:case_detail", args=[emergency_case.pk])
    curator_page = signed_in(client, curator).get(url).content.decode()
    assert 'data-testid="emergency-pending"' in curator_page
    assert 'data-testid="approve-step"' not in curator_page
    head_page = signed_in(client, head).get(url).content.decode()
    assert 'data-testid="approve-step"' in head_page


def test_case_page_with_the_lifecycle_block_has_bounded_queries(
    client: Client,
    emergency_case: Case,
    curator: User,
    django_assert_max_num_queries: QueryBound,
) -> None:
    for _ in range(3):
        lifecycle.record_emergency_step(
            case=emergency_case, by=curator, description="Шаг", taken_at=timezone.now()
        )
    signed_in(client, curator)
    # The consent card's coverage (four queries) included.
    with django_assert_max_num_queries(41):
        page = client.get(reverse("cases:case_detail", args=[emergency_case.pk]))
    assert page.status_code == 200


# --- closure -------------------------------------------------------------------------------


def test_close_page_asks_are_you_sure_and_changes_nothing(
    client: Client, case: Case, curator: User, django_assert_max_num_queries: QueryBound
) -> None:
    signed_in(client, curator)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("cases:close", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Вы уверены" in html
    assert "Нет, вернуться" in html
    assert "Да, закрыть случай" in html
    for label in CLOSURE_CRITERIA.values():
        assert str(label) in html
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_posting_the_close_form_closes_to_post_support(
    client: Client, case: Case, curator: User, senior: User
) -> None:
    response = signed_in(client, curator).post(
        reverse("cases:close", args=[case.pk]),
        close_form(post_support="on", consilium_participants=[curator.pk, senior.pk]),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    case.refresh_from_db()
    assert case.status == Case.Status.POST_SUPPORT
    assert case.closure.post_support_frequency_days == 30
    assert set(case.closure.consilium_participants.all()) == {curator, senior}


def test_goals_met_without_every_criterion_shows_the_missing_one(
    client: Client, case: Case, curator: User
) -> None:
    response = signed_in(client, curator).post(
        reverse("cases:close", args=[case.pk]), close_form(criteria=["removal_risk_minimal"])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Для закрытия с достижением целей нужны все критерии" in html
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_post_support_without_frequency_is_a_form_error(
    client: Client, case: Case, curator: User
) -> None:
    response = signed_in(client, curator).post(
        reverse("cases:close", args=[case.pk]),
        close_form(post_support="on", post_support_frequency_days=""),
    )
    assert response.status_code == 200
    assert "Укажите, как часто связываться с семьёй" in response.content.decode()


def test_a_family_on_the_register_is_refused_on_the_close_page_with_the_reason(
    client: Client, case: Case, curator: User, django_assert_max_num_queries: QueryBound
) -> None:
    register_family(case=case, registered_on=timezone.localdate(), by=curator)
    signed_in(client, curator)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("cases:close", args=[case.pk]))
    assert 'data-testid="close-refusal"' in page.content.decode()
    response = client.post(reverse("cases:close", args=[case.pk]), close_form())
    assert response.status_code == 200
    html = response.content.decode()
    assert "постановления КДНиЗП о снятии семьи с учёта" in html
    assert "«Внести постановление КДНиЗП»" in html
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_second_close_post_says_already_closed(client: Client, case: Case, curator: User) -> None:
    signed_in(client, curator)
    url = reverse("cases:close", args=[case.pk])
    assert client.post(url, close_form()).status_code == 302
    again = client.post(url, close_form())
    assert again.status_code == 200
    assert "Случай уже закрыт." in again.content.decode()


def test_close_page_of_a_closed_case_goes_back_to_the_case(
    client: Client, case: Case, curator: User
) -> None:
    to_post_support(case, curator)
    response = signed_in(client, curator).get(reverse("cases:close", args=[case.pk]))
    assert response.status_code == 302


# --- who may act ---------------------------------------------------------------------------

ACTION_URLS = [
    ("cases:close", "open"),
    ("cases:post_support_contact", "post_support"),
    ("cases:post_support_end", "post_support"),
    ("cases:reopen", "post_support"),
    ("cases:emergency_step_create", "open"),
]


def _case_in(status: str, case: Case, curator: User) -> Case:
    if status == "post_support":
        to_post_support(case, curator)
    return case


@pytest.mark.parametrize(("url_name", "status"), ACTION_URLS)
def test_other_team_and_other_organisation_get_404(
    client: Client,
    case: Case,
    curator: User,
    other_team_curator: User,
    outsider: User,
    url_name: str,
    status: str,
) -> None:
    url = reverse(url_name, args=[_case_in(status, case, curator).pk])
    for stranger in (other_team_curator, outsider):
        assert signed_in(client, stranger).get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize(("url_name", "status"), ACTION_URLS)
def test_role_without_write_permission_gets_403(
    client: Client, case: Case, curator: User, director: User, url_name: str, status: str
) -> None:
    url = reverse(url_name, args=[_case_in(status, case, curator).pk])
    assert signed_in(client, director).get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize(("url_name", "status"), ACTION_URLS)
def test_anonymous_is_sent_to_login(
    client: Client, case: Case, curator: User, url_name: str, status: str
) -> None:
    response = client.get(reverse(url_name, args=[_case_in(status, case, curator).pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- post-support --------------------------------------------------------------------------


def test_post_support_contact_page_and_form(
    client: Client, case: Case, curator: User, django_assert_max_num_queries: QueryBound
) -> None:
    to_post_support(case, curator)
    signed_in(client, curator)
    url = reverse("cases:post_support_contact", args=[case.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "contact_date": timezone.localdate().isoformat(),
            "summary": "Всё хорошо.",
            "situation_worsened": "on",
        },
    )
    assert response.status_code == 302
    contact = case.post_support_contacts.get()
    assert contact.situation_worsened
    assert contact.next_contact_due == timezone.localdate() + timedelta(days=30)


def test_post_support_contact_in_the_future_is_refused(
    client: Client, case: Case, curator: User
) -> None:
    to_post_support(case, curator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in(client, curator).post(
        reverse("cases:post_support_contact", args=[case.pk]),
        {"contact_date": tomorrow.isoformat(), "summary": "Звонок"},
    )
    assert response.status_code == 200
    assert "Дата не может быть в будущем." in response.content.decode()


def test_end_post_support_asks_then_closes(client: Client, case: Case, curator: User) -> None:
    to_post_support(case, curator)
    signed_in(client, curator)
    url = reverse("cases:post_support_end", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Вы уверены" in page
    assert "Да, завершить постсопровождение" in page
    assert "Нет, вернуться" in page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Потребность отпала"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


# --- reopening -----------------------------------------------------------------------------


def test_reopen_asks_then_opens_a_new_case(client: Client, case: Case, curator: User) -> None:
    to_post_support(case, curator)
    signed_in(client, curator)
    url = reverse("cases:reopen", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Вы уверены" in page
    assert "Да, открыть новый случай" in page
    assert 'name="curator"' not in page  # a curator keeps the case herself
    response = client.post(url, {"reason": "Отец снова пьёт"})
    new = Case.objects.get(previous_case=case)
    assert response["Location"] == reverse("cases:case_detail", args=[new.pk])


def test_reopening_twice_by_double_click_makes_one_case(
    client: Client, case: Case, curator: User
) -> None:
    to_post_support(case, curator)
    signed_in(client, curator)
    url = reverse("cases:reopen", args=[case.pk])
    client.post(url, {"reason": "Ухудшение"})
    again = client.post(url, {"reason": "Ухудшение"})
    assert again.status_code == 200
    assert "уже открыт заново" in again.content.decode()
    assert Case.objects.filter(previous_case=case).count() == 1


def test_senior_may_choose_the_curator_of_the_new_case(
    client: Client, case: Case, curator: User, colleague: User, senior: User
) -> None:
    to_post_support(case, curator)
    signed_in(client, senior)
    url = reverse("cases:reopen", args=[case.pk])
    assert 'name="curator"' in client.get(url).content.decode()
    client.post(url, {"reason": "Ухудшение", "curator": colleague.pk})
    assert Case.objects.get(previous_case=case).curator == colleague


def test_reopen_page_of_an_open_case_goes_back(client: Client, case: Case, curator: User) -> None:
    response = signed_in(client, curator).get(reverse("cases:reopen", args=[case.pk]))
    assert response.status_code == 302


def test_reopen_post_of_an_open_case_shows_the_error(
    client: Client, case: Case, curator: User
) -> None:
    response = signed_in(client, curator).post(
        reverse("cases:reopen", args=[case.pk]), {"reason": "Ухудшение"}
    )
    assert response.status_code == 200
    assert "открывать его заново не нужно" in response.content.decode()


# --- one-off help --------------------------------------------------------------------------


def test_one_off_help_is_recorded_from_the_family(
    client: Client, family: Family, curator: User, django_assert_max_num_queries: QueryBound
) -> None:
    signed_in(client, curator)
    create = reverse("cases:one_off_help_create", args=[family.pk])
    assert client.get(create).status_code == 200
    response = client.post(
        create, {"given_on": timezone.localdate().isoformat(), "description": "Продукты"}
    )
    assert response["Location"] == reverse("cases:one_off_help_list", args=[family.pk])
    with django_assert_max_num_queries(12):
        page = client.get(response["Location"])
    assert "Продукты" in page.content.decode()


def test_one_off_help_without_description_is_a_form_error(
    client: Client, family: Family, curator: User
) -> None:
    response = signed_in(client, curator).post(
        reverse("cases:one_off_help_create", args=[family.pk]),
        {"given_on": timezone.localdate().isoformat(), "description": ""},
    )
    assert response.status_code == 200
    assert not OneOffHelp.objects.exists()


def test_one_off_help_pages_are_404_for_other_teams_and_organisations(
    client: Client, family: Family, other_team_curator: User, outsider: User
) -> None:
    for stranger in (other_team_curator, outsider):
        signed_in(client, stranger)
        assert client.get(reverse("cases:one_off_help_list", args=[family.pk])).status_code == 404
        url = reverse("cases:one_off_help_create", args=[family.pk])
        assert client.get(url).status_code == 404


def test_intake_operator_sees_the_family_but_may_not_record_help(
    client: Client, family: Family, intake_operator: User
) -> None:
    url = reverse("cases:one_off_help_create", args=[family.pk])
    assert signed_in(client, intake_operator).get(url).status_code == 403


def test_one_off_help_converts_into_a_case_by_the_senior(
    client: Client, family: Family, curator: User, senior: User
) -> None:
    help_ = lifecycle.record_one_off_help(
        family=family, by=curator, given_on=timezone.localdate(), description="Дрова"
    )
    url = reverse("cases:one_off_help_convert", args=[family.pk, help_.pk])
    assert signed_in(client, curator).get(url).status_code == 403
    signed_in(client, senior)
    page = client.get(url).content.decode()
    assert "Вы уверены" in page
    response = client.post(
        url, {"curator": curator.pk, "scenario": "planned", "target_group": "family"}
    )
    help_.refresh_from_db()
    assert help_.converted_to is not None
    assert response["Location"] == reverse("cases:case_detail", args=[help_.converted_to.pk])
    again = client.get(url)
    assert again.status_code == 302  # already converted: back to the list


def test_converting_help_of_another_family_is_404(
    client: Client, family: Family, curator: User, senior: User
) -> None:
    other = make_family(by=senior, name="Другие")
    help_ = lifecycle.record_one_off_help(
        family=other, by=curator, given_on=timezone.localdate(), description="Дрова"
    )
    url = reverse("cases:one_off_help_convert", args=[family.pk, help_.pk])
    assert signed_in(client, senior).get(url).status_code == 404


# --- emergency steps -----------------------------------------------------------------------


def test_emergency_step_form_records_a_flagged_step(
    client: Client, emergency_case: Case, curator: User
) -> None:
    signed_in(client, curator)
    url = reverse("cases:emergency_step_create", args=[emergency_case.pk])
    assert client.get(url).status_code == 200
    taken = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        url, {"description": "Вызвали скорую", "taken_at": taken.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    assert emergency_case.emergency_steps.get().description == "Вызвали скорую"


def test_emergency_step_page_of_a_planned_case_goes_back(
    client: Client, case: Case, curator: User
) -> None:
    url = reverse("cases:emergency_step_create", args=[case.pk])
    assert signed_in(client, curator).get(url).status_code == 302


def test_head_approves_after_confirmation_and_twice_is_an_error(
    client: Client, emergency_case: Case, curator: User, head: User
) -> None:
    step = lifecycle.record_emergency_step(
        case=emergency_case, by=curator, description="Шаг", taken_at=timezone.now()
    )
    url = reverse("cases:emergency_step_approve", args=[emergency_case.pk, step.pk])
    assert signed_in(client, curator).get(url).status_code == 403
    signed_in(client, head)
    page = client.get(url).content.decode()
    assert "Да, согласовать" in page
    assert client.post(url).status_code == 302
    step.refresh_from_db()
    assert step.approved_by == head
    client.post(url)
    messages = [
        str(m)
        for m in client.get(reverse("cases:case_detail", args=[emergency_case.pk])).context[
            "messages"
        ]
    ]
    assert "Этот экстренный шаг уже согласован." in messages
    assert EmergencyStep.objects.get(pk=step.pk).approved_by == head


def test_approving_a_step_of_another_case_is_404(
    client: Client, emergency_case: Case, case: Case, curator: User, head: User
) -> None:
    step = lifecycle.record_emergency_step(
        case=emergency_case, by=curator, description="Шаг", taken_at=timezone.now()
    )
    url = reverse("cases:emergency_step_approve", args=[case.pk, step.pk])
    assert signed_in(client, head).get(url).status_code == 404
