"""An organisation's own versions of the document templates.

An upload is read the way generation will read it and filled with the demo family first
(``rendering.check_template``): broken syntax, an unknown placeholder or filter, ``{% import %}``
/``{% include %}`` or a private attribute refuse it, naming the line and the placeholder. An
accepted upload becomes the next version of its code; earlier versions stay.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Organisation, User
from kurator.core.packages import package_problem
from kurator.documents import rendering
from kurator.documents.catalogue import DEMO_CONTEXT, spec_for
from kurator.documents.errors import DocumentError
from kurator.documents.models import DocumentTemplate
from kurator.documents.services.folder import MAX_UPLOAD_BYTES

__all__ = ["upload_template"]


def upload_template(*, code: str, file: File[bytes] | None, by: User) -> DocumentTemplate:
    """Check and store the organisation's own version of template ``code``."""
    access.require(by, "accounts.settings:manage")
    organisation_id = access.organisation_id_of(by)
    spec = spec_for(code or "")
    if spec is None:
        raise DocumentError(_("Выберите шаблон из списка."), field="code")
    if file is None:
        raise DocumentError(_("Выберите файл."), field="file")
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() != ".docx":
        raise DocumentError(_("Шаблон — файл DOCX (документ Word)."), field="file")
    if not file.size or file.size > MAX_UPLOAD_BYTES:
        raise DocumentError(_("Файл пустой или больше 20 МБ."), field="file")
    if problem := package_problem(file, kind="DOCX"):
        raise DocumentError(problem, field="file")
    file.seek(0)
    source = file.read()
    file.seek(0)
    rendering.check_template(bytes(source), known=spec.names, demo_context=DEMO_CONTEXT)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation_id).first()
        last = DocumentTemplate.objects.filter(
            organisation_id=organisation_id, code=code
        ).aggregate(m=Max("version"))["m"]
        template = DocumentTemplate(
            organisation_id=organisation_id,
            code=code,
            version=(last or 0) + 1,
            original_name=name[-255:],
            uploaded_by=by,
        )
        template.file.save(f"{secrets.token_hex(16)}.docx", file, save=False)
        try:
            template.save()
        except Exception:
            template.file.delete(save=False)
            raise
    return template
