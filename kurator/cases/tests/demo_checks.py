"""The cases step of the demo world (kurator/cases/demo/opening.py)."""

from __future__ import annotations

from pathlib import Path

from kurator.cases.models import Case, EmergencyStep, OneOffHelp, PostSupportContact
from kurator.core.demo import DemoContext
from kurator.documents.models import CaseDocument
from kurator.documents.queries.folder import folder_status
from kurator.meetings.models import RegisterEntry


def test_demo_opens_cases_for_the_accepted_signals_with_varied_complexity(
    demo: DemoContext,
) -> None:
    accepted = demo.extra.get("accepted_signals") or []
    assert len(accepted) >= 6, "the intake demo must leave accepted signals for the cases"
    cases: list[Case] = demo.extra["cases"]
    assert len(cases) == len(accepted)
    assert {c.signal_id for c in cases} == {s.pk for s in accepted}
    scenarios = [c.scenario for c in Case.objects.filter(pk__in=[c.pk for c in cases])]
    assert scenarios.count(Case.Scenario.EMERGENCY) == 1
    assert scenarios.count(Case.Scenario.PERMANENT) == 1
    levels = set(
        Case.objects.exclude(complexity_level="").values_list("complexity_level", flat=True)
    )
    assert len(levels) >= 2
    assert Case.objects.filter(complexity_level="").exists()  # one left unscored on purpose
    curators = {c.curator.username for c in cases}
    assert curators <= {"curator1", "curator2", "curator3"}


def test_demo_shows_every_part_of_the_lifecycle(demo: DemoContext, demo_media: Path) -> None:
    assert Case.objects.filter(status=Case.Status.POST_SUPPORT).exists()
    assert PostSupportContact.objects.count() >= 2
    assert Case.objects.filter(
        status=Case.Status.CLOSED, closure__reason="contract_broken"
    ).exists()
    reopened = Case.objects.get(previous_case__isnull=False)
    assert folder_status(reopened).previous_case_ids == [reopened.previous_case_id]
    assert EmergencyStep.objects.filter(approved_at__isnull=False).count() == 1
    assert EmergencyStep.objects.filter(approved_at__isnull=True).count() == 1
    assert OneOffHelp.objects.count() == 2
    assert OneOffHelp.objects.filter(converted_to__isnull=False).count() == 1
    statuses = [folder_status(c).complete for c in Case.objects.filter(status=Case.Status.OPEN)]
    assert True in statuses
    assert False in statuses
    assert CaseDocument.objects.filter(file__endswith=".docx").exists()
    assert all((demo_media / d.file.name).exists() for d in CaseDocument.objects.all())


def test_no_closed_demo_case_leaves_its_family_on_the_register(demo: DemoContext) -> None:
    closed = Case.objects.filter(status=Case.Status.CLOSED).values("family_id")
    assert not RegisterEntry.objects.filter(family__in=closed, removed_on__isnull=True).exists()
