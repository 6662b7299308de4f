"""The indicator report's downloads: the XLSX opened with openpyxl and the PDF with
pypdf hold the figures of ``compute_indicators``; the PDF fetches nothing from anywhere; the
formatting rules every rendering shares."""

from __future__ import annotations

import io
import socket
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from kurator.accounts.models import Organisation, Team, User
from kurator.reports import exports
from kurator.reports.figures import Figure, IndicatorReport, Period, Section
from kurator.reports.tests.test_report_views import RegisterWorld, register_world


@pytest.fixture
def world(
    org: Organisation,
    team: Team,
    other_team: Team,
    senior: User,
    curator: User,
    psychologist: User,
    director: User,
) -> RegisterWorld:
    return register_world(
        org=org,
        team=team,
        other_team=other_team,
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        director=director,
    )


def _cells(content: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for sheet in book for row in sheet.iter_rows(values_only=True)]


def _row(rows: list[list[Any]], label: str) -> list[Any]:
    return next(row for row in rows if len(row) > 1 and row[1] == label)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- formatting ----------------------------------------------------------------------------


def test_values_and_changes_read_as_the_state_model_reports_them() -> None:
    families = Figure("f", "Семьи", 335, 399)
    children = Figure("c", "Дети", 220, 195, "share", 347, 474)
    assert exports.value_text(families, current=True) == "335"
    assert exports.change_text(families) == "−16 %"
    assert exports.value_text(children, current=False) == "195 из 474 (41 %)"
    assert exports.value_text(children, current=True) == "220 из 347 (63 %)"
    assert exports.change_text(children) == "+22 п. п."


@pytest.mark.parametrize(
    ("item", "now", "change"),
    [
        (Figure("a", "a", None, 5), "—", "—"),
        (Figure("a", "a", 5, 0), "5", "—"),
        (Figure("a", "a", 7, 7), "7", "0 %"),
        (Figure("a", "a", 12345, 1000), "12 345", "+1 135 %"),
        (Figure("a", "a", Decimal("2.5"), Decimal("2"), "days"), "2,5 дн.", "+25 %"),
        (Figure("a", "a", Decimal("1500.75"), None, "rub"), "1 500,75 ₽", "—"),
        (Figure("a", "a", 0, 0, "share", 0, 0), "0 из 0", "—"),
    ],
)
def test_missing_and_odd_values(item: Figure, now: str, change: str) -> None:
    assert exports.value_text(item, current=True) == now
    assert exports.change_text(item) == change


def test_file_names_say_the_period_and_the_year_before() -> None:
    whole = IndicatorReport("x", Period.year(2026), Period.year(2025), [], timezone.now())
    assert exports.filename(whole, "xlsx") == "pokazateli_2026_vs_2025.xlsx"
    part = Period(date(2026, 1, 1), date(2026, 3, 31))
    quarter = IndicatorReport("x", part, part.year_before(), [], timezone.now())
    assert (
        exports.filename(quarter, "pdf") == "pokazateli_20260101-20260331_vs_20250101-20250331.pdf"
    )


# --- XLSX ----------------------------------------------------------------------------------


def test_the_xlsx_holds_every_figure_as_numbers(
    client: Client, world: RegisterWorld, director: User
) -> None:
    client.force_login(director)
    answer = client.get(reverse("reports:indicators_xlsx"), {"year": 2026})
    assert answer.status_code == 200
    assert answer["Content-Type"] == exports.XLSX_TYPE
    assert answer["Content-Disposition"] == 'attachment; filename="pokazateli_2026_vs_2025.xlsx"'
    rows = _cells(answer.content)
    families = _row(rows, "Семьи на учёте в СОП в течение периода")
    assert families[3] == 9 and families[6] == 8 and families[9] == -11
    assert families[10] == "%"
    entered = _row(rows, "Семьи, поставленные на учёт в СОП за период")
    assert entered[3] == 9 and entered[6] == 1 and entered[9] == -89
    shelter = _row(rows, "Дети, выбывшие из приютов и вернувшиеся в родную семью")
    assert shelter[3:11] == [1, 4, 25, 4, 6, 67, 42, "п. п."]
    assert ["Показатель", "2025", "2026"] in [row[:3] for row in rows]


def test_the_xlsx_has_a_bar_chart_for_each_chart_section(
    world: RegisterWorld, director: User
) -> None:
    from kurator import access
    from kurator.reports.queries.indicators import compute_indicators

    report = compute_indicators(scope=access.report_scope(director), period=Period.year(2026))
    book = load_workbook(io.BytesIO(exports.indicators_workbook(report)))
    assert book.sheetnames == ["Показатели", "Диаграммы"]
    # openpyxl reads charts back only as drawings: count them in the file itself.
    import zipfile

    with zipfile.ZipFile(io.BytesIO(exports.indicators_workbook(report))) as package:
        drawn = [name for name in package.namelist() if name.startswith("xl/charts/chart")]
    assert len(drawn) == sum(1 for s in report.sections if s.chart)


def test_a_label_that_looks_like_a_formula_stays_text() -> None:
    report = IndicatorReport(
        '=HYPERLINK("http://x")',
        Period.year(2026),
        Period.year(2025),
        [Section("s", "+раздел", [Figure("k", "=1+1", 1, 2), Figure("m", "@sum", 3, 4)])],
        timezone.now(),
    )
    book = load_workbook(io.BytesIO(exports.indicators_workbook(report)))
    sheet = book["Показатели"]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    risky = [c for c in cells if c.value[:1] in "=+-@"]
    assert {c.value for c in risky} >= {"=1+1", "@sum", "+раздел"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


# --- PDF -----------------------------------------------------------------------------------


def test_the_pdf_holds_the_russian_figures_and_labels(
    client: Client, world: RegisterWorld, head: User
) -> None:
    client.force_login(head)
    answer = client.get(reverse("reports:indicators_pdf"), {"year": 2026})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == 'attachment; filename="pokazateli_2026_vs_2025.pdf"'
    text = _pdf_text(answer.content)
    assert "Показатели работы: Смоленск" in text
    assert "Модель работы с семьями в СОП" in text
    assert "Семьи на учёте в СОП в течение периода 6 5 −17 %" in text
    assert "Семьи, поставленные на учёт в СОП за период" in text, text
    assert "1 из 4 (25 %) 3 из 5 (60 %) +35 п. п." in text
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(answer.content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}, fonts


def test_the_pdf_fetches_nothing_from_outside(
    world: RegisterWorld, director: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kurator import access
    from kurator.reports.queries.indicators import compute_indicators

    connections: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        connections.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    report = compute_indicators(scope=access.report_scope(director), period=Period.year(2026))
    refused: list[str] = []
    pdf = exports.indicators_pdf(report, refused=refused)
    assert pdf.startswith(b"%PDF")
    assert refused == [] and connections == []
    html = exports.indicators_html(report)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html

    # A document naming outside addresses gets none of them: each is refused, none dialled.
    hostile = (
        '<img src="http://example.com/x.png"><link rel="stylesheet" '
        'href="https://cdn.example.com/a.css"><p>Проверка</p>'
    )
    exports.html_to_pdf(hostile, css="@import url(http://example.com/b.css);", refused=refused)
    assert sorted(refused) == [
        "http://example.com/b.css",
        "http://example.com/x.png",
        "https://cdn.example.com/a.css",
    ]
    assert connections == []


def test_a_download_is_written_to_the_read_log(client: Client, director: User) -> None:
    """The project has no separate export log: a download is a read-log «list» row with the
    user's scope and the address with its period, as every report page is."""
    from kurator.audit.models import ReadLogEntry

    client.force_login(director)
    assert client.get(reverse("reports:indicators_xlsx"), {"year": 2025}).status_code == 200
    row = ReadLogEntry.objects.get(user=director, path__startswith="/reports/indicators/xlsx/")
    assert row.kind == ReadLogEntry.Kind.LIST
    assert row.scope == ReadLogEntry.Scope.ORGANISATION
    assert "year=2025" in row.path
