"""The comparison chart as inline SVG, drawn on the server: no script, no outside URL, so it
passes the Content-Security-Policy and prints. Grouped bars per domain — entry, latest, exit —
on a common axis from 0 to the highest possible domain score."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.assessments.queries import Comparison

SERIES = {
    # name: (legend, colour)
    "entry": (gettext_lazy("входная"), "#adb5bd"),
    "latest": (gettext_lazy("последняя промежуточная"), "#0d6efd"),
    "exit": (gettext_lazy("выходная"), "#198754"),
}
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 34, 48


def _f(value: float | Decimal) -> str:
    return f"{float(value):.1f}"


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def comparison_svg(comparison: Comparison) -> SafeString:
    rows = comparison.rows
    top = comparison.scale_max or Decimal(1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    parts: list[str] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
            'role="img" aria-label="{}" class="assessment-chart" data-testid="assessment-chart">',
            WIDTH,
            HEIGHT,
            _("Сравнение оценок по сферам: %(i)s, %(s)s")
            % {"i": comparison.instrument.name, "s": comparison.subject},
        )
    ]
    # the grid: 0, ¼, ½, ¾ and the highest possible score
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dee2e6"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#6c757d">{}</text>',
                LEFT,
                _f(y),
                WIDTH - RIGHT,
                _f(y),
                LEFT - 4,
                _f(y + 4),
                _num(value.quantize(Decimal("0.1"))),
            )
        )
    # the legend
    x = LEFT
    for legend, colour in SERIES.values():
        parts.append(
            format_html(
                '<rect x="{}" y="8" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="18" font-size="12" fill="#212529">{}</text>',
                x,
                colour,
                x + 16,
                legend,
            )
        )
        x += 24 + 8 * len(str(legend))
    n = max(len(rows), 1)
    group_w = plot_w / n
    bar_w = min(group_w * 0.8 / 3, 40)
    for name, (legend, colour) in SERIES.items():
        parts.append(format_html('<g data-series="{}" fill="{}">', name, colour))
        for index, row in enumerate(rows):
            value = getattr(row, name)
            if value is None:
                continue
            h = float(value / top) * plot_h if top else 0.0
            offset = list(SERIES).index(name)
            bx = LEFT + group_w * index + (group_w - 3 * bar_w) / 2 + offset * bar_w
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {} — {}</title></rect>',
                    _f(bx),
                    _f(TOP + plot_h - h),
                    _f(bar_w - 2),
                    _f(h),
                    row.title,
                    legend,
                    _num(value),
                )
            )
        parts.append("</g>")
    for index, row in enumerate(rows):
        cx = LEFT + group_w * index + group_w / 2
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#212529">{}</text>',
                _f(cx),
                HEIGHT - BOTTOM + 16,
                row.label,
            )
        )
    parts.append("</svg>")
    # Every piece is built with format_html (arguments escaped) or is a literal tag.
    return mark_safe("".join(parts))  # noqa: S308
