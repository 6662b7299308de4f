"""A person's consents and requests page; recording and withdrawing a consent, in HTML.

Thin, one view per action: fetch through ``kurator.access`` or the scoped reads of
``kurator.privacy.queries`` (404 out of scope, 403 without the right), bind a form, call one
service, say so and redirect. Withdrawal asks «Вы уверены?» first: the first POST shows the
confirmation page and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurator import access
from kurator.core.http import form_error, request_user
from kurator.people.errors import PeopleError
from kurator.privacy.common import can_manage_privacy
from kurator.privacy.forms.consents import ConsentForm, WithdrawForm
from kurator.privacy.models import PurposeKind
from kurator.privacy.queries.consents import get_consent, purposes_for
from kurator.privacy.queries.consents import person_privacy as privacy_summary
from kurator.privacy.services.consents import (
    consent_documents_for,
    destroy_by_for,
    record_consent,
    representatives_of,
    withdraw_consent,
    withdrawal_stops_processing,
)


@login_required
@require_GET
def person_privacy(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access.get_person(user, pk)
    return render(
        request,
        "privacy/person_privacy.html",
        {
            "person": person,
            "privacy": privacy_summary(person),
            "today": timezone.localdate(),
            "can_write": user.has_perm("people.family:write"),
            "can_manage": can_manage_privacy(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access.get_person(user, pk, action="people.family:write")
    representatives = representatives_of(person).filter(
        pk__in=access.persons_visible_to(user).values("pk")
    )
    documents = consent_documents_for(person, user)
    purposes = purposes_for(user)
    if request.method == "POST":
        form = ConsentForm(
            request.POST,
            request.FILES,
            representatives=representatives,
            documents=documents,
            purposes=purposes,
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_consent(
                    person=person,
                    by=user,
                    purposes=list(data["purposes"]),
                    purpose_other=data["purpose_other"],
                    scope=data["scope"],
                    given_on=data["given_on"],
                    valid_until=data["valid_until"],
                    signed_by=data["signed_by"],
                    document=data["document"],
                    file=data["file"],
                )
            except PeopleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Согласие записано."))
                back = request.POST.get("next") or request.GET.get("next") or ""
                if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                    return redirect(back)
                return redirect("people:person_privacy", pk=person.pk)
    else:
        wanted = request.GET.getlist("purpose") or [PurposeKind.CASE_WORK.value]
        form = ConsentForm(
            initial={
                "given_on": timezone.localdate(),
                "purposes": [p for p in purposes if p.code in wanted],
            },
            representatives=representatives,
            documents=documents,
            purposes=purposes,
        )
    return render(
        request,
        "privacy/consent_form.html",
        {"person": person, "form": form, "next": request.GET.get("next", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The withdrawal form; a valid POST shows «Вы уверены…?» and changes nothing yet."""
    user = request_user(request)
    consent = get_consent(user, pk, action="people.family:write")
    form = WithdrawForm(data=request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    context = {"consent": consent, "person": consent.person, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stops = withdrawal_stops_processing(consent)
        return render(
            request,
            "privacy/consent_withdraw_confirm.html",
            context
            | {
                "data": data,
                "stops_processing": stops,
                "destroy_by": destroy_by_for(
                    data["withdrawn_on"], blocked=data["retention_required"]
                )
                if stops
                else None,
            },
        )
    return render(request, "privacy/consent_withdraw.html", context)


@login_required
@require_POST
def consent_withdraw_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """«Да, отозвать»: records the withdrawal confirmed on the previous page."""
    user = request_user(request)
    consent = get_consent(user, pk, action="people.family:write")
    form = WithdrawForm(data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            withdraw_consent(
                consent=consent,
                by=user,
                withdrawn_on=data["withdrawn_on"],
                reason=data["reason"],
                retention_required=data["retention_required"],
                legal_basis=data["legal_basis"],
            )
        except PeopleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Отзыв согласия записан."))
            return redirect("people:person_privacy", pk=consent.person_id)
    return render(
        request,
        "privacy/consent_withdraw.html",
        {"consent": consent, "person": consent.person, "form": form},
    )
