"""The hotline pages: the journal, the operator's shift, a call written down, completed, and
turned into a signal in one click. Thin: access → form → service → message + redirect.

Who: the journal is the signal journal's (``access.hotline_calls_visible_to``: the team's
intake operator, senior curator and head; the programme director across the organisation);
writing a call down and making a signal of it need ``intake.signal:write``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurator import access
from kurator.core.errors import DomainError
from kurator.core.http import form_error, request_user
from kurator.intake.errors import IntakeError
from kurator.intake.hotline import queries, services
from kurator.intake.hotline.forms import CallFilterForm, CallForm

PAGE_SIZE = 50
WRITE = "intake.signal:write"


@login_required
@require_GET
def journal(request: HttpRequest) -> HttpResponse:
    """«Журнал горячей линии»: the calls of the chosen days, filtered, with their totals."""
    user = request_user(request)
    access.require(user, "intake.signal:read")
    visible = access.hotline_calls_visible_to(user)
    form = CallFilterForm(data=request.GET or None, teams=access.teams_visible_to(user))
    calls = form.filter(visible)
    page = Paginator(
        calls.select_related("operator", "team", "signal").order_by("-started_at", "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    access.record_listed(user, page.object_list)
    start, end = form.days()
    return render(
        request,
        "intake/hotline/journal.html",
        {
            "form": form,
            "page": page,
            "start": start,
            "end": end,
            "totals": queries.totals(calls),
            "can_write": user.has_perm(WRITE),
        },
    )


@login_required
@require_GET
def shift(request: HttpRequest) -> HttpResponse:
    """The operator's shift: the calls she took today, what is still to fill in, the totals."""
    user = request_user(request)
    access.require(user, WRITE)
    today = timezone.localdate()
    calls = queries.shift_of(access.hotline_calls_visible_to(user), user, today)
    rows = list(calls.select_related("signal").order_by("-started_at", "-pk")[:200])
    access.record_listed(user, rows)
    return render(
        request,
        "intake/hotline/shift.html",
        {"calls": rows, "today": today, "totals": queries.totals(calls)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, WRITE)
    form = CallForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.record_call(
                by=user,
                direction=form.cleaned_data["direction"],
                started_at=form.cleaned_data["started_at"],
                **form.details(),
            )
        except IntakeError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Звонок №%(n)s записан.") % {"n": call.pk})
            return redirect("intake:hotline_call", pk=call.pk)
    return render(request, "intake/hotline/call_form.html", {"form": form, "call": None})


@login_required
@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    call = access.get_hotline_call(user, pk)
    can_write = user.has_perm(WRITE)
    appeal = queries.appeal_of(call)
    return render(
        request,
        "intake/hotline/call_detail.html",
        {
            "call": call,
            "appeal": appeal,
            "can_edit": can_write,
            "can_make_signal": can_write and call.signal_id is None and appeal is None,
            "can_record_complaint": can_write
            and user.has_perm(access.APPEAL_RECORD)
            and call.signal_id is None
            and appeal is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    call = access.get_hotline_call(user, pk, action=WRITE)
    initial = {
        "duration_minutes": call.duration_seconds // 60,
        "caller_kind": call.caller_kind,
        "caller_name": call.caller_name,
        "caller_phone": call.caller_phone,
        "topic": call.topic,
        "summary": call.summary,
        "outcome": "" if call.signal_id else call.outcome,
        "redirected_to": call.redirected_to,
    }
    form = CallForm(
        data=request.POST if request.method == "POST" else None, initial=initial, editing=True
    )
    if call.signal_id:
        del form.fields["outcome"]
        del form.fields["redirected_to"]
    if request.method == "POST" and form.is_valid():
        details = {"outcome": "", "redirected_to": "", **form.cleaned_data}
        form.cleaned_data.update(details)
        try:
            services.complete_call(call=call, by=user, **form.details())
        except IntakeError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Звонок №%(n)s сохранён.") % {"n": call.pk})
            return redirect("intake:hotline_call", pk=call.pk)
    return render(request, "intake/hotline/call_form.html", {"form": form, "call": call})


@login_required
@require_POST
def call_signal(request: HttpRequest, pk: int) -> HttpResponse:
    """«Создать сигнал»: one click on the call's page."""
    user = request_user(request)
    call = access.get_hotline_call(user, pk, action=WRITE)
    try:
        signal = services.create_signal_from_call(call=call, by=user)
    except IntakeError as error:
        messages.error(request, error.message)
        return redirect("intake:hotline_call", pk=call.pk)
    messages.success(
        request,
        _("Сигнал №%(n)s создан по звонку. Команда выезда — до %(due)s.")
        % {"n": signal.pk, "due": f"{signal.team_due:%d.%m.%Y}"},
    )
    return redirect("intake:signal_detail", pk=signal.pk)


@login_required
@require_POST
def call_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    """«Записать жалобу»: the caller's complaint registered from the call."""
    user = request_user(request)
    call = access.get_hotline_call(user, pk, action=WRITE)
    access.require(user, access.APPEAL_RECORD)
    try:
        appeal = services.record_complaint_from_call(call=call, by=user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("intake:hotline_call", pk=call.pk)
    messages.success(
        request,
        _("Жалоба записана: ответить до %(due)s.") % {"due": f"{appeal.due_on:%d.%m.%Y}"},
    )
    return redirect("reports:appeal", pk=appeal.pk)
