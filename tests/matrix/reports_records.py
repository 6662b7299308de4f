"""The reports app's records in the authorization matrix (kurator/reports: staff norms,
complaints and suggestions, children leaving shelters).

The world gets a training entry of the case's curator (entered by her team head) and a
leave entry of hers that the team head deleted, an open complaint of the team «Смоленск»
about the world's case, and a shelter exit of the team naming the secret family and its
child.

- Norms: the curator's entries are seen by herself, her team's senior curator and head, the
  director and the quality officer; added, corrected and deleted only by herself and her team
  head (``only``). The norms page and its API answer every signed-in user (her own, her
  team's or the organisation's figures — or none). A deleted entry's history stays open to
  those who saw the entry (the matrix checks it on the deleted one; a live entry's history
  goes through the same ``get_norm_entry`` as its edit page).
- Appeals and shelter exits: ``reports.report:read`` and the team (senior curator, team head)
  or the organisation (director, quality officer); answering an appeal needs
  ``reports.appeal:write`` (team head, director, quality officer). Registering one needs
  ``reports.appeal:record`` — those roles, the senior curator, the intake operator and a
  curator (a family's complaint through her curator); whoever registers without reading
  reports sees only the appeals she registered, so her appeals list answers 200 (the
  world's appeals, registered by the team head, are not hers). Their histories: whoever
  sees the record. The answer letter: once the appeal is answered (the world's second appeal),
  for whoever sees it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry
from kurator.reports.services import records as services
from tests.matrix import grants as g
from tests.matrix.grants import APPEAL_RECORD, APPEAL_WRITE, REPORT_READ
from tests.test_access_matrix import (
    CURATOR,
    GP,
    HEAD,
    G,
    P,
    Rule,
    granted,
    listing,
    of_team,
    on,
    organisation_wide,
    who,
)

# kurator/access/reports.py. Appeals and shelter exits of team A: with reports.report:read, the
# organisation-wide roles and team A's roles.
TEAM_REPORTS = who(
    lambda r: granted(r, REPORT_READ) and (organisation_wide(r) or of_team(r, g.TEAM_SCOPED))
)
# Whose norms are kept: the curator herself (a team role), the organisation-wide report
# readers, her team's senior curator and head.
NORM_SPECIALIST = who(
    lambda r: (
        (r == CURATOR and of_team(r, g.TEAM_SCOPED))
        or (organisation_wide(r) and granted(r, REPORT_READ))
        or of_team(r, frozenset({g.SENIOR_CURATOR, g.TEAM_HEAD}))
    )
)
# Who adds and corrects her entries: herself, and the head of her team.
NORM_EDITORS = who(lambda r: r == CURATOR or of_team(r, frozenset({g.TEAM_HEAD})))

VISIBLE: dict[str, frozenset[str]] = {
    # The curator as a specialist whose norms are kept, and her entry.
    "norm_specialist": NORM_SPECIALIST,
    "norm_entry": NORM_SPECIALIST,
    "deleted_norm_entry": NORM_SPECIALIST,
    "appeal": TEAM_REPORTS,
    "answered_appeal": TEAM_REPORTS,
    "shelter_exit": TEAM_REPORTS,
}

RULES: dict[str, Rule] = {
    "reports:staff_norms": listing(None),
    "reports:norm_entry_create": on("norm_specialist", None, GP, only=NORM_EDITORS),
    "reports:norm_entry_edit": on("norm_entry", None, GP, only=NORM_EDITORS),
    "reports:norm_entry_delete": on("norm_entry", None, GP, only=NORM_EDITORS),
    "reports:norm_entry_history": on("deleted_norm_entry", None),
    # Whoever reads reports also registers appeals (tests/matrix/grants.py): one permission
    # stands for «reads reports or registers appeals» (``access.may_see_appeals``).
    "reports:appeals": listing(APPEAL_RECORD),
    "reports:appeal_create": listing(APPEAL_RECORD, GP),
    "reports:appeal": on("appeal", REPORT_READ),
    "reports:appeal_answer": on("appeal", APPEAL_WRITE, GP),
    "reports:appeal_history": on("appeal", REPORT_READ),
    "reports:appeal_letter": on("answered_appeal", REPORT_READ),
    "reports:shelter_exits": listing(REPORT_READ),
    "reports:shelter_exit_create": listing(REPORT_READ, GP),
    "reports:shelter_exit_history": on("shelter_exit", REPORT_READ),
    "api-staff-norms": listing(None),
    "api-norm-entry-list": listing(None, GP),
    "api-norm-entry-detail": on("norm_entry", None, G),
    "api-appeal-list": listing(APPEAL_RECORD, GP, post_perm=APPEAL_RECORD),
    "api-appeal-detail": on("appeal", REPORT_READ),
    "api-appeal-answer": on("appeal", None, P, post_perm=APPEAL_WRITE),
    "api-shelter-exit-list": listing(REPORT_READ, GP),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    curator, head = users[CURATOR], users[HEAD]
    today = timezone.localdate()
    entry = services.record_norm_entry(
        specialist=curator,
        kind=StaffNormEntry.Kind.TRAINING,
        started_on=today - timedelta(days=10),
        amount=Decimal(6),
        note="Вебинар по кейс-менеджменту",
        by=head,
    )
    deleted = services.record_norm_entry(
        specialist=curator,
        kind=StaffNormEntry.Kind.LEAVE,
        started_on=today - timedelta(days=40),
        amount=Decimal(3),
        by=head,
    )
    services.delete_norm_entry(entry=deleted, by=head, reason="Внесено дважды")
    appeal = services.record_appeal(
        kind=Appeal.Kind.COMPLAINT,
        received_on=today - timedelta(days=3),
        author="Соседка семьи",
        text="Куратор не перезвонила в обещанный день.",
        case=records["case"],
        by=head,
    )
    answered = services.record_appeal(
        kind=Appeal.Kind.SUGGESTION,
        received_on=today - timedelta(days=10),
        author="Мама из родительского клуба",
        contact="+7 900 000-00-01",
        text="Проводите встречи родительского клуба по субботам.",
        by=head,
    )
    services.answer_appeal(
        appeal=answered, answered_on=today, answer="Со следующего месяца — по субботам.", by=head
    )
    shelter_exit = services.record_shelter_exit(
        shelter="СРЦН «Теремок»",
        left_on=today - timedelta(days=20),
        destination=ShelterExit.Destination.BIRTH_FAMILY,
        child=records["person"],
        family=records["family"],
        by=head,
    )
    return {
        "norm_specialist": curator,
        "norm_entry": entry,
        # Deleted by the service, which locks and deletes its own copy: this one keeps its pk.
        "deleted_norm_entry": deleted,
        "appeal": appeal,
        "answered_appeal": answered,
        "shelter_exit": shelter_exit,
    }
