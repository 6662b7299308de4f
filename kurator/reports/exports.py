"""The indicator report as people read it: the page's rows, the XLSX workbook and the PDF.

All three show the same ``IndicatorReport`` (``queries.indicators.compute_indicators``)
through the same formatting: a count «399», a share «195 из 474 (41 %)», a change «−16 %» or
«+22 п. п.», a figure that cannot be told «—».

The XLSX keeps numbers as numbers (a share in three columns: the part, the whole and the
percentage) and draws a bar chart for each section that has one; every cell is written by
``kurator.core.spreadsheets.write_cell``, so a label starting with = + - @ is never run as a
formula. The PDF is an HTML template rendered by WeasyPrint in «DejaVu Sans» (Cyrillic) with
server-side SVG charts, and fetches nothing: no base URL, and a URL fetcher that refuses
every address.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from kurator.core.spreadsheets import write_cell
from kurator.reports import charts
from kurator.reports.figures import Figure, IndicatorReport, Number, Period, Section, period_label

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
MINUS = "\u2212"
DASH = "—"
UNIT_SUFFIX = {
    "count": "",
    "share": "",
    "days": " дн.",
    "months": " мес.",
    "rub": " ₽",
    "hours": " ч",
    "score": "",
}
UNIT_NAMES = {
    "count": "число",
    "share": "доля",
    "days": "дней",
    "months": "месяцев",
    "rub": "руб.",
    "hours": "часов",
    "score": "балл",
}


# --- formatting ------------------------------------------------------------------------------


def number(value: Number | None) -> str:
    """«1 234», «12,5»; None → «—»."""
    if value is None:
        return DASH
    if isinstance(value, Decimal) and value != value.to_integral_value():
        text = f"{value.normalize():,f}"
    else:
        text = f"{int(value):,}"
    return text.replace(",", " ").replace(".", ",").replace("-", MINUS)


def value_text(figure: Figure, *, current: bool) -> str:
    """The figure's value in the period (``current``) or a year before, as the page shows it."""
    part = figure.current if current else figure.previous
    if part is None:
        return DASH
    if figure.unit == "share":
        whole = figure.current_of if current else figure.previous_of
        share = figure.current_percent if current else figure.previous_percent
        if whole is None:
            return number(part)
        text = _("%(part)s из %(whole)s") % {"part": number(part), "whole": number(whole)}
        return f"{text} ({number(share)} %)" if share is not None else text
    return number(part) + UNIT_SUFFIX[figure.unit]


def change_text(figure: Figure) -> str:
    """«−16 %», «+22 п. п.», «0 %»; «—» when it cannot be told."""
    change = figure.change
    if change is None:
        return DASH
    sign = "+" if change > 0 else ""
    unit = _("п. п.") if figure.change_is_points else "%"
    return f"{sign}{number(change)} {unit}"


def change_direction(figure: Figure) -> str:
    change = figure.change
    if change is None or change == 0:
        return "same"
    return "up" if change > 0 else "down"


@dataclass(frozen=True)
class Row:
    figure: Figure
    previous: str
    current: str
    change: str
    direction: str  # up / down / same: an arrow, never a colour of good or bad


@dataclass(frozen=True)
class SectionRows:
    section: Section
    rows: list[Row]
    chart: charts.ChartData | None
    svg: SafeString | None = None


def period_heading(period: Period) -> str:
    label = period_label(period)
    if label == str(period):
        return label
    return f"{label} ({period.start:%d.%m.%Y}–{period.end:%d.%m.%Y})"


def section_rows(report: IndicatorReport, *, svg: bool = False) -> list[SectionRows]:
    previous_label, current_label = period_label(report.previous), period_label(report.period)
    out = []
    for section in report.sections:
        rows = [
            Row(
                figure=item,
                previous=value_text(item, current=False),
                current=value_text(item, current=True),
                change=change_text(item),
                direction=change_direction(item),
            )
            for item in section.figures
        ]
        chart = charts.chart_data(section)
        drawing = None
        if svg and chart is not None:
            drawing = charts.bar_chart_svg(
                chart, previous_label=previous_label, current_label=current_label
            )
        out.append(SectionRows(section=section, rows=rows, chart=chart, svg=drawing))
    return out


def filename(report: IndicatorReport, extension: str) -> str:
    """``pokazateli_2026_vs_2025.xlsx``; another period by its dates."""

    def part(period: Period) -> str:
        if str(period) == str(period.start.year):
            return str(period.start.year)
        return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"

    return f"pokazateli_{part(report.period)}_vs_{part(report.previous)}.{extension}"


# --- XLSX ------------------------------------------------------------------------------------


def _whole(value: Any) -> Any:
    """A whole Decimal as an int (a count stays a whole number in the workbook)."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _headers(report: IndicatorReport) -> list[str]:
    before, now = period_label(report.previous), period_label(report.period)
    return [
        _("Раздел"),
        _("Показатель"),
        _("Единица"),
        before,
        _("%(p)s: из") % {"p": before},
        _("%(p)s: %%") % {"p": before},
        now,
        _("%(p)s: из") % {"p": now},
        _("%(p)s: %%") % {"p": now},
        _("Изменение"),
        _("Изменение: в чём"),
    ]


def _figure_values(section: Section, item: Figure) -> list[Any]:
    share = item.unit == "share"
    change = item.change
    values = [
        section.title,
        item.label,
        UNIT_NAMES[item.unit],
        item.previous,
        item.previous_of if share else None,
        item.previous_percent if share else None,
        item.current,
        item.current_of if share else None,
        item.current_percent if share else None,
        change,
        (_("п. п.") if item.change_is_points else "%") if change is not None else None,
    ]
    return [_whole(value) for value in values]


def indicators_workbook(report: IndicatorReport) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Показатели"))
    heading = [
        _("Показатели работы: %(scope)s") % {"scope": report.scope_label},
        _("Период: %(now)s в сравнении с %(before)s")
        % {"now": period_heading(report.period), "before": period_heading(report.previous)},
        _("Сформирован: %(at)s")
        % {"at": f"{timezone.localtime(report.generated_at):%d.%m.%Y %H:%M}"},
    ]
    for row, text in enumerate(heading, start=1):
        write_cell(sheet.cell(row=row, column=1), text)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    top = len(heading) + 2
    for column, title in enumerate(_headers(report), start=1):
        cell = sheet.cell(row=top, column=column)
        write_cell(cell, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row = top
    for section in report.sections:
        for item in section.figures:
            row += 1
            for column, value in enumerate(_figure_values(section, item), start=1):
                cell = sheet.cell(row=row, column=column)
                write_cell(cell, value)
                cell.alignment = Alignment(wrap_text=column <= 2, vertical="top")
    for letter, width in zip(
        "ABCDEFGHIJK", (24, 50, 10, 12, 10, 8, 12, 10, 8, 11, 10), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=top + 1, column=3)
    _chart_sheet(book, report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _chart_sheet(book: Workbook, report: IndicatorReport) -> None:
    """A second sheet with each chart section's data in one block and its bar chart beside."""
    drawn = [(s, c) for s in report.sections if (c := charts.chart_data(s)) is not None]
    if not drawn:
        return
    sheet: Worksheet = book.create_sheet(str(_("Диаграммы")))
    before, now = period_label(report.previous), period_label(report.period)
    row = 1
    for section, chart in drawn:
        write_cell(sheet.cell(row=row, column=1), section.title)
        sheet.cell(row=row, column=1).font = Font(bold=True)
        header = row + 1
        suffix = ", %" if chart.unit == "percent" else ""
        for column, title in enumerate((_("Показатель"), before + suffix, now + suffix), 1):
            write_cell(sheet.cell(row=header, column=column), title)
        for offset, label in enumerate(chart.labels, start=1):
            write_cell(sheet.cell(row=header + offset, column=1), label)
            write_cell(sheet.cell(row=header + offset, column=2), chart.previous[offset - 1])
            write_cell(sheet.cell(row=header + offset, column=3), chart.current[offset - 1])
        last = header + len(chart.labels)
        bar = BarChart()
        bar.type = "bar"
        bar.title = section.title
        bar.height = max(6.0, 1.2 * len(chart.labels) + 3)
        bar.width = 22
        data = Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=last)
        labels = Reference(sheet, min_col=1, min_row=header + 1, max_row=last)
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(labels)
        sheet.add_chart(bar, f"E{row}")
        rows_taken = max(len(chart.labels) + 3, int(bar.height * 2) + 2)
        row += rows_taken
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 12


# --- PDF -------------------------------------------------------------------------------------


class OfflineFetchError(ValueError):
    """Raised for every address WeasyPrint asks for: the PDF is built from the HTML alone."""


def _refusing_fetcher(refused: list[str]) -> Any:
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            refused.append(url)
            raise OfflineFetchError(url)

    return RefusingFetcher()


def html_to_pdf(html: str, *, css: str = "", refused: list[str] | None = None) -> bytes:
    """Render ``html`` with the style sheet ``css`` to a PDF with nothing fetched from anywhere
    (no base URL; every address the document names is refused and, if ``refused`` is given,
    appended to it)."""
    from weasyprint import CSS, HTML

    fetcher = _refusing_fetcher(refused if refused is not None else [])
    sheets = [CSS(string=css, base_url=None, url_fetcher=fetcher)] if css else []
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=sheets)
    return pdf


def indicators_html(report: IndicatorReport) -> str:
    return render_to_string(
        "reports/pdf/indicators.html",
        {
            "report": report,
            "sections": section_rows(report, svg=True),
            "period_label": period_heading(report.period),
            "previous_label": period_heading(report.previous),
            "period_short": period_label(report.period),
            "previous_short": period_label(report.previous),
        },
    )


def indicators_pdf(report: IndicatorReport, *, refused: list[str] | None = None) -> bytes:
    css = render_to_string("reports/pdf/indicators.css")
    return html_to_pdf(indicators_html(report), css=css, refused=refused)
