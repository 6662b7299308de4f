"""The programme director opens the indicator report for 2026 against
2025 in a real browser, sees the state-register figures and their charts, downloads the XLSX
and the PDF; the test opens both files (openpyxl, pypdf) and finds the figures there.

The data is built as the demo would have it: families put on the register and taken off it,
children leaving shelters, in 2025 and 2026, in two teams of the organisation."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import ConsoleMessage, Page, Response, expect
from pypdf import PdfReader

from kurator.accounts.models import Organisation, Team, User
from kurator.reports.tests.test_report_views import register_world

FAMILIES = "Семьи на учёте в СОП в течение периода"
SHELTER = "Дети, выбывшие из приютов и вернувшиеся в родную семью"


def test_director_opens_the_indicator_report_and_downloads_xlsx_and_pdf(
    page: Page,
    login: Any,
    live_server: Any,
    org: Organisation,
    team: Team,
    other_team: Team,
    senior: User,
    curator: User,
    psychologist: User,
    director: User,
) -> None:
    register_world(
        org=org,
        team=team,
        other_team=other_team,
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        director=director,
    )
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    def missing(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            refused.append(f"{response.status} {response.url}")

    page.on("console", watch)
    page.on("response", missing)
    login(director.username)
    page.goto(f"{live_server.url}/reports/indicators/")
    page.get_by_label("Год", exact=True).fill("2026")
    page.get_by_label("Часть года").select_option("year")
    page.get_by_test_id("report-show").click()

    expect(page.get_by_test_id("report-period")).to_contain_text("2026")
    expect(page.get_by_test_id("report-period")).to_contain_text("2025")
    families = page.get_by_test_id("figure-register_families")
    expect(families.get_by_test_id("previous")).to_have_text("9")
    expect(families.get_by_test_id("current")).to_have_text("8")
    expect(families.get_by_test_id("change")).to_contain_text("−11 %")
    shelter = page.get_by_test_id("figure-shelter_children_returned")
    expect(shelter.get_by_test_id("previous")).to_have_text("1 из 4 (25 %)")
    expect(shelter.get_by_test_id("current")).to_have_text("4 из 6 (67 %)")
    expect(shelter.get_by_test_id("change")).to_contain_text("+42 п. п.")
    # Chart.js drew the register chart from the json_script data, under the strict CSP.
    canvas = page.locator("canvas[data-report-chart='register']")
    expect(canvas).to_be_visible()
    drawn = "c => window.Chart !== undefined && Chart.getChart(c) !== undefined"
    assert canvas.evaluate(drawn)
    assert refused == []

    with page.expect_download() as xlsx_info:
        page.get_by_test_id("export-xlsx").click()
    xlsx = xlsx_info.value
    assert xlsx.suggested_filename == "pokazateli_2026_vs_2025.xlsx"
    book = load_workbook(io.BytesIO(xlsx.path().read_bytes()))
    rows = [list(row) for row in book["Показатели"].iter_rows(values_only=True)]
    by_label = {row[1]: row for row in rows if len(row) > 1}
    assert by_label[FAMILIES][3] == 9 and by_label[FAMILIES][6] == 8
    assert by_label[SHELTER][3:10] == [1, 4, 25, 4, 6, 67, 42]

    with page.expect_download() as pdf_info:
        page.get_by_test_id("export-pdf").click()
    pdf = pdf_info.value
    assert pdf.suggested_filename == "pokazateli_2026_vs_2025.pdf"
    reader = PdfReader(io.BytesIO(pdf.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert f"Показатели работы: {org.name}" in text
    assert f"{FAMILIES} 9 8 −11 %" in text
    assert "1 из 4 (25 %) 4 из 6 (67 %) +42 п. п." in text
