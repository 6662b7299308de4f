"""The papers a family signs, in a real browser: the curator generates the application, the
contract and both consents (the mother's as legal representative, the 15-year-old daughter's
own), downloads each as DOCX and PDF and uploads the signed scans; with the first-visit
report filed when the case opened, the case folder shows the required set complete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from kurator.accounts.models import User
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family
from kurator.documents.tests.factories import household
from kurator.documents.tests.files import PDF_BYTES

PAPERS = [
    ("application", "Заявление семьи о помощи", "", "от Ивановой Ольги Петровны"),
    ("contract", "Договор о сопровождении семьи", "", "с Ивановой Ольгой Петровной"),
    (
        "consent_representative",
        "Согласие законного представителя",
        "",
        "моего ребёнка Шевченко Никиты Андреевича",
    ),
    ("consent_minor", "Согласие несовершеннолетнего", "daughter", "Ивановой Ольги Петровны"),
]


def test_curator_generates_downloads_and_files_the_signed_papers(
    page: Page,
    login: Any,
    live_server: Any,
    tmp_path: Path,
    senior: User,
    curator: User,
    psychologist: User,
) -> None:
    family = make_family(by=senior, name="Ивановы")
    home = household(by=senior, family=family)
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    scan = tmp_path / "скан.pdf"
    scan.write_bytes(PDF_BYTES)

    login("curator")
    folder = f"{live_server.url}/documents/cases/{case.pk}/"
    page.goto(folder)
    expect(page.get_by_test_id("folder-incomplete")).to_be_visible()

    for code, title, who, declined in PAPERS:
        page.get_by_test_id("generate").click()
        page.get_by_label("Документ").select_option(value=code)
        if who == "daughter":
            page.get_by_label("Для кого").select_option(value=str(home.daughter.pk))
        page.get_by_test_id("generate-submit").click()
        expect(page.locator(".alert-success[role=alert]")).to_contain_text(title)
        row = page.get_by_test_id("document-row").filter(has_text=title)
        expect(row.get_by_test_id("document-status")).to_contain_text("ждёт подписи")

        with page.expect_download() as docx_download:
            row.get_by_test_id("download").click()
        docx = Document(docx_download.value.path())
        assert declined in "\n".join(p.text for p in docx.paragraphs)

        with page.expect_download() as pdf_download:
            row.get_by_test_id("pdf").click()
        pdf = PdfReader(pdf_download.value.path())
        assert declined in " ".join(" ".join(p.extract_text() for p in pdf.pages).split())

        row.get_by_test_id("sign").click()
        page.get_by_label("Дата подписания").fill(timezone.localdate().isoformat())
        page.get_by_label("Скан подписанного документа").set_input_files(str(scan))
        page.get_by_test_id("sign-submit").click()
        expect(
            page.get_by_test_id("document-row")
            .filter(has_text=title)
            .get_by_test_id("document-status")
        ).to_contain_text("подписан")

    # A child under 14 cannot sign her own consent: the form says why.
    page.get_by_test_id("generate").click()
    page.get_by_label("Документ").select_option(value="consent_minor")
    page.get_by_label("Для кого").select_option(value=str(home.son.pk))
    page.get_by_test_id("generate-submit").click()
    expect(page.get_by_test_id("generate-form")).to_contain_text("от 14 до 18 лет")

    # The first-visit report was filed when the case opened: the folder is complete.
    page.goto(f"{live_server.url}/documents/cases/{case.pk}/")
    expect(page.get_by_test_id("folder-complete")).to_be_visible()
