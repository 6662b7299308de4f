"""A case's «Направления и услуги» page — its referrals, deliveries and acts, the cost,
entitlements — and what the pages opened from it share: a form that returns to it, and the
DOCX download of an act or a complaint letter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kurator import access
from kurator.core.http import request_user
from kurator.network.queries.case_network import case_network as case_network_context

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def case_network(request: HttpRequest, pk: int) -> HttpResponse:
    """«Направления и услуги» of a case: referrals, deliveries and acts, the cost."""
    user = request_user(request)
    case = access.get_case(user, pk)
    return render(
        request,
        "network/case_network.html",
        {
            "case": case,
            "today": timezone.localdate(),
            **case_network_context(case),
            "can_write": access.may_write_case(user, case),
            "can_approve": user.has_perm("network.cost:approve"),
        },
    )


def case_form_page(
    request: HttpRequest, case_id: int, title: str, form: Form, *, intro: str = ""
) -> HttpResponse:
    """A form of the network page whose «Отмена» returns to the case's page."""
    return render(
        request,
        "network/form.html",
        {
            "title": title,
            "intro": intro,
            "form": form,
            "back_url": reverse("network:case_network", args=[case_id]),
        },
    )


def docx_download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
