"""Generated papers in the API and the pages: templates listed, generate → 201 with the folder
document, 400 for an unknown code or a child under 14, 404 out of scope, downloads read-logged,
the signal's first-visit instruction, the «Шаблоны документов» page."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.audit.models import ReadLogEntry
from kurator.audit.tests.helpers import as_user
from kurator.cases.models import Case
from kurator.cases.tests.factories import make_signal, open_case_for
from kurator.core.testing import fresh_token
from kurator.documents.models import CaseDocument
from kurator.documents.tests.factories import Household, household
from kurator.documents.tests.files import upload
from kurator.intake import services as intake
from kurator.people.models import Family


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token=fresh_token(user))
    return client


@pytest.fixture
def home(senior: User, family: Family) -> Household:
    return household(by=senior, family=family)


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, home: Household) -> Case:
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


def generate(user: User, case: Case, **body: object) -> object:
    return api(user).post(f"/api/v1/cases/{case.pk}/documents/generate/", body, format="json")


def test_templates_are_listed_with_placeholders(curator: User) -> None:
    response = api(curator).get("/api/v1/document-templates/")
    assert response.status_code == 200
    codes = {t["code"]: t for t in response.data}
    assert set(codes) >= {
        "application",
        "contract",
        "consent_representative",
        "consent_minor",
        "family_card",
        "visit_instruction",
    }
    assert codes["visit_instruction"]["scope"] == "signal"
    names = {p["name"] for p in codes["application"]["placeholders"]}
    assert "person|genitive" in names


def test_generate_is_201_with_the_folder_document(
    case: Case, curator: User, home: Household
) -> None:
    response = generate(curator, case, template="contract", person=home.mother.pk)
    assert response.status_code == 201, response.data  # type: ignore[attr-defined]
    data = response.data  # type: ignore[attr-defined]
    assert data["template"] == "contract"
    assert data["status"] == "generated"
    assert data["number"] == f"1/{timezone.localdate().year}"
    assert data["download_url"] == reverse("api-document-download", args=[data["id"]])
    assert data["pdf_url"] == reverse("api-document-pdf", args=[data["id"]])
    download = api(curator).get(data["download_url"])
    assert download.status_code == 200
    text = "\n".join(
        p.text
        for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs  # type: ignore[attr-defined]
    )
    assert "с Ивановой Ольгой Петровной" in text
    assert ReadLogEntry.objects.filter(user=curator, object_id=data["id"]).exists()


def test_unknown_template_is_400(case: Case, curator: User, home: Household) -> None:
    response = generate(curator, case, template="passport")
    assert response.status_code == 400
    assert "template" in response.data  # type: ignore[attr-defined]


def test_a_minors_consent_for_a_child_under_14_is_400_naming_the_age_rule(
    case: Case, curator: User, home: Household
) -> None:
    response = generate(curator, case, template="consent_minor", person=home.son.pk)
    assert response.status_code == 400
    assert "от 14 до 18 лет" in response.data["person"][0]  # type: ignore[attr-defined]
    filed = CaseDocument.objects.filter(case=case).exclude(template_code="")
    assert not filed.exclude(template_code="visit_report").exists()


def test_out_of_scope_is_404(case: Case, other_team_curator: User, home: Household) -> None:
    assert generate(other_team_curator, case, template="application").status_code == 404


def test_sign_through_the_api(case: Case, curator: User, home: Household) -> None:
    data = generate(curator, case, template="application").data  # type: ignore[attr-defined]
    response = api(curator).post(
        f"/api/v1/documents/{data['id']}/sign/",
        {"file": upload("скан.pdf"), "signed_on": timezone.localdate().isoformat()},
        format="multipart",
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "signed"


def test_the_signals_visit_instruction(
    senior: User, curator: User, psychologist: User, family: Family
) -> None:
    signal = make_signal(by=senior, family=family)
    client = api(senior)
    url = f"/api/v1/signals/{signal.pk}/documents/generate/"
    refused = client.post(url, {"template": "visit_instruction"}, format="json")
    assert refused.status_code == 400  # no team named yet
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    response = client.post(url, {"template": "visit_instruction"}, format="json")
    assert response.status_code == 201, response.data
    download = client.get(response.data["download_url"])
    assert download.status_code == 200
    text = "\n".join(
        p.text
        for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs  # type: ignore[attr-defined]
    )
    assert "Будущий куратор случая: Белова Ольга" in text
    assert signal.visit_due is not None
    assert signal.visit_due.strftime("%d.%m.%Y") in text
    assert client.post(url, {"template": "application"}, format="json").status_code == 400


def test_the_folder_page_generates_and_signs(
    client: Client, case: Case, curator: User, home: Household
) -> None:
    as_user(client, curator)
    page = client.get(reverse("documents:generate", args=[case.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("documents:generate", args=[case.pk]),
        {"template": "consent_minor", "person": home.son.pk},
    )
    assert response.status_code == 200
    assert "от 14 до 18 лет" in response.content.decode()
    response = client.post(
        reverse("documents:generate", args=[case.pk]), {"template": "application", "person": ""}
    )
    assert response.status_code == 302
    paper = CaseDocument.objects.get(case=case, template_code="application")
    folder = client.get(reverse("documents:folder", args=[case.pk])).content.decode()
    assert "сформирован, ждёт подписи" in folder
    signed = client.post(
        reverse("documents:sign", args=[paper.pk]),
        {"signed_on": timezone.localdate().isoformat(), "file": upload("скан.pdf")},
    )
    assert signed.status_code == 302
    assert "подписан" in client.get(reverse("documents:folder", args=[case.pk])).content.decode()


def test_the_templates_page_lists_placeholders_and_downloads_the_default(
    client: Client, curator: User
) -> None:
    as_user(client, curator)
    page = client.get(reverse("documents:templates")).content.decode()
    assert "Ивановой Ольги Петровны" in page  # an example value
    assert "{{ person|genitive }}" in page
    default = client.get(reverse("documents:template_default", args=["contract"]))
    assert default.status_code == 200
    assert b"".join(default.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
