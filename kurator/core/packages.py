"""Uploaded DOCX and XLSX are ZIP packages: what they unpack to is checked before one is kept.

A ZIP of a few hundred kilobytes can unpack to gigabytes (a «zip bomb»): whoever opens it —
our own readers (the template check, the agents' import) or a colleague's Word — runs out of
memory or disk. The central directory of the package says how many files it holds and how
large each one is unpacked, without unpacking anything; a package beyond the limits is
refused. Python's own reader never unpacks more than an entry declares, so a package that
lies about its sizes cannot slip a bigger one past our readers either.

The limits are far above a real document: a 20 MB DOCX full of photographs unpacks to about
its own size, a text-heavy one or a spreadsheet to some ten times it.
"""

from __future__ import annotations

import zipfile
from typing import IO, cast

from django.core.files.base import File
from django.utils.translation import gettext as _

MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

_MB = 1024 * 1024


def package_problem(
    file: File[bytes] | IO[bytes], *, kind: str, unreadable: str | None = None
) -> str | None:
    """Why the ZIP package ``file`` (a DOCX, an XLSX …, named ``kind`` in the messages) is
    refused — ``unreadable`` (or a message of our own) when it is no ZIP at all — or None when
    it may be kept. Reads the central directory only; the file's position is put back at its
    start."""
    try:
        file.seek(0)
        with zipfile.ZipFile(cast(IO[bytes], file)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return unreadable or _("Содержимое файла не похоже на %(kind)s. Проверьте файл.") % {
            "kind": kind
        }
    finally:
        file.seek(0)
    if len(entries) > MAX_ENTRIES:
        return _(
            "Файл %(kind)s состоит из %(n)s частей — больше допустимых %(max)s. "
            "Сохраните документ заново или разделите его на несколько."
        ) % {"kind": kind, "n": len(entries), "max": MAX_ENTRIES}
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        return _(
            "Файл %(kind)s распаковывается в %(mb)s МБ — больше допустимых %(max)s МБ "
            "(так устроены «zip-бомбы»). Сохраните документ заново или разделите его."
        ) % {"kind": kind, "mb": unpacked // _MB, "max": MAX_UNPACKED_BYTES // _MB}
    return None
