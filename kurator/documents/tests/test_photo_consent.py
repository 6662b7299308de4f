"""A photo or video goes into the case folder only with the consent of the person it shows to
photo and video (152-FZ: an image is personal data) — in the service, so the folder's form and
the API obey it alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import give_consents, make_family, make_person
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, DocumentType
from kurator.documents.services.folder import upload_document
from kurator.documents.tests.files import JPG_BYTES, upload
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.services.consents import record_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(senior: User, curator: User, psychologist: User) -> Case:
    """A planned case of a family that consented to case work only."""
    family = make_family(by=senior, name="Фотовы")
    make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Фотова",
        first_name="Ирина",
        birth_date=date(1989, 1, 9),
    )
    give_consents(by=senior, family=family, purposes=["case_work"])
    return open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=family, consents=False
    )


@pytest.fixture
def child(case: Case, senior: User) -> Person:
    return make_person(
        by=senior,
        family=case.family,
        last_name="Фотова",
        first_name="Лиза",
        birth_date=date(2017, 6, 1),
    )


def _mother(case: Case) -> Person:
    return case.family.memberships.get(role=FamilyRole.PARENT).person


def photo_consent(child: Person, case: Case) -> None:
    record_consent(
        person=child,
        by=case.curator,
        purposes=["photo"],
        scope="Фотографии с занятий — в папку случая",
        given_on=timezone.localdate(),
        signed_by=_mother(case),
    )


def _photo(case: Case, person: Person | None) -> CaseDocument:
    return upload_document(
        case=case,
        by=case.curator,
        document_type=DocumentType.PHOTO,
        title="Лиза на занятии",
        file=upload("лиза.jpg", JPG_BYTES),
        person=person,
    )


def test_a_photo_of_a_child_without_the_photo_consent_is_refused(case: Case, child: Person) -> None:
    with pytest.raises(DocumentError) as error:
        _photo(case, child)
    assert error.value.field == "consent"
    assert "Фотова Лиза" in error.value.message
    assert "фото- и видеосъёмка" in error.value.message
    assert not CaseDocument.objects.filter(document_type=DocumentType.PHOTO).exists()
    photo_consent(child, case)
    document = _photo(case, child)
    assert document.person == child


def test_a_photo_names_a_member_of_the_family(
    case: Case, child: Person, senior: User, family: Family
) -> None:
    with pytest.raises(DocumentError) as error:
        _photo(case, None)
    assert error.value.field == "person"
    stranger = make_person(by=senior, family=family, last_name="Чужова", first_name="Анна")
    give_consents(by=senior, family=family, purposes=["photo"])
    with pytest.raises(DocumentError) as error:
        _photo(case, stranger)
    assert error.value.field == "person"
    assert not CaseDocument.objects.filter(document_type=DocumentType.PHOTO).exists()


def test_the_api_answers_400_with_the_consent(case: Case, child: Person) -> None:
    api = APIClient()
    api.force_authenticate(case.curator)
    url = f"/api/v1/cases/{case.pk}/documents/"
    body = {
        "document_type": "photo",
        "title": "Лиза на занятии",
        "person": child.pk,
        "file": upload("лиза.jpg", JPG_BYTES),
    }
    response = api.post(url, body, format="multipart")
    assert response.status_code == 400
    assert "Фотова Лиза" in response.json()["consent"][0]
    photo_consent(child, case)
    body["file"] = upload("лиза.jpg", JPG_BYTES)
    response = api.post(url, body, format="multipart")
    assert response.status_code == 201, response.json()


def test_the_folder_form_says_whose_consent_is_missing(
    client: Client, case: Case, child: Person
) -> None:
    client.force_login(case.curator)
    url = reverse("documents:upload", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Кто на фото или видео" in page
    response = client.post(
        url,
        {"document_type": "photo", "person": child.pk, "file": upload("лиза.jpg", JPG_BYTES)},
    )
    assert response.status_code == 200
    assert "Фотова Лиза" in response.content.decode()
    assert "фото и видео не загружаются" in response.content.decode()
    assert not CaseDocument.objects.filter(document_type=DocumentType.PHOTO).exists()
