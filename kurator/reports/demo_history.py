"""Demo data of the reports app's history part (see demo.py)."""

from __future__ import annotations

from kurator.core.demo import DemoContext


def build(demo: DemoContext) -> None:
    return None
