"""The contract the authorization matrix is checked against, written out by hand.

``GRANTS`` is every role's exact set of named permissions, copied by reading
``kurator/accounts/roles.py`` and ``kurator/accounts/permissions.py`` (7 December 2026) and
then kept by hand: ``tests/matrix/test_grants.py`` fails when the code grants a role one
permission more or less than this table says, naming the role and the permission. The matrix
(``tests/test_access_matrix.py``) takes its expected answers from this table and from the scope
rules below — never from ``user.has_perm`` or from ``kurator.access`` — so a grant changed in
the code fails both.

The role sets at the end are the scope rules of ``kurator.access`` (its modules' docstrings):
who sees the whole organisation, who sees a team, who sees only the cases she works on. They
are pinned against the code too.

Changing a grant is changing this file in the same commit, on purpose.
"""

from __future__ import annotations

# --- the named permissions --------------------------------------------------------------------

FAMILY_READ = "people.family:read"
FAMILY_WRITE = "people.family:write"
PRIVACY = "people.privacy:manage"
SIGNAL_READ = "intake.signal:read"
SIGNAL_WRITE = "intake.signal:write"
VISIT_ASSIGN = "intake.visit:assign"
VISIT_REPORT = "intake.visit:report"
DECIDE = "intake.decision:decide"
CASE_READ = "cases.case:read"
CASE_WRITE = "cases.case:write"
CASE_OPEN = "cases.case:open"
CASE_TRANSFER = "cases.case:transfer"
CASE_APPROVE = "cases.case:approve"
PLAN_WRITE = "plans.plan:write"
PLAN_APPROVE = "plans.plan:approve"
AGENT_READ = "network.agent:read"
AGENT_WRITE = "network.agent:write"
RESPOND = "network.referral:respond"
COST_APPROVE = "network.cost:approve"
REPORT_READ = "reports.report:read"
REPORT_EXPORT = "reports.export:run"
APPEAL_WRITE = "reports.appeal:write"
APPEAL_RECORD = "reports.appeal:record"
AUDIT_READ = "audit.log:read"
SETTINGS = "accounts.settings:manage"
ROLES_APPROVE = "accounts.roles:approve"

ALL_PERMISSIONS = frozenset(
    {
        FAMILY_READ,
        FAMILY_WRITE,
        PRIVACY,
        SIGNAL_READ,
        SIGNAL_WRITE,
        VISIT_ASSIGN,
        VISIT_REPORT,
        DECIDE,
        CASE_READ,
        CASE_WRITE,
        CASE_OPEN,
        CASE_TRANSFER,
        CASE_APPROVE,
        PLAN_WRITE,
        PLAN_APPROVE,
        AGENT_READ,
        AGENT_WRITE,
        RESPOND,
        COST_APPROVE,
        REPORT_READ,
        REPORT_EXPORT,
        APPEAL_WRITE,
        APPEAL_RECORD,
        AUDIT_READ,
        SETTINGS,
        ROLES_APPROVE,
    }
)

# --- the role codes ---------------------------------------------------------------------------

INTAKE_OPERATOR = "intake_operator"
SENIOR_CURATOR = "senior_curator"
CURATOR = "curator"
PSYCHOLOGIST = "psychologist"
SPECIALIST = "specialist"
TEAM_HEAD = "team_head"
PROGRAMME_DIRECTOR = "programme_director"
OPERATIONS_MANAGER = "operations_manager"
SUPERVISOR = "supervisor"
QUALITY_OFFICER = "quality_officer"
RESOURCE_AGENT = "resource_agent"
ADMINISTRATOR = "administrator"

# --- roles → permissions: every role's row written out in full ---------------------------------

GRANTS: dict[str, frozenset[str]] = {
    INTAKE_OPERATOR: frozenset(
        {
            FAMILY_READ,
            FAMILY_WRITE,
            SIGNAL_READ,
            SIGNAL_WRITE,
            AGENT_READ,
            APPEAL_RECORD,
        }
    ),
    CURATOR: frozenset(
        {
            FAMILY_READ,
            FAMILY_WRITE,
            SIGNAL_READ,
            VISIT_REPORT,
            CASE_READ,
            CASE_WRITE,
            PLAN_WRITE,
            AGENT_READ,
            APPEAL_RECORD,
        }
    ),
    PSYCHOLOGIST: frozenset(
        {
            FAMILY_READ,
            FAMILY_WRITE,
            SIGNAL_READ,
            VISIT_REPORT,
            CASE_READ,
            CASE_WRITE,
            PLAN_WRITE,
            AGENT_READ,
        }
    ),
    SPECIALIST: frozenset(
        {
            FAMILY_READ,
            FAMILY_WRITE,
            SIGNAL_READ,
            CASE_READ,
            CASE_WRITE,
            PLAN_WRITE,
            AGENT_READ,
        }
    ),
    SENIOR_CURATOR: frozenset(
        {
            FAMILY_READ,
            FAMILY_WRITE,
            SIGNAL_READ,
            SIGNAL_WRITE,
            VISIT_ASSIGN,
            VISIT_REPORT,
            DECIDE,
            CASE_READ,
            CASE_WRITE,
            CASE_OPEN,
            CASE_TRANSFER,
            PLAN_WRITE,
            PLAN_APPROVE,
            AGENT_READ,
            REPORT_READ,
            APPEAL_RECORD,
        }
    ),
    TEAM_HEAD: frozenset(
        {
            FAMILY_READ,
            FAMILY_WRITE,
            PRIVACY,
            SIGNAL_READ,
            SIGNAL_WRITE,
            VISIT_ASSIGN,
            DECIDE,
            CASE_READ,
            CASE_WRITE,
            CASE_OPEN,
            CASE_TRANSFER,
            CASE_APPROVE,
            PLAN_WRITE,
            PLAN_APPROVE,
            AGENT_READ,
            AGENT_WRITE,
            COST_APPROVE,
            REPORT_READ,
            REPORT_EXPORT,
            APPEAL_WRITE,
            APPEAL_RECORD,
        }
    ),
    PROGRAMME_DIRECTOR: frozenset(
        {
            FAMILY_READ,
            PRIVACY,
            SIGNAL_READ,
            DECIDE,
            CASE_READ,
            CASE_APPROVE,
            AGENT_READ,
            AGENT_WRITE,
            REPORT_READ,
            REPORT_EXPORT,
            APPEAL_WRITE,
            APPEAL_RECORD,
            ROLES_APPROVE,
        }
    ),
    OPERATIONS_MANAGER: frozenset(
        {
            FAMILY_READ,
            CASE_READ,
            AGENT_READ,
            AGENT_WRITE,
        }
    ),
    SUPERVISOR: frozenset(
        {
            CASE_READ,
        }
    ),
    QUALITY_OFFICER: frozenset(
        {
            FAMILY_READ,
            CASE_READ,
            REPORT_READ,
            APPEAL_WRITE,
            APPEAL_RECORD,
            AUDIT_READ,
        }
    ),
    RESOURCE_AGENT: frozenset(
        {
            RESPOND,
        }
    ),
    ADMINISTRATOR: frozenset(
        {
            AGENT_READ,
            SETTINGS,
        }
    ),
}

# --- the scope rules (kurator/access/*.py) ----------------------------------------------------

# See the whole organisation's families, persons, cases (and signals, with the permission):
# ``access.has_org_scope`` (``kurator.accounts.roles.ORGANISATION_SCOPED_ROLES``).
ORGANISATION_SCOPED = frozenset({PROGRAMME_DIRECTOR, QUALITY_OFFICER, OPERATIONS_MANAGER})
# Whose reports, appeals and norms scope is their team: ``access.has_team_scope``
# (``kurator.accounts.roles.TEAM_SCOPED_ROLES``).
TEAM_SCOPED = frozenset(
    {INTAKE_OPERATOR, SENIOR_CURATOR, CURATOR, PSYCHOLOGIST, SPECIALIST, TEAM_HEAD}
)
# Every case of their team (``access.CASE_TEAM_ROLES``).
CASE_TEAM = frozenset({SENIOR_CURATOR, TEAM_HEAD})
# Only the cases they work on — curated, visited the family first, attached as co-worker —
# and the families and signals of those, plus the team's intake pool
# (``access.CASE_WORKER_ROLES``).
CASE_WORKERS = frozenset({CURATOR, PSYCHOLOGIST, SPECIALIST})
# The team's whole signal journal and every family of the team (``access.SIGNAL_TEAM_ROLES``,
# ``access.FAMILY_TEAM_ROLES``).
JOURNAL_TEAM = frozenset({INTAKE_OPERATOR, SENIOR_CURATOR, TEAM_HEAD})

# Whoever holds none of these sees nobody's data, so her lists write no read-log row
# (``kurator.audit.services.DATA_PERMISSIONS``).
DATA_PERMISSIONS = frozenset({FAMILY_READ, SIGNAL_READ, CASE_READ, RESPOND})
