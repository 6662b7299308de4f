"""Serving a document's file — for the HTML view and the API alike, after ``access``."""

from __future__ import annotations

from pathlib import PurePath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from kurator.documents.models import CaseDocument


def download_name(document: CaseDocument) -> str:
    """The title as a file name, with the stored file's extension."""
    extension = PurePath(document.file.name or "").suffix.lower()
    title = "".join("_" if ch in '/\\"' or ord(ch) < 32 else ch for ch in document.title)
    return title if title.lower().endswith(extension) else f"{title}{extension}"


def file_response(document: CaseDocument) -> FileResponse:
    """The file as an attachment, never cached by a shared cache. ``document`` must come from
    ``access.get_document`` (checked on every request)."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document),
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _safe_name(title: str) -> str:
    return "".join("_" if ch in '/\\"' or ord(ch) < 32 else ch for ch in title)


def stored_response(field: FieldFile, filename: str, content_type: str) -> FileResponse:
    """A stored file as an attachment (the caller checked access)."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("file") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=_safe_name(filename), content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


def signed_response(document: CaseDocument) -> FileResponse:
    """The signed scan of a generated paper."""
    extension = PurePath(document.signed_file.name or "").suffix.lower()
    return stored_response(
        document.signed_file,
        f"{document.title} (подписан){extension}",
        document.signed_content_type or "application/octet-stream",
    )


def paper_pdf_response(title: str, pdf: bytes) -> HttpResponse:
    """A generated paper's PDF as an attachment."""
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _safe_name(title)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response
