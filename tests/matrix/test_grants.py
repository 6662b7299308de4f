"""The code's roles → permissions table equals the one written by hand in
``tests/matrix/grants.py``, role by role and permission by permission; so do the scope rules'
role sets. A grant changed in ``kurator/accounts/permissions.py`` fails here with the role and
the permission named (and in the matrix, whose expectations come from that table)."""

from __future__ import annotations

import pytest

from kurator import access
from kurator.accounts import permissions, roles
from kurator.accounts.roles import RoleCode
from kurator.audit import services as audit_services
from kurator.core.testing import make_organisation, make_team, make_user
from tests.matrix import grants


def _difference(what: str, code: frozenset[str], table: frozenset[str]) -> list[str]:
    table_name = "tests/matrix/grants.py"
    gained = [f"{what}: {p} granted by the code, not in {table_name}" for p in code - table]
    lost = [f"{what}: {p} in {table_name}, not granted by the code" for p in table - code]
    return sorted(gained + lost)


def test_every_role_of_the_code_has_its_row_and_no_other() -> None:
    assert sorted(grants.GRANTS) == sorted(RoleCode.values)
    assert sorted(permissions.ROLE_PERMISSIONS) == sorted(RoleCode.values)


def test_the_named_permissions_are_the_tables() -> None:
    assert sorted(permissions.PERMISSIONS) == sorted(grants.ALL_PERMISSIONS)
    for code, held in grants.GRANTS.items():
        assert held <= grants.ALL_PERMISSIONS, code


@pytest.mark.parametrize("role", sorted(grants.GRANTS))
def test_the_code_grants_the_role_exactly_its_row(role: str) -> None:
    code = frozenset(permissions.permissions_for_roles({role}))
    wrong = _difference(f"role {role}", code, grants.GRANTS[role])
    assert not wrong, "\n".join(sorted(wrong))


def test_a_user_holds_exactly_her_roles_permissions(db: None) -> None:
    """Through ``user.has_perm`` (the ``rules`` registered in ``kurator/accounts/rules.py``),
    for a user of each role alone and for one user of two roles (the union)."""
    org = make_organisation()
    team = make_team(org)
    wrong: list[str] = []
    for role, row in sorted(grants.GRANTS.items()):
        user = make_user(role, organisation=org, team=team)
        held = frozenset(p for p in grants.ALL_PERMISSIONS if user.has_perm(p))
        wrong += _difference(f"a user of role {role}", held, row)
    both = make_user(grants.INTAKE_OPERATOR, grants.QUALITY_OFFICER, organisation=org, team=team)
    held = frozenset(p for p in grants.ALL_PERMISSIONS if both.has_perm(p))
    union = grants.GRANTS[grants.INTAKE_OPERATOR] | grants.GRANTS[grants.QUALITY_OFFICER]
    wrong += _difference("a user of two roles", held, union)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("name", "code", "table"),
    [
        ("ORGANISATION_SCOPED_ROLES", roles.ORGANISATION_SCOPED_ROLES, grants.ORGANISATION_SCOPED),
        ("TEAM_SCOPED_ROLES", roles.TEAM_SCOPED_ROLES, grants.TEAM_SCOPED),
        ("access.CASE_TEAM_ROLES", access.CASE_TEAM_ROLES, grants.CASE_TEAM),
        ("access.CASE_WORKER_ROLES", access.CASE_WORKER_ROLES, grants.CASE_WORKERS),
        ("access.SIGNAL_TEAM_ROLES", access.SIGNAL_TEAM_ROLES, grants.JOURNAL_TEAM),
        ("access.FAMILY_TEAM_ROLES", access.FAMILY_TEAM_ROLES, grants.JOURNAL_TEAM),
        ("audit DATA_PERMISSIONS", audit_services.DATA_PERMISSIONS, grants.DATA_PERMISSIONS),
    ],
)
def test_the_scope_rules_role_sets_are_the_tables(
    name: str, code: frozenset[str], table: frozenset[str]
) -> None:
    assert sorted(code) == sorted(table), name
