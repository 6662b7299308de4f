"""Register every named permission as a ``rules`` permission (autodiscovered at start-up)."""

from __future__ import annotations

from typing import Any

import rules

from kurator.accounts.permissions import PERMISSIONS, permissions_for_roles


def _role_grants(code: str) -> Any:
    @rules.predicate(name=f"role_grants:{code}")
    def predicate(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return code in permissions_for_roles(user.role_codes)

    return predicate


for _code in PERMISSIONS:
    rules.add_perm(_code, _role_grants(_code))
