"""The meetings' part of the authorization matrix (kurator/meetings).

Meetings, commission resolutions, the working group and register entries hang off the
world's case: visible exactly to the case's scope (a supervision share opens none of them).
Reading needs ``cases.case:read``; scheduling, minutes, signing, amending, the guardianship
position, resolutions, the working group and removal from the register need
``cases.case:write``. The world has a draft mediation meeting (with its guardianship
position), a signed consilium, a register entry made by a commission resolution and one
working-group member.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kurator.meetings import services
from tests.test_access_matrix import (
    CASE_READ,
    CASE_SCOPE,
    CASE_WRITE,
    CURATOR,
    GP,
    G,
    P,
    Rule,
    listing,
    on,
)

ON_CASE = {"case_pk": "case"}

VISIBLE: dict[str, frozenset[str]] = {
    "meeting": CASE_SCOPE,
    "final_meeting": CASE_SCOPE,
}

RULES: dict[str, Rule] = {
    "meetings:case_meetings": on("case", CASE_READ, kwargs=ON_CASE),
    "meetings:schedule": on("case", CASE_WRITE, GP, kwargs=ON_CASE),
    "meetings:resolution_add": on("case", CASE_WRITE, GP, kwargs=ON_CASE),
    "meetings:group_member_add": on("case", CASE_WRITE, GP, kwargs=ON_CASE),
    "meetings:register_remove": on("case", CASE_WRITE, GP, kwargs=ON_CASE),
    "meetings:meeting_detail": on("meeting", CASE_READ),
    "meetings:minutes": on("meeting", CASE_WRITE, GP),
    "meetings:finalize": on("meeting", CASE_WRITE, GP),
    "meetings:amend": on("final_meeting", CASE_WRITE, GP),
    "meetings:minutes_print": on("final_meeting", CASE_READ),
    "meetings:guardianship_position": on("meeting", CASE_WRITE, GP),
    "api-case-meetings": on("case", CASE_READ, GP, post_perm=CASE_WRITE),
    "api-meeting-detail": on("meeting", CASE_READ, G),
    "api-meeting-minutes": on("meeting", None, P, post_perm=CASE_WRITE),
    "api-meeting-finalize": on("meeting", None, P, post_perm=CASE_WRITE),
    "api-meeting-amend": on("final_meeting", None, P, post_perm=CASE_WRITE),
    "api-meeting-guardianship-position": on("meeting", None, P, post_perm=CASE_WRITE),
    "api-case-register": on("case", CASE_READ),
    "api-case-register-remove": on("case", None, P, post_perm=CASE_WRITE),
    "api-case-resolutions": on("case", None, P, post_perm=CASE_WRITE),
    "api-case-working-group": on("case", None, P, post_perm=CASE_WRITE),
    "api-register-entries": listing(CASE_READ),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    curator = users[CURATOR]
    case = records["case"]
    today = timezone.localdate()
    meeting = services.schedule_meeting(
        case=case,
        kind="mediation",
        held_on=today,
        staff=[curator],
        family_members=[records["person"]],
        outside=[services.OutsideParticipant(name="Орлова Н. В.", organisation="Опека")],
        by=curator,
    )
    services.record_guardianship_position(
        meeting=meeting,
        by=curator,
        authority="Отдел опеки",
        specialist_name="Орлова Н. В.",
        family_history="Жалобы школы.",
        stance="neutral",
        expectations="Ремонт печи.",
        tension=2,
    )
    final = services.schedule_meeting(
        case=case, kind="consilium", held_on=today, staff=[curator], by=curator
    )
    services.record_minutes(
        meeting=final,
        minutes="Обсудили план.",
        decisions=[services.DecisionItem(text="Купить дрова")],
        by=curator,
    )
    services.finalize_minutes(meeting=final, by=curator)
    services.record_resolution(
        case=case,
        by=curator,
        commission="КДНиЗП",
        number="12",
        resolution_date=today,
        decision="register",
    )
    services.add_working_group_member(
        case=case, by=curator, agency="education", agency_name="Школа №5", person_name="Петров"
    )
    return {"meeting": meeting, "final_meeting": final}
