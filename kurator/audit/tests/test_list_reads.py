"""A list, a search or a duplicate check writes one read-log row with the ids of the records
it showed, and never what the user typed: «who saw this person» finds her in a list too."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.audit.context import logged_path
from kurator.audit.models import ReadLogEntry
from kurator.audit.queries import reads_about_family, reads_about_person
from kurator.audit.tests.helpers import as_user, reads
from kurator.cases.models import Case
from kurator.core.testing import fresh_token, make_family, make_person
from kurator.people.models import Family, FamilyRole, Person

LOG = reverse("audit:log")
LIST = ReadLogEntry.Kind.LIST


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token=fresh_token(user))
    return client


def _inserts_into_the_log(queries: CaptureQueriesContext) -> int:
    table = ReadLogEntry._meta.db_table
    return sum(
        1 for q in queries.captured_queries if q["sql"].startswith("INSERT") and table in q["sql"]
    )


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Иванова",
        middle_name="Сергеевна",
        birth_date=None,
    )


@pytest.fixture
def children(senior: User, family: Family) -> list[Person]:
    return [
        make_person(by=senior, family=family, first_name=name) for name in ("Оля", "Коля", "Зоя")
    ]


@pytest.fixture
def stranger(senior: User) -> Person:
    """A person of another family nobody lists in these tests."""
    return make_person(
        by=senior,
        family=make_family(by=senior, name="Петровы"),
        last_name="Петров",
        first_name="Пётр",
        middle_name="Ильич",
        sex="M",
    )


# --- what a list writes --------------------------------------------------------------------------


def test_the_api_person_list_writes_one_row_with_everyone_it_showed(
    curator: User, mother: Person, children: list[Person], stranger: Person
) -> None:
    shown = _api(curator).get("/api/v1/persons/").json()
    (row,) = reads()
    assert row.kind == LIST
    assert row.object_id is None
    assert row.listed == {"person": sorted(p["id"] for p in shown)}
    assert {mother.pk, stranger.pk, *(c.pk for c in children)} <= set(row.listed["person"])


def test_a_longer_list_costs_no_more_inserts(
    curator: User, senior: User, family: Family, mother: Person
) -> None:
    api = _api(curator)
    with CaptureQueriesContext(connection) as short:
        api.get("/api/v1/persons/")
    for n in range(12):
        make_person(by=senior, family=family, first_name=f"Ребёнок{n}")
    with CaptureQueriesContext(connection) as long:
        api.get("/api/v1/persons/")
    assert _inserts_into_the_log(short) == _inserts_into_the_log(long) == 1
    assert len(reads()[-1].listed["person"]) == 13


def test_a_case_list_names_the_cases_and_their_families(
    client: Client, curator: User, case: Case, family: Family, django_assert_max_num_queries: Any
) -> None:
    as_user(client, curator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("cases:case_list")).status_code == 200
    (row,) = reads()
    assert row.listed == {"case": [case.pk], "family": [family.pk]}
    assert _api(curator).get("/api/v1/cases/").status_code == 200
    assert reads()[-1].listed == {"case": [case.pk], "family": [family.pk]}


def test_the_family_list_names_the_families_and_their_members(
    client: Client, curator: User, family: Family, mother: Person, children: list[Person]
) -> None:
    as_user(client, curator)
    assert client.get(reverse("people:family_list"), {"q": "Иванов"}).status_code == 200
    (row,) = reads()
    assert row.listed == {
        "family": [family.pk],
        "person": sorted([mother.pk, *(c.pk for c in children)]),
    }
    assert row.path == "/people/?q"


def test_the_duplicate_check_writes_the_persons_it_matched(curator: User, mother: Person) -> None:
    answer = _api(curator).get(
        "/api/v1/persons/duplicates/", {"last_name": "Иванова", "first_name": "Мария"}
    )
    assert [m["person"]["id"] for m in answer.json()] == [mother.pk]
    (row,) = reads()
    assert row.listed == {"person": [mother.pk]}
    assert row.path == "/api/v1/persons/duplicates/?last_name&first_name"


# --- never what was typed ------------------------------------------------------------------------


def test_a_search_keeps_the_parameter_but_not_the_name(curator: User, mother: Person) -> None:
    assert _api(curator).get("/api/v1/persons/", {"search": "Иванова"}).status_code == 200
    (row,) = reads()
    assert row.path == "/api/v1/persons/?search"
    assert "Иванова" not in row.path and "%D0" not in row.path


def test_the_logged_path_keeps_ids_and_codes_and_drops_typed_words() -> None:
    from django.http import QueryDict

    query = QueryDict("q=Ivanova&page=2&status=open&month=2026-11&note=%D0%B4%D0%B0&family=7")
    assert logged_path("/x/", query) == "/x/?q&page=2&status=open&month=2026-11&note&family=7"
    assert logged_path("/x/", QueryDict("")) == "/x/"


# --- who saw this person -------------------------------------------------------------------------


def test_the_quality_officer_finds_a_person_seen_only_in_a_list(
    client: Client,
    curator: User,
    colleague: User,
    quality_officer: User,
    mother: Person,
    stranger: Person,
) -> None:
    _api(curator).get("/api/v1/persons/", {"family": mother.memberships.get().family_id})
    _api(colleague).get(
        "/api/v1/persons/duplicates/", {"last_name": "Петров", "first_name": "Пётр"}
    )
    as_user(client, quality_officer)

    seen = client.get(LOG, {"person": mother.pk})
    rows = [row for row, _name in seen.context["rows"]]
    assert [(r.user, r.kind) for r in rows if r.kind == LIST] == [(curator, LIST)]
    assert 'data-testid="listed"' in seen.content.decode()

    by_name = client.get(LOG, {"q": "Петров"})
    assert [r.user for r, _name in by_name.context["rows"] if r.kind == LIST] == [colleague]


def test_the_subject_extracts_include_the_lists(
    curator: User, case: Case, family: Family, mother: Person, stranger: Person
) -> None:
    assert _api(curator).get("/api/v1/cases/").status_code == 200  # names the family only
    organisation_id = curator.organisation_id
    assert organisation_id is not None
    (listed,) = reads()
    assert list(reads_about_person(organisation_id, mother.pk)) == [listed]
    assert list(reads_about_family(organisation_id, family.pk)) == [listed]
    assert list(reads_about_person(organisation_id, stranger.pk)) == []
