"""The documents step of the demo world: every case that accepts records has its papers."""

from __future__ import annotations

from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.documents.models import CaseDocument


def test_every_open_demo_case_has_its_generated_papers_some_signed(demo: DemoContext) -> None:
    cases = Case.objects.exclude(status=Case.Status.CLOSED)
    assert cases.exists()
    for case in cases:
        codes = set(
            CaseDocument.objects.filter(case=case)
            .exclude(template_code="")
            .values_list("template_code", flat=True)
        )
        assert {"application", "contract", "consent_representative", "family_card"} <= codes, (
            case.pk,
            [line for line in demo.log if f"№{case.pk}" in line],
        )
        if case.signal_id is not None:
            # Opened from a signal: the first-visit report was filed from its sections.
            assert "visit_report" in codes, case.pk
    generated = CaseDocument.objects.exclude(template_code="")
    assert generated.filter(signed_on__isnull=False).exists()
    assert generated.filter(signed_on__isnull=True).exists()
    assert (
        generated.filter(template_code="contract").exclude(number="").count()
        == generated.filter(template_code="contract").count()
    )
