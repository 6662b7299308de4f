"""Small valid files of the allowed types, for the case-folder tests."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

# The smallest file each check accepts: the right first bytes and something after them.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOCX_BYTES = b"PK\x03\x04" + b"\x00" * 60
DOC_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60
JPG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 30
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30


def upload(name: str = "заявление.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
