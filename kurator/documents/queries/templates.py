"""The document templates: the one a paper is generated from (the organisation's newest
upload of the code, else Kurator's default) and the rows of the «Шаблоны документов» page."""

from __future__ import annotations

from dataclasses import dataclass

from kurator.documents import rendering
from kurator.documents.catalogue import DEMO_CONTEXT, TEMPLATES, TemplateSpec, default_path
from kurator.documents.models import DocumentTemplate

__all__ = ["TemplateRow", "active_template", "template_rows", "uploads_of"]


def _newest(organisation_id: int | None, code: str) -> DocumentTemplate | None:
    if organisation_id is None:
        return None
    return (
        DocumentTemplate.objects.filter(organisation_id=organisation_id, code=code)
        .order_by("-version")
        .first()
    )


def active_template(organisation_id: int | None, code: str) -> tuple[bytes, int]:
    """(DOCX bytes, version) of the template documents of ``code`` are generated from:
    version 0 is Kurator's default."""
    upload = _newest(organisation_id, code)
    if upload is not None:
        with upload.file.open("rb") as handle:
            return bytes(handle.read()), upload.version
    return default_path(code).read_bytes(), 0


@dataclass
class TemplateRow:
    spec: TemplateSpec
    examples: list[tuple[str, str, str]]  # (placeholder, description, example value)
    upload: DocumentTemplate | None

    @property
    def version(self) -> int:
        return self.upload.version if self.upload is not None else 0


def _example(expression: str) -> str:
    try:
        value = rendering.render_expression(expression, DEMO_CONTEXT)
    except Exception:
        return ""
    return value if len(value) <= 200 else value[:200] + "…"


def template_rows(organisation_id: int | None) -> list[TemplateRow]:
    """Every template with its placeholders, their example values and the organisation's
    current upload (None: Kurator's default is used)."""
    return [
        TemplateRow(
            spec=spec,
            examples=[
                (p.expression, str(p.description), _example(p.expression))
                for p in spec.placeholders
            ],
            upload=_newest(organisation_id, spec.code),
        )
        for spec in TEMPLATES
    ]


def uploads_of(organisation_id: int | None, code: str) -> list[DocumentTemplate]:
    if organisation_id is None:
        return []
    return list(
        DocumentTemplate.objects.filter(organisation_id=organisation_id, code=code)
        .select_related("uploaded_by")
        .order_by("-version")
    )
