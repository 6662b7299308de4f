"""The fuzzing tests' figures in pytest's terminal summary: each test records what it ran
(``record_property``), which reaches the main process under xdist too, and the sums are
printed at the end (operations × roles, cases, failures)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

_RECORDED: dict[str, list[dict[str, Any]]] = {"schemathesis": [], "fuzz_forms": []}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name in _RECORDED:
            _RECORDED[name].append(value)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    api = _RECORDED["schemathesis"]
    if api:
        statuses: Counter[str] = Counter()
        for figures in api:
            statuses.update(figures["statuses"])
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
        terminalreporter.write_line(
            f"schemathesis: {max(f['operations'] for f in api)} operations, "
            f"{sum(f['runs'] for f in api)} operation × role runs in {len(api)} tests, "
            f"{sum(f['cases'] for f in api)} cases ({answers}), "
            f"{sum(f['failures'] for f in api)} failing operations"
        )
    forms = _RECORDED["fuzz_forms"]
    if forms:
        answers = Counter[str]()
        for figures in forms:
            answers.update(figures["answers"])
        terminalreporter.write_line(
            f"hypothesis on forms: {len(forms)} forms, {sum(answers.values())} posts "
            f"({', '.join(f'{code}: {n}' for code, n in sorted(answers.items()))})"
        )
