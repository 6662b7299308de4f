"""Consents, withdrawals, destruction deadlines, subject requests and the data export, in HTML.

Thin, one view per action (style.md #9): fetch through ``kurator.access`` or the scoped reads
of ``kurator.people.privacy`` (404 out of scope, 403 without the right), bind a form, call
one service, say so and redirect. Withdrawal and destruction ask «Вы уверены?» first: the
first POST shows the confirmation page and changes nothing.
"""

from __future__ import annotations

import tempfile
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.stepup import require_recent_second_factor
from kurator.people import privacy, privacy_export, privacy_queries, privacy_retention
from kurator.people.errors import PeopleError
from kurator.people.models import ConsentPurpose, Person
from kurator.people.privacy_forms import (
    AnswerForm,
    ConsentForm,
    RequestFilterForm,
    SubjectRequestForm,
    WithdrawForm,
)

PAGE_SIZE = 50
# Up to this size the ZIP is built in memory, above it in a temporary file.
EXPORT_IN_MEMORY_BYTES = 8 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    # login_required has run: the user is a signed-in User.
    return cast(User, request.user)


def _form_error(form: forms.Form, error: PeopleError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- the person's consents and requests ------------------------------------------------------


@login_required
@require_GET
def person_privacy(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = access.get_person(user, pk)
    return render(
        request,
        "people/privacy/person_privacy.html",
        {
            "person": person,
            "privacy": privacy.person_privacy(person),
            "today": timezone.localdate(),
            "can_write": user.has_perm("people.family:write"),
            "can_manage": privacy.can_manage_privacy(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = access.get_person(user, pk, action="people.family:write")
    representatives = privacy.representatives_of(person).filter(
        pk__in=access.persons_visible_to(user).values("pk")
    )
    documents = privacy.consent_documents_for(person, user)
    if request.method == "POST":
        form = ConsentForm(
            request.POST, request.FILES, representatives=representatives, documents=documents
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                privacy.record_consent(
                    person=person,
                    by=user,
                    purpose=data["purpose"],
                    purpose_other=data["purpose_other"],
                    scope=data["scope"],
                    given_on=data["given_on"],
                    valid_until=data["valid_until"],
                    signed_by=data["signed_by"],
                    document=data["document"],
                    file=data["file"],
                )
            except PeopleError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Согласие записано."))
                return redirect("people:person_privacy", pk=person.pk)
    else:
        form = ConsentForm(
            initial={"given_on": timezone.localdate()},
            representatives=representatives,
            documents=documents,
        )
    return render(request, "people/privacy/consent_form.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The withdrawal form; a valid POST shows «Вы уверены…?» and changes nothing yet."""
    user = _user(request)
    consent = privacy_queries.get_consent(user, pk, action="people.family:write")
    form = WithdrawForm(data=request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    context = {"consent": consent, "person": consent.person, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stops = consent.purpose == ConsentPurpose.CASE_WORK
        return render(
            request,
            "people/privacy/consent_withdraw_confirm.html",
            context
            | {
                "data": data,
                "stops_processing": stops,
                "destroy_by": privacy.destroy_by_for(
                    data["withdrawn_on"], blocked=data["retention_required"]
                )
                if stops
                else None,
            },
        )
    return render(request, "people/privacy/consent_withdraw.html", context)


@login_required
@require_POST
def consent_withdraw_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """«Да, отозвать»: records the withdrawal confirmed on the previous page."""
    user = _user(request)
    consent = privacy_queries.get_consent(user, pk, action="people.family:write")
    form = WithdrawForm(data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            privacy.withdraw_consent(
                consent=consent,
                by=user,
                withdrawn_on=data["withdrawn_on"],
                reason=data["reason"],
                retention_required=data["retention_required"],
                legal_basis=data["legal_basis"],
            )
        except PeopleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Отзыв согласия записан."))
            return redirect("people:person_privacy", pk=consent.person_id)
    return render(
        request,
        "people/privacy/consent_withdraw.html",
        {"consent": consent, "person": consent.person, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def subject_request_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = access.get_person(user, pk, action="people.family:write")
    form = SubjectRequestForm(
        data=request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            subject_request = privacy.register_subject_request(
                person=person, by=user, **form.cleaned_data
            )
        except PeopleError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Обращение зарегистрировано. Ответить до %(date)s.")
                % {"date": f"{subject_request.due_on:%d.%m.%Y}"},
            )
            return redirect("people:person_privacy", pk=person.pk)
    return render(
        request, "people/privacy/subject_request_form.html", {"person": person, "form": form}
    )


# --- subject requests ------------------------------------------------------------------------


@login_required
@require_GET
def subject_request_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require(user, "people.family:read")
    today = timezone.localdate()
    form = RequestFilterForm(request.GET or None)
    show = (form.cleaned_data["show"] if form.is_valid() else "") or "open"
    requests = privacy_queries.subject_requests_visible_to(user).select_related(
        "person", "handled_by"
    )
    if show == "open":
        requests = requests.filter(answered_on__isnull=True)
    elif show == "overdue":
        requests = requests.filter(answered_on__isnull=True, due_on__lt=today)
    requests = requests.order_by("answered_on", "due_on", "pk")
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/privacy/subject_request_list.html",
        {
            "form": form,
            "show": show,
            "page": page,
            "today": today,
            "can_write": user.has_perm("people.family:write"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def subject_request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    subject_request = privacy_queries.get_subject_request(user, pk, action="people.family:write")
    form = AnswerForm(data=request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            privacy.answer_subject_request(request=subject_request, by=user, **form.cleaned_data)
        except PeopleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Ответ записан."))
            return redirect("people:subject_request_list")
    return render(
        request,
        "people/privacy/subject_request_answer.html",
        {
            "subject_request": subject_request,
            "form": form,
            "overdue": subject_request.is_overdue_on(timezone.localdate()),
        },
    )


# --- destruction deadlines and acts ----------------------------------------------------------


@login_required
@require_GET
def destruction_list(request: HttpRequest) -> HttpResponse:
    """«Сроки уничтожения данных»: running clocks first by deadline, then the acts."""
    user = _user(request)
    privacy.require_privacy_manager(user)
    clocks = (
        privacy_queries.clocks_visible_to(user)
        .filter(lifted_at__isnull=True, destroyed_at__isnull=True)
        .select_related("person", "consent")
        .order_by("destroy_by", "pk")
    )
    acts = privacy_queries.acts_visible_to(user).select_related("performed_by", "team")
    return render(
        request,
        "people/privacy/destruction_list.html",
        {
            "clocks": list(clocks[:500]),
            "acts": Paginator(acts, PAGE_SIZE).get_page(request.GET.get("page")),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def clock_destroy(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks «Вы уверены?»; POST destroys (anonymises) the person's data with an act."""
    user = _user(request)
    clock = privacy_queries.get_clock(user, pk)
    if request.method == "POST":
        try:
            act = privacy_retention.destroy_now(clock=clock, by=user)
        except PeopleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Данные уничтожены. Составлен акт №%(n)s.") % {"n": act.number}
            )
            return redirect("people:destruction_act", pk=act.pk)
        return redirect("people:destruction_list")
    return render(
        request,
        "people/privacy/clock_destroy_confirm.html",
        {"clock": clock, "today": timezone.localdate()},
    )


@login_required
@require_GET
def destruction_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    act = privacy_queries.get_act(user, pk)
    return render(request, "people/privacy/destruction_act.html", {"act": act})


# --- the person's data export ----------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def person_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """GET explains what the ZIP holds; POST builds and sends it. Scope and right first (404,
    403), then the second factor again (a bulk export: ``require_recent_second_factor``)."""
    person = access.get_person(_user(request), pk, action=privacy.PRIVACY_PERMISSION)
    return _export_confirmed(request, person)


@require_recent_second_factor
def _export_confirmed(request: HttpRequest, person: Person) -> HttpResponseBase:
    if request.method == "GET":
        return render(request, "people/privacy/person_export.html", {"person": person})
    buffer = tempfile.SpooledTemporaryFile(max_size=EXPORT_IN_MEMORY_BYTES)  # noqa: SIM115
    privacy_export.export_person_data(person=person, by=_user(request), out=buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=privacy_export.export_filename(person),
        content_type="application/zip",
    )
