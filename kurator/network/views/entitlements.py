"""HTML views of prescribed-versus-delivered control: the entitlement, the check of a period,
the complaint letter (DOCX from the «complaint» document template, not filed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.core.http import form_error, request_user
from kurator.documents.errors import DocumentError
from kurator.documents.services.generation import generate_document
from kurator.documents.services.record_papers import draft_record_paper
from kurator.network.errors import NetworkError
from kurator.network.forms.entitlements import EntitlementCheckForm, EntitlementForm
from kurator.network.services.entitlements import add_entitlement, record_check
from kurator.network.views.case_network import case_form_page, docx_download


@login_required
@require_http_methods(["GET", "POST"])
def entitlement_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    form = EntitlementForm(request.POST or None, persons=access.family_members_of_case(case))
    if request.method == "POST" and form.is_valid():
        try:
            add_entitlement(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Положенная госуслуга записана."))
            return redirect("network:case_network", pk=case.pk)
    return case_form_page(request, case.pk, _("Положенная госуслуга"), form)


@login_required
@require_http_methods(["GET", "POST"])
def entitlement_check(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    entitlement = access.get_entitlement(user, pk, action="cases.case:write")
    form = EntitlementCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_check(entitlement=entitlement, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Записано, сколько оказано."))
            return redirect("network:case_network", pk=entitlement.case_id)
    return case_form_page(
        request,
        entitlement.case_id,
        _("Сколько оказано: %(t)s") % {"t": entitlement.title},
        form,
    )


@login_required
@require_recent_second_factor
@require_GET
def complaint_letter(request: HttpRequest, pk: int) -> HttpResponse:
    check = access.get_entitlement_check(request_user(request), pk)
    case = check.entitlement.case
    try:
        draft = draft_record_paper(case=case, template="complaint", check=check)
    except DocumentError as error:
        messages.error(request, error.message)
        return redirect("network:case_network", pk=case.pk)
    return docx_download(draft.content, f"complaint-{check.pk}.docx")


@login_required
@require_POST
def complaint_file(request: HttpRequest, pk: int) -> HttpResponse:
    """«В папку»: the complaint letter generated from its template and filed in the case
    folder, numbered, to be signed there."""
    user = request_user(request)
    check = access.get_entitlement_check(user, pk, action="cases.case:write")
    case = check.entitlement.case
    try:
        document = generate_document(case=case, template="complaint", check=check, by=user)
    except DocumentError as error:
        messages.error(request, error.message)
        return redirect("network:case_network", pk=case.pk)
    messages.success(
        request, _("«%(title)s» в папке случая, ждёт подписи.") % {"title": document.title}
    )
    return redirect("documents:folder", case_pk=case.pk)
