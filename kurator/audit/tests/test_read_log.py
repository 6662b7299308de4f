"""The read log: one row per record shown, one per list page, nothing for what was not shown."""

from __future__ import annotations

import threading
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from kurator import access
from kurator.accounts.models import User
from kurator.audit import context as audit_context
from kurator.audit.models import ReadLogEntry
from kurator.audit.services import simulated_request
from kurator.audit.tests.helpers import as_user, reads
from kurator.cases.models import Case
from kurator.core.testing import make_person
from kurator.documents.services.folder import upload_document
from kurator.documents.tests.files import upload
from kurator.people.models import Family

Scope = ReadLogEntry.Scope
Kind = ReadLogEntry.Kind


def _case_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def test_reading_a_case_page_writes_one_row_with_the_own_case_scope(
    client: Client, curator: User, case: Case
) -> None:
    response = as_user(client, curator).get(_case_url(case), HTTP_USER_AGENT="Firefox/128.0")
    assert response.status_code == 200
    [row] = reads()
    assert (row.user, row.organisation_id) == (curator, curator.organisation_id)
    assert (row.kind, row.object_id, row.family_id) == (Kind.CASE, case.pk, case.family_id)
    assert row.scope == Scope.OWN_CASE
    assert (row.path, row.method, row.api) == (_case_url(case), "GET", False)
    assert row.ip_address == "127.0.0.1"
    assert row.user_agent == "Firefox/128.0"


@pytest.mark.parametrize(
    ("who", "scope"),
    [
        ("head", Scope.TEAM),
        ("senior", Scope.TEAM),
        ("psychologist", Scope.FIRST_VISIT),
        ("director", Scope.ORGANISATION),
        ("quality_officer", Scope.ORGANISATION),
    ],
)
def test_the_scope_says_why_the_reader_may_see_the_case(
    client: Client, request: pytest.FixtureRequest, case: Case, who: str, scope: str
) -> None:
    user = request.getfixturevalue(who)
    assert as_user(client, user).get(_case_url(case)).status_code == 200
    [row] = reads()
    assert (row.user, row.scope) == (user, scope)


def test_every_view_is_a_row_nothing_is_deduplicated(
    client: Client, curator: User, case: Case
) -> None:
    as_user(client, curator)
    for _ in range(3):
        client.get(_case_url(case))
    assert len(reads()) == 3


def test_api_detail_writes_a_row_marked_api(curator: User, case: Case) -> None:
    api = APIClient()
    api.force_authenticate(curator)
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    [row] = reads()
    assert (row.kind, row.object_id, row.api, row.scope) == (
        Kind.CASE,
        case.pk,
        True,
        Scope.OWN_CASE,
    )


def test_a_list_page_writes_one_list_row_not_one_per_record(
    client: Client, head: User, case: Case, senior: User, curator: User, psychologist: User
) -> None:
    response = as_user(client, head).get(reverse("cases:case_list") + "?status=open")
    assert response.status_code == 200
    [row] = reads()
    assert (row.kind, row.object_id, row.family_id) == (Kind.LIST, None, None)
    assert row.path == reverse("cases:case_list") + "?status=open"
    assert row.scope == Scope.TEAM


def test_an_api_list_writes_one_list_row(head: User, case: Case, family: Family) -> None:
    api = APIClient()
    api.force_authenticate(head)
    assert api.get("/api/v1/families/").status_code == 200
    [row] = reads()
    assert (row.kind, row.api) == (Kind.LIST, True)


def test_a_record_out_of_scope_is_a_404_and_writes_nothing(
    client: Client, colleague: User, outsider: User, case: Case
) -> None:
    assert as_user(client, colleague).get(_case_url(case)).status_code == 404
    assert as_user(client, outsider).get(_case_url(case)).status_code == 404
    assert reads() == []


def test_a_refused_action_on_a_record_in_scope_writes_nothing(
    client: Client, psychologist: User, case: Case
) -> None:
    # In scope (first visit) but her role may not hand the case over: 403, nothing shown.
    response = as_user(client, psychologist).get(reverse("cases:transfer", args=[case.pk]))
    assert response.status_code == 403
    assert reads() == []


def test_anonymous_and_pages_without_personal_data_write_nothing(
    client: Client, curator: User
) -> None:
    assert client.get(reverse("cases:case_list")).status_code == 302
    as_user(client, curator)
    assert client.get(reverse("password_change")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert reads() == []


def test_a_user_without_data_permissions_writes_no_list_row(
    client: Client, administrator: User
) -> None:
    assert as_user(client, administrator).get(reverse("tasks:mine")).status_code == 200
    assert reads() == []


def test_the_signal_page_is_logged_with_the_signals_family(
    client: Client, senior: User, case: Case
) -> None:
    assert case.signal is not None
    url = reverse("intake:signal_detail", args=[case.signal_id])
    assert as_user(client, senior).get(url).status_code == 200
    [row] = reads()
    assert (row.kind, row.object_id, row.family_id, row.scope) == (
        Kind.SIGNAL,
        case.signal_id,
        case.family_id,
        Scope.TEAM,
    )


def test_a_person_read_names_her_family(
    client: Client, senior: User, curator: User, case: Case, family: Family
) -> None:
    person = make_person(by=senior, family=family)
    url = reverse("people:person_detail", args=[person.pk])
    assert as_user(client, curator).get(url).status_code == 200
    rows = [r for r in reads() if r.kind == Kind.PERSON]
    assert [(r.object_id, r.family_id, r.scope) for r in rows] == [
        (person.pk, family.pk, Scope.CASE_WORK)
    ]


def test_a_document_download_is_logged_under_its_case(
    client: Client, curator: User, head: User, case: Case
) -> None:
    document = upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    response = as_user(client, head).get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    [row] = reads()
    assert (row.kind, row.object_id, row.family_id, row.scope) == (
        Kind.DOCUMENT,
        document.pk,
        case.family_id,
        Scope.TEAM,
    )


def test_reading_a_case_page_adds_one_insert_whatever_it_shows(
    client: Client, curator: User, case: Case
) -> None:
    as_user(client, curator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_case_url(case)).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([q for q in sql if q.startswith('INSERT INTO "audit_readlogentry"')]) == 1


def test_the_case_page_stays_query_bounded_with_the_log(
    client: Client, curator: User, case: Case, django_assert_max_num_queries: Any
) -> None:
    as_user(client, curator).get(_case_url(case))  # warm the session
    # The page's own queries (with the consent coverage of the family's members), plus the
    # log's INSERT and the «Кто смотрел» card's SELECT.
    with django_assert_max_num_queries(40):
        assert client.get(_case_url(case)).status_code == 200


def test_access_outside_a_request_logs_nothing(curator: User, case: Case) -> None:
    assert access.get_case(curator, case.pk) == case
    assert reads() == []


def test_the_request_context_is_cleared_after_the_response(
    client: Client, curator: User, case: Case
) -> None:
    as_user(client, curator).get(_case_url(case))
    assert audit_context.current() is None


def test_each_thread_sees_only_its_own_request(curator: User, case: Case) -> None:
    seen: list[object] = []
    ready = threading.Event()

    def other_thread() -> None:
        ready.wait(5)
        seen.append(audit_context.current())

    worker = threading.Thread(target=other_thread)
    worker.start()
    with simulated_request(path="/cases/", user=curator):
        ready.set()
        worker.join(5)
    assert seen == [None]


def test_a_failed_log_write_fails_the_response_rather_than_show_unlogged_data(
    client: Client, curator: User, case: Case
) -> None:
    client.raise_request_exception = False
    as_user(client, curator)
    with mock.patch.object(ReadLogEntry.objects, "bulk_create", side_effect=RuntimeError):
        response = client.get(_case_url(case))
    assert response.status_code == 500


def test_simulated_request_logs_like_a_page_view(curator: User, case: Case) -> None:
    with simulated_request(path=_case_url(case), user=curator, ip_address="10.0.0.5"):
        access.get_case(curator, case.pk)
    [row] = reads()
    assert (row.kind, row.object_id, row.ip_address) == (Kind.CASE, case.pk, "10.0.0.5")


def test_a_bad_client_address_is_stored_as_none(curator: User, case: Case) -> None:
    with simulated_request(path=_case_url(case), user=curator, ip_address="not-an-ip"):
        access.get_case(curator, case.pk)
    assert reads()[0].ip_address is None


def test_log_rows_are_append_only(curator: User, case: Case) -> None:
    with simulated_request(path=_case_url(case), user=curator):
        access.get_case(curator, case.pk)
    [row] = reads()
    row.path = "/elsewhere/"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
