"""The lifecycle demo (kurator/cases/demo/lifecycle.py) on top of the demo world: every part
of the lifecycle has something to show, and the generated files pass the folder's checks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from kurator.cases.demo import lifecycle as lifecycle_demo
from kurator.cases.models import Case, EmergencyStep, OneOffHelp, PostSupportContact
from kurator.core.demo import build_demo
from kurator.documents.models import CaseDocument
from kurator.documents.queries.folder import folder_status


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def test_generated_pdf_and_docx_are_well_formed() -> None:
    pdf = lifecycle_demo.demo_pdf("Kurator demo (test)")
    assert pdf.startswith(b"%PDF-1.4")
    assert pdf.rstrip().endswith(b"%%EOF")
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[xref_at:].startswith(b"xref")
    docx = lifecycle_demo.demo_docx("Договор <№1> & Ко")
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = package.read("word/document.xml").decode()
    assert "Договор &lt;№1&gt; &amp; Ко" in body
    assert lifecycle_demo.demo_docx("x") == lifecycle_demo.demo_docx("x")  # deterministic


@pytest.mark.django_db
def test_demo_shows_every_part_of_the_lifecycle(media_root: Path) -> None:
    build_demo(today=timezone.localdate())  # DEMO_STEPS includes the lifecycle step
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
    assert all((media_root / d.file.name).exists() for d in CaseDocument.objects.all())
