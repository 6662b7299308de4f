"""Serving a document's file — for the HTML view and the API alike, after ``access``."""

from __future__ import annotations

from pathlib import PurePath

from django.http import FileResponse, Http404

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
