"""HTML views of meetings (and the case's meetings page, which shows the register too): thin,
one per action.

Each resolves its records through ``access`` (404 out of scope, 403 without the permission;
the read is logged there), binds a form, calls one service and redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.cases.models import Case
from kurator.core.http import form_error, request_user
from kurator.meetings.errors import MeetingError
from kurator.meetings.forms.meetings import (
    AmendForm,
    GuardianshipPositionForm,
    MeetingScheduleForm,
    MinutesForm,
)
from kurator.meetings.models import Meeting
from kurator.meetings.queries import meetings as queries
from kurator.meetings.queries.register import register_view
from kurator.meetings.services import meetings as services

WRITE = "cases.case:write"


def form_page(
    request: HttpRequest,
    case: Case,
    form: Form,
    title: str,
    submit: str,
    *,
    meeting: Meeting | None = None,
    intro: str = "",
) -> HttpResponse:
    """A form of the meetings app on its page (also the register's forms): «back» goes to
    the meeting, else to the case's meetings."""
    back = (
        reverse("meetings:meeting_detail", args=[meeting.pk])
        if meeting is not None
        else reverse("meetings:case_meetings", args=[case.pk])
    )
    return render(
        request,
        "meetings/form_page.html",
        {
            "case": case,
            "meeting": meeting,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "back": back,
        },
    )


def _signed(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """Back to the meeting, with the service's message, when its minutes are signed."""
    try:
        services.check_draft(meeting)
    except MeetingError as error:
        messages.info(request, error.message)
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return None


@login_required
@require_GET
def case_meetings(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk)
    return render(
        request,
        "meetings/case_meetings.html",
        {
            "case": case,
            "meetings": list(queries.meetings_with_people(case)),
            "register": register_view(case),
            "can_write": access.may_write_case(user, case, WRITE),
            "can_register": user.has_perm(WRITE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk, action=WRITE)
    form = MeetingScheduleForm(
        data=request.POST or None,
        case=case,
        initial={"kind": request.GET.get("kind") or Meeting.Kind.CONSILIUM, "staff": [user]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                case=case,
                kind=data["kind"],
                held_on=data["held_on"],
                agenda=data["agenda"],
                staff=data["staff"],
                family_members=data["family_members"],
                outside=data["outside"],
                by=user,
            )
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Встреча назначена."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return form_page(request, case, form, _("Новая встреча"), _("Назначить встречу"))


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = access.get_meeting(user, pk)
    participants, decisions = queries.meeting_detail(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "case": meeting.case,
            "participants": participants,
            "decisions": decisions,
            "position": queries.guardianship_position_of(meeting),
            "amendments": list(meeting.amendments.all()),
            "can_write": user.has_perm(WRITE),
        },
    )


@login_required
@require_GET
def minutes_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes (протокол) as one printable page."""
    user = request_user(request)
    meeting = access.get_meeting(user, pk)
    participants, decisions = queries.meeting_detail(meeting)
    return render(
        request,
        "meetings/minutes_print.html",
        {
            "meeting": meeting,
            "case": meeting.case,
            "participants": participants,
            "decisions": decisions,
            "position": queries.guardianship_position_of(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = access.get_meeting(user, pk, action=WRITE)
    if (signed := _signed(request, meeting)) is not None:
        return signed
    decisions = "\n".join(
        "; ".join(
            [d.text, d.responsible, d.due_on.strftime("%d.%m.%Y") if d.due_on else ""]
        ).rstrip("; ")
        for d in meeting.decisions.all()
    )
    form = MinutesForm(
        data=request.POST or None, initial={"minutes": meeting.minutes, "decisions": decisions}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_minutes(
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                decisions=form.cleaned_data["decisions"],
                by=user,
            )
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Протокол сохранён (черновик)."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return form_page(
        request,
        meeting.case,
        form,
        _("Протокол: %(m)s") % {"m": meeting},
        _("Сохранить черновик"),
        meeting=meeting,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks «Подписать протокол?»; POST signs it."""
    user = request_user(request)
    meeting = access.get_meeting(user, pk, action=WRITE)
    error = None
    if request.method == "POST":
        try:
            services.finalize_minutes(meeting=meeting, by=user)
        except MeetingError as exc:
            error = exc.message
        else:
            messages.success(request, _("Протокол подписан. Теперь он только для чтения."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    elif (signed := _signed(request, meeting)) is not None:
        return signed
    return render(
        request,
        "meetings/minutes_finalize.html",
        {"meeting": meeting, "case": meeting.case, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_amend(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = access.get_meeting(user, pk, action=WRITE)
    if not meeting.is_final:
        messages.info(request, _("Протокол ещё не подписан: его можно просто поправить."))
        return redirect("meetings:minutes", pk=meeting.pk)
    form = AmendForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amended = services.amend_minutes(
                meeting=meeting, reason=form.cleaned_data["reason"], by=user
            )
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Создано исправление протокола. Подписанный протокол сохранён.")
            )
            return redirect("meetings:minutes", pk=amended.pk)
    return form_page(
        request,
        meeting.case,
        form,
        _("Исправление протокола: %(m)s") % {"m": meeting},
        _("Создать исправление"),
        meeting=meeting,
        intro=_(
            "Подписанный протокол не меняется: исправление станет новой записью со ссылкой на него."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def guardianship_position(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = access.get_meeting(user, pk, action=WRITE)
    if (signed := _signed(request, meeting)) is not None:
        return signed
    existing = queries.guardianship_position_initial(meeting)
    form = GuardianshipPositionForm(data=request.POST or None, initial=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_guardianship_position(meeting=meeting, by=user, **form.cleaned_data)
        except MeetingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Позиция органа опеки записана."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return form_page(
        request,
        meeting.case,
        form,
        _("Позиция органа опеки и попечительства"),
        _("Сохранить"),
        meeting=meeting,
    )
