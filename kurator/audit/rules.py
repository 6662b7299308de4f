"""Who may see who has read a case: a rule on top of ``access`` (the case itself still comes
from ``access.get_case``, so out of scope is a 404 before this is asked).

The case page shows "who has looked at this case" to its curator and team head; the
senior curator of the team chairs its decisions and sees it too, and the quality officer
(``audit.log:read``) sees every case's readers in the audit viewer anyway. Colleagues who
see the case for another reason (the first-visit psychologist, a co-worker, a supervisor, the
programme director) do not: a reader list is itself personal data about staff.
"""

from __future__ import annotations

from typing import Any

from kurator import access


def may_see_case_readers(user: Any, case: Any) -> bool:
    """``case`` comes from ``access.get_case(user, …)``; no query."""
    staff = access.active_staff(user)
    if staff is None:
        return False
    if staff.organisation_id != case.organisation_id:
        return False
    if staff.has_perm("audit.log:read"):
        return True
    if case.curator_id == staff.user.pk:
        return True
    return staff.team_id == case.team_id and staff.has_role(*access.CASE_TEAM_ROLES)
