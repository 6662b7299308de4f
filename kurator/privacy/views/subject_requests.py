"""A data subject's requests in HTML: registering one, the list, the answer. Thin, one view per
action, as ``views.consents``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.core.http import form_error, request_user
from kurator.people.errors import PeopleError
from kurator.privacy.forms.subject_requests import AnswerForm, RequestFilterForm, SubjectRequestForm
from kurator.privacy.queries.subject_requests import get_subject_request, subject_requests_shown
from kurator.privacy.services.subject_requests import (
    answer_subject_request,
    register_subject_request,
)

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def subject_request_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access.get_person(user, pk, action="people.family:write")
    form = SubjectRequestForm(
        data=request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            subject_request = register_subject_request(person=person, by=user, **form.cleaned_data)
        except PeopleError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Обращение зарегистрировано. Ответить до %(date)s.")
                % {"date": f"{subject_request.due_on:%d.%m.%Y}"},
            )
            return redirect("people:person_privacy", pk=person.pk)
    return render(request, "privacy/subject_request_form.html", {"person": person, "form": form})


@login_required
@require_GET
def subject_request_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "people.family:read")
    today = timezone.localdate()
    form = RequestFilterForm(request.GET or None)
    show = (form.cleaned_data["show"] if form.is_valid() else "") or "open"
    requests = subject_requests_shown(user, show, today=today)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/subject_request_list.html",
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
    user = request_user(request)
    subject_request = get_subject_request(user, pk, action="people.family:write")
    form = AnswerForm(data=request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            answer_subject_request(request=subject_request, by=user, **form.cleaned_data)
        except PeopleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Ответ записан."))
            return redirect("people:subject_request_list")
    return render(
        request,
        "privacy/subject_request_answer.html",
        {
            "subject_request": subject_request,
            "form": form,
            "overdue": subject_request.is_overdue_on(timezone.localdate()),
        },
    )
