"""The person's data export: a ZIP with ``person.json`` and the documents' files, for the team
head and the programme director only, within what they may see."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts import clock, two_factor
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.documents.services import upload_document
from kurator.documents.tests.files import PDF_BYTES, upload
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.services.consents import record_consent
from kurator.privacy.services.export import JSON_NAME, export_person_data
from kurator.privacy.services.subject_requests import register_subject_request


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
        birth_date=date(1988, 2, 1),
    )


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, mother: Person) -> Case:
    # An emergency case opens on the family as it is: the tests record its consents.
    return open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=family,
        scenario=Case.Scenario.EMERGENCY,
        consents=False,
    )


def _export(person: Person, by: User) -> tuple[dict[str, Any], zipfile.ZipFile]:
    out = io.BytesIO()
    export_person_data(person=person, by=by, out=out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    return json.loads(archive.read(JSON_NAME)), archive


def test_the_zip_holds_the_card_consents_requests_cases_and_files(
    head: User, curator: User, mother: Person, case: Case
) -> None:
    paper = upload_document(
        case=case,
        by=curator,
        document_type="consent_parent",
        title="Согласие",
        file=upload("согл.pdf"),
    )
    record_consent(
        person=mother,
        by=curator,
        purpose="case_work",
        scope="ФИО и адрес",
        given_on=timezone.localdate() - timedelta(days=1),
        document=paper,
    )
    register_subject_request(
        person=mother, by=curator, kind="access", received_on=timezone.localdate()
    )
    data, archive = _export(mother, head)
    assert data["person"]["id"] == mother.pk
    assert data["person"]["first_name"] == "Анна"
    assert data["person"]["birth_date"] == "1988-02-01"
    assert data["memberships"] == [
        {
            "family": case.family_id,
            "family_name": "Ивановы",
            "role": "parent",
            "role_display": "родитель",
        }
    ]
    assert data["consents"][0]["scope"] == "ФИО и адрес"
    assert data["consents"][0]["document"] == paper.pk
    assert data["subject_requests"][0]["kind"] == "access"
    (exported_case,) = data["cases"]
    assert exported_case["id"] == case.pk
    assert "case.opened" in [e["kind"] for e in exported_case["timeline"]]
    assert any(e["text"].startswith("Открыт случай") for e in exported_case["timeline"])
    # The first-visit report filed when the case opened, and the signed consent.
    documents = {d["id"]: d for d in exported_case["documents"]}
    assert len(documents) == 2
    document = documents[paper.pk]
    assert archive.read(document["file"]) == PDF_BYTES
    assert document["file"].startswith(f"documents/{paper.pk}-")
    (report,) = [d for d in documents.values() if d["id"] != paper.pk]
    assert archive.read(report["file"]).startswith(b"PK")  # the report's DOCX


def test_a_missing_file_is_said_in_the_json(
    head: User, curator: User, mother: Person, case: Case
) -> None:
    document = upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    document.file.storage.delete(document.file.name)
    data, archive = _export(mother, head)
    (exported,) = [d for d in data["cases"][0]["documents"] if d["id"] == document.pk]
    assert exported["file"] is None
    assert not [name for name in archive.namelist() if name.startswith(f"documents/{document.pk}-")]


def test_a_curator_may_not_export(curator: User, mother: Person) -> None:
    with pytest.raises(PermissionDenied):
        export_person_data(person=mother, by=curator, out=io.BytesIO())


def test_another_teams_head_may_not_export(mother: Person, org: Any, other_team: Any) -> None:
    from kurator.accounts.roles import RoleCode
    from kurator.core.testing import make_user

    other_head = make_user(RoleCode.TEAM_HEAD, organisation=org, team=other_team)
    with pytest.raises(PermissionDenied):
        export_person_data(person=mother, by=other_head, out=io.BytesIO())


def _reauthenticated(client: Client, *, seconds_ago: float = 0) -> None:
    """As if the user had typed her password again ``seconds_ago``."""
    session = client.session
    session[two_factor.REAUTH_AT] = clock.now() - seconds_ago
    session[two_factor.REAUTH_FACTOR] = two_factor.PASSWORD
    session.save()


def test_the_export_asks_for_the_second_factor_again(
    client: Client, director: User, mother: Person
) -> None:
    client.force_login(director)
    _reauthenticated(client, seconds_ago=3600)  # signed in an hour ago
    url = reverse("people:person_export", args=[mother.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:identity_confirm"))


def test_the_director_exports_through_the_page(
    client: Client, director: User, mother: Person, case: Case
) -> None:
    client.force_login(director)
    _reauthenticated(client)
    url = reverse("people:person_export", args=[mother.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Скачать ZIP" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"person-{mother.pk}-" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert json.loads(archive.read(JSON_NAME))["person"]["id"] == mother.pk


def test_the_export_page_is_403_for_a_curator_and_404_for_outsiders(
    client: Client, curator: User, outsider: User, other_team_curator: User, mother: Person
) -> None:
    url = reverse("people:person_export", args=[mother.pk])
    client.force_login(curator)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    for user in (outsider, other_team_curator):
        client.force_login(user)
        assert client.post(url).status_code == 404
