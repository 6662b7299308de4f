"""Bar charts of the indicator report: the period against the same period a year before.

``chart_data`` picks what a section's chart shows (its counts; a section of shares only shows
their percentages) — the page (Chart.js, fed through ``json_script``), the XLSX (an openpyxl
bar chart) and the PDF (``bar_chart_svg``, drawn here on the server: WeasyPrint runs no
JavaScript) all draw the same data.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kurator.reports.figures import Figure, Section

PREVIOUS_COLOUR = "#adb5bd"
CURRENT_COLOUR = "#0d6efd"
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class ChartData:
    key: str
    title: str
    labels: list[str]
    previous: list[float]
    current: list[float]
    unit: str  # "count" or "percent"

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "labels": self.labels,
            "previous": self.previous,
            "current": self.current,
            "unit": self.unit,
        }


def _number(value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, Decimal | int | float):
        return float(value)
    return 0.0


def chart_data(section: Section) -> ChartData | None:
    """What the section's chart shows, or None for a section without a chart (or nothing to
    draw)."""
    if not section.chart:
        return None
    counts = [f for f in section.figures if f.unit == "count"]
    if counts:
        return ChartData(
            key=section.key,
            title=section.title,
            labels=[f.label for f in counts],
            previous=[_number(f.previous) for f in counts],
            current=[_number(f.current) for f in counts],
            unit="count",
        )
    shares: list[Figure] = [f for f in section.figures if f.unit == "share"]
    if not shares:
        return None
    return ChartData(
        key=section.key,
        title=section.title,
        labels=[f.label for f in shares],
        previous=[_number(f.previous_percent) for f in shares],
        current=[_number(f.current_percent) for f in shares],
        unit="percent",
    )


def _value_text(value: float, unit: str) -> str:
    text = f"{value:,.0f}".replace(",", " ") if value == int(value) else f"{value:.1f}"
    text = text.replace(".", ",")
    return f"{text} %" if unit == "percent" else text


def bar_chart_svg(chart: ChartData, *, previous_label: str, current_label: str) -> SafeString:
    """A horizontal grouped bar chart as inline SVG: one group per indicator, the year before
    in grey above the period in blue, each bar with its value; a legend at the top. Only
    text, rectangles and lines — no script, no outside reference."""
    width, label_width, right_pad = 680, 250, 60
    bar_height, bar_gap, group_gap, top = 12, 3, 14, 30
    wrapped = [textwrap.wrap(label, 36) or [""] for label in chart.labels]
    groups = []
    y = top
    for lines in wrapped:
        group_height = max(2 * bar_height + bar_gap, 12 * len(lines))
        groups.append((y, group_height))
        y += group_height + group_gap
    height = y + 4
    biggest = max([*chart.previous, *chart.current, 1.0])
    if chart.unit == "percent":
        biggest = max(biggest, 100.0)
    scale = (width - label_width - right_pad) / biggest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="10" role="img" '
        f'aria-label="{escape(chart.title)}">',
        f'<rect x="{label_width}" y="6" width="10" height="10" fill="{PREVIOUS_COLOUR}"/>',
        f'<text x="{label_width + 14}" y="15">{escape(previous_label)}</text>',
        f'<rect x="{label_width + 150}" y="6" width="10" height="10" fill="{CURRENT_COLOUR}"/>',
        f'<text x="{label_width + 164}" y="15">{escape(current_label)}</text>',
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{height - 4}" '
        'stroke="#6c757d" stroke-width="0.5"/>',
    ]
    for index, (lines, (group_y, group_height)) in enumerate(zip(wrapped, groups, strict=True)):
        text_y = group_y + (group_height - 12 * len(lines)) / 2 + 9
        for line_no, line in enumerate(lines):
            parts.append(
                f'<text x="{label_width - 6}" y="{text_y + 12 * line_no:.1f}" '
                f'text-anchor="end">{escape(line)}</text>'
            )
        bars_y = group_y + (group_height - (2 * bar_height + bar_gap)) / 2
        for offset, value, colour in (
            (0, chart.previous[index], PREVIOUS_COLOUR),
            (bar_height + bar_gap, chart.current[index], CURRENT_COLOUR),
        ):
            length = value * scale
            bar_y = bars_y + offset
            parts.append(
                f'<rect x="{label_width}" y="{bar_y:.1f}" width="{length:.1f}" '
                f'height="{bar_height}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{bar_y + bar_height - 2:.1f}">'
                f"{escape(_value_text(value, chart.unit))}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
