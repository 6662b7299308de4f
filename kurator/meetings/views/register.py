"""HTML views of the register: a commission resolution, a member of the working group, taking
the family off the register. Thin: access → form → one service → redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kurator import access
from kurator.core.http import form_error, request_user
from kurator.meetings.errors import MeetingError
from kurator.meetings.forms.register import (
    RegisterRemoveForm,
    ResolutionForm,
    WorkingGroupMemberForm,
)
from kurator.meetings.queries.register import register_view
from kurator.meetings.services import register as services
from kurator.meetings.views.meetings import form_page

WRITE = "cases.case:write"


@login_required
@require_http_methods(["GET", "POST"])
def resolution_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk, action=WRITE)
    form = ResolutionForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_resolution(case=case, by=user, **form.cleaned_data)
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Постановление комиссии внесено."))
            return redirect("meetings:case_meetings", case_pk=case.pk)
    return form_page(
        request,
        case,
        form,
        _("Постановление КДНиЗП"),
        _("Внести постановление"),
        intro=_(
            "Решение «поставить на учёт» ставит семью на учёт с даты постановления; "
            "«снять с учёта» — снимает с указанной причиной."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_member_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk, action=WRITE)
    form = WorkingGroupMemberForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_working_group_member(case=case, by=user, **form.cleaned_data)
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Член межведомственной рабочей группы добавлен."))
            return redirect("meetings:case_meetings", case_pk=case.pk)
    return form_page(
        request,
        case,
        form,
        _("Член межведомственной рабочей группы"),
        _("Добавить"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_remove(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The removal form says what it does («Вы снимаете семью с учёта…»); POST removes."""
    user = request_user(request)
    case = access.get_case(user, case_pk, action=WRITE)
    current = register_view(case).current
    form = RegisterRemoveForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_from_register(case=case, by=user, **form.cleaned_data)
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Семья снята с учёта."))
            return redirect("meetings:case_meetings", case_pk=case.pk)
    return render(
        request,
        "meetings/register_remove.html",
        {"case": case, "form": form, "current": current},
    )
