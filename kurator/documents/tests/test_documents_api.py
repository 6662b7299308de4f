"""The case folder in the API: upload (multipart) and list, the folder's state, download
with an access check, cancelling; 400 with field errors, 404 out of scope, 403 without rights."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.core.testing import fresh_token
from kurator.documents.models import REQUIRED_DOCUMENT_TYPES, CaseDocument
from kurator.documents.services.folder import ALLOWED_TYPES
from kurator.documents.tests.files import PDF_BYTES, upload


def api(user: User | None = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user, token=fresh_token(user))
    return client


def post_document(client: APIClient, case: Case, **data: object) -> object:
    body: dict[str, object] = {"document_type": "contract", "file": upload()} | data
    return client.post(f"/api/v1/cases/{case.pk}/documents/", body, format="multipart")


def test_upload_is_201_and_listed(case: Case, curator: User) -> None:
    client = api(curator)
    response = post_document(client, case, title="Договор")
    assert response.status_code == 201, response.data  # type: ignore[attr-defined]
    data = response.data  # type: ignore[attr-defined]
    assert data["document_type"] == "contract"
    assert data["status"] == "active"
    assert data["size"] == len(PDF_BYTES)
    assert data["download_url"] == reverse("api-document-download", args=[data["id"]])
    listed = client.get(f"/api/v1/cases/{case.pk}/documents/")
    assert data["id"] in [d["id"] for d in listed.data]


def test_bad_upload_is_400_on_its_field(case: Case, curator: User) -> None:
    client = api(curator)
    wrong = post_document(client, case, file=upload("x.exe", b"MZ" + b"\x00" * 10))
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "file" in wrong.data  # type: ignore[attr-defined]
    unknown = post_document(client, case, document_type="passport")
    assert unknown.status_code == 400  # type: ignore[attr-defined]
    assert "document_type" in unknown.data  # type: ignore[attr-defined]
    missing = client.post(
        f"/api/v1/cases/{case.pk}/documents/", {"document_type": "contract"}, format="multipart"
    )
    assert missing.status_code == 400
    assert "file" in missing.data
    replaces = post_document(client, case, replaces=999999)
    assert replaces.status_code == 400  # type: ignore[attr-defined]
    assert "replaces" in replaces.data  # type: ignore[attr-defined]
    assert not CaseDocument.objects.exclude(template_code="visit_report").exists()


def test_upload_is_404_out_of_scope_and_403_without_rights(
    case: Case, other_team_curator: User, outsider: User, director: User
) -> None:
    for stranger in (other_team_curator, outsider):
        assert post_document(api(stranger), case).status_code == 404  # type: ignore[attr-defined]
        assert api(stranger).get(f"/api/v1/cases/{case.pk}/documents/").status_code == 404
    assert post_document(api(director), case).status_code == 403  # type: ignore[attr-defined]


def test_folder_state_says_what_is_missing(case: Case, curator: User) -> None:
    client = api(curator)
    post_document(client, case, document_type="application")
    folder = client.get(f"/api/v1/cases/{case.pk}/folder/")
    assert folder.status_code == 200
    assert folder.data["complete"] is False
    # The first-visit report was filed when the case opened from its signal.
    assert [m["document_type"] for m in folder.data["missing"]] == [
        c for c in REQUIRED_DOCUMENT_TYPES if c not in {"application", "first_visit_report"}
    ]
    assert folder.data["folder_due"] == case.folder_due
    for code in REQUIRED_DOCUMENT_TYPES:
        post_document(client, case, document_type=code)
    assert client.get(f"/api/v1/cases/{case.pk}/folder/").data["complete"] is True


def test_download_checks_access(case: Case, curator: User, colleague: User, outsider: User) -> None:
    document_id = post_document(api(curator), case).data["id"]  # type: ignore[attr-defined]
    url = f"/api/v1/documents/{document_id}/download/"
    response = api(curator).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    for stranger in (colleague, outsider):
        assert api(stranger).get(url).status_code == 404
        assert api(stranger).get(f"/api/v1/documents/{document_id}/").status_code == 404
    assert api().get(url).status_code in (401, 403)


def test_reopened_case_lists_the_earlier_documents(case: Case, curator: User) -> None:
    post_document(api(curator), case)
    lifecycle.close_case(
        case=case, by=curator, reason="goals_met", criteria=dict.fromkeys(CLOSURE_CRITERIA, True)
    )
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    listed = api(curator).get(f"/api/v1/cases/{new.pk}/documents/")
    # The earlier case's documents: its uploads and the visit report filed on opening.
    assert {d["case"] for d in listed.data} == {case.pk}
    assert api(curator).get(f"/api/v1/cases/{new.pk}/folder/").data["previous_cases"] == [case.pk]


def test_cancel_is_200_then_400(case: Case, curator: User) -> None:
    document_id = post_document(api(curator), case).data["id"]  # type: ignore[attr-defined]
    url = f"/api/v1/documents/{document_id}/cancel/"
    assert api(curator).post(url, {}, format="json").status_code == 400
    response = api(curator).post(url, {"reason": "Не тот файл"}, format="json")
    assert response.status_code == 200
    assert response.data["status"] == "cancelled"
    assert api(curator).post(url, {"reason": "Ещё раз"}, format="json").status_code == 400


def test_folder_endpoints_are_in_the_openapi_schema(curator: User) -> None:
    paths = api(curator).get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/cases/{id}/documents/",
        "/api/v1/cases/{id}/folder/",
        "/api/v1/documents/{id}/",
        "/api/v1/documents/{id}/download/",
        "/api/v1/documents/{id}/cancel/",
    ):
        assert path in paths, path
    upload_schema = paths["/api/v1/cases/{id}/documents/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload_schema


def test_download_answers_with_a_content_type_of_the_schema(case: Case, curator: User) -> None:
    # Found by schemathesis: the schema promised application/octet-stream, the answer was
    # the document's own type (application/pdf …).
    document_id = post_document(api(curator), case).data["id"]  # type: ignore[attr-defined]
    response = api(curator).get(f"/api/v1/documents/{document_id}/download/")
    schema = api(curator).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/documents/{id}/download/"]["get"]
    documented = set(operation["responses"]["200"]["content"])
    assert response["Content-Type"] in documented
    assert documented == {kind.content_type for kind in ALLOWED_TYPES.values()}
