"""HTML views of prescribed-versus-delivered control: the entitlement, the check of a period,
the complaint letter (DOCX)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.models import User
from kurator.network import entitlements
from kurator.network.errors import NetworkError
from kurator.network.forms import EntitlementCheckForm, EntitlementForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_error(form: Form, error: NetworkError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def entitlement_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    form = EntitlementForm(request.POST or None, persons=access.family_members_of_case(case))
    if request.method == "POST" and form.is_valid():
        try:
            entitlements.add_entitlement(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Положенная госуслуга записана."))
            return redirect("network:case_network", pk=case.pk)
    return render(
        request,
        "network/form.html",
        {
            "title": _("Положенная госуслуга"),
            "form": form,
            "back_url": reverse("network:case_network", args=[case.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entitlement_check(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entitlement = access.get_entitlement(user, pk, action="cases.case:write")
    form = EntitlementCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entitlements.record_check(entitlement=entitlement, by=user, **form.cleaned_data)
        except NetworkError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Записано, сколько оказано."))
            return redirect("network:case_network", pk=entitlement.case_id)
    return render(
        request,
        "network/form.html",
        {
            "title": _("Сколько оказано: %(t)s") % {"t": entitlement.title},
            "form": form,
            "back_url": reverse("network:case_network", args=[entitlement.case_id]),
        },
    )


@login_required
@require_GET
def complaint_letter(request: HttpRequest, pk: int) -> HttpResponse:
    check = access.get_entitlement_check(_user(request), pk)
    response = HttpResponse(entitlements.complaint_docx(check), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="complaint-{check.pk}.docx"'
    return response
