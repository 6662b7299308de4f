"""Every change to the documents of a case, one module per sub-feature:

- ``folder`` — the case folder: uploads (limits, types, versions) and cancelling;
- ``generation`` — papers generated from templates into the folder (numbered, signed scan
  attached, cancelled) and a signal's first-visit instruction;
- ``record_papers`` — papers filled from one record of the case (first-visit report, take-in
  decision, complaint, acts) without filing them: ``generation`` files them, the case network
  pages download them;
- ``templates`` — an organisation's own versions of the document templates.

``upload_document``, ``cancel_document`` and the upload limits are also importable from this
package, as they were before it was split (other apps import them from here).
"""

from kurator.documents.services.folder import (
    ALLOWED_TYPES,
    MAX_UPLOAD_BYTES,
    FileKind,
    cancel_document,
    check_accepts_documents,
    check_file,
    upload_document,
)

__all__ = [
    "ALLOWED_TYPES",
    "MAX_UPLOAD_BYTES",
    "FileKind",
    "cancel_document",
    "check_accepts_documents",
    "check_file",
    "upload_document",
]
