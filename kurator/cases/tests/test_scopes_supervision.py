"""Sharing a case for supervision and attaching co-workers: the services' rules, the pages,
and what a supervisor sees — «Семья И.», «Мария И., 7 лет», no surname anywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.errors import CaseError
from kurator.cases.masking import SurnameMask, person_label, surname_stem
from kurator.cases.models import Case, CaseMember, CaseSupervisionShare, TimelineEvent
from kurator.cases.services import lifecycle
from kurator.cases.services.supervision import (
    add_case_member,
    remove_case_member,
    revoke_supervision_share,
    share_case_for_supervision,
)
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person, make_user
from kurator.documents.services.folder import upload_document
from kurator.documents.tests.files import upload
from kurator.people.models import Family, FamilyRole


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=30)


@pytest.fixture
def supervisor(org: Organisation) -> User:
    return make_user(
        RoleCode.SUPERVISOR,
        organisation=org,
        username="supervisor",
        last_name="Орлова",
        first_name="Вера",
    )


@pytest.fixture
def specialist(org: Organisation, team: Team) -> User:
    return make_user(RoleCode.SPECIALIST, organisation=org, team=team, username="specialist")


@pytest.fixture
def shared_case(
    senior: User, curator: User, psychologist: User, supervisor: User
) -> tuple[Case, CaseSupervisionShare]:
    family = make_family(by=senior, name="Ивановы")
    make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Иванова",
        first_name="Ольга",
        birth_date=_years_ago(34),
    )
    make_person(
        by=senior, family=family, last_name="Иванова", first_name="Мария", birth_date=_years_ago(7)
    )
    case = open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=family,
        scenario=Case.Scenario.EMERGENCY,
    )
    lifecycle.record_emergency_step(
        case=case,
        by=curator,
        description="Отвезли Иванову Марию к врачу; Ивановым купили дрова",
        taken_at=timezone.now(),
    )
    upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    return case, share


def _html(response: Any) -> str:
    return str(response.content.decode())


# --- the mask --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surname", "stem"),
    [
        ("Ивановы", "иванов"),
        ("Иванова", "иванов"),
        ("Иванов", "иванов"),
        ("Петровская", "петровск"),
        ("Петровский", "петровск"),
        ("Ёлкина", "елкин"),
        ("Ким", "ким"),
    ],
)
def test_a_surname_is_matched_by_its_stem(surname: str, stem: str) -> None:
    assert surname_stem(surname) == stem


def test_every_declined_form_is_masked_and_nothing_else() -> None:
    mask = SurnameMask.of(["Ивановы", "Петровская-Ким"])
    text = "Ивановой Марии помогли, Ивановым купили дрова; Иван Петровский и Ким пришли. Дом 5"
    assert mask.text(text) == "И. Марии помогли, И. купили дрова; Иван П. и К. пришли. Дом 5"
    assert mask.data({"a": ["Иванова", 3, {"b": "семья Ивановых"}], "n": None}) == {
        "a": ["И.", 3, {"b": "семья И."}],
        "n": None,
    }


def test_a_person_and_a_family_as_a_supervisor_sees_them(senior: User) -> None:
    family = make_family(by=senior, name="Ивановы")
    child = make_person(by=senior, family=family, first_name="Мария", birth_date=_years_ago(7))
    baby = make_person(by=senior, family=family, first_name="Ира", birth_date=_years_ago(0))
    unknown = make_person(by=senior, family=family, first_name="Лев", birth_date=None)
    assert SurnameMask.of([]).family(family) == "Семья И."
    assert person_label(child) == "Мария И., 7 лет"
    assert person_label(baby) == "Ира И., до года"
    assert person_label(unknown) == "Лев И."


# --- sharing ---------------------------------------------------------------------------------


def test_the_curator_shares_and_the_history_says_so(
    case: Case, curator: User, supervisor: User
) -> None:
    until = timezone.localdate() + timedelta(days=30)
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator, until=until)
    assert (share.shared_by, share.until, share.revoked_at) == (curator, until, None)
    event = TimelineEvent.objects.get(kind="case.supervision_shared")
    assert event.case == case
    assert event.data["supervisor_id"] == supervisor.pk


def test_the_team_head_may_share_but_not_the_psychologist_or_the_senior_curator(
    case: Case, head: User, psychologist: User, senior: User, supervisor: User
) -> None:
    for who in (psychologist, senior):
        with pytest.raises(CaseError, match="куратор случая или руководитель команды"):
            share_case_for_supervision(case=case, supervisor=supervisor, by=who)
    share_case_for_supervision(case=case, supervisor=supervisor, by=head)


def test_only_a_supervisor_of_the_organisation_can_be_shared_with(
    case: Case, curator: User, colleague: User, outsider: User
) -> None:
    with pytest.raises(CaseError, match="нет роли супервизора"):
        share_case_for_supervision(case=case, supervisor=colleague, by=curator)
    foreign = make_user(RoleCode.SUPERVISOR, organisation=outsider.organisation)  # type: ignore[arg-type]
    with pytest.raises(CaseError, match="Супервизор не найден"):
        share_case_for_supervision(case=case, supervisor=foreign, by=curator)


def test_a_live_share_is_not_doubled_and_a_past_date_is_refused(
    case: Case, curator: User, supervisor: User
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(CaseError, match="уже прошла"):
        share_case_for_supervision(case=case, supervisor=supervisor, by=curator, until=yesterday)
    share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    with pytest.raises(CaseError, match="уже открыт"):
        share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    assert CaseSupervisionShare.objects.count() == 1


def test_a_run_out_share_is_closed_and_a_new_one_opened(
    case: Case, curator: User, supervisor: User
) -> None:
    old = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    CaseSupervisionShare.objects.filter(pk=old.pk).update(
        until=timezone.localdate() - timedelta(days=1)
    )
    new = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.pk != old.pk


def test_revoking_twice_is_refused_and_only_the_sharers_may_revoke(
    case: Case, curator: User, psychologist: User, supervisor: User
) -> None:
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    with pytest.raises(CaseError):
        revoke_supervision_share(share=share, by=psychologist)
    revoke_supervision_share(share=share, by=curator)
    with pytest.raises(CaseError, match="уже закрыт"):
        revoke_supervision_share(share=share, by=curator)
    assert TimelineEvent.objects.filter(kind="case.supervision_revoked").count() == 1


# --- co-workers ------------------------------------------------------------------------------


def test_co_workers_are_team_specialists_other_than_the_curator(
    case: Case,
    curator: User,
    colleague: User,
    specialist: User,
    other_team_curator: User,
    intake_operator: User,
    psychologist: User,
) -> None:
    with pytest.raises(CaseError, match="куратор случая"):
        add_case_member(case=case, member=colleague, by=psychologist)
    with pytest.raises(CaseError, match="из команды"):
        add_case_member(case=case, member=other_team_curator, by=curator)
    with pytest.raises(CaseError, match="куратор, психолог или специалист"):
        add_case_member(case=case, member=intake_operator, by=curator)
    with pytest.raises(CaseError, match="Это куратор"):
        add_case_member(case=case, member=curator, by=curator)
    membership = add_case_member(case=case, member=specialist, by=curator)
    with pytest.raises(CaseError, match="уже работает"):
        add_case_member(case=case, member=specialist, by=curator)
    remove_case_member(membership=membership, by=curator)
    with pytest.raises(CaseError, match="уже исключён"):
        remove_case_member(membership=membership, by=curator)
    assert [e.kind for e in TimelineEvent.objects.filter(kind__startswith="case.member")] == [
        "case.member_removed",
        "case.member_added",
    ]


def test_the_senior_curator_and_team_head_attach_co_workers(
    case: Case, senior: User, head: User, specialist: User, colleague: User
) -> None:
    add_case_member(case=case, member=specialist, by=senior)
    add_case_member(case=case, member=colleague, by=head)
    assert CaseMember.objects.filter(removed_at__isnull=True).count() == 2


# --- the pages -------------------------------------------------------------------------------


def test_the_curator_shares_from_the_case_page(
    client: Client, case: Case, curator: User, supervisor: User
) -> None:
    client.force_login(curator)
    page = _html(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert reverse("cases:supervision", args=[case.pk]) in page
    url = reverse("cases:supervision", args=[case.pk])
    response = client.post(url, {"supervisor": supervisor.pk, "until": ""}, follow=True)
    assert "Случай открыт супервизору Орлова Вера" in _html(response)
    assert CaseSupervisionShare.objects.get().supervisor == supervisor
    again = client.post(url, {"supervisor": supervisor.pk})
    assert "уже открыт этому супервизору" in _html(again)


def test_the_psychologist_may_not_open_the_sharing_page(
    client: Client, case: Case, psychologist: User
) -> None:
    client.force_login(psychologist)
    assert client.get(reverse("cases:supervision", args=[case.pk])).status_code == 403
    page = _html(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert reverse("cases:supervision", args=[case.pk]) not in page


def test_revoking_asks_first_and_then_closes_the_case_to_the_supervisor(
    client: Client,
    shared_case: tuple[Case, CaseSupervisionShare],
    curator: User,
    supervisor: User,
) -> None:
    case, share = shared_case
    url = reverse("cases:supervision_revoke", args=[case.pk, share.pk])
    client.force_login(curator)
    assert "Вы уверены?" in _html(client.get(url))
    assert CaseSupervisionShare.objects.get().revoked_at is None
    response = client.post(url, follow=True)
    assert "Доступ супервизора к случаю закрыт." in _html(response)
    assert client.get(url).status_code == 404  # a revoked share is gone from the page
    client.force_login(supervisor)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_co_workers_are_attached_and_detached_from_their_page(
    client: Client, case: Case, curator: User, specialist: User
) -> None:
    client.force_login(curator)
    url = reverse("cases:members", args=[case.pk])
    response = client.post(url, {"member": specialist.pk}, follow=True)
    assert "теперь работает над случаем" in _html(response)
    membership = CaseMember.objects.get()
    page = _html(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert 'data-testid="case-member"' in page
    remove = reverse("cases:member_remove", args=[case.pk, membership.pk])
    assert "Вы уверены?" in _html(client.get(remove))
    client.post(remove)
    membership.refresh_from_db()
    assert membership.removed_at is not None


def test_the_supervisor_sees_the_case_with_initials_only(
    client: Client,
    shared_case: tuple[Case, CaseSupervisionShare],
    supervisor: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    case, _share = shared_case
    client.force_login(supervisor)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("cases:case_detail", args=[case.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert "Семья И." in html
    assert "Мария И., 7 лет" in html
    assert "Ольга И., 34 года" in html
    assert "Отвезли И. Марию к врачу; И. купили дрова" in html
    assert "Иванов" not in html
    # Nothing else of the family: no family card, folder, documents or address.
    assert reverse("people:family_detail", args=[case.family_id]) not in html
    assert reverse("documents:folder", args=[case.pk]) not in html
    assert "Тестовая" not in html
    assert "/documents/" not in html  # the history names a document; its file stays closed


def test_the_supervisors_list_shows_the_shared_cases_masked(
    client: Client,
    shared_case: tuple[Case, CaseSupervisionShare],
    supervisor: User,
) -> None:
    case, _share = shared_case
    client.force_login(supervisor)
    cases_page = _html(client.get(reverse("cases:case_list")))
    assert 'data-testid="supervision-link"' in cases_page
    assert "Иванов" not in cases_page
    html = _html(client.get(reverse("cases:supervision_list")))
    assert "Семья И." in html
    assert reverse("cases:case_detail", args=[case.pk]) in html
    assert "Иванов" not in html


def test_the_supervisor_reaches_nothing_else_of_the_family(
    client: Client,
    shared_case: tuple[Case, CaseSupervisionShare],
    supervisor: User,
) -> None:
    case, _share = shared_case
    person = case.family.memberships.first().person  # type: ignore[union-attr]
    client.force_login(supervisor)
    for url in (
        reverse("people:family_detail", args=[case.family_id]),
        reverse("people:person_detail", args=[person.pk]),
        reverse("intake:signal_detail", args=[case.signal_id]),
        reverse("documents:folder", args=[case.pk]),
        reverse("cases:one_off_help_list", args=[case.family_id]),
        reverse("api-case-documents", args=[case.pk]),
        reverse("api-case-folder", args=[case.pk]),
        reverse("api-case-emergency-steps", args=[case.pk]),
        reverse("api-family", args=[case.family_id]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("api-cases")).json() == []


def test_the_api_masks_the_case_and_its_history_for_the_supervisor(
    client: Client,
    shared_case: tuple[Case, CaseSupervisionShare],
    supervisor: User,
    curator: User,
    intake_operator: User,
) -> None:
    case, _share = shared_case
    # A signal linked to the family later puts the family's name into an event's data.
    from kurator.cases.tests.factories import make_signal
    from kurator.intake.services import link_signal_family

    signal = make_signal(by=intake_operator)
    link_signal_family(signal=signal, family=case.family, by=intake_operator)
    client.force_login(supervisor)
    detail = client.get(reverse("api-case-detail", args=[case.pk])).json()
    assert detail["family_name"] == "Семья И."
    timeline = client.get(reverse("api-case-timeline", args=[case.pk])).json()
    linked = next(e for e in timeline if e["kind"] == "signal.family_linked")
    assert linked["data"]["family"] == "И."
    assert linked["text"] == "Сигнал связан с семьёй И."
    assert "Иванов" not in repr(timeline) + repr(detail)
    client.force_login(curator)
    timeline = client.get(reverse("api-case-timeline", args=[case.pk])).json()
    linked = next(e for e in timeline if e["kind"] == "signal.family_linked")
    assert linked["data"]["family"] == "Ивановы"
    assert isinstance(case.family, Family)
