"""The reports records step of the demo world: norms with shortfalls, appeals, shelter exits,
and changes to show in their histories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kurator.accounts.models import Norms, User
from kurator.core.demo import DemoContext
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry
from kurator.reports.queries.records import staff_norms_summary


def test_demo_has_norms_with_shortfalls_appeals_and_believable_shelter_exits(
    demo: DemoContext,
) -> None:
    assert demo.organisation is not None
    staff = User.objects.filter(pk__in=StaffNormEntry.objects.values("specialist"))
    norms = Norms.objects.get(organisation=demo.organisation)
    rows = staff_norms_summary(specialists=staff, year=2025, norms=norms)
    assert len(rows) >= 6
    assert 0 < sum(not row.all_met for row in rows) < len(rows)

    # The records step's 2 open and 6 answered, and the complaints from outside
    # (reports/demo/appeals_outside.py): one from the hotline waiting, one answered.
    assert Appeal.objects.filter(answered_on__isnull=True).count() == 3
    assert Appeal.objects.filter(answered_on__isnull=False).count() == 7

    def share(year: int) -> tuple[int, int]:
        exits = ShelterExit.objects.filter(left_on__range=(date(year, 1, 1), date(year, 12, 31)))
        birth = exits.filter(destination=ShelterExit.Destination.BIRTH_FAMILY).count()
        return birth, exits.count()

    assert share(2025) == (9, 22)
    assert share(2026) == (12, 19)
    assert ShelterExit.objects.filter(child__isnull=False).count() == 2

    # «История изменений» has something to show: a typo the team head corrected, a double
    # entry she deleted, and who recorded and answered each appeal.
    corrected = StaffNormEntry.history.get(history_type="~")
    assert corrected.history_user.username == "head1"
    assert (corrected.amount, corrected.history_change_reason) == (
        Decimal(4),
        "Опечатка: семинар шёл 4 часа, не 40",
    )
    assert corrected.prev_record.amount == Decimal(40)
    deleted = StaffNormEntry.history.get(history_type="-")
    assert (deleted.history_user.username, deleted.history_change_reason) == (
        "head1",
        "Внесено дважды",
    )
    answers = Appeal.history.filter(history_type="~")
    assert answers.count() == 7  # the records step's 6 and the one through a curator
    assert all(v.history_user is not None and v.answer for v in answers)
