"""The lifecycle demo (kurator/cases/demo/lifecycle.py) on top of the demo world: every part
of the lifecycle has something to show, and the generated files pass the folder's checks."""

from __future__ import annotations

import io
import zipfile

from kurator.cases.demo import lifecycle as lifecycle_demo


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
