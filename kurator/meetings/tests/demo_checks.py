"""The meetings step of the demo world (kurator/meetings/demo.py)."""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.meetings.models import (
    CommissionDocument,
    CommissionResolution,
    GuardianshipPosition,
    Meeting,
    RegisterEntry,
    WorkingGroupMember,
)
from kurator.meetings.queries import register


def test_demo_has_each_kind_of_meeting_and_register_families(demo: DemoContext) -> None:
    kinds = list(Meeting.objects.values_list("kind", flat=True))
    for kind in ("consilium", "supervision", "mediation"):
        assert kind in kinds
    assert kinds.count("working_group") == 2
    assert GuardianshipPosition.objects.count() == 1
    assert Meeting.objects.filter(finalized_at__isnull=False).count() >= 3
    # The reports demo adds register families of its own: find this step's by resolution.
    current = RegisterEntry.objects.get(removed_on__isnull=True, resolution__number="14/3")
    assert current.resolution is not None
    assert current.resolution.decision == CommissionResolution.Decision.REGISTER
    agencies = set(
        WorkingGroupMember.objects.filter(case=current.case).values_list("agency", flat=True)
    )
    assert len(agencies) == 4
    removed = RegisterEntry.objects.get(removed_on__isnull=False, removal_resolution__number="9/1")
    assert removed.removal_reason == RegisterEntry.RemovalReason.IMPROVED
    assert demo.organisation is not None
    assert register.register_case_ids(demo.organisation.pk) >= {current.case_id}
    assert any(line.startswith("Встречи:") for line in demo.log)
    note = CommissionDocument.objects.get(case=current.case)
    assert note.kind == CommissionDocument.Kind.QUARTERLY
    assert note.document.size > 0
