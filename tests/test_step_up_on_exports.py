"""One rule for every bulk export of people's data, web and API (``kurator.accounts.stepup``):
a file of people's data — a plan or a summary as XLSX, an act or a letter as DOCX, the
indicator report, the resource network, a document of the case folder, a generated paper —
and the API's list of persons are handed out only to a user who confirmed her identity in the
last five minutes. Nine minutes after sign-in the pages send her to «Подтвердите, что это
вы» and back to the file; the API answers 403 with ``code: step_up_required`` until the
client gets a new token (or the browser session confirms again)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kurator.accounts import clock
from kurator.accounts.models import ApiToken, User
from kurator.accounts.tests.signin import enrolled_device, fresh_code, sign_in
from kurator.accounts.tokens import hash_key
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import TEST_PASSWORD, make_family, make_person
from kurator.documents.models import CaseDocument
from kurator.documents.services import upload_document
from kurator.documents.tests.files import PDF_BYTES, upload
from kurator.people.models import Family, FamilyRole, Person
from kurator.plans.tests.factories import make_plan

CONFIRM = "/accounts/confirm/"
NINE_MINUTES = 9 * 60
# The step-up comes before the record is looked up: whichever id, a stale session is sent to
# the same confirmation, so the answer tells nothing about the record.
ANY_ID = 1

EXPORTS: list[tuple[str, list[int]]] = [
    ("plans:export", [ANY_ID]),
    ("monitoring:monthly_summary_xlsx", []),
    ("network:agent_export", []),
    ("network:act_download", [ANY_ID]),
    ("network:complaint_letter", [ANY_ID]),
    ("reports:indicators_xlsx", []),
    ("reports:indicators_pdf", []),
    ("documents:download", [ANY_ID]),
    ("documents:pdf", [ANY_ID]),
    ("documents:signed_download", [ANY_ID]),
    ("documents:signal_paper_download", [ANY_ID]),
    ("documents:signal_paper_pdf", [ANY_ID]),
]


class Clock:
    """The step-up clock frozen where the test starts, then moved by ``offset`` seconds."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._start = clock.now()

    def __call__(self) -> float:
        return self._start + self.offset


@pytest.fixture
def moved_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, role=FamilyRole.PARENT, birth_date=None)


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, mother: Person) -> Case:
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


@pytest.fixture
def document(case: Case, curator: User) -> CaseDocument:
    return upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _confirmation_of(url: str) -> str:
    return f"{CONFIRM}?{urlencode({'next': url})}"


# --- the pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), EXPORTS)
def test_nine_minutes_after_sign_in_every_export_asks_for_identity_again(
    client: Client, director: User, moved_clock: Clock, name: str, args: list[int]
) -> None:
    sign_in(client, "director")
    moved_clock.offset = NINE_MINUTES
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == _confirmation_of(url)


def test_the_export_asks_again_for_an_htmx_request_as_a_whole_page(
    client: Client, curator: User, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = NINE_MINUTES
    url = reverse("monitoring:monthly_summary_xlsx")
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == _confirmation_of(url)


@pytest.mark.parametrize("export", ["plan", "document", "monthly_summary"])
def test_after_the_password_again_the_export_is_served(
    client: Client,
    curator: User,
    case: Case,
    mother: Person,
    document: CaseDocument,
    moved_clock: Clock,
    export: str,
) -> None:
    make_plan(case=case, curator=curator, mother=mother)
    url = {
        "plan": reverse("plans:export", args=[case.pk]),
        "document": reverse("documents:download", args=[document.pk]),
        "monthly_summary": reverse("monitoring:monthly_summary_xlsx"),
    }[export]
    sign_in(client, "curator")
    moved_clock.offset = 4 * 60  # within five minutes of signing in: no question
    assert client.get(url).status_code == 200

    moved_clock.offset = NINE_MINUTES
    asked = client.get(url)
    assert asked["Location"] == _confirmation_of(url)
    assert "Введите ваш пароль ещё раз" in client.get(asked["Location"]).text

    back = client.post(CONFIRM, {"password": TEST_PASSWORD, "next": url})
    assert back["Location"] == url
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment;")


def test_with_the_second_factor_the_code_is_asked_before_a_folder_document(
    client: Client, settings: Any, curator: User, document: CaseDocument, moved_clock: Clock
) -> None:
    settings.KURATOR_REQUIRE_2FA = True
    device = enrolled_device(curator)
    sign_in(client, "curator")
    client.post("/accounts/two-factor/", {"code": fresh_code(device)})
    url = reverse("documents:download", args=[document.pk])
    assert _body(client.get(url)) == PDF_BYTES

    moved_clock.offset = NINE_MINUTES
    asked = client.get(url)
    assert asked["Location"] == _confirmation_of(url)
    assert "Введите код из приложения-аутентификатора" in client.get(asked["Location"]).text
    assert client.post(CONFIRM, {"code": fresh_code(device), "next": url})["Location"] == url
    assert _body(client.get(url)) == PDF_BYTES


# --- the API -----------------------------------------------------------------------------------


def _token(api: APIClient, username: str) -> str:
    response = api.post(
        "/api/v1/auth/token/", {"username": username, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def _issued_minutes_ago(key: str, minutes: int) -> None:
    """As if the token had been issued ``minutes`` ago (the step-up reads when it was)."""
    token = ApiToken.objects.get(key_hash=hash_key(key))
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=token.created_at - timedelta(minutes=minutes)
    )


def test_a_token_nine_minutes_old_gets_no_list_of_persons_and_a_new_one_does(
    curator: User, family: Family, mother: Person
) -> None:
    api = APIClient()
    old = _token(api, "curator")
    _issued_minutes_ago(old, 9)
    answer = api.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {old}")
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "step_up_required"
    assert "получите новый ключ" in body["detail"]
    # A search is still many families' people: asked too.
    searched = api.get("/api/v1/persons/", {"search": "Ива"}, HTTP_AUTHORIZATION=f"Token {old}")
    assert searched.json()["code"] == "step_up_required"
    # One family's members are what its card shows: no question.
    members = api.get("/api/v1/persons/", {"family": family.pk}, HTTP_AUTHORIZATION=f"Token {old}")
    assert [p["id"] for p in members.json()] == [mother.pk]

    new = _token(api, "curator")
    listing = api.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {new}")
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()] == [mother.pk]


def test_a_token_four_minutes_old_still_gets_the_list(curator: User, mother: Person) -> None:
    api = APIClient()
    key = _token(api, "curator")
    _issued_minutes_ago(key, 4)
    assert api.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/documents/{id}/download/",
        "/api/v1/documents/{id}/pdf/",
        "/api/v1/signal-documents/{id}/download/",
        "/api/v1/signal-documents/{id}/pdf/",
    ],
)
def test_api_downloads_ask_an_old_token_for_a_new_one(
    curator: User, document: CaseDocument, path: str
) -> None:
    api = APIClient()
    key = _token(api, "curator")
    _issued_minutes_ago(key, 9)
    answer = api.get(path.format(id=document.pk), HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 403
    assert answer.json()["code"] == "step_up_required"


def test_a_folder_document_downloads_with_a_new_token(
    curator: User, document: CaseDocument
) -> None:
    api = APIClient()
    key = _token(api, "curator")
    answer = api.get(
        f"/api/v1/documents/{document.pk}/download/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]


def test_without_credentials_the_api_export_is_still_a_401(document: CaseDocument) -> None:
    assert APIClient().get(f"/api/v1/documents/{document.pk}/download/").status_code == 401


def test_a_browser_session_on_the_api_confirms_on_the_page(
    client: Client, curator: User, mother: Person, moved_clock: Clock
) -> None:
    sign_in(client, "curator")
    moved_clock.offset = NINE_MINUTES
    answer = client.get("/api/v1/persons/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "step_up_required"
    assert "/accounts/confirm/" in answer.json()["detail"]
    client.post(CONFIRM, {"password": TEST_PASSWORD})
    assert [p["id"] for p in client.get("/api/v1/persons/").json()] == [mother.pk]


def test_the_schema_documents_the_step_up_answer(client: Client, curator: User) -> None:
    client.force_login(curator)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    persons = schema["paths"]["/api/v1/persons/"]["get"]["responses"]["403"]
    assert "step_up_required" in persons["description"]
    download = schema["paths"]["/api/v1/documents/{id}/download/"]["get"]["responses"]["403"]
    assert "step_up_required" in download["description"]
