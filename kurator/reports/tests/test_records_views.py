"""The staff norms page, complaints and suggestions, shelter exits: pages and JSON API per
role, bad input, the double answer, bounded queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person, make_user
from kurator.reports.errors import ReportError
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry
from kurator.reports.services.records import (
    answer_appeal,
    record_appeal,
    record_norm_entry,
    record_shelter_exit,
)

Kind = StaffNormEntry.Kind
TODAY = timezone.localdate


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _entry(specialist: User, *, by: User | None = None, kind: str = Kind.TRAINING) -> Any:
    return record_norm_entry(
        specialist=specialist,
        kind=kind,
        started_on=date(TODAY().year, 1, 15),
        amount=Decimal(4),
        note="Курс",
        by=by or specialist,
    )


def _appeal(by: User, *, days_ago: int = 5, text: str = "Долго ждали ответа") -> Appeal:
    return record_appeal(
        kind=Appeal.Kind.COMPLAINT,
        received_on=TODAY() - timedelta(days=days_ago),
        author="Иванова",
        text=text,
        by=by,
    )


# --- staff norms -------------------------------------------------------------------------------


def test_the_norms_page_shows_a_specialist_her_own_row_and_shortfalls(curator: User) -> None:
    _entry(curator)
    response = _client(curator).get(reverse("reports:staff_norms"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-testid="norms-row-{curator.pk}"' in body
    assert "4 / 10" in body and "table-danger" in body
    assert f'data-testid="add-entry-{curator.pk}"' in body


def test_the_team_head_sees_her_team_and_may_add_for_each(
    head: User, curator: User, colleague: User, other_team_curator: User
) -> None:
    body = _client(head).get(reverse("reports:staff_norms")).content.decode()
    for person in (curator, colleague, head):
        assert f'data-testid="add-entry-{person.pk}"' in body
    assert f"norms-row-{other_team_curator.pk}" not in body


def test_the_team_head_adds_an_entry_for_a_team_member(head: User, curator: User) -> None:
    response = _client(head).post(
        reverse("reports:norm_entry_create", args=[curator.pk]),
        {"kind": Kind.SUPERVISION, "started_on": f"10.02.{TODAY().year}", "amount": ""},
    )
    assert response.status_code == 302
    entry = StaffNormEntry.objects.get()
    assert (entry.specialist, entry.recorded_by, entry.amount) == (curator, head, Decimal(1))


def test_the_team_head_cannot_reach_another_teams_specialist(
    head: User, other_team_curator: User
) -> None:
    url = reverse("reports:norm_entry_create", args=[other_team_curator.pk])
    assert _client(head).get(url).status_code == 404


def test_a_specialist_cannot_add_for_a_colleague(curator: User, colleague: User) -> None:
    url = reverse("reports:norm_entry_create", args=[colleague.pk])
    assert _client(curator).post(url, {"kind": Kind.TRAINING}).status_code == 404
    assert not StaffNormEntry.objects.exists()


def test_the_director_sees_entries_but_cannot_add_them(
    director: User, curator: User, administrator: User
) -> None:
    entry = _entry(curator)
    client = _client(director)
    body = client.get(reverse("reports:staff_norms")).content.decode()
    assert f"norms-row-{curator.pk}" in body
    # Staff of no team keep no norms here (nobody could enter them).
    assert f"norms-row-{administrator.pk}" not in body and f"norms-row-{director.pk}" not in body
    assert client.get(reverse("reports:norm_entry_create", args=[curator.pk])).status_code == 403
    assert client.post(reverse("reports:norm_entry_delete", args=[entry.pk])).status_code == 403
    assert StaffNormEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": Kind.TRAINING, "started_on": "01.02.2026"}, "amount", "Укажите часы"),
        ({"kind": Kind.LEAVE, "started_on": "01.02.2026", "amount": "120"}, "amount", "90 дней"),
        ({"kind": Kind.LEAVE, "started_on": "31.02.2026", "amount": "3"}, "started_on", "дд.мм"),
        ({"kind": Kind.LEAVE, "started_on": "01.01.2099", "amount": "3"}, "started_on", "31.12."),
        ({"kind": "holiday", "started_on": "01.02.2026", "amount": "3"}, "kind", "Выберите"),
    ],
)
def test_bad_norm_input_is_a_russian_form_error(
    curator: User, data: dict[str, str], field: str, message: str
) -> None:
    response = _client(curator).post(reverse("reports:norm_entry_create", args=[curator.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not StaffNormEntry.objects.exists()


def test_correct_and_delete_through_the_pages(curator: User) -> None:
    entry = _entry(curator)
    client = _client(curator)
    edit = reverse("reports:norm_entry_edit", args=[entry.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"kind": Kind.TRAINING, "started_on": f"16.01.{TODAY().year}", "amount": "8"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount == Decimal(8)
    delete = reverse("reports:norm_entry_delete", args=[entry.pk])
    assert "Да, удалить запись" in client.get(delete).content.decode()
    assert StaffNormEntry.objects.filter(pk=entry.pk).exists()  # GET only asks
    assert client.post(delete).status_code == 302
    assert not StaffNormEntry.objects.filter(pk=entry.pk).exists()


def test_the_norms_page_queries_do_not_grow_with_specialists(
    head: User,
    curator: User,
    colleague: User,
    psychologist: User,
    django_assert_max_num_queries: Any,
) -> None:
    client = _client(head)
    _entry(curator, by=head)
    client.get(reverse("reports:staff_norms"))
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("reports:staff_norms"))
    for person in (colleague, psychologist, head):
        _entry(person, by=head)
        _entry(person, by=head, kind=Kind.LEAVE)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("reports:staff_norms"))


def test_norms_api_summary_and_entries(head: User, curator: User) -> None:
    api = _api(head)
    created = api.post(
        reverse("api-norm-entry-list"),
        {
            "specialist": curator.pk,
            "kind": Kind.TRAINING,
            "started_on": f"{TODAY().year}-03-01",
            "amount": "12",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    summary = api.get(reverse("api-staff-norms")).json()
    mine = next(row for row in summary if row["specialist"] == curator.pk)
    assert (mine["training_hours"], mine["training_met"], mine["supervisions_met"]) == (
        "12.0",
        True,
        False,
    )
    entries = api.get(reverse("api-norm-entry-list"), {"specialist": curator.pk}).json()
    assert [e["id"] for e in entries] == [created.json()["id"]]
    detail = reverse("api-norm-entry-detail", args=[created.json()["id"]])
    assert api.patch(detail, {"amount": "11.5"}, format="json").json()["amount"] == "11.5"
    assert api.delete(detail).status_code == 204
    assert api.get(detail).status_code == 404


def test_norms_api_field_errors(curator: User, colleague: User, director: User) -> None:
    api = _api(curator)
    url = reverse("api-norm-entry-list")
    bad = api.post(
        url,
        {"specialist": curator.pk, "kind": Kind.LEAVE, "started_on": "2026-02-01", "amount": "95"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json() == {"amount": ["Отпуск — не больше 90 дней в одной записи."]}
    other = api.post(
        url,
        {"specialist": colleague.pk, "kind": Kind.TRAINING, "started_on": "2026-02-01"},
        format="json",
    )
    assert other.status_code == 400 and "specialist" in other.json()
    assert _api(director).post(url, {}, format="json").status_code == 403


# --- appeals -----------------------------------------------------------------------------------


def test_the_team_head_records_and_answers_an_appeal(head: User) -> None:
    client = _client(head)
    response = client.post(
        reverse("reports:appeal_create"),
        {
            "kind": Appeal.Kind.SUGGESTION,
            "received_on": (TODAY() - timedelta(days=4)).strftime("%d.%m.%Y"),
            "author": "Петрова А. В.",
            "text": "Сделать приём по субботам",
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.team_id, appeal.organisation_id) == (head.team_id, head.organisation_id)
    assert "ждёт 4 дн." in client.get(reverse("reports:appeal", args=[appeal.pk])).content.decode()
    answered = client.post(
        reverse("reports:appeal_answer", args=[appeal.pk]),
        {"answered_on": TODAY().strftime("%d.%m.%Y"), "answer": "Приём по субботам с декабря"},
    )
    assert answered.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.answered_by, appeal.answered_on) == (head, TODAY())


def test_a_second_answer_is_refused(head: User, director: User) -> None:
    appeal = _appeal(head)
    answer_appeal(appeal=appeal, answered_on=TODAY(), answer="Извинились", by=head)
    with pytest.raises(ReportError, match="На обращение уже дан ответ"):
        answer_appeal(appeal=appeal, answered_on=TODAY(), answer="Ещё раз", by=director)
    response = _api(director).post(
        reverse("api-appeal-answer", args=[appeal.pk]),
        {"answered_on": TODAY().isoformat(), "answer": "Ещё раз"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"answer": ["На обращение уже дан ответ."]}
    appeal.refresh_from_db()
    assert appeal.answer == "Извинились"


def test_an_answer_before_receipt_is_refused(head: User) -> None:
    appeal = _appeal(head, days_ago=2)
    response = _client(head).post(
        reverse("reports:appeal_answer", args=[appeal.pk]),
        {"answered_on": (TODAY() - timedelta(days=5)).strftime("%d.%m.%Y"), "answer": "Ответ"},
    )
    assert response.status_code == 200
    assert "раньше поступления" in " ".join(response.context["form"].errors["answered_on"])


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "complaint", "received_on": "01.01.2099", "text": "x"}, "received_on", "будущем"),
        ({"kind": "complaint", "received_on": "01.02.2026", "text": " "}, "text", "Опишите"),
        ({"kind": "praise", "received_on": "01.02.2026", "text": "x"}, "kind", "жалоба или"),
        (
            {"kind": "complaint", "received_on": "01.02.2026", "text": "x", "case_number": "999"},
            "case_number",
            "Случай не найден",
        ),
    ],
)
def test_bad_appeal_input_is_a_russian_form_error(
    head: User, data: dict[str, str], field: str, message: str
) -> None:
    response = _client(head).post(reverse("reports:appeal_create"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Appeal.objects.exists()


def test_appeals_by_role(
    head: User,
    senior: User,
    curator: User,
    director: User,
    other_team_curator: User,
    outsider: User,
) -> None:
    appeal = _appeal(head)
    detail = reverse("reports:appeal", args=[appeal.pk])
    assert _client(senior).get(detail).status_code == 200
    # The senior curator and a curator register appeals (a family's, through her curator);
    # a curator sees only those she registered herself.
    assert _client(senior).get(reverse("reports:appeal_create")).status_code == 200
    assert _client(director).get(detail).status_code == 200
    assert _client(curator).get(reverse("reports:appeals")).status_code == 200
    assert _client(curator).get(detail).status_code == 404
    assert _client(outsider).get(detail).status_code == 404
    listed = _api(outsider).get(reverse("api-appeal-list")).json()
    assert listed == []


def test_the_appeals_list_filters_and_shows_days_waiting(head: User) -> None:
    open_one = _appeal(head, days_ago=7, text="Открытая жалоба")
    done = _appeal(head, days_ago=10, text="Закрытая жалоба")
    answer_appeal(appeal=done, answered_on=TODAY() - timedelta(days=6), answer="Ответили", by=head)
    client = _client(head)
    body = client.get(reverse("reports:appeals"), {"status": "open"}).content.decode()
    assert "Открытая жалоба" in body and "Закрытая жалоба" not in body
    assert "Средний срок ответа — 4.0 дн." in body or "Средний срок ответа — 4,0 дн." in body
    api = _api(head).get(reverse("api-appeal-list"), {"status": "answered"}).json()
    assert [(a["id"], a["days"]) for a in api] == [(done.pk, 4)]
    assert open_one.pk not in [a["id"] for a in api]


def test_the_appeals_list_queries_do_not_grow(
    head: User, django_assert_max_num_queries: Any
) -> None:
    client = _client(head)
    _appeal(head)
    client.get(reverse("reports:appeals"))
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("reports:appeals"))
    for n in range(8):
        answer_appeal(appeal=_appeal(head, text=f"№{n}"), answered_on=TODAY(), answer="Да", by=head)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("reports:appeals"))


def test_appeal_api_field_errors(head: User, psychologist: User) -> None:
    url = reverse("api-appeal-list")
    bad = _api(head).post(
        url, {"kind": "complaint", "received_on": "2099-01-01", "text": "x"}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json() == {"received_on": ["Дата поступления не может быть в будущем."]}
    missing = _api(head).post(url, {"kind": "complaint"}, format="json")
    assert set(missing.json()) == {"received_on", "text"}
    assert _api(psychologist).post(url, {}, format="json").status_code == 403


# --- shelter exits -----------------------------------------------------------------------------


def test_shelter_exits_list_shows_the_share_returned_to_birth_families(
    head: User, senior: User, curator: User, psychologist: User
) -> None:
    family = make_family(by=senior, name="Соколовы")
    child = make_person(by=senior, family=family, last_name="Соколова", first_name="Дарья")
    open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    year = TODAY().year
    destinations = [ShelterExit.Destination.BIRTH_FAMILY] * 2 + [
        ShelterExit.Destination.SUBSTITUTE_FAMILY
    ]
    for n, destination in enumerate(destinations):
        record_shelter_exit(
            shelter="СРЦН «Родник»",
            left_on=date(year, 1, 10 + n),
            destination=destination,
            child=child if n == 0 else None,
            family=family if n == 0 else None,
            by=head,
        )
    record_shelter_exit(
        shelter="Приют",
        left_on=date(year - 1, 5, 1),
        destination=ShelterExit.Destination.BIRTH_FAMILY,
        by=head,
    )
    body = _client(head).get(reverse("reports:shelter_exits")).content.decode()
    assert "из 3 выбывших детей 2 возвращены в родные семьи — 67%" in body
    assert "Соколова Дарья" in body
    data = _api(head).get(
        reverse("api-shelter-exit-list"), {"start": f"{year - 1}-01-01", "end": f"{year}-12-31"}
    )
    assert (data.json()["total"], data.json()["returned_to_birth_family"]) == (4, 3)
    assert data.json()["returned_percent"] == "75"


def test_a_shelter_exit_of_a_child_out_of_scope_is_refused(
    head: User, other_team_curator: User
) -> None:
    stranger = make_person(
        by=other_team_curator,
        family=make_family(by=other_team_curator, name="Чужие"),
        last_name="Чужая",
    )
    response = _client(head).post(
        reverse("reports:shelter_exit_create"),
        {
            "shelter": "Приют",
            "left_on": TODAY().strftime("%d.%m.%Y"),
            "destination": ShelterExit.Destination.BIRTH_FAMILY,
            "child_number": str(stranger.pk),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["child_number"] == ["Ребёнок не найден."]
    api = _api(head).post(
        reverse("api-shelter-exit-list"),
        {
            "shelter": "Приют",
            "left_on": TODAY().isoformat(),
            "destination": "birth_family",
            "child": stranger.pk,
        },
        format="json",
    )
    assert (api.status_code, api.json()) == (400, {"child": ["Ребёнок не найден."]})
    assert not ShelterExit.objects.exists()


def test_a_shelter_exit_in_the_future_is_refused(head: User) -> None:
    with pytest.raises(ReportError) as error:
        record_shelter_exit(
            shelter="Приют",
            left_on=TODAY() + timedelta(days=1),
            destination=ShelterExit.Destination.OTHER,
            by=head,
        )
    assert (error.value.field, error.value.message) == (
        "left_on",
        "Дата выбытия не может быть в будущем.",
    )


def test_the_director_records_an_exit_for_a_team_and_the_team_head_sees_it(
    director: User, head: User, other_team_curator: User
) -> None:
    response = _client(director).post(
        reverse("reports:shelter_exit_create"),
        {
            "shelter": "Приют",
            "left_on": TODAY().strftime("%d.%m.%Y"),
            "destination": ShelterExit.Destination.INSTITUTION,
            "team": str(head.team_id),
        },
    )
    assert response.status_code == 302
    exit_ = ShelterExit.objects.get()
    assert exit_.team_id == head.team_id
    assert _api(head).get(reverse("api-shelter-exit-list")).json()["total"] == 1
    assert _client(other_team_curator).get(reverse("reports:shelter_exits")).status_code == 403


def test_a_double_submit_records_one_appeal_and_one_entry(head: User, curator: User) -> None:
    client = _client(head)
    appeal = {
        "kind": Appeal.Kind.COMPLAINT,
        "received_on": TODAY().strftime("%d.%m.%Y"),
        "text": "Не перезвонили",
    }
    first = client.post(reverse("reports:appeal_create"), appeal)
    second = client.post(reverse("reports:appeal_create"), appeal)
    assert first["Location"] == second["Location"]
    assert Appeal.objects.count() == 1
    entry = {"kind": Kind.TRAINING, "started_on": f"10.02.{TODAY().year}", "amount": "4"}
    url = reverse("reports:norm_entry_create", args=[curator.pk])
    client.post(url, entry)
    client.post(url, entry)
    assert StaffNormEntry.objects.count() == 1


def test_the_shelter_exits_page_queries_do_not_grow(
    head: User, django_assert_max_num_queries: Any
) -> None:
    client = _client(head)

    def exit_(n: int) -> None:
        record_shelter_exit(
            shelter=f"Приют №{n}",
            left_on=date(TODAY().year, 1, 1) + timedelta(days=n),
            destination=ShelterExit.Destination.OTHER,
            by=head,
        )

    exit_(0)
    client.get(reverse("reports:shelter_exits"))
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("reports:shelter_exits"))
    for n in range(1, 9):
        exit_(n)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("reports:shelter_exits"))
    api = _api(head)
    with django_assert_max_num_queries(6):
        assert len(api.get(reverse("api-shelter-exit-list")).json()["exits"]) == 9


def test_another_teams_entry_is_not_found_for_the_team_head(
    head: User, other_team_curator: User, colleague: User
) -> None:
    entry = _entry(other_team_curator)
    for name in ("reports:norm_entry_edit", "reports:norm_entry_delete"):
        assert _client(head).get(reverse(name, args=[entry.pk])).status_code == 404
    detail = reverse("api-norm-entry-detail", args=[entry.pk])
    assert _api(head).delete(detail).status_code == 404
    assert _api(colleague).patch(detail, {"amount": "1"}, format="json").status_code == 404
    assert StaffNormEntry.objects.filter(pk=entry.pk, amount=Decimal(4)).exists()


def test_the_quality_officer_answers_appeals_of_every_team(
    org: Any, head: User, other_team_curator: User
) -> None:
    quality = make_user(RoleCode.QUALITY_OFFICER, organisation=org, username="quality")
    appeal = _appeal(head)
    response = _api(quality).post(
        reverse("api-appeal-answer", args=[appeal.pk]),
        {"answered_on": TODAY().isoformat(), "answer": "Разобрались"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["answered_by"] == quality.pk
    assert (
        _client(other_team_curator).get(reverse("reports:appeal", args=[appeal.pk])).status_code
        == 404
    )
