"""«Шаблоны документов»: every template with its placeholders and example values, the
default DOCX to download and edit, the organisation's own version uploaded (checked first),
and the organisation's documents (scope «organisation») generated from its norms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.core.http import form_error, request_user
from kurator.documents.catalogue import default_path, spec_for
from kurator.documents.errors import DocumentError
from kurator.documents.forms.templates import TemplateUploadForm
from kurator.documents.queries.templates import template_rows, uploads_of
from kurator.documents.services import templates as services
from kurator.documents.services.generation import DOCX_TYPE
from kurator.documents.services.organisation_papers import generate_organisation_document


def _organisation_id(request: HttpRequest) -> int | None:
    return getattr(request_user(request), "organisation_id", None)


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "documents/templates.html",
        {
            "rows": template_rows(_organisation_id(request)),
            "can_upload": user.has_perm("accounts.settings:manage"),
        },
    )


@login_required
@require_GET
def template_default(request: HttpRequest, code: str) -> FileResponse:
    """Kurator's default DOCX of the template, to edit in Word."""
    if spec_for(code) is None:
        raise Http404("template")
    response = FileResponse(
        default_path(code).open("rb"),
        as_attachment=True,
        filename=f"{code}.docx",
        content_type=DOCX_TYPE,
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def template_upload(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    spec = spec_for(code)
    if spec is None:
        raise Http404("template")
    access.require(user, "accounts.settings:manage")
    form = TemplateUploadForm(data=request.POST or None, files=request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.upload_template(code=code, file=form.cleaned_data["file"], by=user)
        except DocumentError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Шаблон «%(title)s» загружен, версия %(v)s: новые документы формируются по нему.")
                % {"title": spec.title, "v": template.version},
            )
            return redirect("documents:templates")
    return render(
        request,
        "documents/template_upload.html",
        {"spec": spec, "form": form, "uploads": uploads_of(_organisation_id(request), code)},
    )


@login_required
@require_GET
def organisation_document(request: HttpRequest, code: str) -> HttpResponse:
    """The organisation's own document of ``code``, filled from its settings and norms."""
    user = request_user(request)
    spec = spec_for(code)
    if spec is None or spec.scope != "organisation":
        raise Http404("template")
    organisation = user.organisation
    if organisation is None:
        raise Http404("organisation")
    content = generate_organisation_document(organisation=organisation, code=code, by=user)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{spec.title}.docx"
    )
    return response
