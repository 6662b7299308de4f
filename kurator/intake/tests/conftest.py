"""The intake tests' cast: a family of the team, signals at each stage, a few agents.

Everything is built through the services, as the journal, the senior curator and the visit
team build it. Moments are in the past (a signal cannot come from the future).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from kurator.accounts.models import User
from kurator.core.testing import make_family
from kurator.intake import services
from kurator.intake.models import Signal
from kurator.network.models import ResourceAgent
from kurator.network.services.agents import create_agent
from kurator.people.models import Family


def ago(**kwargs: float) -> datetime:
    return timezone.now() - timedelta(**kwargs)


def record(by: User, *, family: Family | None = None, urgent: bool = False, **kw: object) -> Signal:
    data: dict[str, object] = {
        "received_at": ago(days=3),
        "channel": Signal.Channel.PHONE,
        "source": Signal.Source.SCHOOL,
        "description": "Ребёнок часто пропускает школу, дома холодно.",
    }
    data.update(kw)
    return services.record_signal(by=by, family=family, urgent=urgent, **data)  # type: ignore[arg-type]


@pytest.fixture
def family(intake_operator: User) -> Family:
    return make_family(by=intake_operator, name="Ивановы", distance_km="95")


@pytest.fixture
def signal(intake_operator: User, family: Family) -> Signal:
    return record(intake_operator, family=family)


@pytest.fixture
def assigned_signal(signal: Signal, senior: User, curator: User, psychologist: User) -> Signal:
    services.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    return signal


@pytest.fixture
def visited_signal(assigned_signal: Signal, curator: User) -> Signal:
    """Visited yesterday; the report is not in yet."""
    services.record_visit(signal=assigned_signal, by=curator, visited_at=ago(days=1))
    return assigned_signal


@pytest.fixture
def reported_signal(visited_signal: Signal, curator: User) -> Signal:
    services.submit_visit_report(
        signal=visited_signal, by=curator, report="Семья нуждается в сопровождении."
    )
    return visited_signal


@pytest.fixture
def agents(head: User) -> list[ResourceAgent]:
    return [
        create_agent(
            by=head,
            name="Продовольственный банк",
            category=ResourceAgent.Category.NGO,
            services="продуктовые наборы",
            territory="Смоленск, Смоленский район",
            contacts="+7 (4812) 20-11-33",
            address="г. Смоленск, ул. Кирова, 22",
        ),
        create_agent(
            by=head,
            name="Юридическая клиника",
            category=ResourceAgent.Category.PROFESSIONAL,
            services="бесплатные юридические консультации",
            territory="Смоленская область",
            contacts="+7 (4812) 70-02-15",
        ),
        create_agent(
            by=head,
            name="Фонд в Волгограде",
            category=ResourceAgent.Category.NGO,
            services="одежда",
            territory="Волгоград",
        ),
    ]
