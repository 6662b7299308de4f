"""Generated papers and document templates in the authorization matrix.

A paper generated into the case folder is a document of the case: whoever sees the case
(``CASE_SCOPE``), like an uploaded one; its PDF and signed scan too. The signal's first-visit
instruction is seen by whoever sees the signal. The templates page, the template list in the
API and the default DOCX hold no people data: every signed-in user; uploading an
organisation's own template needs ``accounts.settings:manage``. The organisation's own
documents (its case-folder instruction, its consilium rules) hold its norms, no one's data:
every signed-in member of an organisation downloads her own organisation's.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.matrix.grants import SETTINGS
from tests.test_access_matrix import (
    CASE_READ,
    CASE_SCOPE,
    CASE_WRITE,
    CURATOR,
    GP,
    SENIOR,
    SIGNAL_READ,
    VISIT_ASSIGN,
    P,
    Rule,
    listing,
    on,
)
from tests.test_access_matrix import (
    VISIBLE as MAIN_VISIBLE,
)

VISIBLE: dict[str, frozenset[str]] = {
    "generated": CASE_SCOPE,
    "signed_paper": CASE_SCOPE,
    "signal_paper": MAIN_VISIBLE["signal"],
}

_CODE = {"code": "template_code"}

RULES: dict[str, Rule] = {
    "documents:generate": on("case", CASE_WRITE, GP, kwargs={"case_pk": "case"}),
    "documents:pdf": on("generated", CASE_READ),
    "documents:sign": on("generated", CASE_WRITE, GP),
    "documents:signed_download": on("signed_paper", CASE_READ),
    "documents:signal_papers": on("signal", SIGNAL_READ, GP, post_perm=VISIT_ASSIGN),
    "documents:signal_paper_download": on("signal_paper", SIGNAL_READ),
    "documents:signal_paper_pdf": on("signal_paper", SIGNAL_READ),
    "documents:templates": listing(None),
    "documents:template_default": Rule(record=None, perm=None, kwargs=_CODE),
    "documents:template_upload": Rule(record=None, perm=SETTINGS, methods=GP, kwargs=_CODE),
    "documents:organisation_document": Rule(
        record=None, perm=None, kwargs={"code": "organisation_code"}
    ),
    "api-document-templates": listing(None),
    "api-case-documents-generate": on("case", None, P, post_perm=CASE_WRITE),
    "api-signal-documents-generate": on("signal", None, P, post_perm=VISIT_ASSIGN),
    "api-document-pdf": on("generated", CASE_READ),
    "api-document-sign": on("generated", None, P, post_perm=CASE_WRITE),
    "api-signal-document-download": on("signal_paper", SIGNAL_READ),
    "api-signal-document-pdf": on("signal_paper", SIGNAL_READ),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    from kurator.documents.services.generation import (
        generate_document,
        generate_signal_document,
        sign_document,
    )

    curator = users[CURATOR]
    case = records["case"]
    generated = generate_document(case=case, template="family_card", by=curator)
    signed_paper = generate_document(case=case, template="family_card", by=curator)
    sign_document(
        document=signed_paper,
        by=curator,
        file=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed", "application/pdf"),
        signed_on=timezone.localdate(),
    )
    signal_paper = generate_signal_document(
        signal=records["signal"], template="visit_instruction", by=users[SENIOR]
    )
    return {
        "generated": generated,
        "signed_paper": signed_paper,
        "signal_paper": signal_paper,
        # Not a record: the template code the template URLs take.
        "template_code": SimpleNamespace(pk="contract"),
        "organisation_code": SimpleNamespace(pk="consilium_rules"),
    }
