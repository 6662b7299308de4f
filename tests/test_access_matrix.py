"""The authorization matrix: every role × every kind of record × every HTML and API endpoint,
generated from the URLconf (style.md #8; issue 4, «Proof»).

The world — one organisation, team «Смоленск»: the secret family «Засекречиновы» with a child,
the signal it came in with, an open emergency case (a step, a document, a co-worker, a share
for supervision); a family of the intake pool with one-off help; a new signal no first-visit
team is named for; a refused signal with its informed refusal. The cast — one user of every
role, a curator of the same team who does not work on the case, the co-worker, a supervisor
the case is shared with and one it is not, and the outsiders: another team's curator, another
organisation's team head and director, the anonymous visitor.

Every named URL has a ``Rule``: the record it addresses (None for lists and forms), what its
GET and POST need, which methods it takes. The expected status of every (role, URL) follows
from two tables — who sees which record (``VISIBLE``: issue 4's scopes written out) and the
role's permissions (``kurator.accounts.permissions``):

- out of scope → 404, never 403 (and never the family's name in the body);
- in scope, without the permission → 403;
- in scope, with it → the rule's status (200, or 302 where the record's state redirects);
- a method the URL does not take → 405, which reveals nothing;
- anonymous → 302 to the login page (HTML) or 401 (API).

Every URL that takes POST is posted to by each role out of scope (404) and each role in scope
without the permission (403), and the database must be unchanged afterwards. A supervisor's
case pages and API answers never contain the family's surname. ``test_every_named_url_has_a_rule``
fails when an endpoint is added without a rule, so none ships unchecked. Every GET that
answers 200 with a record (and every list of a role that may read people's data) must have
written its read-log row with a scope (``_check_read_logged``).

The figure — endpoints × roles checked — is printed by ``test_the_matrix_figure`` (run with
``-s``); at the time of writing: 104 endpoints × 18 roles (17 and anonymous) = 1872 GET
checks, plus 920 refused POSTs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.audit.models import ReadLogEntry
from kurator.audit.services import DATA_PERMISSIONS
from kurator.cases import lifecycle
from kurator.cases.models import Case
from kurator.cases.services import open_case
from kurator.cases.supervision import add_case_member, share_case_for_supervision
from kurator.cases.tests.factories import make_accepted_signal, make_refused_signal, make_signal
from kurator.core.testing import (
    make_family,
    make_organisation,
    make_person,
    make_team,
    make_user,
)
from kurator.documents.services import upload_document
from kurator.documents.tests.files import upload
from kurator.people import privacy, privacy_retention
from kurator.people.models import DestructionClock

SECRET_FAMILY = "Засекречиновы"
SECRET_SURNAME = "Засекречинова"
# The stem every form of the surname starts with: a supervisor must never see it.
SECRET_STEM = "Засекречинов"

# --- the cast --------------------------------------------------------------------------------

CURATOR = "curator of the case"
PSYCHOLOGIST = "psychologist of the first visit"
CO_WORKER = "specialist attached as co-worker"
COLLEAGUE = "curator of the team, not on the case"
SENIOR = "senior curator"
HEAD = "team head"
INTAKE = "intake operator"
DIRECTOR = "programme director"
QUALITY = "quality officer"
OPERATIONS = "operations manager"
SUPERVISOR = "supervisor the case is shared with"
OTHER_SUPERVISOR = "supervisor of no share"
AGENT = "resource-network agent"
ADMINISTRATOR = "administrator"
OTHER_TEAM = "curator of another team"
OTHER_ORG_HEAD = "team head of another organisation"
OTHER_ORG_DIRECTOR = "programme director of another organisation"
ANONYMOUS = "anonymous"

ROLES = [
    CURATOR,
    PSYCHOLOGIST,
    CO_WORKER,
    COLLEAGUE,
    SENIOR,
    HEAD,
    INTAKE,
    DIRECTOR,
    QUALITY,
    OPERATIONS,
    SUPERVISOR,
    OTHER_SUPERVISOR,
    AGENT,
    ADMINISTRATOR,
    OTHER_TEAM,
    OTHER_ORG_HEAD,
    OTHER_ORG_DIRECTOR,
    ANONYMOUS,
]

# --- who sees which record: issue 4's scopes, written out -----------------------------------

# The case: its curator, the first-visit team, a co-worker; the team's senior curator and
# head; the organisation's director, quality officer and operations manager.
CASE_SCOPE = frozenset(
    {CURATOR, PSYCHOLOGIST, CO_WORKER, SENIOR, HEAD, DIRECTOR, QUALITY, OPERATIONS}
)
# Team staff who work on cases: each sees the intake pool and the journal's new signals.
TEAM_WORKERS = frozenset({CURATOR, PSYCHOLOGIST, CO_WORKER, COLLEAGUE})
TEAM_JOURNAL = frozenset({SENIOR, HEAD, INTAKE})

VISIBLE: dict[str, frozenset[str]] = {
    "case": CASE_SCOPE,
    # The case page and the case and timeline API, which a share opens, masked.
    "case, supervision pages": CASE_SCOPE | {SUPERVISOR},
    "step": CASE_SCOPE,
    "document": CASE_SCOPE,
    "share": CASE_SCOPE,
    "member": CASE_SCOPE,
    # The intake operator links families to signals: she sees the team's families (but no
    # case contents: her role has no cases.case:read).
    "family": CASE_SCOPE | {INTAKE},
    "person": CASE_SCOPE | {INTAKE},
    # Quality officer and operations manager have no signal journal.
    "signal": (CASE_SCOPE - {QUALITY, OPERATIONS}) | TEAM_JOURNAL,
    "refused_signal": frozenset({CURATOR, PSYCHOLOGIST, DIRECTOR}) | TEAM_JOURNAL,
    # A new signal nobody is assigned to yet: the whole team's journal.
    "new_signal": TEAM_WORKERS | TEAM_JOURNAL | {DIRECTOR},
    # A family with no case and no signal yet (the intake pool), and its one-off help.
    "pool_family": TEAM_WORKERS | TEAM_JOURNAL | {DIRECTOR, QUALITY, OPERATIONS},
    "help": TEAM_WORKERS | TEAM_JOURNAL | {DIRECTOR, QUALITY, OPERATIONS},
    # Consents, subject requests and destruction clocks: whoever sees the person.
    "consent": CASE_SCOPE | {INTAKE},
    "subject_request": CASE_SCOPE | {INTAKE},
    "clock": CASE_SCOPE | {INTAKE},
    # A destruction act: the team head and the programme director only.
    "act": frozenset({HEAD, DIRECTOR}),
}

# --- one rule per named URL ------------------------------------------------------------------

G = frozenset({"GET"})
P = frozenset({"POST"})
GP = frozenset({"GET", "POST"})


@dataclass(frozen=True)
class Rule:
    record: str | None  # key of VISIBLE; None for lists, searches and forms
    perm: str | None  # what a GET needs; None: any signed-in user
    methods: frozenset[str] = G
    post_perm: str | None = None  # what a POST needs (default: ``perm``)
    kwargs: dict[str, str] = field(default_factory=dict)  # url kwarg → world key
    ok: int = 200  # GET in scope with the permission
    only: frozenset[str] | None = None  # a finer rule: of those in scope, only these may

    @property
    def needs_for_post(self) -> str | None:
        return self.post_perm or self.perm


def on(record: str, perm: str | None, methods: frozenset[str] = G, **extra: Any) -> Rule:
    """A URL whose only kwarg is ``pk`` of ``record``."""
    key = "case" if record == "case, supervision pages" else record
    kwargs = extra.pop("kwargs", None) or {"pk": key}
    return Rule(record=record, perm=perm, methods=methods, kwargs=kwargs, **extra)


def listing(perm: str | None, methods: frozenset[str] = G, **extra: Any) -> Rule:
    return Rule(record=None, perm=perm, methods=methods, **extra)


FAMILY_READ, FAMILY_WRITE = "people.family:read", "people.family:write"
PRIVACY = "people.privacy:manage"
SIGNAL_READ, SIGNAL_WRITE = "intake.signal:read", "intake.signal:write"
CASE_READ, CASE_WRITE = "cases.case:read", "cases.case:write"
CASE_OPEN = "cases.case:open"
VISIT_ASSIGN, VISIT_REPORT = "intake.visit:assign", "intake.visit:report"
DECIDE = "intake.decision:decide"
ON_CASE = {"pk": "case"}

RULES: dict[str, Rule] = {
    # pages without a record
    "core:home": listing(None),
    "password_change": listing(None, GP),
    "password_change_done": listing(None),
    # Sign-in steps of one's own account; with the second factor off (tests) the two-factor
    # pages send the user on (302), the identity confirmation asks for the password (200).
    "accounts:two_factor_setup": listing(None, GP, ok=302),
    "accounts:two_factor_verify": listing(None, GP, ok=302),
    "accounts:identity_confirm": listing(None, GP),
    "network:agent_list": listing("network.agent:read"),
    "people:family_list": listing(FAMILY_READ),
    "people:family_create": listing(FAMILY_WRITE, GP),
    "intake:signal_list": listing(SIGNAL_READ),
    "intake:signal_create": listing(SIGNAL_WRITE, GP),
    "intake:duplicates": listing(SIGNAL_WRITE),
    "cases:case_list": listing(CASE_READ),
    "cases:supervision_list": listing(CASE_READ),
    "api-me": listing(None),
    "api-families": listing(FAMILY_READ, GP, post_perm=FAMILY_WRITE),
    "api-persons": listing(FAMILY_READ, GP, post_perm=FAMILY_WRITE),
    "api-person-duplicates": listing(FAMILY_READ),
    "api-signal-list": listing(SIGNAL_READ, GP, post_perm=SIGNAL_WRITE),
    "api-cases": listing(CASE_READ, GP, post_perm=CASE_OPEN),
    # families and persons
    "people:family_detail": on("family", FAMILY_READ, GP, post_perm=FAMILY_READ),
    "people:family_edit": on("family", FAMILY_WRITE, GP),
    "people:member_add": on("family", FAMILY_WRITE, GP),
    "people:relation_add": on("family", FAMILY_WRITE, GP),
    "people:family_link": on("family", FAMILY_WRITE, GP),
    "people:person_detail": on("person", FAMILY_READ, GP, post_perm=FAMILY_READ),
    "people:person_edit": on("person", FAMILY_WRITE, GP),
    "api-family": on("family", FAMILY_READ),
    "api-person": on("person", FAMILY_READ),
    # signals
    "intake:signal_detail": on("signal", SIGNAL_READ),
    "intake:refusal_letter": on("refused_signal", SIGNAL_READ),
    "intake:link_family": on("new_signal", SIGNAL_WRITE, GP),
    "intake:assign_team": on("new_signal", VISIT_ASSIGN, GP),
    "intake:record_visit": on("signal", VISIT_REPORT, GP),
    "intake:submit_report": on("signal", VISIT_REPORT, GP),
    "intake:accept": on("new_signal", DECIDE, GP),
    "intake:refuse": on("new_signal", DECIDE, GP),
    "intake:redirect": on("new_signal", DECIDE, GP),
    "intake:escalate": on("new_signal", DECIDE, GP),
    "api-signal-detail": on("signal", SIGNAL_READ),
    "api-signal-assign-team": on("new_signal", None, P, post_perm=VISIT_ASSIGN),
    "api-signal-record-visit": on("signal", None, P, post_perm=VISIT_REPORT),
    "api-signal-submit-report": on("signal", None, P, post_perm=VISIT_REPORT),
    "api-signal-decide": on("new_signal", None, P, post_perm=DECIDE),
    "api-signal-escalate": on("new_signal", None, P, post_perm=DECIDE),
    "api-signal-link-family": on("new_signal", None, P, post_perm=SIGNAL_WRITE),
    # cases
    "cases:open": on("signal", CASE_OPEN, GP, kwargs={"signal_id": "signal"}, ok=302),
    "cases:case_detail": on("case, supervision pages", CASE_READ),
    "cases:complexity": on("case", CASE_WRITE, GP),
    "cases:transfer": on("case", "cases.case:transfer", GP),
    "cases:transfer_confirm": on("case", None, P, post_perm="cases.case:transfer"),
    "cases:link": on("case", CASE_WRITE, GP),
    "cases:close": on("case", CASE_WRITE, GP),
    "cases:post_support_contact": on("case", CASE_WRITE, GP, ok=302),
    "cases:post_support_end": on("case", CASE_WRITE, GP, ok=302),
    "cases:reopen": on("case", CASE_WRITE, GP, ok=302),
    "cases:emergency_step_create": on("case", CASE_WRITE, GP),
    "cases:emergency_step_approve": on(
        "step", "cases.case:approve", GP, kwargs={"pk": "case", "step_pk": "step"}
    ),
    "cases:one_off_help_list": on("pool_family", CASE_READ, kwargs={"family_id": "pool_family"}),
    "cases:one_off_help_create": on(
        "pool_family", CASE_WRITE, GP, kwargs={"family_id": "pool_family"}
    ),
    "cases:one_off_help_convert": on(
        "help", CASE_OPEN, GP, kwargs={"family_id": "pool_family", "pk": "help"}
    ),
    "cases:supervision": on("case", CASE_WRITE, GP, only=frozenset({CURATOR, HEAD})),
    "cases:supervision_revoke": on(
        "share",
        CASE_WRITE,
        GP,
        kwargs={"pk": "case", "share_pk": "share"},
        only=frozenset({CURATOR, HEAD}),
    ),
    "cases:members": on("case", CASE_WRITE, GP, only=frozenset({CURATOR, SENIOR, HEAD})),
    "cases:member_remove": on(
        "member",
        CASE_WRITE,
        GP,
        kwargs={"pk": "case", "member_pk": "member"},
        only=frozenset({CURATOR, SENIOR, HEAD}),
    ),
    "api-case-detail": on("case, supervision pages", CASE_READ),
    "api-case-timeline": on("case, supervision pages", CASE_READ),
    "api-case-complexity": on("case", None, P, post_perm=CASE_WRITE),
    "api-case-close": on("case", None, P, post_perm=CASE_WRITE),
    "api-case-reopen": on("case", None, P, post_perm=CASE_WRITE),
    "api-case-post-support-contacts": on("case", CASE_READ, GP, post_perm=CASE_WRITE),
    "api-case-end-post-support": on("case", None, P, post_perm=CASE_WRITE),
    "api-case-emergency-steps": on("case", CASE_READ, GP, post_perm=CASE_WRITE),
    "api-case-emergency-step-approve": on(
        "step", None, P, post_perm="cases.case:approve", kwargs={"pk": "case", "step_pk": "step"}
    ),
    "api-family-one-off-help": on(
        "pool_family", CASE_READ, GP, post_perm=CASE_WRITE, kwargs={"family_id": "pool_family"}
    ),
    "api-family-one-off-help-convert": on(
        "help", None, P, post_perm=CASE_OPEN, kwargs={"family_id": "pool_family", "pk": "help"}
    ),
    # the case folder
    "documents:folder": on("case", CASE_READ, kwargs={"case_pk": "case"}),
    "documents:upload": on("case", CASE_WRITE, GP, kwargs={"case_pk": "case"}),
    "documents:download": on("document", CASE_READ),
    "documents:cancel": on("document", CASE_WRITE, GP),
    "api-case-documents": on("case", CASE_READ, GP, post_perm=CASE_WRITE),
    "api-case-folder": on("case", CASE_READ),
    "api-document-detail": on("document", CASE_READ),
    "api-document-download": on("document", CASE_READ),
    "api-document-cancel": on("document", None, P, post_perm=CASE_WRITE),
    # consents, subject requests, destruction (kurator/people/privacy_urls.py)
    "people:person_privacy": on("person", FAMILY_READ),
    "people:consent_add": on("person", FAMILY_WRITE, GP),
    "people:subject_request_add": on("person", FAMILY_WRITE, GP),
    "people:person_export": on("person", PRIVACY, GP),
    "people:consent_withdraw": on("consent", FAMILY_WRITE, GP),
    "people:consent_withdraw_confirm": on("consent", None, P, post_perm=FAMILY_WRITE),
    "people:subject_request_list": listing(FAMILY_READ),
    "people:subject_request_answer": on("subject_request", FAMILY_WRITE, GP),
    "people:destruction_list": listing(PRIVACY),
    "people:clock_destroy": on("clock", PRIVACY, GP),
    "people:destruction_act": on("act", PRIVACY),
    "api-person-consents": on("person", FAMILY_READ, GP, post_perm=FAMILY_WRITE),
    "api-consent-withdraw": on("consent", None, P, post_perm=FAMILY_WRITE),
    "api-subject-requests": listing(FAMILY_READ, GP, post_perm=FAMILY_WRITE),
    "api-subject-request-answer": on("subject_request", None, P, post_perm=FAMILY_WRITE),
    # the audit viewer and the change history of a record (kurator/audit/urls.py)
    "audit:log": listing("audit.log:read"),
    "audit:events": listing("audit.log:read"),
    "audit:case_history": on("case", CASE_READ),
    "audit:signal_history": on("signal", SIGNAL_READ),
    "audit:person_history": on("person", FAMILY_READ),
}

# Pages that show no person's or case's data, so write no read-log row: the user's own
# account, the home page, forms without a record, the resource directory, the audit viewer
# itself (it shows the log, whose reading is not a read of a record).
UNLOGGED_URLS = {
    "core:home",
    "password_change",
    "password_change_done",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:identity_confirm",
    "api-me",
    "network:agent_list",
    "people:family_create",
    "intake:signal_create",
    "audit:log",
    "audit:events",
}
# The resource directory: organisations and their services, nobody's personal data.
UNLOGGED_PREFIXES = (
    "network:agent",
    "network:service",
    "network:agreement",
    "api-network-agent",
)

# Open to everyone by design (the API schema describes endpoints, never records).
PUBLIC_URLS = {"login", "logout", "healthz", "set_language", "api-token", "api-schema", "api-docs"}

# Search boxes get a prefix of the family's name: echoing the query must not count as a leak.
LIST_QUERY = {"q": SECRET_FAMILY[:6], "last_name": SECRET_SURNAME, "first_name": "Анна"}

# Apps whose rows a refused POST must leave exactly as they were.
DATA_APPS = [
    "people",
    "intake",
    "cases",
    "documents",
    "network",
    "plans",
    "assessments",
    "meetings",
    "tasks",
    "monitoring",
    "reports",
]

# --- the apps' own parts of the matrix --------------------------------------------------------
# Each module of ``tests/matrix/`` adds its records and rules: ``VISIBLE`` and ``RULES`` dicts
# merged into the tables above, and ``extend(users, records) -> dict`` adding records to the
# world (it may use any record built before it). Import from this module what they need
# (``on``, ``listing``, the role names, ``CASE_SCOPE``): it is loaded after those are defined.


def _load_extensions() -> list[Any]:
    import importlib
    import pkgutil

    import tests.matrix as package

    modules = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"tests.matrix.{info.name}")
        clash = (set(module.RULES) & set(RULES)) | (set(module.VISIBLE) & set(VISIBLE))
        assert not clash, f"tests/matrix/{info.name}.py redefines {sorted(clash)}"
        VISIBLE.update(module.VISIBLE)
        RULES.update(module.RULES)
        modules.append(module)
    return modules


EXTENSIONS = _load_extensions()


def _named_urls(resolver: URLResolver, namespace: str | None = None) -> list[str]:
    names: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            names += _named_urls(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_named_url_has_a_rule() -> None:
    missing = sorted(set(_named_urls(get_resolver())) - set(RULES) - PUBLIC_URLS)
    where = "tests/test_access_matrix.py or tests/matrix/<app>.py"
    assert missing == [], f"add a Rule for these URLs to {where}: {missing}"


def test_every_rule_names_a_url_and_a_record_the_world_has() -> None:
    names = set(_named_urls(get_resolver()))
    assert sorted(set(RULES) - names) == []
    for name, rule in RULES.items():
        assert rule.record is None or rule.record in VISIBLE, name
        assert rule.only is None or rule.record is not None, name


def test_the_matrix_figure(world: World) -> None:
    """The figure issue 4 asks the note to report: endpoints × roles, and the checks made."""
    posts = 0
    for rule in RULES.values():
        if "POST" not in rule.methods:
            continue
        for role in ROLES:
            user = world.users[role]
            posts += user is None or _expected_post(rule, role, user) is not None
    gets = len(RULES) * len(ROLES)
    print(
        f"\nauthorization matrix: {len(RULES)} endpoints × {len(ROLES)} roles = {gets} GET "
        f"checks, plus {posts} refused POSTs"
    )
    assert len(RULES) >= 100


# --- the world -------------------------------------------------------------------------------


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=30)


@dataclass
class World:
    users: dict[str, User | None]
    records: dict[str, Any]


def _build_world() -> World:
    org = make_organisation("БФ «Тест»")
    team = make_team(org, "Смоленск")
    other_team = make_team(org, "Волгоград")
    other_org = make_organisation("Чужая организация")

    def staff(role: str, name: str, *, team_: Any = team, org_: Any = org) -> User:
        return make_user(role, organisation=org_, team=team_, username=name, last_name="Штатова")

    users: dict[str, User | None] = {
        CURATOR: staff(RoleCode.CURATOR, "curator"),
        PSYCHOLOGIST: staff(RoleCode.PSYCHOLOGIST, "psychologist"),
        CO_WORKER: staff(RoleCode.SPECIALIST, "specialist"),
        COLLEAGUE: staff(RoleCode.CURATOR, "colleague"),
        SENIOR: staff(RoleCode.SENIOR_CURATOR, "senior"),
        HEAD: staff(RoleCode.TEAM_HEAD, "head"),
        INTAKE: staff(RoleCode.INTAKE_OPERATOR, "intake"),
        DIRECTOR: staff(RoleCode.PROGRAMME_DIRECTOR, "director", team_=None),
        QUALITY: staff(RoleCode.QUALITY_OFFICER, "quality", team_=None),
        OPERATIONS: staff(RoleCode.OPERATIONS_MANAGER, "operations", team_=None),
        SUPERVISOR: staff(RoleCode.SUPERVISOR, "supervisor", team_=None),
        OTHER_SUPERVISOR: staff(RoleCode.SUPERVISOR, "other_supervisor", team_=None),
        AGENT: make_user(
            RoleCode.RESOURCE_AGENT,
            organisation=make_organisation("Опека (партнёр)", is_partner=True),
            username="agent",
        ),
        ADMINISTRATOR: staff(RoleCode.ADMINISTRATOR, "administrator", team_=None),
        OTHER_TEAM: staff(RoleCode.CURATOR, "other_team_curator", team_=other_team),
        OTHER_ORG_HEAD: staff(
            RoleCode.TEAM_HEAD, "outsider", team_=make_team(other_org), org_=other_org
        ),
        OTHER_ORG_DIRECTOR: staff(
            RoleCode.PROGRAMME_DIRECTOR, "other_director", team_=None, org_=other_org
        ),
        ANONYMOUS: None,
    }
    senior, curator = users[SENIOR], users[CURATOR]
    assert senior is not None and curator is not None
    psychologist, head, specialist = users[PSYCHOLOGIST], users[HEAD], users[CO_WORKER]
    intake, supervisor = users[INTAKE], users[SUPERVISOR]
    assert psychologist and head and specialist and intake and supervisor

    family = make_family(by=senior, name=SECRET_FAMILY)
    person = make_person(
        by=senior,
        family=family,
        last_name=SECRET_SURNAME,
        first_name="Анна",
        birth_date=_years_ago(7),
    )
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    case = open_case(signal=signal, curator=curator, by=head, scenario=Case.Scenario.EMERGENCY)
    step = lifecycle.record_emergency_step(
        case=case,
        by=curator,
        description=f"Купили дрова для семьи {SECRET_SURNAME}ой Анны",
        taken_at=timezone.now(),
    )
    document = upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    member = add_case_member(case=case, member=specialist, by=curator)
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    # The mother signs the child's consent, then withdraws her own (a running destruction
    # clock); an aunt's data are destroyed early by the team head (an act).
    mother, aunt = (
        make_person(
            by=senior,
            family=family,
            role=role,
            last_name=SECRET_SURNAME,
            first_name=name,
            birth_date=_years_ago(35),
        )
        for role, name in (("parent", "Вера"), ("relative", "Лидия"))
    )
    given = {"purpose": "case_work", "scope": "ФИО", "given_on": timezone.localdate()}
    consent = privacy.record_consent(person=person, by=curator, signed_by=mother, **given)
    for adult in (mother, aunt):
        own = privacy.record_consent(person=adult, by=curator, **given)
        privacy.withdraw_consent(consent=own, by=curator)
    clock = DestructionClock.objects.get(person=mother)
    act = privacy_retention.destroy_now(clock=DestructionClock.objects.get(person=aunt), by=head)
    subject_request = privacy.register_subject_request(
        person=person, by=curator, kind="access", received_on=timezone.localdate()
    )

    pool_family = make_family(by=senior, name="Пуловы")
    help_ = lifecycle.record_one_off_help(
        family=pool_family,
        by=senior,
        given_on=timezone.localdate() - timedelta(days=1),
        description="Продуктовый набор",
    )
    new_signal = make_signal(by=intake)
    refused_signal = make_refused_signal(
        senior=senior,
        family=make_family(by=senior, name="Отказовы"),
        future_curator=curator,
        psychologist=psychologist,
    )
    records: dict[str, Any] = {
        "family": family,
        "person": person,
        "signal": signal,
        "case": case,
        "step": step,
        "document": document,
        "member": member,
        "share": share,
        "pool_family": pool_family,
        "help": help_,
        "new_signal": new_signal,
        "refused_signal": refused_signal,
        "consent": consent,
        "subject_request": subject_request,
        "clock": clock,
        "act": act,
    }
    for extension in EXTENSIONS:
        records.update(extension.extend(users, records))
    return World(users=users, records=records)


def _url(name: str, rule: Rule, world: World) -> str:
    kwargs = {kwarg: world.records[key].pk for kwarg, key in rule.kwargs.items()}
    return reverse(name, kwargs=kwargs)


def _expected_get(name: str, rule: Rule, role: str, user: User | None) -> int:
    is_api = name.startswith("api-")
    if user is None:
        return 401 if is_api else 302
    if "GET" not in rule.methods:
        return 405
    if rule.record is not None and role not in VISIBLE[rule.record]:
        return 404
    if rule.perm is not None and not user.has_perm(rule.perm):
        return 403
    if rule.only is not None and role not in rule.only:
        return 403
    return rule.ok


def _expected_post(rule: Rule, role: str, user: User) -> int | None:
    """404 out of scope, 403 in scope without the permission; None: not checked (the role
    may act — the apps' own tests post real data)."""
    if rule.record is not None and role not in VISIBLE[rule.record]:
        return 404
    needs = rule.needs_for_post
    if needs is not None and not user.has_perm(needs):
        return 403
    if rule.only is not None and role not in rule.only:
        return 403
    return None


def _snapshot() -> dict[str, str]:
    """A digest of every table of the data apps: equal snapshots mean nothing changed."""
    digests: dict[str, str] = {}
    for label in DATA_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            rows = list(model._default_manager.order_by("pk").values_list())
            digests[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return str(response.content.decode(errors="replace"))


def _leaks(role: str, body: str) -> bool:
    """Whether a response shows this role the secret family's surname, which its scope
    must not: every role outside the family's scope, and the supervisor (who sees «З.»)."""
    return role not in VISIBLE["family"] and SECRET_STEM in body


@pytest.fixture
def world(db: None) -> World:
    return _build_world()


def _check_gets(client: Client, world: World, role: str, user: User | None) -> list[str]:
    wrong: list[str] = []
    for name, rule in sorted(RULES.items()):
        url = _url(name, rule, world)
        response = client.get(url, LIST_QUERY if rule.record is None else None)
        expected = _expected_get(name, rule, role, user)
        if response.status_code != expected:
            wrong.append(f"GET {name}: expected {expected}, got {response.status_code}")
        login = response.get("Location", "").startswith("/accounts/login/")
        if expected == 302 and user is None and not login:
            wrong.append(f"GET {name}: anonymous sent to {response['Location']}")
        if _leaks(role, _body(response)):
            wrong.append(f"GET {name}: shows the surname")
        if expected == 200 and response.status_code == 200 and user is not None:
            wrong += _check_read_logged(name, rule, url, user)
    return wrong


def _check_read_logged(name: str, rule: Rule, url: str, user: User) -> list[str]:
    """Every page or API answer that shows a record writes a read-log row for this user and
    this address — who, what, when, from where, under which scope (issue 4, «Read log»);
    a list or search the role may see writes its list row."""
    if name in UNLOGGED_URLS or name.startswith(UNLOGGED_PREFIXES):
        return []
    if rule.record is None and not any(user.has_perm(p) for p in DATA_PERMISSIONS):
        return []  # a list of one who may read nobody's data shows none (her own tasks)
    # A list's row keeps its query string (the search typed in): match the path's start.
    rows = list(ReadLogEntry.objects.filter(user=user, path__startswith=url))
    if not rows:
        return [f"GET {name}: no read-log row"]
    wrong = [
        f"GET {name}: read-log row without a scope ({row.kind})"
        for row in rows
        if not row.scope or row.scope == ReadLogEntry.Scope.NONE
    ]
    if rule.record is None and all(row.kind != ReadLogEntry.Kind.LIST for row in rows):
        wrong.append(f"GET {name}: a list without its list row")
    return wrong


def _check_posts(client: Client, world: World, role: str, user: User | None) -> list[str]:
    """Every refused POST of this role; the data must be as before all of them."""
    wrong: list[str] = []
    posted: list[str] = []
    before = _snapshot()
    for name, rule in sorted(RULES.items()):
        if "POST" not in rule.methods:
            continue
        if user is None:
            expected: int | None = 401 if name.startswith("api-") else 302
        else:
            expected = _expected_post(rule, role, user)
        if expected is None:
            continue
        posted.append(name)
        response = client.post(_url(name, rule, world), {})
        if response.status_code != expected:
            wrong.append(f"POST {name}: expected {expected}, got {response.status_code}")
        if _leaks(role, _body(response)):
            wrong.append(f"POST {name}: shows the surname")
    after = _snapshot()
    changed = sorted(label for label, digest in after.items() if before.get(label) != digest)
    if changed:
        wrong.append(f"refused POSTs to {posted} changed {changed}")
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_answers_each_role_as_its_scope_says(
    client: Client, world: World, role: str
) -> None:
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    wrong = _check_gets(client, world, role, user) + _check_posts(client, world, role, user)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_the_supervisor_sees_initials_where_the_others_see_surnames(
    client: Client, world: World
) -> None:
    case = world.records["case"]
    supervisor = world.users[SUPERVISOR]
    assert supervisor is not None
    client.force_login(supervisor)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Семья З." in page
    assert "Анна З., 7 лет" in page
    assert SECRET_STEM not in page
    detail = client.get(reverse("api-case-detail", args=[case.pk])).json()
    assert detail["family_name"] == "Семья З."
    timeline = client.get(reverse("api-case-timeline", args=[case.pk])).json()
    assert SECRET_STEM not in repr(timeline)
    steps = [e for e in timeline if e["kind"] == "case.emergency_step"]
    assert steps[0]["data"]["description"] == "Купили дрова для семьи З. Анны"
    assert steps[0]["text"] == "Экстренный шаг: Купили дрова для семьи З. Анны"
    curator = world.users[CURATOR]
    assert curator is not None
    client.force_login(curator)
    assert (
        SECRET_FAMILY in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    )
    assert client.get(reverse("api-case-detail", args=[case.pk])).json()["family_name"] == (
        SECRET_FAMILY
    )


def test_the_intake_operator_of_another_team_sees_only_the_essentials_of_a_match(
    client: Client, world: World
) -> None:
    """Of a duplicate outside her team the intake operator sees the name, the birth year, the
    case's status and its curator — in the «already known?» panel and in the API alike: no
    family, no address, no birth date, no id to open."""
    person = world.records["person"]
    curator = world.users[CURATOR]
    assert curator is not None and curator.organisation is not None
    other = make_team(curator.organisation, "Волжск")
    operator = make_user(RoleCode.INTAKE_OPERATOR, organisation=curator.organisation, team=other)
    client.force_login(operator)
    birth = person.birth_date
    panel = client.get(
        reverse("intake:duplicates"),
        {
            "subject_last_name": SECRET_SURNAME,
            "subject_first_name": "Анна",
            "subject_birth_date": birth.strftime("%d.%m.%Y"),
        },
    )
    api = client.get(
        reverse("api-person-duplicates"),
        {"last_name": SECRET_SURNAME, "first_name": "Анна", "birth_date": birth.isoformat()},
    )
    assert panel.status_code == api.status_code == 200
    [match] = api.json()
    assert match["person"]["id"] is None
    assert match["person"]["birth_date"] is None
    assert match["person"]["birth_year"] == birth.year
    assert match["person"]["families"] == []
    assert [(c["id"], c["status"], c["curator"]) for c in match["cases"]] == [
        (None, "open", curator.short_name)
    ]
    for body in (_body(panel), _body(api)):
        assert SECRET_SURNAME in body  # the name is what she matches on
        assert SECRET_FAMILY not in body
        assert "Тестовая" not in body  # the family's address
        assert birth.strftime("%d.%m.%Y") not in body.replace(
            f'value="{birth.strftime("%d.%m.%Y")}"', ""
        )
        assert birth.isoformat() not in body
        assert reverse("people:person_detail", args=[person.pk]) not in body
        assert reverse("cases:case_detail", args=[world.records["case"].pk]) not in body
