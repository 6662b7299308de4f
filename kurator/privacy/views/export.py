"""The person's data export in HTML: what the ZIP holds, then the ZIP (after the second factor
again)."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.core.http import request_user
from kurator.people.models import Person
from kurator.privacy.common import PRIVACY_PERMISSION
from kurator.privacy.services.export import export_filename, export_person_data

# Up to this size the ZIP is built in memory, above it in a temporary file.
EXPORT_IN_MEMORY_BYTES = 8 * 1024 * 1024


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def person_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """GET explains what the ZIP holds; POST builds and sends it. Scope and right first (404,
    403), then the second factor again (a bulk export: ``require_recent_second_factor``)."""
    person = access.get_person(request_user(request), pk, action=PRIVACY_PERMISSION)
    return _export_confirmed(request, person)


@require_recent_second_factor
def _export_confirmed(request: HttpRequest, person: Person) -> HttpResponseBase:
    if request.method == "GET":
        return render(request, "privacy/person_export.html", {"person": person})
    buffer = tempfile.SpooledTemporaryFile(max_size=EXPORT_IN_MEMORY_BYTES)  # noqa: SIM115
    export_person_data(person=person, by=request_user(request), out=buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=export_filename(person),
        content_type="application/zip",
    )
