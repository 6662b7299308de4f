"""Small valid files of the allowed types, for the case-folder tests, and zip bombs."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def _package(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in files.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


# The smallest file each check accepts: the right first bytes and something after them (for
# DOCX and XLSX, a ZIP package: its central directory is read).
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOCX_BYTES = _package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
DOC_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60
JPG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 30
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30


def upload(name: str = "заявление.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def zip_bomb(*, entries: int = 75, entry_mb: int = 4) -> bytes:
    """A real ZIP package of ``entries`` files of ``entry_mb`` MB of zeros each (by default
    300 MB unpacked) in about a thousandth of that: the zeros are compressed once and the
    package is written by hand around that one stream, so building it takes milliseconds."""
    zeros = bytes(entry_mb * 1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as ZIP stores it
    stream = packer.compress(zeros) + packer.flush()
    crc = zlib.crc32(zeros)
    body, directory = io.BytesIO(), io.BytesIO()
    for number in range(entries):
        name = f"word/part{number}.xml".encode()
        offset = body.tell()
        sizes = (crc, len(stream), len(zeros), len(name))
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, *sizes, 0))
        body.write(name + stream)
        directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, *sizes, 0, 0, 0, 0, 0, offset
            )
        )
        directory.write(name)
    start, size = body.tell(), directory.tell()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, size, start, 0)
    return body.getvalue() + directory.getvalue() + end
