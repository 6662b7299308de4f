"""HTML views of the case folder: thin, one per action.

Files are never served from ``MEDIA_URL``: ``document_download`` checks access on every
request (a reopened case's curator sees the earlier case's documents through the new case).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.core.http import form_error, request_user
from kurator.documents.errors import DocumentError
from kurator.documents.forms.folder import DocumentCancelForm, DocumentUploadForm
from kurator.documents.models import CaseDocument
from kurator.documents.queries.folder import folder_status
from kurator.documents.responses import file_response
from kurator.documents.services import folder as services


@login_required
@require_GET
def folder(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk)
    return render(
        request,
        "documents/folder.html",
        {
            "case": case,
            "folder": folder_status(case),
            "can_upload": access.may_write_case(user, case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk, action="cases.case:write")
    try:
        services.check_accepts_documents(case)
    except DocumentError as error:
        messages.info(request, error.message)
        return redirect("documents:folder", case_pk=case.pk)
    replaceable = access.folder_documents(case, include_previous=False).filter(
        status=CaseDocument.Status.ACTIVE
    )
    initial = {
        "document_type": request.GET.get("type", ""),
        "replaces": request.GET.get("replaces") or None,
    }
    form = DocumentUploadForm(
        data=request.POST or None,
        files=request.FILES or None,
        initial=initial,
        replaceable=replaceable,
        members=access.persons_visible_to(user).filter(memberships__family_id=case.family_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.upload_document(case=case, by=user, **form.cleaned_data)
        except DocumentError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Документ «%(title)s» добавлен в папку.") % {"title": document.title}
            )
            return redirect("documents:folder", case_pk=case.pk)
    return render(request, "documents/upload.html", {"case": case, "form": form})


@never_cache
@login_required
@require_recent_second_factor
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, after an access check on every request; always as an attachment."""
    user = request_user(request)
    document = access.get_document(user, pk)
    return file_response(document)


@login_required
@require_http_methods(["GET", "POST"])
def document_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """«Вы уверены…?» with the reason; «Да, аннулировать» posts it."""
    user = request_user(request)
    document = access.get_document(user, pk, action="cases.case:write")
    form = DocumentCancelForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_document(document=document, by=user, reason=form.cleaned_data["reason"])
        except DocumentError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Документ аннулирован."))
            return redirect("documents:folder", case_pk=document.case_id)
    return render(request, "documents/cancel.html", {"document": document, "form": form})
