"""The authorization matrix: every role × every kind of record × every HTML and API endpoint,
generated from the URLconf.

The world — one organisation, team «Смоленск»: the secret family «Засекречиновы» with a child,
the signal it came in with, an open emergency case (a step, a document, a co-worker, a share
for supervision); a family of the intake pool with one-off help; a new signal no first-visit
team is named for; a refused signal with its informed refusal; a person the team's intake
operator named with no family yet. The cast (``CAST``) — one user of every role, a curator of
the same team who does not work on the case, the co-worker, a supervisor the case is shared
with and one it is not, and the outsiders: another team's curator and intake operator, another
organisation's team head and director, the anonymous visitor.

Every named URL has a ``Rule``: the record it addresses (None for lists and forms), what its
GET and POST need, which methods it takes. The expected status of every (role, URL) follows
from two things written in the tests, never from ``has_perm`` or ``kurator.access``:

- the role's row of the roles → permissions table written by hand in
  ``tests/matrix/grants.py`` (``tests/matrix/test_grants.py`` pins it against the code, so a
  grant changed in the code fails there and here);
- the scope rules of ``kurator.access`` written out below (``sees_case``, ``sees_family``,
  ``sees_signal`` …: organisation-wide roles, the team's roles, the case workers on a record,
  a supervision share), applied to where each of the cast works — ``VISIBLE``.

So:

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

Beyond the URLconf: the administrator's own account in the admin (she opens it, and cannot
make herself superuser or give herself a role) and a person with no family yet (seen by the team
that recorded her, invisible to another team).

The world is built once per module (``_module_world``: in a transaction rolled back when the
module ends); each test runs in a savepoint of it and leaves it as it found it.

The figure — endpoints × roles checked — is printed by ``test_the_matrix_figure`` (run with
``-s``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kurator.accounts.models import Role, User
from kurator.accounts.roles import RoleCode
from kurator.audit.models import ReadLogEntry
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.services.opening import open_case
from kurator.cases.services.supervision import add_case_member, share_case_for_supervision
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
from kurator.privacy.models import DestructionClock
from kurator.privacy.services.consents import record_consent, withdraw_consent
from kurator.privacy.services.retention import destroy_now
from kurator.privacy.services.subject_requests import register_subject_request
from tests.matrix import grants as g
from tests.matrix.grants import (
    CASE_OPEN,
    CASE_READ,
    CASE_WRITE,
    DECIDE,
    FAMILY_READ,
    FAMILY_WRITE,
    PRIVACY,
    SIGNAL_READ,
    SIGNAL_WRITE,
    VISIT_ASSIGN,
    VISIT_REPORT,
)

pytestmark = pytest.mark.matrix

SECRET_FAMILY = "Засекречиновы"
SECRET_SURNAME = "Засекречинова"
# The stem every form of the surname starts with: a supervisor must never see it.
SECRET_STEM = "Засекречинов"
# The person with no family yet (``test_a_person_without_a_family_stays_in_her_team``).
LONE_SURNAME = "Одиночкина"

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
OTHER_TEAM_INTAKE = "intake operator of another team"
OTHER_ORG_HEAD = "team head of another organisation"
OTHER_ORG_DIRECTOR = "programme director of another organisation"
ANONYMOUS = "anonymous"

# Where each one works: the organisation (ours, another, the resource network's partner) and
# the team — «Смоленск» holds the world's records, «Волгоград» is the same organisation's other
# team.
OURS, OTHER_ORG, PARTNER = "БФ «Тест»", "Чужая организация", "Опека (партнёр)"
TEAM_A, TEAM_B, TEAM_X = "Смоленск", "Волгоград", "Чужая команда"


@dataclass(frozen=True)
class Member:
    """One of the cast: her one role (a code of ``tests/matrix/grants.py``; None for the
    anonymous visitor), where she works, her user name. ``_build_world`` makes her so."""

    role: str | None
    username: str = ""
    organisation: str | None = OURS
    team: str | None = None


CAST: dict[str, Member] = {
    CURATOR: Member(g.CURATOR, "curator", team=TEAM_A),
    PSYCHOLOGIST: Member(g.PSYCHOLOGIST, "psychologist", team=TEAM_A),
    CO_WORKER: Member(g.SPECIALIST, "specialist", team=TEAM_A),
    COLLEAGUE: Member(g.CURATOR, "colleague", team=TEAM_A),
    SENIOR: Member(g.SENIOR_CURATOR, "senior", team=TEAM_A),
    HEAD: Member(g.TEAM_HEAD, "head", team=TEAM_A),
    INTAKE: Member(g.INTAKE_OPERATOR, "intake", team=TEAM_A),
    DIRECTOR: Member(g.PROGRAMME_DIRECTOR, "director"),
    QUALITY: Member(g.QUALITY_OFFICER, "quality"),
    OPERATIONS: Member(g.OPERATIONS_MANAGER, "operations"),
    SUPERVISOR: Member(g.SUPERVISOR, "supervisor"),
    OTHER_SUPERVISOR: Member(g.SUPERVISOR, "other_supervisor"),
    AGENT: Member(g.RESOURCE_AGENT, "agent", organisation=PARTNER),
    ADMINISTRATOR: Member(g.ADMINISTRATOR, "administrator"),
    OTHER_TEAM: Member(g.CURATOR, "other_team_curator", team=TEAM_B),
    OTHER_TEAM_INTAKE: Member(g.INTAKE_OPERATOR, "other_team_intake", team=TEAM_B),
    OTHER_ORG_HEAD: Member(g.TEAM_HEAD, "outsider", organisation=OTHER_ORG, team=TEAM_X),
    OTHER_ORG_DIRECTOR: Member(g.PROGRAMME_DIRECTOR, "other_director", organisation=OTHER_ORG),
    ANONYMOUS: Member(None, organisation=None),
}
ROLES = list(CAST)

# Who works on what in the world (``_build_world`` makes it so). The secret family's open
# case: curated by CURATOR, who went on its signal's first visit with PSYCHOLOGIST; CO_WORKER
# is attached to it; it is shared with SUPERVISOR for supervision. The refused signal had the
# same first-visit team. The destruction act was performed by HEAD.
ON_THE_CASE = frozenset({CURATOR, PSYCHOLOGIST, CO_WORKER})
SHARED_WITH = frozenset({SUPERVISOR})
FIRST_VISIT = frozenset({CURATOR, PSYCHOLOGIST})
CASE_CURATOR = CURATOR

# --- the scope rules of kurator/access, written out ------------------------------------------
# Each answers «who of the cast sees this record» from the role's row of the literal table
# (``granted``) and where she works — never from ``has_perm`` or ``kurator.access``.


def granted(role: str, permission: str | None) -> bool:
    """Whether the role's row of ``tests/matrix/grants.py`` holds ``permission`` (None: what
    every signed-in user may do)."""
    code = CAST[role].role
    if code is None:
        return False
    return permission is None or permission in g.GRANTS[code]


def ours(role: str) -> bool:
    return CAST[role].organisation == OURS


def organisation_wide(role: str) -> bool:
    """The director, quality officer and operations manager of our organisation."""
    return ours(role) and CAST[role].role in g.ORGANISATION_SCOPED


def of_team(role: str, codes: frozenset[str], team: str = TEAM_A) -> bool:
    """Of our organisation's ``team``, in one of the roles ``codes``."""
    return ours(role) and CAST[role].team == team and CAST[role].role in codes


def who(rule: Callable[[str], bool]) -> frozenset[str]:
    """The cast for whom ``rule`` holds."""
    return frozenset(role for role in ROLES if rule(role))


def _works_on(role: str, works_on: frozenset[str]) -> bool:
    return CAST[role].role in g.CASE_WORKERS and role in works_on


# The team's case workers: each sees the team's intake pool (families nobody works on yet, new
# signals no first-visit team is named for).
TEAM_WORKERS = who(lambda r: of_team(r, g.CASE_WORKERS))


def sees_case(
    works_on: frozenset[str], shared_with: frozenset[str] = frozenset()
) -> frozenset[str]:
    """A case of team A (kurator/access/cases.py): with ``cases.case:read``, in our
    organisation — the organisation-wide roles, the team's senior curator and head, the case
    workers on it; and a supervisor it is shared with (for the masked supervision pages
    only)."""

    def rule(r: str) -> bool:
        if not (ours(r) and granted(r, CASE_READ)):
            return False
        shared = CAST[r].role == g.SUPERVISOR and r in shared_with
        return organisation_wide(r) or of_team(r, g.CASE_TEAM) or _works_on(r, works_on) or shared

    return who(rule)


def sees_family(works_on: frozenset[str]) -> frozenset[str]:
    """A family of team A and its members (kurator/access/people.py): with
    ``people.family:read``, in our organisation — the organisation-wide roles, the team's intake
    operator, senior curator and head, and the case workers on it (its case, its signal's
    first visit, created by her, or the team's intake pool)."""

    def rule(r: str) -> bool:
        if not (ours(r) and granted(r, FAMILY_READ)):
            return False
        return organisation_wide(r) or of_team(r, g.JOURNAL_TEAM) or _works_on(r, works_on)

    return who(rule)


def sees_signal(works_on: frozenset[str]) -> frozenset[str]:
    """A signal of team A (kurator/access/intake.py): with ``intake.signal:read``, in our
    organisation — the organisation-wide roles, the team's journal (intake operator, senior
    curator, head), and the case workers on it (its first visit, the case opened from it, or a
    new signal of the team nobody is named for yet)."""

    def rule(r: str) -> bool:
        if not (ours(r) and granted(r, SIGNAL_READ)):
            return False
        return organisation_wide(r) or of_team(r, g.JOURNAL_TEAM) or _works_on(r, works_on)

    return who(rule)


def sees_act(performed_by: frozenset[str]) -> frozenset[str]:
    """A destruction act of team A (kurator/privacy/queries/retention.py): with
    ``people.privacy:manage``, in our organisation — the organisation-wide roles, team A, and
    whoever performed it."""

    def rule(r: str) -> bool:
        if not (ours(r) and granted(r, PRIVACY)):
            return False
        return organisation_wide(r) or CAST[r].team == TEAM_A or r in performed_by

    return who(rule)


# The case, as everything hanging off it is seen (a share opens none of it).
CASE_SCOPE = sees_case(ON_THE_CASE)

VISIBLE: dict[str, frozenset[str]] = {
    "case": CASE_SCOPE,
    # The case page and the case and timeline API, which a share opens, masked.
    "case, supervision pages": sees_case(ON_THE_CASE, SHARED_WITH),
    "step": CASE_SCOPE,
    "document": CASE_SCOPE,
    "share": CASE_SCOPE,
    "member": CASE_SCOPE,
    "family": sees_family(ON_THE_CASE),
    "person": sees_family(ON_THE_CASE),
    "signal": sees_signal(ON_THE_CASE),
    "refused_signal": sees_signal(FIRST_VISIT),
    # A new signal nobody is assigned to yet: the team's journal and its case workers.
    "new_signal": sees_signal(TEAM_WORKERS),
    # A family with no case and no signal yet (the intake pool), and its one-off help.
    "pool_family": sees_family(TEAM_WORKERS),
    "help": sees_family(TEAM_WORKERS),
    # Consents, subject requests and destruction clocks: whoever sees the person.
    "consent": sees_family(ON_THE_CASE),
    "subject_request": sees_family(ON_THE_CASE),
    "clock": sees_family(ON_THE_CASE),
    "act": sees_act(performed_by=frozenset({HEAD})),
    # A person team A's intake operator named with no family yet: the team that recorded her
    # and the organisation-wide roles, never another team (kurator/access/people.py).
    "lone_person": sees_family(TEAM_WORKERS),
}

# Of those who may write on the case: its curator and the head of its team open it to a
# supervisor; they and the team's senior curator attach co-workers
# (kurator/cases/services/supervision.py).
SHARERS = who(lambda r: r == CASE_CURATOR or of_team(r, frozenset({g.TEAM_HEAD})))
MEMBER_MANAGERS = who(
    lambda r: r == CASE_CURATOR or of_team(r, frozenset({g.SENIOR_CURATOR, g.TEAM_HEAD}))
)

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
    # An API list of records: a role without ``perm`` gets an empty list (200), not a 403.
    empty: bool = False

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


ON_CASE = {"pk": "case"}

RULES: dict[str, Rule] = {
    # pages without a record
    # ``/`` sends every signed-in user on to her start page (kurator/core/start_page.py).
    "core:home": listing(None, ok=302),
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
    "api-families": listing(FAMILY_READ, GP, post_perm=FAMILY_WRITE, empty=True),
    "api-persons": listing(FAMILY_READ, GP, post_perm=FAMILY_WRITE, empty=True),
    "api-person-duplicates": listing(FAMILY_READ),
    "api-signal-list": listing(SIGNAL_READ, GP, post_perm=SIGNAL_WRITE, empty=True),
    "api-signal-criteria": listing(DECIDE),
    # A role without ``cases.case:read`` at all (the resource agent, the administrator) gets
    # 403 on the list, as on every list of people's data above: the whole feature is not hers
    # and a 403 there says nothing about any record. A case's own paths are 404 for her, as
    # for anyone out of scope: ``access`` asks the scope before the role, so a 403 never
    # confirms that a case exists. A role with the right that sees no case gets an empty list.
    "api-cases": listing(CASE_READ, GP, post_perm=CASE_OPEN, empty=True),
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
    "cases:supervision": on("case", CASE_WRITE, GP, only=SHARERS),
    "cases:supervision_revoke": on(
        "share",
        CASE_WRITE,
        GP,
        kwargs={"pk": "case", "share_pk": "share"},
        only=SHARERS,
    ),
    "cases:members": on("case", CASE_WRITE, GP, only=MEMBER_MANAGERS),
    "cases:member_remove": on(
        "member",
        CASE_WRITE,
        GP,
        kwargs={"pk": "case", "member_pk": "member"},
        only=MEMBER_MANAGERS,
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
    # consents, subject requests, destruction (kurator/privacy/urls.py)
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
    "api-subject-requests": listing(FAMILY_READ, GP, post_perm=FAMILY_WRITE, empty=True),
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
    "api-signal-criteria",
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

# Open to everyone by design; the API's Swagger page (``api-docs``) sends an anonymous visitor to
# sign in and shows no record (kurator/core/tests/test_api_docs_access.py).
PUBLIC_URLS = {"login", "logout", "healthz", "set_language", "api-token", "api-docs"}

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
# (``on``, ``listing``, the role names, ``CASE_SCOPE``, the scope rules ``who``, ``granted``,
# ``sees_case`` …): it is loaded after those are defined. A record's ``VISIBLE`` entry is
# derived from the scope rules, never written as a list of roles.


# The package's modules that are not parts: the literal grants and their test (``test_*``).
NOT_EXTENSIONS = frozenset({"grants"})


def _load_extensions() -> list[Any]:
    import importlib
    import pkgutil

    import tests.matrix as package

    modules = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name in NOT_EXTENSIONS or info.name.startswith("test_"):
            continue
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


def test_the_matrix_figure() -> None:
    """Endpoints × roles, and the checks made."""
    posts = 0
    for rule in RULES.values():
        if "POST" not in rule.methods:
            continue
        for role in ROLES:
            posts += CAST[role].role is None or _expected_post(rule, role) is not None
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
    organisations = {
        OURS: make_organisation(OURS),
        OTHER_ORG: make_organisation(OTHER_ORG),
        PARTNER: make_organisation(PARTNER, is_partner=True),
    }
    teams = {
        TEAM_A: make_team(organisations[OURS], TEAM_A),
        TEAM_B: make_team(organisations[OURS], TEAM_B),
        TEAM_X: make_team(organisations[OTHER_ORG], TEAM_X),
    }
    users: dict[str, User | None] = {}
    for role, one in CAST.items():
        if one.role is None or one.organisation is None:
            users[role] = None
            continue
        users[role] = make_user(
            one.role,
            organisation=organisations[one.organisation],
            team=teams[one.team] if one.team else None,
            username=one.username,
            last_name="Штатова",
        )
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
    # The mother signs the child's consent, then withdraws her own (a running destruction
    # clock); an aunt's data are destroyed early by the team head (an act). Before that she
    # agrees to the outside supervision, so the case is shared with the supervisor.
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
    given: dict[str, Any] = {
        "purpose": "case_work",
        "scope": "ФИО",
        "given_on": timezone.localdate(),
    }
    record_consent(
        person=mother,
        by=curator,
        purpose="supervision",
        scope="ФИО, обстоятельства случая",
        given_on=timezone.localdate(),
    )
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    consent = record_consent(person=person, by=curator, signed_by=mother, **given)
    for adult in (mother, aunt):
        own = record_consent(person=adult, by=curator, **given)
        withdraw_consent(consent=own, by=curator)
    clock = DestructionClock.objects.get(person=mother)
    act = destroy_now(clock=DestructionClock.objects.get(person=aunt), by=head)
    subject_request = register_subject_request(
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
    lone_person = make_person(
        by=intake, last_name=LONE_SURNAME, first_name="Ирина", birth_date=_years_ago(9)
    )
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
        "lone_person": lone_person,
    }
    for extension in EXTENSIONS:
        records.update(extension.extend(users, records))
    return World(users=users, records=records)


def _url(name: str, rule: Rule, world: World) -> str:
    kwargs = {kwarg: world.records[key].pk for kwarg, key in rule.kwargs.items()}
    return reverse(name, kwargs=kwargs)


def _expected_get(name: str, rule: Rule, role: str) -> int:
    """What a GET must answer, from ``VISIBLE`` and the literal grants."""
    if CAST[role].role is None:
        return 401 if name.startswith("api-") else 302
    if "GET" not in rule.methods:
        return 405
    if rule.record is not None and role not in VISIBLE[rule.record]:
        return 404
    if not granted(role, rule.perm):
        return rule.ok if rule.empty else 403
    if rule.only is not None and role not in rule.only:
        return 403
    return rule.ok


def _expected_post(rule: Rule, role: str) -> int | None:
    """404 out of scope, 403 in scope without the permission; None: not checked (the role
    may act — the apps' own tests post real data)."""
    if rule.record is not None and role not in VISIBLE[rule.record]:
        return 404
    if not granted(role, rule.needs_for_post):
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


# The duplicate check shows whoever records signals an organisation-wide match's name — name,
# birth year, case status and curator (kurator/access/people.py,
# ``persons_searchable_for_duplicates``): the name there is by design, not a leak.
DUPLICATE_CHECKS = frozenset({"intake:duplicates", "api-person-duplicates"})


def _leaks(role: str, body: str, name: str = "") -> bool:
    """Whether a response shows this role the secret family's surname, which its scope
    must not: every role outside the family's scope, and the supervisor (who sees «З.»)."""
    if name in DUPLICATE_CHECKS and ours(role) and granted(role, SIGNAL_WRITE):
        return False
    return role not in VISIBLE["family"] and SECRET_STEM in body


@pytest.fixture(scope="module")
def _world_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, _world_media: Path) -> None:
    """The world's uploaded files (and any a test uploads) live in the module's folder."""
    settings.MEDIA_ROOT = _world_media


class _UntypesetPdf:
    """Stands in for ``weasyprint.HTML``: the «PDF» is the HTML it was given, untypeset.

    The matrix asks who gets which answer, not how a page is laid out; typesetting the
    indicator report took seconds per role that may export it, the most of any endpoint. The
    HTML is still rendered from the data the view fetched, and the leak check reads it as
    text — which it cannot in a compressed PDF. Real PDFs are typeset in kurator/reports'
    own tests."""

    def __init__(self, string: str = "", **_: Any) -> None:
        self.string = string

    def write_pdf(self, **_: Any) -> bytes:
        return b"%PDF-1.4 untypeset by the matrix\n" + self.string.encode()


@pytest.fixture(autouse=True)
def _no_typesetting(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _UntypesetPdf)


@pytest.fixture(scope="module")
def _module_world(
    django_db_setup: None, django_db_blocker: Any, _world_media: Path
) -> Iterator[World]:
    """The world, built once for the module inside a transaction that is rolled back when the
    module ends; each test (``world``) runs in a savepoint of it, as ``django.test.TestCase``
    runs its tests over ``setUpTestData``."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_world_media):
        atomics = TestCase._enter_atomics()  # type: ignore[attr-defined]
        try:
            built = _build_world()
        except BaseException:
            TestCase._rollback_atomics(atomics)  # type: ignore[attr-defined]
            raise
    yield built
    with django_db_blocker.unblock():
        TestCase._rollback_atomics(atomics)  # type: ignore[attr-defined]


@pytest.fixture
def world(db: None, _module_world: World) -> World:
    return _module_world


def _check_gets(
    client: Client, world: World, role: str, rules: dict[str, Rule] | None = None
) -> list[str]:
    wrong: list[str] = []
    user = world.users[role]
    for name, rule in sorted((rules or RULES).items()):
        url = _url(name, rule, world)
        response = client.get(url, LIST_QUERY if rule.record is None else None)
        expected = _expected_get(name, rule, role)
        if response.status_code != expected:
            wrong.append(f"GET {name}: expected {expected}, got {response.status_code}")
        login = response.get("Location", "").startswith("/accounts/login/")
        if expected == 302 and user is None and not login:
            wrong.append(f"GET {name}: anonymous sent to {response['Location']}")
        if _leaks(role, _body(response), name):
            wrong.append(f"GET {name}: shows the surname")
        if expected == 200 and response.status_code == 200 and user is not None:
            wrong += _check_read_logged(name, rule, url, role, user)
        shut_out = rule.empty and user is not None and not granted(role, rule.perm)
        if shut_out and response.status_code == 200 and response.json() != []:
            wrong.append(f"GET {name}: a role without {rule.perm} gets a non-empty list")
    return wrong


def _check_read_logged(name: str, rule: Rule, url: str, role: str, user: User) -> list[str]:
    """Every page or API answer that shows a record writes a read-log row for this user and
    this address — who, what, when, from where, under which scope; a list or search the role
    may see writes its list row."""
    if name in UNLOGGED_URLS or name.startswith(UNLOGGED_PREFIXES):
        return []
    if rule.record is None and not any(granted(role, p) for p in g.DATA_PERMISSIONS):
        return []  # a list of one who may read nobody's data shows none (her own tasks)
    if rule.empty and not granted(role, rule.perm):
        return []  # an empty list shows nobody
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


def _check_posts(
    client: Client, world: World, role: str, rules: dict[str, Rule] | None = None
) -> list[str]:
    """Every refused POST of this role; the data must be as before all of them."""
    wrong: list[str] = []
    posted: list[str] = []
    before = _snapshot()
    for name, rule in sorted((rules or RULES).items()):
        if "POST" not in rule.methods:
            continue
        if CAST[role].role is None:
            expected: int | None = 401 if name.startswith("api-") else 302
        else:
            expected = _expected_post(rule, role)
        if expected is None:
            continue
        posted.append(name)
        response = client.post(_url(name, rule, world), {})
        if response.status_code != expected:
            wrong.append(f"POST {name}: expected {expected}, got {response.status_code}")
        if _leaks(role, _body(response), name):
            wrong.append(f"POST {name}: shows the surname")
    after = _snapshot()
    changed = sorted(label for label, digest in after.items() if before.get(label) != digest)
    if changed:
        wrong.append(f"refused POSTs to {posted} changed {changed}")
    return wrong


def check_every_endpoint(client: Client, world: World, role: str) -> None:
    """Every rule of the table, GET and POST, as ``role``."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    wrong = _check_gets(client, world, role) + _check_posts(client, world, role)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# Half of the cast here, the other half in test_access_matrix_second_half.py: two modules,
# two workers (``--dist loadfile``), each with its own world.
FIRST_HALF, SECOND_HALF = ROLES[::2], ROLES[1::2]


@pytest.mark.parametrize("role", FIRST_HALF)
def test_every_endpoint_answers_each_role_as_its_scope_says(
    client: Client, world: World, role: str
) -> None:
    check_every_endpoint(client, world, role)


def test_the_scopes_read_as_the_access_docstrings_say() -> None:
    """The scope rules above, applied to the cast, give the sets one reads in
    kurator/access/*.py — a check of the rules' transcription, not of the code."""
    assert VISIBLE["case"] == {
        CURATOR,
        PSYCHOLOGIST,
        CO_WORKER,
        SENIOR,
        HEAD,
        DIRECTOR,
        QUALITY,
        OPERATIONS,
    }
    assert VISIBLE["case, supervision pages"] == VISIBLE["case"] | {SUPERVISOR}
    # The intake operator sees the team's families, not the case.
    assert VISIBLE["family"] == VISIBLE["case"] | {INTAKE}
    # The quality officer and the operations manager keep no signal journal.
    assert VISIBLE["signal"] == VISIBLE["case"] - {QUALITY, OPERATIONS} | {INTAKE}
    assert VISIBLE["refused_signal"] == {CURATOR, PSYCHOLOGIST, SENIOR, HEAD, INTAKE, DIRECTOR}
    assert VISIBLE["new_signal"] == TEAM_WORKERS | {SENIOR, HEAD, INTAKE, DIRECTOR}
    assert sorted(TEAM_WORKERS) == sorted({CURATOR, PSYCHOLOGIST, CO_WORKER, COLLEAGUE})
    assert VISIBLE["pool_family"] == TEAM_WORKERS | {
        SENIOR,
        HEAD,
        INTAKE,
        DIRECTOR,
        QUALITY,
        OPERATIONS,
    }
    assert VISIBLE["act"] == {HEAD, DIRECTOR}
    assert not VISIBLE["lone_person"] & {OTHER_TEAM, OTHER_TEAM_INTAKE}


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


# --- a person with no family ------------------------------------------------------------------

# Every URL of a person, addressed to the lone one instead of the secret family's child.
LONE_RULES = {
    name: replace(
        rule,
        record="lone_person",
        kwargs={k: "lone_person" if v == "person" else v for k, v in rule.kwargs.items()},
    )
    for name, rule in RULES.items()
    if rule.record == "person"
}


@pytest.mark.parametrize("role", ROLES)
def test_a_person_without_a_family_stays_in_her_team(
    client: Client, world: World, role: str
) -> None:
    """A person team A's intake operator named before her household is known is seen by the
    team that recorded her (its journal and its case workers) and the organisation-wide roles —
    her page, API answer, privacy and history pages, her edit forms, and the persons search.
    Another team gets 404 and finds nothing; a refused POST changes nothing."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    wrong = _check_gets(client, world, role, LONE_RULES)
    wrong += _check_posts(client, world, role, LONE_RULES)
    search = client.get(reverse("api-persons"), {"search": LONE_SURNAME})
    found = LONE_SURNAME in _body(search)
    if found and role not in VISIBLE["lone_person"]:
        wrong.append("GET api-persons: the search finds her")
    if not found and role in VISIBLE["lone_person"] and granted(role, FAMILY_READ):
        wrong.append("GET api-persons: the search does not find her")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# --- the administrator's own account ----------------------------------------------------------


def _own_account_form(user: User, **changes: Any) -> dict[str, Any]:
    """The admin's change form of ``user`` as it stands, with ``changes``."""
    joined = timezone.localtime(user.date_joined)
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": joined.strftime("%d.%m.%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "middle_name": user.middle_name,
        "phone": user.phone,
        "organisation": user.organisation_id,
        "team": user.team_id or "",
        "roles": [role.pk for role in user.roles.all()],
    }
    data.update(changes)
    return data


def test_the_administrators_own_account_opens_to_her_alone(client: Client, world: World) -> None:
    """Her account's page in the admin: 200 for her (she keeps her contact details), the
    admin's sign-in for everyone else (no role but hers is staff)."""
    administrator = world.users[ADMINISTRATOR]
    assert administrator is not None
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    wrong: list[str] = []
    for role in ROLES:
        user = world.users[role]
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if role == ADMINISTRATOR:
            if response.status_code != 200:
                wrong.append(f"{role}: expected 200, got {response.status_code}")
        elif response.status_code != 302 or "/admin/login/" not in response["Location"]:
            wrong.append(f"{role}: expected the admin's sign-in, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_administrator_edits_her_own_contact_details(client: Client, world: World) -> None:
    """The form ``_own_account_form`` posts is a valid one: the phone is changed."""
    administrator = world.users[ADMINISTRATOR]
    assert administrator is not None
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    response = client.post(url, _own_account_form(administrator, phone="+7 900 000-00-00"))
    assert response.status_code == 302, _body(response)
    assert User.objects.get(pk=administrator.pk).phone == "+7 900 000-00-00"


# What she tries on her own account. Only a superuser grants superuser, and nobody changes
# her own rights (kurator/accounts/admin.py, ``UserAdmin.get_readonly_fields``).
RAISES = ("superuser", "programme director role")


@pytest.mark.parametrize("change", RAISES)
def test_the_administrator_cannot_raise_her_own_account(
    client: Client, world: World, change: str
) -> None:
    administrator = world.users[ADMINISTRATOR]
    assert administrator is not None
    client.force_login(administrator)
    if change == "superuser":
        changes: dict[str, Any] = {"is_superuser": "on"}
    else:
        codes = [g.ADMINISTRATOR, g.PROGRAMME_DIRECTOR]
        changes = {"roles": list(Role.objects.filter(code__in=codes).values_list("pk", flat=True))}
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    client.post(url, _own_account_form(administrator, **changes))
    after = User.objects.get(pk=administrator.pk)
    assert not after.is_superuser
    assert sorted(after.roles.values_list("code", flat=True)) == [g.ADMINISTRATOR]
