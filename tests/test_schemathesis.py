"""schemathesis against ``/api/schema/``, as several roles: no 5xx, no response that breaks
the schema, no undocumented status code or content type.

The schema is loaded from the running application (Django's WSGI handler, in process), and
every operation in it is fuzzed — positive and negative data — as each role, over a seeded
world (families, signals at several stages, open and emergency cases, documents, one-off
help). Most generated requests point at the world's real records, so the examples reach the
services and not only the 404 of a random id.

A quarter of the cases, and a second pass over every operation, carry NUL characters in
every text of the query and body: PostgreSQL refuses them, so one that reaches a query is a
500 there — schemathesis's own strings seldom contain one.

Each request runs inside a savepoint that is rolled back, so every example starts from the
same world and a failure in one cannot poison the next (PostgreSQL aborts a transaction after
an error). Bounded and deterministic: ``max_examples`` per operation and role, derandomised;
``KURATOR_SCHEMATHESIS_EXAMPLES`` raises it for a longer local run. The figures (operations,
operation × role runs, cases, answers by status, failures) are printed in pytest's terminal
summary (``tests/conftest.py``), with or without xdist.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.accounts.tokens import issue_token
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.tests.factories import (
    make_signal,
    make_visited_signal,
    open_case_for,
)
from kurator.core.testing import make_family, make_organisation, make_person, make_user
from kurator.documents.services.folder import upload_document
from kurator.documents.tests.files import upload
from kurator.people.models import FamilyRole

pytestmark = pytest.mark.api_fuzz

# Examples per operation for a role inside the organisation; outsiders get half, all aimed
# at the organisation's real records (what matters for them is that each answer is a
# well-formed 403/404). ~2,000 requests in all: a minute or two on a laptop.
MAX_EXAMPLES = int(os.environ.get("KURATOR_SCHEMATHESIS_EXAMPLES", "5"))
INSIDERS = ("curator", "intake operator", "team head", "programme director")
OUTSIDERS = ("team head of another organisation", "resource-network agent")
ROLES = INSIDERS + OUTSIDERS
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


@pytest.fixture(autouse=True)
def _quiet_request_log(caplog: pytest.LogCaptureFixture) -> None:
    # Thousands of expected 400/404 warnings would bury a real failure's output.
    caplog.set_level(logging.ERROR, logger="django.request")


@pytest.fixture(scope="module")
def api_schema(django_db_blocker: Any) -> Iterator[Any]:
    """The schema served by the application, whose requests then go to Django's own WSGI
    handler in this process. As Django's test client does, the connection clean-up between
    requests is switched off, so the requests run inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            # The served schema needs a sign-in; the same generator builds it here.
            document = SchemaGenerator().get_schema(request=None, public=True)
            schema = schemathesis.openapi.from_dict(
                json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))
            )
            schema.app = WSGIHandler()
        yield schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass
class Figures:
    """What one test ran; recorded on its report and summed up by ``tests/conftest.py``."""

    operations: int = 0
    runs: int = 0  # operation × role
    cases: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    failures: int = 0

    def record(self, record_property: Any) -> None:
        record_property("schemathesis", asdict(self))


@dataclass
class World:
    tokens: dict[str, str]
    # path segment before an id ("cases", "signals" …) → ids of real records to aim at
    ids: dict[str, list[int]]


@pytest.fixture
def world(
    org: Organisation,
    team: Team,
    curator: User,
    colleague: User,
    psychologist: User,
    senior: User,
    head: User,
    intake_operator: User,
    director: User,
    outsider: User,
) -> World:
    partner = make_organisation("Центр «Партнёр»", is_partner=True)
    agent = make_user(RoleCode.RESOURCE_AGENT, organisation=partner, username="agent")
    families = [make_family(by=senior, name=name) for name in ("Ивановы", "Петровы", "Сидоровы")]
    persons = [
        make_person(by=senior, family=families[0], role=FamilyRole.CHILD),
        make_person(
            by=senior,
            family=families[0],
            role=FamilyRole.PARENT,
            first_name="Ольга",
            birth_date=None,
        ),
    ]
    new_signal = make_signal(by=intake_operator, family=families[2])
    visited = make_visited_signal(
        senior=senior, family=families[2], future_curator=curator, psychologist=psychologist
    )
    case = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=families[0]
    )
    emergency = open_case_for(
        senior=senior,
        curator=colleague,
        psychologist=psychologist,
        family=families[1],
        scenario=Case.Scenario.EMERGENCY,
    )
    step = lifecycle.record_emergency_step(
        case=emergency, by=colleague, description="Купили дрова", taken_at=timezone.now()
    )
    document = upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    help_ = lifecycle.record_one_off_help(
        family=families[2],
        by=senior,
        given_on=timezone.localdate() - timedelta(days=1),
        description="Продуктовый набор",
    )
    users = {
        "curator": curator,
        "intake operator": intake_operator,
        "team head": head,
        "programme director": director,
        "team head of another organisation": outsider,
        "resource-network agent": agent,
    }
    return World(
        tokens={
            role: issue_token(user=user, with_second_factor=True) for role, user in users.items()
        },
        ids={
            "cases": [case.pk, emergency.pk],
            "signals": [new_signal.pk, visited.pk, case.signal_id],  # type: ignore[list-item]
            "documents": [document.pk],
            "families": [f.pk for f in families],
            "persons": [p.pk for p in persons],
            "emergency_steps": [step.pk],
            "one_off_help": [help_.pk],
            "curator": [curator.pk, colleague.pk],
        },
    )


_PARAM = re.compile(r"([a-z_]+)/\{([a-z_]+)\}")


def _aim(case: Any, world: World, data: st.DataObject, *, always: bool) -> None:
    """Point the case's path parameters at real records (the draw decides, per case)."""
    if not always and data.draw(st.integers(0, 3), label="real records") == 0:
        return  # a quarter of the insiders' cases keep their generated ids
    for segment, name in _PARAM.findall(case.path):
        ids = world.ids.get(segment)
        if ids and name in case.path_parameters:
            case.path_parameters[name] = data.draw(st.sampled_from(ids), label=name)


def _with_nul(value: Any) -> Any:
    """Every text of a query or body with a NUL character in it."""
    if isinstance(value, str):
        return value[:1] + "\x00" + value[1:]
    if isinstance(value, dict):
        return {key: _with_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_nul(item) for item in value]
    return value


def _poison(case: Any, data: st.DataObject | None = None) -> None:
    """Put NUL characters into every text the case sends (now and then, given ``data``):
    PostgreSQL refuses them in text, so one that reaches a query is a 500 there, and
    schemathesis's own strings rarely contain one."""
    if data is None or data.draw(st.integers(0, 3), label="NUL characters") == 0:
        case.query = _with_nul(case.query)
        case.body = _with_nul(case.body)


def _fuzz(
    api_schema: Any,
    world: World,
    role: str,
    *,
    examples: int,
    modes: tuple[schemathesis.GenerationMode, ...],
    prepare: Any,
    figures: Figures,
) -> list[str]:
    """Run every operation of the schema as ``role``; count into ``figures``; return the
    failures."""
    headers = {"Authorization": f"Token {world.tokens[role]}"}
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    figures.operations = len(operations)
    for operation in operations:
        figures.runs += 1
        strategy = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in modes))

        @hypothesis.settings(
            max_examples=examples,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            report_multiple_bugs=False,
        )
        @given(case=strategy, data=st.data())
        def run(case: Any, data: st.DataObject) -> None:
            prepare(case, data)
            figures.cases += 1
            with transaction.atomic():
                response = case.call(headers=headers)
                transaction.set_rollback(True)
            status = str(response.status_code)
            figures.statuses[status] = figures.statuses.get(status, 0) + 1
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.label} as {role}: {exc}")
    figures.failures = len(failures)
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_keeps_its_schema_for(
    role: str, api_schema: Any, world: World, record_property: Any
) -> None:
    outsider = role in OUTSIDERS

    def prepare(case: Any, data: st.DataObject) -> None:
        _aim(case, world, data, always=outsider)
        _poison(case, data)

    failures = _fuzz(
        api_schema,
        world,
        role,
        examples=max(2, MAX_EXAMPLES // 2) if outsider else MAX_EXAMPLES,
        modes=MODES[:1] if outsider else MODES,
        prepare=prepare,
        figures=(figures := Figures()),
    )
    figures.record(record_property)
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["curator", "team head"])
def test_nul_characters_in_any_text_are_a_400_not_a_crash(
    role: str, api_schema: Any, world: World, record_property: Any
) -> None:
    def prepare(case: Any, data: st.DataObject) -> None:
        _aim(case, world, data, always=True)
        # Every text parameter of the query is sent (generated cases often leave them out).
        for parameter in case.operation.definition.raw.get("parameters", []):
            kind = parameter.get("schema", {}).get("type", "string")
            if parameter.get("in") == "query" and kind == "string":
                case.query = {**(case.query or {}), parameter["name"]: "Иванова"}
        _poison(case)

    figures = Figures()
    failures = _fuzz(
        api_schema, world, role, examples=2, modes=MODES[:1], prepare=prepare, figures=figures
    )
    figures.record(record_property)
    assert not failures, "\n\n".join(failures)
