"""Build a large, believable data set for the report and dashboard benchmarks
(docs/benchmarks.md).

    DATABASE_URL=postgres://kurator:kurator@127.0.0.1:54329/kurator_bench \\
        .venv/bin/python scripts/generate_families.py [--families 100000] [--seed 2026] \\
        [--since 2025-01-01] [--today YYYY-MM-DD] [--reset] [--check-foreign-keys]

Works on the database ``DATABASE_URL`` names (PostgreSQL: the database is created when it is
missing; SQLite: the file). Runs ``migrate`` first. Refuses to add a second data set: with
``--reset`` the PostgreSQL database is dropped and created again (SQLite: the file removed).

One organisation («БФ «Бенчмарк»») with 8 teams; per team ~15 curators, 2 psychologists, a
senior curator, a team head and an intake operator; a programme director
(``bench_director``) and a quality officer for the organisation. For each of ``--families``
families: the parents and children, a signal between ``--since`` and today (channel, source,
deadlines computed on the production calendar, first visit, take-in decision — most on time,
some late), a case (open / post-support / closed, complexity, scenario, target group; one
family in ten comes back with a re-opened case pointing at the first one), the complexity
scoring, a plan with one to three versions, goals and actions (done with ``done_on`` or
planned with due dates), contacts (monthly home visits, calls, office meetings), services
delivered from the catalogue by staff, resource agents and volunteers with their cost and
recipients, referrals to agents, consents of the parents, entry / periodic / exit well-being
assessments with domain scores, the commission's resolutions and the register of families in
a socially dangerous position (removed because the situation improved or because of
deprivation of parental rights), children leaving shelters, post-support contacts, open
tasks of open cases, and for the organisation: refused and redirected signals, signals still
in the pipeline, complaints and suggestions, staff training / supervision / leave entries.

About 12 open cases and 4 post-support families per curator whatever ``--families`` says:
with 100 000 families nearly every case is closed (history). With the default ``--since``
(2025-01-01) all of them fall in 2025–2026, so a year's report counts about half of all the
records — the worst case; an earlier ``--since`` spreads the same families over more years.

Why not the services: they validate, lock rows and write the timeline, the change history,
tasks and audit rows — about a quarter of a second of work per family's journey, so 100 000
families would take many hours. Not ``bulk_create`` either: building a model instance and
its INSERT costs ~10 ms a family (15+ minutes of CPU for 100 000). The generator writes the
same rows the services would (statuses, stored deadlines, denormalised fields such as
``Case.complexity_level``, ``Contact.moved_plan``, ``Plan.current_version``) as plain tuples
with ids it gives itself, by ``COPY`` (PostgreSQL; ``executemany`` on SQLite), one
transaction per 1 000 families, then moves the id sequences on and runs ``VACUUM ANALYZE``.
On PostgreSQL the foreign-key triggers are off while loading (``session_replication_role``;
``--check-foreign-keys`` keeps them on — a 2 000-family run with them on is the proof that
the ids are right). Not written: the change history (simple_history), timeline events,
audit rows, documents and files, meetings other than the commission's resolutions.
Deterministic: the same ``--seed``, ``--families``, ``--since`` and ``--today`` give the
same data. 100 000 families: ~13 minutes on 2 shared cores, ~8 million rows, 1.6 GB.
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_duplicates import (  # noqa: E402  (the same Russian names as the other benchmark)
    FEMALE_NAMES,
    MALE_NAMES,
    female_surname,
    make_surname_pool,
    pick_surname,
)

ORG_NAME = "БФ «Бенчмарк»"
START = date(2025, 1, 1)  # the first signal (--since)
MSK = ZoneInfo("Europe/Moscow")
CHUNK = 1000  # families per transaction
TEAMS = [
    ("Смоленск", 1.4), ("Вязьма", 1.0), ("Рославль", 0.8), ("Ярцево", 0.8),
    ("Волгоград", 1.3), ("Камышин", 0.8), ("Волжский", 1.0), ("Михайловка", 0.9),
]  # fmt: skip
CURATORS_PER_TEAM = 15
OPEN_PER_CURATOR = 12
POST_SUPPORT_PER_CURATOR = 4

CHANNELS = [
    ("phone", 35), ("messenger", 15), ("email", 6), ("in_person", 8), ("hotline", 14),
    ("web_form", 7), ("letter", 15),
]  # fmt: skip
SOURCES = [
    ("family", 22), ("relatives", 7), ("neighbours", 6), ("guardianship", 20), ("school", 12),
    ("kindergarten", 4), ("medical", 7), ("police", 6), ("commission", 8), ("ngo", 4),
    ("anonymous", 3), ("other", 1),
]  # fmt: skip
SCENARIOS = [("planned", 80), ("emergency", 12), ("permanent", 8)]
TARGET_GROUPS = [
    ("family", 84), ("refugees", 5), ("veterans", 5), ("disability", 4), ("other", 2),
]  # fmt: skip
CLOSURE_REASONS = [
    ("goals_met", 62), ("contract_broken", 7), ("moved_away", 8), ("family_declined", 11),
    ("transferred", 4), ("child_came_of_age", 3), ("other", 5),
]  # fmt: skip
SERVICES = [
    ("material", "Продуктовый набор", "набор", 2500, 6000),
    ("material", "Комплект одежды для ребёнка", "комплект", 3000, 9000),
    ("material", "Канцелярские товары к школе", "комплект", 1500, 4000),
    ("material", "Детская коляска", "шт.", 8000, 20000),
    ("material", "Велосипед", "шт.", 7000, 15000),
    ("socio_pedagogical", "Помощь в оформлении документов", "час", 800, 1500),
    ("socio_pedagogical", "Оформление пособий и льгот", "час", 800, 1500),
    ("repairs", "Ремонт крыши с обучением семьи", "работа", 40000, 150000),
    ("repairs", "Ремонт печи", "работа", 20000, 60000),
    ("repairs", "Замена электропроводки", "работа", 25000, 80000),
    ("farming", "Семена и рассада", "набор", 1500, 4000),
    ("farming", "Куры-несушки", "шт.", 400, 700),
    ("farming", "Вспашка огорода", "работа", 2000, 5000),
    ("education", "Ноутбук для учёбы", "шт.", 25000, 45000),
    ("education", "Модем и оплата связи", "шт.", 2000, 5000),
    ("psychological", "Консультация психолога", "час", 1500, 3000),
    ("psychological", "Занятие с педагогом", "час", 1000, 2500),
    ("legal", "Консультация юриста", "час", 1500, 3500),
    ("legal", "Представительство в суде", "заседание", 5000, 15000),
    ("mediation", "Сопровождение в орган опеки", "выезд", 1000, 2500),
    ("expert", "Консультация логопеда", "час", 1200, 2500),
    ("expert", "Консультация врача", "приём", 1500, 4000),
    ("additional", "Лекарства", "курс", 1500, 12000),
    ("additional", "Временное жильё", "сутки", 1200, 2500),
    ("pilot", "Школа ответственного родителя", "занятие", 800, 1500),
]  # fmt: skip
FUNDING = [("own", 30), ("grant", 35), ("donation", 25), ("partner", 10)]
AID_GROUPS = ("material", "repairs", "farming", "education", "additional")
AGENT_CATEGORIES = [
    ("agency", 8), ("ngo", 14), ("religious", 4), ("media", 2), ("business", 8),
    ("professional", 6), ("volunteers", 10), ("specialist", 8),
]  # fmt: skip
SHELTERS = [
    "КГБУ СО «Социальный приют для детей»",
    "Социально-реабилитационный центр для несовершеннолетних «Радуга»",
    "Центр социальной помощи семье и детям «Надежда»",
    "Областной реабилитационный центр для детей «Солнышко»",
]
PROBLEMS = [
    "нет дров и еды", "задолженность по ЖКУ, угроза отключения", "мать пьёт",
    "дети не ходят в школу", "угроза изъятия ребёнка", "пожар в доме",
]  # fmt: skip
DESTINATIONS_REGISTERED = [
    ("birth_family", 58), ("substitute_family", 25), ("institution", 12), ("other", 5),
]  # fmt: skip
DESTINATIONS_OTHER = [
    ("birth_family", 45), ("substitute_family", 33), ("institution", 17), ("other", 5),
]  # fmt: skip
GOALS = [
    "Безопасные условия проживания детей",
    "Восстановлены документы и положенные выплаты",
    "Родители не употребляют алкоголь",
    "Дети посещают школу и детский сад",
    "Семья выстроила отношения с органом опеки",
    "Взрослые члены семьи трудоустроены",
    "Улучшены родительские навыки",
]
ACTIONS = [
    "Посещение семьи на дому",
    "Оформить пособие на детей",
    "Консультация психолога для матери",
    "Ремонт печи до отопительного сезона",
    "Записать ребёнка к логопеду",
    "Сопроводить мать в МФЦ",
    "Встреча с органом опеки",
    "Купить школьные принадлежности",
    "Пройти курс лечения от зависимости",
    "Встать на учёт в центр занятости",
    "Посетить занятие «Школы ответственного родителя»",
]


# --- small helpers -------------------------------------------------------------------------


# --- small helpers -------------------------------------------------------------------------


def weighted(rng: random.Random, pairs: list[tuple[Any, int | float]]) -> Any:
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def moment(day: date, rng: random.Random, start_hour: int = 9, end_hour: int = 18) -> datetime:
    minutes = rng.randrange(start_hour * 60, end_hour * 60)
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=MSK)


def local_day(value: datetime) -> date:
    return value.astimezone(MSK).date()


def money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class WorkCalendar:
    """Working days in memory (the production calendar library; no override rows in a fresh
    database) so 100 000 signals do not each query ``CalendarOverride``."""

    def __init__(self, first: date, last: date) -> None:
        from kurator.core import workdays

        days, day = [], first
        while day <= last:
            if workdays._library_is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        self.days = days

    def add(self, start: date | datetime, n: int) -> date:
        day = local_day(start) if isinstance(start, datetime) else start
        return self.days[bisect.bisect_right(self.days, day) + n - 1]


MISSING = object()


class Table:
    """The rows of one table built in memory with their ids given here, written by
    ``COPY`` (PostgreSQL) or ``executemany`` (SQLite). Unnamed columns take the model
    field's default (a callable default is called per row, e.g. a plan action's lineage)."""

    def __init__(self, model: Any) -> None:
        import enum

        from django.db import connection, models

        self.model = model
        self.name = model._meta.db_table
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        self.template: dict[str, Any] = {}
        self.factories: dict[str, Any] = {}
        for f in fields:
            if f.primary_key:
                continue
            if f.has_default():
                if callable(f.default):
                    self.factories[f.attname] = f.default
                else:
                    default = f.default
                    self.template[f.attname] = (
                        default.value if isinstance(default, enum.Enum) else default
                    )
            elif f.null:
                self.template[f.attname] = None
            else:
                self.template[f.attname] = MISSING
        self.json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        self.uuid = [i for i, f in enumerate(fields) if isinstance(f, models.UUIDField)]
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX("id") FROM "{self.name}"')  # noqa: S608 (a model's table)
            self.next_id = (cursor.fetchone()[0] or 0) + 1
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, **values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        row = {**self.template, **values, "id": pk}
        for attname, factory in self.factories.items():
            if attname not in values:
                row[attname] = factory()
        self.rows.append(tuple(row[a] for a in self.attnames))
        return pk

    def flush(self) -> None:
        from django.db import connection

        if not self.rows:
            return
        for row in self.rows[:1]:
            missing = [a for a, v in zip(self.attnames, row, strict=True) if v is MISSING]
            if missing:
                raise ValueError(f"{self.name}: no value for {', '.join(missing)}")
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                from psycopg.types.json import Jsonb

                rows = self.rows
                if self.json:
                    rows = [
                        tuple(Jsonb(v) if i in self.json else v for i, v in enumerate(r))
                        for r in rows
                    ]
                with cursor.cursor.copy(f'COPY "{self.name}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                import json

                def plain(i: int, v: Any) -> Any:
                    if isinstance(v, Decimal):
                        return str(v)
                    if i in self.json:
                        return json.dumps(v)
                    if i in self.uuid:
                        return v.hex
                    if isinstance(v, datetime):
                        return v.astimezone(ZoneInfo("UTC")).replace(tzinfo=None).isoformat(" ")
                    return v

                marks = ", ".join("%s" for _ in self.columns)
                cursor.executemany(
                    f'INSERT INTO "{self.name}" ({cols}) VALUES ({marks})',  # noqa: S608
                    [tuple(plain(i, v) for i, v in enumerate(r)) for r in self.rows],
                )
        self.written += len(self.rows)
        self.rows = []

    def reset_sequence(self) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.name}\"', 'id'), "  # noqa: S608
                f'(SELECT COALESCE(MAX("id"), 1) FROM "{self.name}"))'
            )


class Tables:
    """Every table the generator writes, in an order that keeps the foreign keys happy."""

    MODELS = [
        "people.Family", "people.Person", "people.FamilyMembership", "privacy.Consent",
        "intake.Signal", "intake.FirstVisit", "intake.TakeInDecision", "cases.Case",
        "cases.CaseClosure", "cases.ComplexityAssessment", "cases.PostSupportContact",
        "cases.OneOffHelp", "plans.PlanVersion", "plans.Plan", "plans.Goal", "plans.PlanAction",
        "plans.Contact", "plans.Contact_staff", "network.Referral", "network.Delivery",
        "network.Delivery_persons", "meetings.CommissionResolution", "meetings.RegisterEntry",
        "assessments.Assessment", "assessments.DomainScore", "reports.ShelterExit",
        "reports.Appeal", "reports.StaffNormEntry", "tasks.Task",
    ]  # fmt: skip

    def __init__(self) -> None:
        from django.apps import apps

        self.tables: dict[str, Table] = {}
        for label in self.MODELS:
            name, _sep, m2m = label.partition("_")
            model = apps.get_model(name)
            if m2m:
                model = model._meta.get_field(m2m).remote_field.through
            self.tables[label.split(".")[1]] = Table(model)

    def __getattr__(self, name: str) -> Table:
        return self.__dict__["tables"][name]

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    def reset_sequences(self) -> None:
        for table in self.tables.values():
            table.reset_sequence()


@dataclass
class TeamStaff:
    team: int
    name: str
    head: int
    senior: int
    intake: int
    curators: list[int]
    psychologists: list[int]
    next_open: int = 0
    next_post: int = 0


@dataclass
class InstrumentInfo:
    instrument: int
    aggregation: str
    domains: list[tuple[int, Decimal]]  # domain id, best score
    total_bands: list[tuple[Decimal, Decimal, str]]
    domain_bands: dict[int, list[tuple[Decimal, Decimal, str]]]
    max_total: Decimal


@dataclass
class World:
    org: int
    staff: list[TeamStaff]
    team_weights: list[float]
    director: int
    services: list[tuple[int, str, str, int, int]]  # id, group, unit, min cost, max cost
    agents: list[int]
    agents_by_service: dict[int, list[int]]
    instruments: dict[str, InstrumentInfo]  # "family" / "child"
    calendar: WorkCalendar
    today: date
    now: datetime
    p_open: float
    p_post: float
    surnames: list[str]
    t: Tables
    counts: Counter[str] = field(default_factory=Counter)
    seq: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class CaseInfo:
    id: int
    status: str
    curator: int
    opened: date
    opened_at: datetime
    closed_at: datetime | None
    reason: str = ""


# --- database ------------------------------------------------------------------------------


def prepare_database(reset: bool) -> None:
    """Create (or with ``reset`` re-create) the database DATABASE_URL names."""
    import dj_database_url

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        if reset:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = config["NAME"]
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            print(f"dropping database {name}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            print(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


# --- the organisation ----------------------------------------------------------------------


def build_world(args: argparse.Namespace, rng: random.Random) -> World:
    from kurator.accounts.roles import RoleCode
    from kurator.accounts.services import create_organisation, create_team, create_user
    from kurator.assessments.models import Instrument
    from kurator.network.models import ResourceAgent, Service

    today: date = args.today
    org = create_organisation(name=ORG_NAME, address="г. Смоленск, ул. Большая Советская, 1")
    tail = make_surname_pool(rng)

    def user(username: str, roles: list[str], team: Any, password: str | None = None) -> int:
        surname = pick_surname(rng, tail)
        if rng.random() < 0.85:  # most of the staff are women
            last, first = female_surname(surname), rng.choice(FEMALE_NAMES)
            middle = rng.choice(MALE_NAMES)[2]
        else:
            last, first, middle = surname, rng.choice(MALE_NAMES)[0], rng.choice(MALE_NAMES)[1]
        return int(
            create_user(
                username=username, password=password, organisation=org, team=team, roles=roles,
                last_name=last, first_name=first, middle_name=middle,
            ).pk
        )  # fmt: skip

    director = user("bench_director", [RoleCode.PROGRAMME_DIRECTOR], None, password=args.password)
    user("bench_quality", [RoleCode.QUALITY_OFFICER], None)
    staff: list[TeamStaff] = []
    for t, (name, _weight) in enumerate(TEAMS, start=1):
        team = create_team(organisation=org, name=name, office_address=f"г. {name}")
        staff.append(
            TeamStaff(
                team=team.pk,
                name=name,
                head=user(f"bench_head_{t}", [RoleCode.TEAM_HEAD], team, password=args.password),
                senior=user(f"bench_senior_{t}", [RoleCode.SENIOR_CURATOR], team),
                intake=user(f"bench_intake_{t}", [RoleCode.INTAKE_OPERATOR], team),
                curators=[
                    user(
                        f"bench_curator_{t}_{c:02d}",
                        [RoleCode.CURATOR],
                        team,
                        password=args.password if c == 1 else None,
                    )
                    for c in range(1, CURATORS_PER_TEAM + 1)
                ],
                psychologists=[
                    user(f"bench_psychologist_{t}_{p}", [RoleCode.PSYCHOLOGIST], team)
                    for p in (1, 2)
                ],
            )
        )
    services = []
    for group, name, unit, low, high in SERVICES:
        service = Service.objects.create(organisation=org, name=name, group=group, unit=unit)
        services.append((int(service.pk), group, unit, low, high))
    agents = []
    by_service: dict[int, list[int]] = defaultdict(list)
    for i in range(60):
        agent = ResourceAgent.objects.create(
            organisation=org,
            name=f"Агент ресурсной сети №{i + 1}",
            category=weighted(rng, AGENT_CATEGORIES),
            territory=rng.choice(TEAMS)[0],
            vetting="passed" if rng.random() < 0.5 else "not_needed",
        )
        offered = rng.sample([s[0] for s in services], k=rng.randint(1, 4))
        agent.catalogue.set(offered)
        for s in offered:
            by_service[s].append(agent.pk)
        agents.append(int(agent.pk))

    instruments: dict[str, InstrumentInfo] = {}
    for instrument in Instrument.objects.filter(is_active=True).prefetch_related(
        "domains__questions__scale__options", "bands"
    ):
        if instrument.subject in instruments:
            continue
        domains = []
        for domain in instrument.domains.all():
            best = [max(o.score for o in q.scale.options.all()) for q in domain.questions.all()]
            if best:
                domains.append((domain.pk, combine(best, instrument.aggregation)))
        domain_bands: dict[int, list[tuple[Decimal, Decimal, str]]] = defaultdict(list)
        for b in instrument.bands.all():
            if b.domain_id:
                domain_bands[b.domain_id].append((b.min_score, b.max_score, b.label))
        instruments[instrument.subject] = InstrumentInfo(
            instrument=instrument.pk,
            aggregation=instrument.aggregation,
            domains=domains,
            total_bands=[
                (b.min_score, b.max_score, b.label)
                for b in instrument.bands.all()
                if not b.domain_id
            ],
            domain_bands=dict(domain_bands),
            max_total=combine([d[1] for d in domains], instrument.aggregation),
        )

    # Open and post-support cases: ~12 and ~4 per curator whatever the number of families.
    curators = len(TEAMS) * CURATORS_PER_TEAM
    span = (today - START).days
    recent = args.families * min(1.0, 300 / span)
    middle = args.families * min(1.0, 365 / span)
    return World(
        org=org.pk, staff=staff, team_weights=[w for _n, w in TEAMS], director=director,
        services=services, agents=agents, agents_by_service=dict(by_service),
        instruments=instruments,
        calendar=WorkCalendar(START - timedelta(days=400), today + timedelta(days=400)),
        today=today, now=moment(today, rng, 10, 11),
        p_open=min(1.0, curators * OPEN_PER_CURATOR / max(recent, 1)),
        p_post=min(1.0, curators * POST_SUPPORT_PER_CURATOR / max(middle, 1)),
        surnames=tail, t=Tables(),
    )  # fmt: skip


def combine(values: list[Decimal], aggregation: str) -> Decimal:
    """The instrument's rule (kurator.assessments.scoring): a sum, or a mean to 2 decimals."""
    if aggregation == "mean":
        return (sum(values, Decimal(0)) / len(values)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return sum(values, Decimal(0))


# --- one chunk of families -----------------------------------------------------------------


def build_family(world: World, rng: random.Random) -> None:
    from kurator.people.names import normalize_name

    t, today, org = world.t, world.today, world.org
    ts = rng.choices(world.staff, weights=world.team_weights)[0]
    surname = pick_surname(rng, world.surnames)
    span = (today - timedelta(days=4) - START).days
    received_day = START + timedelta(days=rng.randrange(span))
    received = moment(received_day, rng, 8, 20)
    distance = Decimal(str(round(min(rng.expovariate(1 / 45), 220), 1)))
    name = female_surname(surname) + "ы" if surname.endswith(("ов", "ев", "ёв", "ин")) else surname
    street = rng.choice(["Ленина", "Мира", "Садовая", "Лесная", "Школьная"])
    address = f"{ts.name}, ул. {street}, {rng.randint(1, 120)}"
    family = t.Family.add(
        organisation_id=org, team_id=ts.team, name=name, address=address,
        distance_km=distance, notes="", created_at=received, created_by_id=ts.intake,
        search_name=normalize_name(name), search_address=normalize_name(address),
    )  # fmt: skip

    def person(last: str, first: str, middle: str, sex: str, birth: date, role: str) -> int:
        pk = t.Person.add(
            organisation_id=org, last_name=last, first_name=first, middle_name=middle,
            birth_date=birth, sex=sex, phones="", address="", notes="", created_at=received,
            search_last=normalize_name(last), search_first=normalize_name(first),
            search_middle=normalize_name(middle),
        )  # fmt: skip
        t.FamilyMembership.add(family_id=family, person_id=pk, role=role)
        return pk

    # The mother, often the father, one to five children.
    father_first, patr_m, patr_f = rng.choice(MALE_NAMES)
    mother_birth = received_day - timedelta(days=rng.randint(20 * 365, 45 * 365))
    adults = [
        person(
            female_surname(surname), rng.choice(FEMALE_NAMES), rng.choice(MALE_NAMES)[2], "F",
            mother_birth, "parent",
        )
    ]  # fmt: skip
    if rng.random() < 0.55:
        father_birth = mother_birth - timedelta(days=rng.randint(-700, 2500))
        adults.append(
            person(surname, father_first, rng.choice(MALE_NAMES)[1], "M", father_birth, "parent")
        )
    children = []
    earliest = max(mother_birth + timedelta(days=18 * 365), received_day - timedelta(days=6000))
    for _c in range(weighted(rng, [(1, 30), (2, 32), (3, 22), (4, 11), (5, 5)])):
        if earliest >= received_day:
            break
        birth = earliest + timedelta(days=rng.randrange((received_day - earliest).days))
        if rng.random() < 0.5:
            children.append(person(surname, rng.choice(MALE_NAMES)[0], patr_m, "M", birth, "child"))
        else:
            children.append(
                person(
                    female_surname(surname), rng.choice(FEMALE_NAMES), patr_f, "F", birth, "child"
                )
            )

    # Refused / redirected signals about the family before it was taken in (some), and
    # one-off help given without a case.
    if rng.random() < 0.22:
        earlier = received_day - timedelta(days=rng.randint(20, 200))
        if earlier >= START:
            outcome = weighted(rng, [("refuse", 60), ("redirect", 40)])
            signal, decided_at, _curator = make_signal(
                world, rng, ts, family, name, moment(earlier, rng, 8, 20), outcome=outcome
            )
            if decided_at is not None and rng.random() < 0.3:
                t.OneOffHelp.add(
                    organisation_id=org, family_id=family, signal_id=signal,
                    given_on=local_day(decided_at), description="Продуктовый набор",
                    given_by_id=ts.senior, converted_to_id=None, created_at=decided_at,
                )  # fmt: skip

    # The signal that opened the case, or one still in the pipeline (the last ten days).
    age_days = (today - received_day).days
    if age_days <= 10 and rng.random() < 0.6:
        stage = "new" if age_days <= 1 else rng.choice(["team_assigned", "visited"])
        make_signal(world, rng, ts, family, name, received, outcome=stage)
        return
    signal, decided_at, curator = make_signal(
        world, rng, ts, family, name, received, outcome="accept"
    )
    if decided_at is None:
        return
    case = make_case(
        world, rng, ts, family, signal, decided_at, curator, adults, children, distance, None
    )
    # One family in ten comes back after its case was closed: a re-opened case.
    if case.status == "closed" and case.closed_at and rng.random() < 0.10:
        again = local_day(case.closed_at) + timedelta(days=rng.randint(30, 300))
        if again < today - timedelta(days=5):
            signal2, decided2, curator2 = make_signal(
                world, rng, ts, family, name, moment(again, rng, 8, 20), outcome="accept"
            )
            if decided2 is not None:
                make_case(
                    world, rng, ts, family, signal2, decided2, curator2, adults, children,
                    distance, case,
                )  # fmt: skip


def make_signal(
    world: World,
    rng: random.Random,
    ts: TeamStaff,
    family: int,
    family_name: str,
    received: datetime,
    *,
    outcome: str,
) -> tuple[int, datetime | None, int]:
    """A signal with its deadlines and, as far as it got by now, the first-visit team, the
    visit with its report and the decision. ``outcome``: accept / refuse / redirect, or the
    pipeline status to stop at (new, team_assigned, visited). Returns the signal's id, the
    moment of the decision (None while undecided) and the future curator."""
    t, cal, now = world.t, world.calendar, world.now
    team_due, visit_due = cal.add(received, 1), cal.add(received, 3)
    status, visit, decision = "new", None, None
    report_due = decision_due = None
    curator = rng.choice(ts.curators)
    assigned_day = cal.add(received, 0 if rng.random() < 0.55 else 1)
    if rng.random() < 0.08:  # named late
        assigned_day = cal.add(received, rng.randint(2, 4))
    assigned_at = max(moment(assigned_day, rng, 9, 18), received)
    decided_at = None
    while outcome != "new" and assigned_at <= now:
        status = "team_assigned"
        visit = {
            "future_curator_id": curator, "psychologist_id": rng.choice(ts.psychologists),
            "planned_date": visit_due, "assigned_by_id": ts.senior, "assigned_at": assigned_at,
            "visited_at": None, "report": "", "report_submitted_at": None,
        }  # fmt: skip
        if outcome == "team_assigned":
            break
        late = rng.random() < 0.14
        visit_day = cal.add(visit_due, rng.randint(1, 5)) if late else visit_due
        if not late and rng.random() < 0.4:
            visit_day = max(assigned_day, cal.add(received, rng.randint(1, 2)))
        visited_at = max(moment(visit_day, rng, 10, 17), assigned_at)
        if visited_at > now:
            break
        status = "visited"
        visit["visited_at"] = visited_at
        report_due = visited_at + timedelta(hours=24)
        decision_due = cal.add(report_due, 3)
        hours = rng.uniform(2, 22) if rng.random() < 0.9 else rng.uniform(25, 72)
        reported_at = visited_at + timedelta(hours=hours)
        if reported_at > now:
            break
        visit["report_submitted_at"] = reported_at
        visit["report"] = "Отчёт о первичном выезде."
        decision_due = cal.add(reported_at, 3)
        if outcome == "visited":
            break
        decision_day = cal.add(reported_at, rng.choice([0, 1, 1, 2, 2, 3]))
        if rng.random() < 0.07:  # decided late
            decision_day = cal.add(decision_due, rng.randint(1, 6))
        moment_ = max(moment(decision_day, rng, 10, 19), reported_at)
        if moment_ > now - timedelta(hours=12):
            break
        decided_at = moment_
        status = {"accept": "accepted", "refuse": "refused", "redirect": "redirected"}[outcome]
        decision = {
            "decision": outcome, "reason": "Решение консилиума.", "level": "senior_curator",
            "decided_by_id": ts.senior, "decided_at": decided_at,
        }  # fmt: skip
        break
    source = weighted(rng, SOURCES)
    signal = t.Signal.add(
        organisation_id=world.org, team_id=ts.team, received_at=received,
        channel=weighted(rng, CHANNELS), source=source,
        reporter_name="" if source == "anonymous" else "Сообщивший", reporter_contact="",
        description="Семья в трудной жизненной ситуации: " + rng.choice(PROBLEMS),
        family_id=family, urgent=rng.random() < 0.08, subject_last_name=family_name,
        subject_first_name="", subject_middle_name="", subject_birth_date=None, address="",
        decision_level="senior_curator", status=status, team_due=team_due, visit_due=visit_due,
        report_due=report_due, decision_due=decision_due, created_by_id=ts.intake,
        created_at=received,
    )  # fmt: skip
    if visit is not None:
        t.FirstVisit.add(signal_id=signal, **visit)
    if decision is not None:
        t.TakeInDecision.add(signal_id=signal, **decision)
    world.counts[f"signal:{status}"] += 1
    return signal, decided_at, curator


def make_case(
    world: World,
    rng: random.Random,
    ts: TeamStaff,
    family: int,
    signal: int,
    decided_at: datetime,
    future_curator: int,
    adults: list[int],
    children: list[int],
    distance: Decimal,
    previous: CaseInfo | None,
) -> CaseInfo:
    t, today, cal = world.t, world.today, world.calendar
    opened_at = decided_at + timedelta(minutes=rng.randint(5, 600))
    opened = local_day(opened_at)
    age = (today - opened).days

    # Status: ~12 open and ~4 in post-support per curator; the rest closed.
    if age <= 300 and rng.random() < world.p_open * (1.6 if age < 150 else 0.4):
        status = "open"
    elif 60 < age <= 425 and rng.random() < world.p_post:
        status = "post_support"
    else:
        status = "closed"
    closed_at = None
    if status != "open":
        months = weighted(
            rng, [(1, 5), (2, 6), (4, 15), (6, 22), (9, 22), (12, 16), (18, 9), (24, 5)]
        )
        closed_day = opened + timedelta(days=max(int(months * 30.4) + rng.randint(-12, 12), 14))
        latest = today - timedelta(days=2 if status == "closed" else 45)
        if closed_day > latest:
            closed_day = opened + timedelta(days=rng.randint(14, max(15, (latest - opened).days)))
            closed_day = min(closed_day, latest)
        if closed_day <= opened:
            closed_day = opened + timedelta(days=1)
        if closed_day >= today:
            status = "open"
        else:
            closed_at = moment(closed_day, rng, 10, 18)
    if status == "open":
        curator = ts.curators[ts.next_open % len(ts.curators)]
        ts.next_open += 1
    elif status == "post_support":
        curator = ts.curators[ts.next_post % len(ts.curators)]
        ts.next_post += 1
    else:
        curator = future_curator
    end = local_day(closed_at) if closed_at else today

    # Complexity: five criteria of 1–3 points.
    d_points = 1 if distance <= 80 else 2 if distance <= 110 else 3
    points = [rng.choices([1, 2, 3], weights=[40, 40, 20])[0] for _ in range(4)]
    score = d_points + sum(points)
    level = "low" if score <= 7 else "medium" if score <= 12 else "high"
    case_id = t.Case.add(
        organisation_id=world.org, team_id=ts.team, family_id=family, signal_id=signal,
        previous_case_id=previous.id if previous else None, curator_id=curator, status=status,
        scenario=weighted(rng, SCENARIOS), target_group=weighted(rng, TARGET_GROUPS),
        opened_at=opened_at, folder_due=cal.add(opened, 3), plan_due=opened + timedelta(days=45),
        closed_at=closed_at, complexity_score=score, complexity_level=level,
    )  # fmt: skip
    case = CaseInfo(case_id, status, curator, opened, opened_at, closed_at)
    world.counts[f"case:{status}"] += 1
    t.ComplexityAssessment.add(
        case_id=case_id, distance_km=distance, distance_points=d_points,
        guardianship_tension=points[0], resource_deficit=points[1], removal_risk=points[2],
        substance_use=points[3], score=score, level=level,
        scored_at=opened_at + timedelta(days=rng.randint(1, 10)), scored_by_id=curator,
    )  # fmt: skip
    # The electronic case folder (a task done by working day 3, some late).
    folder_done = cal.add(opened, rng.choice([1, 2, 2, 3, 3, 3]) if rng.random() < 0.9 else 6)
    folder_at = moment(min(folder_done, end), rng) if folder_done <= end else None
    t.Task.add(
        organisation_id=world.org, key=f"case_folder:{case_id}", source=f"cases.case:{case_id}",
        kind="case_folder", title="Электронная папка случая", user_id=curator, case_id=case_id,
        team_id=ts.team, due_on=cal.add(opened, 3), url="", status="done" if folder_at else "open",
        created_at=opened_at, updated_at=folder_at or opened_at, completed_at=folder_at,
        completed_by_id=curator if folder_at else None,
    )  # fmt: skip

    if closed_at is not None:
        case.reason = weighted(rng, CLOSURE_REASONS)
        t.CaseClosure.add(
            case_id=case_id, reason=case.reason,
            criteria={"removal_risk_minimal": case.reason == "goals_met"},
            consilium_decision="Закрыть случай.", exit_diagnostics="", family_feedback="",
            post_support=status == "post_support",
            post_support_frequency_days=30 if status == "post_support" else None,
            closed_by_id=ts.head, closed_at=closed_at,
        )  # fmt: skip
        if status == "post_support":
            day = local_day(closed_at) + timedelta(days=30)
            while day < today:
                t.PostSupportContact.add(
                    case_id=case_id, contact_date=day, summary="Семья справляется.",
                    seasonal_help="", situation_worsened=rng.random() < 0.05,
                    next_contact_due=day + timedelta(days=30), recorded_by_id=curator,
                    recorded_at=moment(day, rng),
                )  # fmt: skip
                day += timedelta(days=30)

    # Consents of the parents (a few open cases miss one).
    if previous is None and not (status == "open" and rng.random() < 0.04):
        for adult in adults:
            t.Consent.add(
                person_id=adult, organisation_id=world.org, purpose="case_work",
                purpose_other="", scope="ФИО, адрес, сведения о семье — для оказания помощи",
                given_on=opened, recorded_by_id=curator, recorded_at=opened_at,
                withdrawal_reason="",
            )  # fmt: skip

    make_plan(world, rng, ts, case, end, adults)
    make_contacts(world, rng, ts, case, end)
    make_deliveries(world, rng, ts, case, end, adults, children)
    if previous is None:
        make_register(world, rng, ts, case, family, children)
    make_assessments(world, rng, case, family, children)
    return case


def make_plan(
    world: World, rng: random.Random, ts: TeamStaff, case: CaseInfo, end: date, adults: list[int]
) -> None:
    t, today, curator = world.t, world.today, case.curator
    if (end - case.opened).days < 20:
        return
    created = case.opened + timedelta(days=rng.randint(7, 35))
    if created >= end:
        return
    agreed: date | None = created + timedelta(
        days=rng.randint(0, 12) if rng.random() < 0.85 else rng.randint(25, 60)
    )
    if agreed and agreed >= min(today, end + timedelta(days=1)):
        agreed = None
    # Versions: a quarterly review revises the plan now and then.
    starts = [created]
    day = created + timedelta(days=90)
    while day < end and len(starts) < 4:
        if rng.random() < 0.45:
            starts.append(day)
        day += timedelta(days=90)
    plan_id = t.Plan.next_id
    first_version = t.PlanVersion.next_id
    t.Plan.add(
        case_id=case.id, current_version_id=first_version + len(starts) - 1, agreed_on=agreed,
        created_by_id=curator, created_at=moment(created, rng),
    )  # fmt: skip
    for number, v_start in enumerate(starts, start=1):
        v_end = starts[number] if number < len(starts) else end
        current = number == len(starts)
        v_agreed = v_start + timedelta(days=rng.randint(0, 10))
        is_agreed = agreed is not None and v_agreed < today
        version = t.PlanVersion.add(
            plan_id=plan_id, number=number,
            reason="" if number == 1 else "Ежеквартальный пересмотр", created_by_id=curator,
            created_at=moment(v_start, rng),
            agreed_with_family_on=v_agreed if is_agreed else None,
            agreed_recorded_by_id=curator if is_agreed else None,
            approved_by_id=ts.head if is_agreed else None,
            approved_at=moment(v_agreed, rng) if is_agreed else None,
        )  # fmt: skip
        goals = [
            t.Goal.add(version_id=version, position=i + 1, text=text)
            for i, text in enumerate(rng.sample(GOALS, k=rng.randint(2, 3)))
        ]
        length = max((v_end - v_start).days, 14)
        n_actions = max(3, min(14, length // 18))
        for i in range(n_actions):
            due = v_start + timedelta(days=int((i + 1) * length / n_actions))
            kind = weighted(
                rng, [("staff", 50), ("family", 30), ("agent", 14), ("organisation", 6)]
            )
            agent = rng.choice(world.agents) if kind == "agent" else None
            done_on, result, status = None, "", "planned"
            if due < today:
                roll = rng.random()
                if roll < 0.82 or not current:
                    status = "done" if roll < 0.9 else "cancelled"
                    if status == "done":
                        done_on = min(due + timedelta(days=rng.randint(-6, 4)), today)
                        result = "Выполнено."
                else:
                    status = "not_done" if roll < 0.88 else "in_progress"
            text = rng.choice(ACTIONS)
            action = t.PlanAction.add(
                version_id=version, goal_id=goals[i % len(goals)], position=i + 1, text=text,
                responsible_kind=kind, responsible_user_id=curator if kind == "staff" else None,
                responsible_person_id=adults[0] if kind == "family" else None,
                responsible_agent_id=agent,
                responsible_other="Центр занятости" if kind == "organisation" else "",
                due_on=due, status=status, result=result, done_on=done_on,
            )  # fmt: skip
            if agent is not None and status != "planned":
                t.Referral.add(
                    organisation_id=world.org, case_id=case.id, agent_id=agent, service_id=None,
                    plan_action_id=action, need=text, due_on=due,
                    status={"done": "done", "not_done": "failed", "cancelled": "declined"}.get(
                        status, "in_progress"
                    ),
                    created_by_id=curator, created_at=moment(due - timedelta(days=14), rng),
                    sent_at=moment(due - timedelta(days=13), rng), feedback="",
                )  # fmt: skip
            # Open tasks of open cases (the curator's «overdue» and «this week»).
            open_step = status in ("planned", "in_progress") and kind == "staff"
            if case.status == "open" and current and open_step and (due - today).days <= 21:
                t.Task.add(
                    organisation_id=world.org, key=f"plan_action:{action}", source="",
                    kind="plan_action", title=text, user_id=curator, case_id=case.id,
                    team_id=ts.team, due_on=due, url="", status="open",
                    created_at=moment(v_start, rng), updated_at=moment(v_start, rng),
                )  # fmt: skip


def make_contacts(
    world: World, rng: random.Random, ts: TeamStaff, case: CaseInfo, end: date
) -> None:
    t = world.t
    day = case.opened + timedelta(days=rng.randint(3, 12))
    while day <= end and day <= world.today:
        kind = weighted(rng, [("home_visit", 55), ("call", 30), ("office", 10), ("message", 5)])
        contact = t.Contact.add(
            case_id=case.id, kind=kind, happened_on=day, notes="Обсудили выполнение плана.",
            moved_plan=rng.random() < 0.6, recorded_by_id=case.curator,
            recorded_at=moment(day, rng, 17, 20),
        )  # fmt: skip
        t.Contact_staff.add(contact_id=contact, user_id=case.curator)
        if kind == "home_visit" and rng.random() < 0.3:
            t.Contact_staff.add(contact_id=contact, user_id=rng.choice(ts.psychologists))
        day += timedelta(days=rng.randint(12, 40))


def make_deliveries(
    world: World,
    rng: random.Random,
    ts: TeamStaff,
    case: CaseInfo,
    end: date,
    adults: list[int],
    children: list[int],
) -> None:
    t = world.t
    span = max((min(end, world.today) - case.opened).days, 1)
    n = min(12, max(1, int(rng.expovariate(1 / 4)) + span // 120))
    expensive = rng.random() < 0.02  # above the cost norm, granted by the team head
    for _ in range(n):
        service, group, unit, low, high = rng.choice(world.services)
        day = case.opened + timedelta(days=rng.randrange(span))
        quantity = Decimal(rng.choice([1, 1, 1, 2, 3, 5, 10]) if unit != "работа" else 1)
        unit_cost = money(rng.uniform(low, high) * (8 if expensive else 1))
        agents = world.agents_by_service.get(service)
        provider = weighted(rng, [("staff", 55), ("agent", 30 if agents else 0), ("volunteer", 15)])
        delivery = t.Delivery.add(
            organisation_id=world.org, case_id=case.id, service_id=service, delivered_on=day,
            quantity=quantity, unit_cost=unit_cost, total=money(float(quantity * unit_cost)),
            provider=provider,
            agent_id=rng.choice(agents) if provider == "agent" and agents else None,
            funding=weighted(rng, FUNDING), cost_kind="aid" if group in AID_GROUPS else "staff",
            referral_id=None, note="", approval="granted" if expensive else "approved",
            decided_by_id=ts.head if expensive else None,
            decided_at=moment(day, rng) if expensive else None, decision_note="", act_id=None,
            created_by_id=case.curator, created_at=moment(day, rng),
        )  # fmt: skip
        recipients = adults[:1] + ([rng.choice(children)] if children else [])
        for person in recipients[: rng.randint(1, len(recipients))]:
            t.Delivery_persons.add(delivery_id=delivery, person_id=person)


def make_register(
    world: World,
    rng: random.Random,
    ts: TeamStaff,
    case: CaseInfo,
    family: int,
    children: list[int],
) -> None:
    """One first case in ten: the family on the register of families in a socially
    dangerous position; removed when the case closes (situation improved, deprivation of
    parental rights, other); some of its children left a shelter."""
    t, today = world.t, world.today
    if rng.random() >= 0.10:
        return
    registered = case.opened + timedelta(days=rng.randint(0, 40))
    if registered >= today:
        return
    commission = f"КДНиЗП г. {ts.name}"
    world.seq["resolution"] += 1
    resolution = t.CommissionResolution.add(
        organisation_id=world.org, case_id=case.id, commission=commission,
        number=f"{world.seq['resolution']}/{registered.year}", resolution_date=registered,
        decision="register", plan_ordered="Индивидуальная программа реабилитации",
        plan_due=registered + timedelta(days=180), notes="", recorded_by_id=case.curator,
        recorded_at=moment(registered, rng),
    )  # fmt: skip
    removed = reason = None
    removal_resolution = None
    if case.closed_at is not None:
        removed = max(local_day(case.closed_at) + timedelta(days=rng.randint(-20, 20)), registered)
        if removed < today:
            if case.reason == "contract_broken" or rng.random() < 0.07:
                reason = "deprivation"
            elif case.reason in ("goals_met", "child_came_of_age") or rng.random() < 0.5:
                reason = "improved"
            else:
                reason = "other"
            world.seq["resolution"] += 1
            removal_resolution = t.CommissionResolution.add(
                organisation_id=world.org, case_id=case.id, commission=commission,
                number=f"{world.seq['resolution']}/{removed.year}", resolution_date=removed,
                decision="remove", plan_ordered="", notes="", recorded_by_id=case.curator,
                recorded_at=moment(removed, rng),
            )  # fmt: skip
        else:
            removed = None
    t.RegisterEntry.add(
        organisation_id=world.org, family_id=family, case_id=case.id, registered_on=registered,
        resolution_id=resolution, removed_on=removed, removal_reason=reason or "",
        removal_note="", removal_resolution_id=removal_resolution,
        registered_by_id=case.curator, removed_by_id=case.curator if removed else None,
    )  # fmt: skip
    if children and rng.random() < 0.35:
        left = registered + timedelta(days=rng.randint(10, 200))
        if left < today:
            t.ShelterExit.add(
                organisation_id=world.org, team_id=ts.team, child_id=rng.choice(children),
                family_id=family, shelter=rng.choice(SHELTERS), left_on=left,
                destination=weighted(rng, DESTINATIONS_REGISTERED), note="",
                recorded_by_id=case.curator, recorded_at=moment(left, rng),
            )  # fmt: skip


def make_assessments(
    world: World, rng: random.Random, case: CaseInfo, family: int, children: list[int]
) -> None:
    t, today = world.t, world.today
    improves = rng.random() < 0.7
    base = rng.uniform(0.35, 0.6)

    def assess(subject: str, kind: str, day: date, level: float, person: int | None) -> None:
        info = world.instruments.get(subject)
        if info is None or day >= today:
            return
        assessment = t.Assessment.next_id
        scores = []
        for domain, best in info.domains:
            share = min(1.0, max(0.25, level + rng.uniform(-0.1, 0.1)))
            value = (best * Decimal(str(round(share, 2)))).quantize(Decimal("0.01"))
            scores.append(value)
            bands = info.domain_bands.get(domain, ())
            t.DomainScore.add(
                assessment_id=assessment, domain_id=domain, score=value, max_score=best,
                band_label=next((lbl for lo, hi, lbl in bands if lo <= value <= hi), ""),
            )  # fmt: skip
        total = combine(scores, info.aggregation)
        t.Assessment.add(
            case_id=case.id, family_id=family, person_id=person, instrument_id=info.instrument,
            kind=kind, assessed_on=day, total_score=total, max_total=info.max_total,
            band_label=next((lbl for lo, hi, lbl in info.total_bands if lo <= total <= hi), ""),
            note="", created_at=moment(day, rng), created_by_id=case.curator,
        )  # fmt: skip

    if rng.random() >= 0.92:
        return
    entry_day = case.opened + timedelta(days=rng.randint(3, 20))
    exit_day = local_day(case.closed_at) - timedelta(days=1) if case.closed_at else None
    assess("family", "entry", entry_day, base, None)
    if children and rng.random() < 0.5:
        child = rng.choice(children)
        assess("child", "entry", entry_day, base + 0.05, child)
        if exit_day and exit_day > entry_day:
            assess("child", "exit", exit_day, base + (0.3 if improves else 0.0), child)
    if rng.random() < 0.3 and (exit_day is None or exit_day > entry_day + timedelta(days=90)):
        assess("family", "periodic", entry_day + timedelta(days=90), base + 0.1, None)
    if exit_day and exit_day > entry_day and rng.random() < 0.85:
        gain = rng.uniform(0.15, 0.4) if improves else rng.uniform(-0.1, 0.05)
        assess("family", "exit", exit_day, base + gain, None)


# --- the organisation's records --------------------------------------------------------------


def build_org_records(world: World, rng: random.Random, families: int) -> None:
    """Training, supervision and leave of every specialist; complaints and suggestions;
    children leaving shelters who were never in one of the organisation's cases."""
    from kurator.cases.models import Case

    t, today = world.t, world.today
    for year in range(START.year, today.year + 1):
        last = date(year, 12, 31) if year < today.year else today
        for ts in world.staff:
            for specialist in [ts.head, ts.senior, *ts.curators, *ts.psychologists]:
                planned = (
                    [("training", rng.choice([2, 4, 6, 8]), "Повышение квалификации")]
                    * rng.randint(1, 5)
                    + [("supervision", 1, "Групповая супервизия")] * rng.randint(0, 4)
                    + [("leave", rng.choice([7, 14, 14, 21]), "Ежегодный отпуск")]
                    * rng.randint(1, 2)
                )
                for kind, amount, note in planned:
                    months = (5, 9) if kind == "leave" else (1, 12)
                    day = date(year, rng.randint(*months), rng.randint(1, 28))
                    if day <= last:
                        t.StaffNormEntry.add(
                            organisation_id=world.org, specialist_id=specialist, kind=kind,
                            started_on=day, amount=Decimal(amount), note=note,
                            recorded_by_id=ts.head, recorded_at=moment(day, rng),
                        )  # fmt: skip

    # Complaints and suggestions: about one per 150 cases, answered in days or weeks.
    span = (today - START).days
    cases = Case.objects.filter(organisation_id=world.org).order_by("pk")
    for case_id, team_id in cases.values_list("pk", "team_id")[::150]:
        received = START + timedelta(days=rng.randrange(span))
        answered = received + timedelta(days=rng.choice([1, 2, 3, 5, 7, 10, 14, 30]))
        done = answered < today
        t.Appeal.add(
            organisation_id=world.org, team_id=team_id, case_id=case_id,
            kind="complaint" if rng.random() < 0.6 else "suggestion", received_on=received,
            author="Член семьи", text="Обращение о работе куратора.",
            answered_on=answered if done else None, answer="Ответ дан." if done else "",
            answered_by_id=world.director if done else None, recorded_by_id=world.director,
            recorded_at=moment(received, rng),
        )  # fmt: skip

    for _ in range(families // 40):
        ts = rng.choices(world.staff, weights=world.team_weights)[0]
        left = START + timedelta(days=rng.randrange(span))
        t.ShelterExit.add(
            organisation_id=world.org, team_id=ts.team, child_id=None, family_id=None,
            shelter=rng.choice(SHELTERS), left_on=left,
            destination=weighted(rng, DESTINATIONS_OTHER), note="", recorded_by_id=ts.head,
            recorded_at=moment(left, rng),
        )  # fmt: skip


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    global START  # one run, one period
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--since",
        type=date.fromisoformat,
        default=START,
        help="the first signal, YYYY-MM-DD (default 2025-01-01: every family in 2025–2026)",
    )
    parser.add_argument("--reset", action="store_true", help="drop and re-create the database")
    parser.add_argument(
        "--check-foreign-keys",
        action="store_true",
        help="PostgreSQL: keep the foreign-key checks on while loading (slower)",
    )
    parser.add_argument(
        "--password",
        default="bench-password",
        help="password of bench_director, bench_head_N and bench_curator_N_01",
    )
    args = parser.parse_args()
    START = args.since
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (e.g. postgres://kurator:kurator@127.0.0.1:54329/kurator_bench)")
    os.environ.setdefault("KURATOR_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurator.settings")
    prepare_database(args.reset)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    settings.DEBUG = False  # no query log
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    from kurator.accounts.models import Organisation

    if Organisation.objects.filter(name=ORG_NAME).exists():
        sys.exit(f"{ORG_NAME} is already in this database; --reset to build it again")
    args.today = args.today or timezone.localdate()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with transaction.atomic():
        world = build_world(args, rng)
    if connection.vendor == "postgresql" and not args.check_foreign_keys:
        # The foreign-key triggers off while loading (the rows' ids are given here and a
        # run with --check-foreign-keys proves them): a third of the time otherwise.
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    print(f"organisation: {len(world.staff)} teams, today {args.today}", flush=True)
    done = 0
    while done < args.families:
        count = min(CHUNK, args.families - done)
        with transaction.atomic():
            for _ in range(count):
                build_family(world, rng)
            world.t.flush()
        done += count
        if done % (CHUNK * 10) == 0 or done == args.families:
            elapsed = time.perf_counter() - started
            eta = elapsed / done * (args.families - done)
            print(f"  {done:>7} families  {elapsed:7.1f} s  (~{eta:.0f} s to go)", flush=True)
    with transaction.atomic():
        build_org_records(world, rng, args.families)
        world.t.flush()
        world.t.reset_sequences()
    generated = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    print("analysing …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    total = time.perf_counter() - started
    print("rows:")
    for name, table in world.t.tables.items():
        print(f"  {name:<22} {table.written:>10}")
    for key, value in sorted(world.counts.items()):
        print(f"  {key:<22} {value:>10}")
    print(
        f"{connection.vendor}: {args.families} families generated in {generated:.1f} s "
        f"({total:.1f} s with VACUUM ANALYZE)"
    )


if __name__ == "__main__":
    main()
