"""The demo world that ``manage.py load_demo`` builds — and that new curators train on.

Each app contributes a ``build(demo)`` function in its own ``demo.py``; they run in the order
of ``DEMO_STEPS`` and share one ``DemoContext`` (the organisation, teams, users by username,
a seeded random generator and whatever earlier steps left in ``extra``). Every record is made
through the apps' services, exactly as a user would make it, so the demo also exercises the
rules. Deterministic: the same seed gives the same families, names and dates.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kurator.accounts.models import Organisation, Team, User

DEMO_PASSWORD = "kurator"  # noqa: S105 — the published demo password, demo data only
DEMO_ORGANISATION = "БФ «Дети наши» (демо)"

# Apps whose demo.py defines build(demo); order matters (later steps use earlier records).
DEMO_STEPS = [
    "kurator.accounts.demo",
    "kurator.people.demo",
    "kurator.network.demo.agents",
    "kurator.intake.demo",
    "kurator.intake.public.demo",  # the public page and two reports left on it
    "kurator.intake.hotline.demo",  # a month of hotline calls, two of them became signals
    "kurator.privacy.demo.before_cases",
    "kurator.cases.demo.opening",
    "kurator.cases.demo.lifecycle",
    "kurator.privacy.demo.consents",
    "kurator.plans.demo",
    "kurator.network.demo.casework",
    "kurator.assessments.demo",
    "kurator.meetings.demo",
    "kurator.monitoring.demo",
    "kurator.reports.demo.records",
    "kurator.reports.demo.indicators",
    "kurator.documents.demo",  # after the reports' families: every open case gets its papers
    "kurator.tasks.demo",  # last of the case work: recounts the tasks of everything above
    "kurator.audit.demo",
    "kurator.reports.demo.appeals_outside",  # after audit: its quality officer considers them
]


@dataclass
class DemoContext:
    today: date
    rng: random.Random
    organisation: Organisation | None = None
    partner: Organisation | None = None
    teams: dict[str, Team] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.log.append(line)


def build_demo(*, today: date, seed: int = 2026) -> DemoContext:
    # Deterministic demo data, not cryptography.
    demo = DemoContext(today=today, rng=random.Random(seed))  # noqa: S311
    for module_name in DEMO_STEPS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # this app adds nothing to the demo yet
            raise
        module.build(demo)
    return demo


DEMO_LOGINS: list[tuple[str, str]] = [
    ("admin", "администратор"),
    ("director", "руководитель программы"),
    ("head1", "руководитель команды «Смоленск»"),
    ("senior1", "старший куратор, «Смоленск»"),
    ("curator1", "куратор случая, «Смоленск»"),
    ("curator2", "куратор случая, «Смоленск»"),
    ("psychologist1", "психолог, «Смоленск»"),
    ("intake1", "специалист приёма, «Смоленск»"),
    ("head2", "руководитель команды «Волгоград»"),
    ("curator3", "куратор случая, «Волгоград»"),
    ("supervisor1", "супервизор"),
    ("quality1", "центр контроля качества"),
    ("agent1", "агент ресурсной сети (орган опеки)"),
]
