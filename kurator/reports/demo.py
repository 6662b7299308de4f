"""The reports app's demo step: staff norms, complaints and shelter exits (demo_records), and
last year's work so that the indicator report has a year to compare with (demo_history)."""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.reports import demo_history, demo_records


def build(demo: DemoContext) -> None:
    demo_records.build(demo)
    demo_history.build(demo)
