"""The difference between two versions of a plan, side by side.

Goals and actions are matched across versions by their ``lineage`` (kept by every copy a
revision makes): present only in the left version — removed; only in the right — added; in
both with different fields — changed (the fields and their two values are listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kurator.plans import queries
from kurator.plans.models import Goal, PlanAction, PlanVersion

__all__ = ["ActionRow", "FieldChange", "GoalRow", "VersionDiff", "diff_versions"]


@dataclass(frozen=True)
class FieldChange:
    label: str
    left: str
    right: str


@dataclass
class ActionRow:
    change: str  # "same" | "added" | "removed" | "changed"
    left: PlanAction | None
    right: PlanAction | None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class GoalRow:
    change: str
    left: Goal | None
    right: Goal | None
    actions: list[ActionRow] = field(default_factory=list)


@dataclass
class VersionDiff:
    left: PlanVersion
    right: PlanVersion
    goals: list[GoalRow]

    def count(self, change: str) -> int:
        goals = sum(1 for g in self.goals if g.change == change)
        actions = sum(1 for g in self.goals for a in g.actions if a.change == change)
        return goals + actions

    @property
    def summary(self) -> dict[str, int]:
        return {c: self.count(c) for c in ("added", "removed", "changed")}


def _action_fields(action: PlanAction) -> dict[str, tuple[str, Any]]:
    return {
        "text": (_("действие"), action.text),
        "responsible": (_("кто отвечает"), action.responsible_name),
        "due_on": (
            _("срок"),
            action.due_on.strftime("%d.%m.%Y") if action.due_on else "—",
        ),
        "status": (_("статус"), str(action.get_status_display())),
        "result": (_("результат"), action.result or "—"),
    }


def _compare(left: PlanAction, right: PlanAction) -> list[FieldChange]:
    a, b = _action_fields(left), _action_fields(right)
    return [
        FieldChange(label=str(a[key][0]), left=str(a[key][1]), right=str(b[key][1]))
        for key in a
        if a[key][1] != b[key][1]
    ]


def diff_versions(left: PlanVersion, right: PlanVersion) -> VersionDiff:
    """``left`` and ``right`` are versions of the same plan (any order of numbers)."""
    left_goals = queries.goals_with_actions(left)
    right_goals = queries.goals_with_actions(right)
    right_by_lineage = {g.lineage: g for g in right_goals}
    left_lineages = {g.lineage for g in left_goals}
    rows: list[GoalRow] = []
    pairs: list[tuple[Goal | None, Goal | None]] = [
        (g, right_by_lineage.get(g.lineage)) for g in left_goals
    ] + [(None, g) for g in right_goals if g.lineage not in left_lineages]
    for lgoal, rgoal in pairs:
        left_actions = list(lgoal.actions.all()) if lgoal else []
        right_actions = list(rgoal.actions.all()) if rgoal else []
        right_map = {a.lineage: a for a in right_actions}
        seen = set()
        actions: list[ActionRow] = []
        for la in left_actions:
            ra = right_map.get(la.lineage)
            if ra is None:
                actions.append(ActionRow("removed", la, None))
                continue
            seen.add(la.lineage)
            changes = _compare(la, ra)
            actions.append(ActionRow("changed" if changes else "same", la, ra, changes))
        actions += [ActionRow("added", None, ra) for ra in right_actions if ra.lineage not in seen]
        if lgoal is None:
            change = "added"
        elif rgoal is None:
            change = "removed"
        else:
            change = "changed" if lgoal.text != rgoal.text else "same"
        rows.append(GoalRow(change, lgoal, rgoal, actions))
    return VersionDiff(left=left, right=right, goals=rows)
