"""«История изменений» of the reports app's records: a norm entry corrected and deleted, an
appeal answered, a shelter exit recorded — who, when, from what to what; open to whoever sees
the record (a deleted entry: whoever still sees its specialist), 404 to anyone else; bounded
queries."""

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
from kurator.reports import history
from kurator.reports.models import ShelterExit, StaffNormEntry
from kurator.reports.services.records import (
    answer_appeal,
    correct_norm_entry,
    delete_norm_entry,
    record_shelter_exit,
)
from kurator.reports.tests.test_records_views import TODAY, _appeal, _entry

Kind = StaffNormEntry.Kind
pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _exit(by: User, *, n: int = 0) -> ShelterExit:
    return record_shelter_exit(
        shelter=f"СРЦН «Родник» №{n}",
        left_on=date(TODAY().year, 1, 1) + timedelta(days=n),
        destination=ShelterExit.Destination.BIRTH_FAMILY,
        by=by,
    )


def _correct(entry: StaffNormEntry, by: User, amount: str, reason: str = "") -> None:
    correct_norm_entry(
        entry=entry,
        kind=entry.kind,
        started_on=entry.started_on,
        amount=Decimal(amount),
        note=entry.note,
        reason=reason,
        by=by,
    )


# --- staff norm entries ------------------------------------------------------------------------


def test_correcting_a_norm_entry_shows_the_old_and_new_amount_and_who_changed_it(
    head: User, curator: User
) -> None:
    entry = _entry(curator)  # 4 hours, entered by the curator herself
    edit = reverse("reports:norm_entry_edit", args=[entry.pk])
    response = _client(head).post(
        edit,
        {
            "kind": Kind.TRAINING,
            "started_on": entry.started_on.strftime("%d.%m.%Y"),
            "amount": "8",
            "note": "Курс",
            "reason": "Курс шёл два дня",
        },
    )
    assert response.status_code == 302
    client = _client(curator)
    url = reverse("reports:norm_entry_history", args=[entry.pk])
    assert f'href="{url}"' in client.get(reverse("reports:staff_norms")).content.decode()
    assert f'hx-get="{url}"' in client.get(edit).content.decode()
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html
    assert "Часов / дней" in html and "4.0" in html and "8.0" in html
    assert head.short_name in html and curator.short_name in html
    assert "Причина: Курс шёл два дня" in html
    page = client.get(url).content.decode()
    assert "<html" in page and "Нормы специалистов за" in page


def test_a_deleted_norm_entry_keeps_its_history_for_whoever_saw_it(
    head: User,
    curator: User,
    director: User,
    senior: User,
    colleague: User,
    other_team_curator: User,
    outsider: User,
) -> None:
    entry = _entry(curator)
    pk = entry.pk
    delete = reverse("reports:norm_entry_delete", args=[pk])
    assert _client(head).post(delete, {"reason": "Внесено дважды"}).status_code == 302
    assert not StaffNormEntry.objects.filter(pk=pk).exists()
    url = reverse("reports:norm_entry_history", args=[pk])
    # The team head finds it under the year's entries, with who deleted it and why.
    norms = _client(head).get(reverse("reports:staff_norms")).content.decode()
    assert 'data-testid="deleted-entries"' in norms and f'href="{url}"' in norms
    assert "Внесено дважды" in norms
    for reader in (head, curator, director, senior):
        response = _client(reader).get(url)
        assert response.status_code == 200, reader.username
        html = response.content.decode()
        assert "удалён(а)" in html and "создан(а)" in html
        assert head.short_name in html and "Причина: Внесено дважды" in html
    # The colleague never saw the curator's norms; nor did another team or organisation.
    for stranger in (colleague, other_team_curator, outsider):
        assert _client(stranger).get(url).status_code == 404, stranger.username
        body = _client(stranger).get(reverse("reports:staff_norms")).content.decode()
        assert f'href="{url}"' not in body


def test_deleting_without_a_reason_still_deletes(curator: User) -> None:
    entry = _entry(curator)
    assert _client(curator).post(reverse("reports:norm_entry_delete", args=[entry.pk])).status_code
    assert not StaffNormEntry.objects.filter(pk=entry.pk).exists()
    [deletion] = StaffNormEntry.history.filter(id=entry.pk, history_type="-")
    assert (deletion.history_user, deletion.history_change_reason) == (curator, None)


def test_a_too_long_reason_is_a_form_error_and_deletes_nothing(curator: User) -> None:
    entry = _entry(curator)
    response = _client(curator).post(
        reverse("reports:norm_entry_delete", args=[entry.pk]), {"reason": "x" * 101}
    )
    assert response.status_code == 200
    assert "Не длиннее 100 символов." in response.context["form"].errors["reason"]
    assert StaffNormEntry.objects.filter(pk=entry.pk).exists()


def test_the_services_name_who_acted_also_outside_a_request(head: User, curator: User) -> None:
    """The API authenticates in the view, after simple_history's middleware has looked at
    the request: the services name the user themselves (so do the demo and scripts)."""
    api = APIClient()
    api.force_authenticate(head)
    created = api.post(
        reverse("api-norm-entry-list"),
        {"specialist": curator.pk, "kind": Kind.LEAVE, "started_on": f"{TODAY().year}-02-01"}
        | {"amount": "3"},
        format="json",
    )
    assert created.status_code == 201
    detail = reverse("api-norm-entry-detail", args=[created.json()["id"]])
    assert api.patch(detail, {"amount": "5"}, format="json").status_code == 200
    assert api.delete(detail).status_code == 204
    versions = StaffNormEntry.history.filter(id=created.json()["id"]).order_by("history_id")
    assert [(v.history_type, v.history_user, v.amount) for v in versions] == [
        ("+", head, Decimal(3)),
        ("~", head, Decimal(5)),
        ("-", head, Decimal(5)),
    ]
    appeal = _appeal(head)
    answer_appeal(appeal=appeal, answered_on=TODAY(), answer="Ответили", by=curator)
    exit_ = _exit(head)
    assert [v.history_user for v in appeal.history.order_by("history_id")] == [head, curator]
    assert [v.history_user for v in exit_.history.all()] == [head]


# --- appeals and shelter exits -----------------------------------------------------------------


def test_answering_an_appeal_appears_in_its_history(head: User, director: User) -> None:
    appeal = _appeal(head, days_ago=3)
    answered = _client(director).post(
        reverse("reports:appeal_answer", args=[appeal.pk]),
        {"answered_on": TODAY().strftime("%d.%m.%Y"), "answer": "Перезвонили, извинились"},
    )
    assert answered.status_code == 302
    client = _client(head)
    url = reverse("reports:appeal_history", args=[appeal.pk])
    page = client.get(reverse("reports:appeal", args=[appeal.pk])).content.decode()
    assert f'hx-get="{url}"' in page
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Жалоба от {appeal.received_on:%d.%m.%Y}" in html
    assert "создан(а)" in html and "изменён(а)" in html
    assert "Дан ответ" in html and timezone.localdate().strftime("%d.%m.%Y") in html
    assert "Перезвонили, извинились" in html
    assert director.short_name in html and head.short_name in html


def test_a_shelter_exit_history_is_linked_from_its_row(head: User, director: User) -> None:
    exit_ = _exit(head)
    url = reverse("reports:shelter_exit_history", args=[exit_.pk])
    listed = _client(director).get(reverse("reports:shelter_exits")).content.decode()
    assert f'href="{url}"' in listed
    response = _client(director).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Выбытие из «СРЦН «Родник» №0» 01.01." in html and "создан(а)" in html
    assert head.short_name in html


# --- out of scope ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["colleague", "other_team_curator", "outsider", "administrator"])
def test_a_norm_entry_history_is_a_404_out_of_scope(
    request: pytest.FixtureRequest, curator: User, who: str
) -> None:
    entry = _entry(curator)
    _correct(entry, curator, "6")
    url = reverse("reports:norm_entry_history", args=[entry.pk])
    assert _client(request.getfixturevalue(who)).get(url).status_code == 404


@pytest.mark.parametrize("who", ["curator", "other_team_curator", "outsider", "administrator"])
def test_appeal_and_shelter_exit_histories_are_a_404_out_of_scope(
    request: pytest.FixtureRequest, head: User, who: str
) -> None:
    appeal = _appeal(head)
    answer_appeal(appeal=appeal, answered_on=TODAY(), answer="Ответили", by=head)
    exit_ = _exit(head)
    client = _client(request.getfixturevalue(who))
    assert client.get(reverse("reports:appeal_history", args=[appeal.pk])).status_code == 404
    assert client.get(reverse("reports:shelter_exit_history", args=[exit_.pk])).status_code == 404


def test_a_live_entry_is_not_read_through_its_history_by_a_stranger_after_others_deletions(
    curator: User, other_team_curator: User, head: User
) -> None:
    """Only a deleted entry is looked up in the versions: an existing one out of scope stays a
    404 even though versions of it exist."""
    entry = _entry(other_team_curator)
    _correct(entry, other_team_curator, "5")
    url = reverse("reports:norm_entry_history", args=[entry.pk])
    for user in (curator, head):
        assert _client(user).get(url).status_code == 404
    assert _client(head).get(reverse("reports:norm_entry_history", args=[10**9])).status_code == (
        404
    )


# --- bounded queries ---------------------------------------------------------------------------


def test_the_history_pages_queries_are_bounded(
    head: User, curator: User, django_assert_max_num_queries: Any
) -> None:
    entry = _entry(curator)
    appeal = _appeal(head)
    exit_ = _exit(head)
    client = _client(head)
    urls = [
        reverse("reports:norm_entry_history", args=[entry.pk]),
        reverse("reports:appeal_history", args=[appeal.pk]),
        reverse("reports:shelter_exit_history", args=[exit_.pk]),
    ]
    counts = []
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(14) as first:
            assert client.get(url).status_code == 200
        counts.append(len(first.captured_queries))
    for n in range(6):
        _correct(entry, head if n % 2 else curator, str(5 + n), reason=f"Правка {n}")
    answer_appeal(appeal=appeal, answered_on=TODAY(), answer="Ответили", by=head)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_a_deleted_entrys_history_and_the_norms_page_stay_bounded(
    head: User, curator: User, colleague: User, django_assert_max_num_queries: Any
) -> None:
    """More deleted entries: the same queries for a deleted entry's history and the norms
    page that lists them."""
    client = _client(head)
    first_entry = _entry(curator)
    delete_norm_entry(entry=first_entry, by=head)
    url = reverse("reports:norm_entry_history", args=[first_entry.pk])
    client.get(url)
    with django_assert_max_num_queries(14) as first:
        assert client.get(url).status_code == 200
    client.get(reverse("reports:staff_norms"))
    with django_assert_max_num_queries(13) as norms:
        client.get(reverse("reports:staff_norms"))
    for person in (curator, colleague, head):
        for kind in (Kind.TRAINING, Kind.LEAVE):
            delete_norm_entry(entry=_entry(person, by=head, kind=kind), by=head)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(norms.captured_queries)):
        client.get(reverse("reports:staff_norms"))


def test_the_entry_label_names_kind_day_and_amount(curator: User) -> None:
    entry = _entry(curator)
    assert history.norm_entry_label(entry) == (
        f"обучение, повышение квалификации 15.01.{TODAY().year}, 4"
    )
    supervision = _entry(curator, kind=Kind.SUPERVISION)
    assert history.norm_entry_label(supervision) == f"супервизия 15.01.{TODAY().year}"
    _correct(entry, curator, "1.5")
    version = entry.history.first()
    assert history.norm_entry_label(version).endswith(", 1,5")
