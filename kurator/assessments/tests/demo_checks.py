"""The assessments step of the demo world."""

from __future__ import annotations

from kurator.assessments import queries
from kurator.assessments.models import Assessment, ComprehensiveReport
from kurator.cases.models import Case
from kurator.core.demo import DemoContext


def test_demo_assesses_open_cases_an_exit_on_a_closed_one_and_one_report(demo: DemoContext) -> None:
    assessed = demo.extra["assessed_cases"]
    assert len(assessed) >= 3
    kinds = set(Assessment.objects.values_list("kind", flat=True))
    assert kinds == {"entry", "periodic", "exit"}
    assert Assessment.objects.filter(person__isnull=False).exists()  # a child's index
    # The reports step adds last year's families with their own exit assessments.
    exits = Assessment.objects.filter(kind="exit").select_related("case")
    assert exits and all(a.case.status == Case.Status.CLOSED for a in exits)
    groups = queries.comparisons(Case.objects.get(pk=assessed[0]))
    family = groups[0]
    assert family.subject == "семья"
    assert any(row.change and row.change > 0 for row in family.rows)  # improved somewhere
    assert any(row.change == 0 for row in family.rows)  # and not everywhere
    report = ComprehensiveReport.objects.get()
    assert report.status == "final" and "Данные оценок благополучия" in report.family_situation
