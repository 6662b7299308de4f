"""Demo cases: opened from the intake demo's accepted signals (see kurator/core/demo.py).

Each team head opens the cases of her team's accepted signals, for the visit's future curator
when there is one (curator1/curator2 in Смоленск, curator3 in Волгоград); most are scored,
with low, medium and high results; one case is emergency help, one permanent support; one is
handed over and two are linked, so every part of the case page has something to show.
"""

from __future__ import annotations

from decimal import Decimal

from kurator.accounts.models import User
from kurator.cases.errors import CaseError
from kurator.cases.models import Case
from kurator.cases.services.opening import (
    link_cases,
    open_case,
    score_complexity,
    suggest_curator,
    transfer_case,
)
from kurator.cases.services.supervision import share_case_for_supervision
from kurator.core.demo import DemoContext
from kurator.intake.models import Signal
from kurator.privacy.queries.coverage import supervision_refusal

TEAM_STAFF = {
    # team: (who opens, curators)
    "Смоленск": ("head1", ["curator1", "curator2"]),
    "Волгоград": ("head2", ["curator3"]),
}

# distance (None: the family's own), then guardianship, resources, removal risk, substances.
PROFILES: list[tuple[Decimal | None, int, int, int, int]] = [
    (None, 1, 2, 1, 1),  # low unless the family lives far away
    (Decimal("95"), 2, 2, 2, 1),  # 2+2+2+2+1 = 9: medium
    (Decimal("130"), 3, 3, 3, 2),  # 3+3+3+3+2 = 14: high
    (Decimal("40"), 2, 3, 2, 2),  # 1+2+3+2+2 = 10: medium
    (Decimal("20"), 1, 1, 1, 1),  # 5: low
]


def _staff(demo: DemoContext, signal: Signal) -> tuple[User, list[User]] | None:
    team_name = next((name for name, team in demo.teams.items() if team.pk == signal.team_id), "")
    opener_name, curator_names = TEAM_STAFF.get(team_name, ("", []))
    opener = demo.users.get(opener_name)
    curators = [demo.users[n] for n in curator_names if n in demo.users]
    if opener is None or not curators:
        return None
    return opener, curators


def build(demo: DemoContext) -> None:
    signals: list[Signal] = list(demo.extra.get("accepted_signals") or [])
    cases: list[Case] = []
    demo.extra["cases"] = cases
    if not signals:
        demo.say("Случаи: принятых сигналов нет, случаи не открыты.")
        return
    special = iter([Case.Scenario.EMERGENCY, Case.Scenario.PERMANENT])
    for i, signal in enumerate(signals):
        staff = _staff(demo, signal)
        if staff is None or signal.family_id is None:
            continue
        opener, curators = staff
        suggested = suggest_curator(signal)
        curator = suggested if suggested in curators else curators[i % len(curators)]
        scenario = next(special, Case.Scenario.PLANNED) if i % 2 == 0 else Case.Scenario.PLANNED
        try:
            case = open_case(signal=signal, curator=curator, by=opener, scenario=scenario)
        except CaseError as error:
            demo.say(f"Случай по сигналу №{signal.pk} не открыт: {error.message}")
            continue
        cases.append(case)
        if i % 5 == 4:
            continue  # not every case is scored yet: the list shows «не оценена» too
        distance, tension, deficit, risk, substances = PROFILES[i % len(PROFILES)]
        if distance is None:
            distance = signal.family.distance_km if signal.family else None
        score_complexity(
            case=case,
            by=curator,
            distance_km=distance if distance is not None else Decimal("30"),
            guardianship_tension=tension,
            resource_deficit=deficit,
            removal_risk=risk,
            substance_use=substances,
        )
    _hand_over_and_link(demo, cases)
    _share_for_supervision(demo, cases)
    demo.say(
        f"Случаи: открыто {len(cases)}; "
        + ", ".join(f"№{c.pk} ({c.curator.username}, {c.get_scenario_display()})" for c in cases)
    )


def _hand_over_and_link(demo: DemoContext, cases: list[Case]) -> None:
    head1 = demo.users.get("head1")
    curator1 = demo.users.get("curator1")
    curator2 = demo.users.get("curator2")
    if head1 is None or curator1 is None or curator2 is None:
        return
    smolensk = [c for c in cases if c.team_id == head1.team_id]
    planned = [c for c in smolensk if c.scenario == Case.Scenario.PLANNED]
    if planned:
        case = planned[-1]
        new = curator2 if case.curator_id == curator1.pk else curator1
        transfer_case(
            case=case,
            new_curator=new,
            reason="Перераспределение нагрузки: куратор ближе живёт к семье.",
            by=head1,
        )
        case.refresh_from_db()
    if len(smolensk) >= 2:
        link_cases(
            case=smolensk[0],
            related_case=smolensk[1],
            by=head1,
            note="Родственники: бабушка одной семьи — опекун ребёнка из другой.",
        )


def _share_for_supervision(demo: DemoContext, cases: list[Case]) -> None:
    """supervisor1 supervises the first case of Смоленск: her «Случаи на супервизии» page and
    the masked case page («Семья И.») have something to show."""
    head1 = demo.users.get("head1")
    supervisor = demo.users.get("supervisor1")
    if head1 is None or supervisor is None:
        return
    # Only a family that consented to outside supervision (152-FZ) is shared.
    smolensk = [
        c for c in cases if c.team_id == head1.team_id and supervision_refusal(c.family_id) is None
    ]
    if smolensk:
        share_case_for_supervision(case=smolensk[0], supervisor=supervisor, by=head1)
