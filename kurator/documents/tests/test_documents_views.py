"""Case-folder pages: the folder by type with what is missing, upload with Russian errors,
downloads that check access every time (never MEDIA_URL), cancelling after «Вы уверены…?»."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.cases.services.opening import transfer_case
from kurator.documents.models import REQUIRED_DOCUMENT_TYPES, CaseDocument
from kurator.documents.services import folder as services
from kurator.documents.tests.files import PDF_BYTES, upload

QueryBound = Callable[[int], Any]


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def add(case: Case, by: User, document_type: str = "application") -> CaseDocument:
    return services.upload_document(
        case=case, by=by, document_type=document_type, title="", file=upload()
    )


def close_and_reopen(case: Case, curator: User, by: User) -> Case:
    lifecycle.close_case(
        case=case, by=curator, reason="goals_met", criteria=dict.fromkeys(CLOSURE_CRITERIA, True)
    )
    return lifecycle.reopen_case(case=case, by=by, curator=None, reason="Ухудшение")


# --- the folder page -----------------------------------------------------------------------


def test_folder_page_lists_documents_by_type_and_what_is_missing(
    client: Client, case: Case, curator: User, django_assert_max_num_queries: QueryBound
) -> None:
    for code in ("application", "contract", "act_goods"):
        add(case, curator, code)
    signed_in(client, curator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("documents:folder", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # With the first-visit report filed when the case opened from its signal.
    assert html.count('data-testid="document-row"') == 4
    assert html.count('data-testid="missing-row"') == 2
    assert "Отчёт о первичном выезде по сигналу" in html
    assert 'data-testid="folder-incomplete"' in html


def test_folder_page_query_count_does_not_grow_with_documents(
    client: Client, case: Case, curator: User, django_assert_max_num_queries: QueryBound
) -> None:
    for _ in range(15):
        add(case, curator, "other")
    signed_in(client, curator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("documents:folder", args=[case.pk])).status_code == 200


def test_complete_folder_says_so(client: Client, case: Case, curator: User) -> None:
    for code in REQUIRED_DOCUMENT_TYPES:
        add(case, curator, code)
    html = signed_in(client, curator).get(reverse("documents:folder", args=[case.pk]))
    assert 'data-testid="folder-complete"' in html.content.decode()


def test_overdue_folder_is_highlighted(client: Client, case: Case, curator: User) -> None:
    Case.objects.filter(pk=case.pk).update(folder_due="2020-01-10")
    html = signed_in(client, curator).get(reverse("documents:folder", args=[case.pk]))
    text = html.content.decode()
    assert 'data-testid="folder-overdue"' in text
    assert "Срок прошёл." in text
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="folder-overdue"' in page


def test_reopened_case_folder_shows_the_earlier_documents(
    client: Client, case: Case, curator: User
) -> None:
    add(case, curator, "contract")
    new = close_and_reopen(case, curator, curator)
    html = signed_in(client, curator).get(reverse("documents:folder", args=[new.pk]))
    text = html.content.decode()
    assert f"из случая №{case.pk}" in text
    assert text.count('data-testid="document-row"') == 2  # and the first-visit report


@pytest.mark.parametrize("url_name", ["documents:folder", "documents:upload"])
def test_folder_pages_are_404_for_other_teams_and_organisations(
    client: Client, case: Case, other_team_curator: User, outsider: User, url_name: str
) -> None:
    for stranger in (other_team_curator, outsider):
        assert signed_in(client, stranger).get(reverse(url_name, args=[case.pk])).status_code == 404


def test_reader_sees_the_folder_but_may_not_upload(
    client: Client, case: Case, director: User
) -> None:
    signed_in(client, director)
    page = client.get(reverse("documents:folder", args=[case.pk]))
    assert page.status_code == 200
    assert 'data-testid="upload"' not in page.content.decode()
    assert client.get(reverse("documents:upload", args=[case.pk])).status_code == 403


# --- upload --------------------------------------------------------------------------------


def test_upload_form_adds_the_document(client: Client, case: Case, curator: User) -> None:
    signed_in(client, curator)
    url = reverse("documents:upload", args=[case.pk])
    page = client.get(url + "?type=contract")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        url, {"document_type": "contract", "title": "Договор", "file": upload("d.pdf")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:folder", args=[case.pk])
    assert case.documents.get(document_type="contract").title == "Договор"


def test_upload_of_a_wrong_type_shows_the_russian_error(
    client: Client, case: Case, curator: User
) -> None:
    response = signed_in(client, curator).post(
        reverse("documents:upload", args=[case.pk]),
        {"document_type": "contract", "file": upload("virus.exe", b"MZ" + b"\x00" * 10)},
    )
    assert response.status_code == 200
    assert "Такой тип файла не принимается" in response.content.decode()
    assert not CaseDocument.objects.exclude(template_code="visit_report").exists()


def test_upload_without_a_file_is_a_form_error(client: Client, case: Case, curator: User) -> None:
    response = signed_in(client, curator).post(
        reverse("documents:upload", args=[case.pk]), {"document_type": "contract"}
    )
    assert response.status_code == 200
    assert not CaseDocument.objects.exclude(template_code="visit_report").exists()


def test_new_version_from_the_form_supersedes(client: Client, case: Case, curator: User) -> None:
    old = add(case, curator, "contract")
    signed_in(client, curator).post(
        reverse("documents:upload", args=[case.pk]),
        {"document_type": "contract", "file": upload("v2.pdf"), "replaces": old.pk},
    )
    old.refresh_from_db()
    assert old.status == CaseDocument.Status.SUPERSEDED


# --- download ------------------------------------------------------------------------------


def test_download_serves_the_file_as_an_attachment(
    client: Client, case: Case, curator: User
) -> None:
    document = services.upload_document(
        case=case, by=curator, document_type="contract", title="Договор Ивановой", file=upload()
    )
    response = signed_in(client, curator).get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert ".pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_download_checks_access_every_time(
    client: Client,
    case: Case,
    curator: User,
    colleague: User,
    other_team_curator: User,
    outsider: User,
    director: User,
) -> None:
    document = add(case, curator)
    url = reverse("documents:download", args=[document.pk])
    for stranger in (colleague, other_team_curator, outsider):
        assert signed_in(client, stranger).get(url).status_code == 404
    assert signed_in(client, director).get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_files_are_not_served_from_media_url(client: Client, case: Case, curator: User) -> None:
    document = add(case, curator)
    direct = f"{settings.MEDIA_URL}{document.file.name}"
    assert signed_in(client, curator).get(direct).status_code == 404


def test_new_curator_of_a_reopened_case_downloads_the_earlier_documents(
    client: Client, case: Case, curator: User, colleague: User, senior: User
) -> None:
    document = add(case, curator)
    url = reverse("documents:download", args=[document.pk])
    assert signed_in(client, colleague).get(url).status_code == 404
    lifecycle.close_case(
        case=case, by=curator, reason="goals_met", criteria=dict.fromkeys(CLOSURE_CRITERIA, True)
    )
    lifecycle.reopen_case(case=case, by=senior, curator=colleague, reason="Ухудшение")
    assert signed_in(client, colleague).get(url).status_code == 200


def test_documents_of_a_later_case_are_not_visible_from_an_earlier_one(
    client: Client, case: Case, curator: User, colleague: User, senior: User
) -> None:
    """Inheritance runs forward only: the first case's curator, who is not on the new case,
    does not get its documents."""
    second = close_and_reopen(case, curator, senior)
    transfer_case(case=second, new_curator=colleague, reason="Отпуск", by=senior)
    later = add(second, colleague)
    url = reverse("documents:download", args=[later.pk])
    assert signed_in(client, curator).get(url).status_code == 404
    assert signed_in(client, colleague).get(url).status_code == 200


# --- cancelling ----------------------------------------------------------------------------


def test_cancel_asks_then_keeps_the_document_with_its_reason(
    client: Client, case: Case, curator: User
) -> None:
    document = add(case, curator)
    signed_in(client, curator)
    url = reverse("documents:cancel", args=[document.pk])
    page = client.get(url).content.decode()
    assert "Вы уверены" in page
    assert "Да, аннулировать" in page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Не тот файл"}).status_code == 302
    document.refresh_from_db()
    assert document.status == CaseDocument.Status.CANCELLED
    folder = client.get(reverse("documents:folder", args=[case.pk])).content.decode()
    assert "Не тот файл" in folder


def test_cancel_needs_the_write_permission(
    client: Client, case: Case, curator: User, director: User
) -> None:
    document = add(case, curator)
    url = reverse("documents:cancel", args=[document.pk])
    assert signed_in(client, director).get(url).status_code == 403
