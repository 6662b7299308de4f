"""Pages of the records only the reports use: staff norms (the year's table against the
norms, adding, correcting and deleting an entry), complaints and suggestions (list, add, a
record and its answer), children leaving shelters (list for a period with the share returned
to birth families, add), and the «История изменений» of each of the three (a deleted norm
entry's too). Thin: access → form → service.

Who: a specialist sees and enters her own norms, the team head her team's (and enters them),
the senior curator sees her team's, the director and quality officer the organisation's.
Appeals and shelter exits need ``reports.report:read`` (team roles: their team; director and
quality officer: the organisation); recording and answering an appeal needs
``reports.appeal:write`` (team head, programme director, quality officer); recording a
shelter exit, ``reports.report:read``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.models import User
from kurator.audit.views import history_page
from kurator.core.errors import DomainError
from kurator.core.http import form_error, request_user
from kurator.reports import history
from kurator.reports.forms.records import (
    AppealAnswerForm,
    AppealFilterForm,
    AppealForm,
    NormEntryDeleteForm,
    NormEntryForm,
    PeriodForm,
    ShelterExitForm,
    YearForm,
)
from kurator.reports.models import Appeal
from kurator.reports.queries.records import (
    appeal_days,
    appeal_organisation,
    shelter_exits_between,
    visible_staff_norms,
)
from kurator.reports.services.records import (
    answer_appeal,
    correct_norm_entry,
    delete_norm_entry,
    record_appeal,
    record_norm_entry,
    record_shelter_exit,
)

PAGE_SIZE = 50
ENTRIES_MAX = 300
DELETED_MAX = 50


def _norms_url(year: int) -> str:
    return f"{reverse('reports:staff_norms')}?year={year}"


# --- staff norms -------------------------------------------------------------------------------


@login_required
@require_GET
def staff_norms(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    year = YearForm(request.GET).year_or_current()
    rows = visible_staff_norms(user, year=year)
    editable = set(access.norm_specialists_editable_by(user).values_list("pk", flat=True))
    entries = list(
        access.norm_entries_visible_to(user)
        .filter(started_on__year=year)
        .select_related("specialist", "recorded_by")
        .order_by("specialist__last_name", "specialist__first_name", "-started_on", "-pk")[
            : ENTRIES_MAX + 1
        ]
    )
    return render(
        request,
        "reports/records/staff_norms.html",
        {
            "year": year,
            "years": [year - 1, year, year + 1],
            "rows": rows,
            "entries": entries[:ENTRIES_MAX],
            "entries_cut": len(entries) > ENTRIES_MAX,
            "deleted": _deleted_entries(user, year),
            "editable": editable,
            "shortfalls": sum(1 for row in rows if not row.all_met),
            "report_reader": user.has_perm(access.REPORT_READ),
        },
    )


@dataclass(frozen=True)
class DeletedEntry:
    pk: int
    specialist: User
    label: str
    deleted_at: datetime
    deleted_by: User | None
    reason: str


def _deleted_entries(user: User, year: int) -> list[DeletedEntry]:
    """The year's deleted entries the user could read, newest deletion first: each links to
    its history (who entered, corrected and deleted it, and why)."""
    versions = (
        access.deleted_norm_entries_visible_to(user)
        .filter(started_on__year=year)
        .select_related("specialist", "history_user")
        .order_by("-history_date", "-history_id")[:DELETED_MAX]
    )
    return [
        DeletedEntry(
            pk=v.id,
            specialist=v.specialist,
            label=history.norm_entry_label(v),
            deleted_at=v.history_date,
            deleted_by=v.history_user,
            reason=v.history_change_reason or "",
        )
        for v in versions
    ]


@login_required
@require_http_methods(["GET", "POST"])
def norm_entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    specialist = access.get_norm_specialist(user, pk, write=True)
    form = NormEntryForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = record_norm_entry(specialist=specialist, by=user, **form.to_service())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Запись добавлена."))
            return redirect(_norms_url(entry.started_on.year))
    return render(
        request,
        "reports/records/norm_entry_form.html",
        {
            "form": form,
            "specialist": specialist,
            "title": _("Обучение, супервизия, отпуск"),
            "year": timezone.localdate().year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def norm_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    entry = access.get_norm_entry(user, pk, write=True)
    form = NormEntryForm(
        data=request.POST or None,
        correction=True,
        initial={
            "kind": entry.kind,
            "started_on": entry.started_on,
            "amount": entry.amount,
            "note": entry.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = correct_norm_entry(
                entry=entry, by=user, reason=form.cleaned_data["reason"], **form.to_service()
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Запись исправлена."))
            return redirect(_norms_url(entry.started_on.year))
    return render(
        request,
        "reports/records/norm_entry_form.html",
        {
            "form": form,
            "specialist": entry.specialist,
            "entry": entry,
            "title": _("Исправить запись"),
            "year": entry.started_on.year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def norm_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    entry = access.get_norm_entry(user, pk, write=True)
    # An empty POST deletes too: the reason is optional.
    form = NormEntryDeleteForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            delete_norm_entry(entry=entry, by=user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Запись удалена."))
            return redirect(_norms_url(entry.started_on.year))
    return render(request, "reports/records/norm_entry_delete.html", {"entry": entry, "form": form})


@login_required
@require_GET
def norm_entry_history(request: HttpRequest, pk: int) -> HttpResponse:
    """«История изменений» of a training, supervision or leave entry, for whoever sees it —
    and once it is deleted, for whoever still sees its specialist (the deleted entries of a
    year are listed on the norms page)."""
    entry = access.get_norm_entry_for_history(request_user(request), pk)
    specialist = entry.specialist
    year = entry.started_on.year
    crumbs = [
        (_norms_url(year), _("Нормы специалистов за %(year)s год") % {"year": year}),
        (
            _norms_url(year),
            f"{specialist.full_name or specialist.username}: {history.norm_entry_label(entry)}",
        ),
    ]
    return history_page(request, history.norm_entry_history(entry), crumbs=crumbs)


# --- appeals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppealRow:
    appeal: Appeal
    days: int  # calendar days from receipt to the answer, or to today while open


@login_required
@require_GET
def appeals(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not access.may_see_appeals(user):
        raise PermissionDenied(access.REPORT_READ)
    visible = access.appeals_visible_to(user)
    filters = AppealFilterForm(request.GET)
    listed = (
        filters.filter(visible)
        .select_related("team", "case", "assignee")
        .order_by("-received_on", "-pk")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    access.record_listed(user, page.object_list)
    totals = visible.aggregate(
        open=Count("pk", filter=Q(answered_on__isnull=True)),
        overdue=Count("pk", filter=Q(answered_on__isnull=True, due_on__lt=today)),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
        average=Avg(F("answered_on") - F("received_on"), filter=Q(answered_on__isnull=False)),
    )
    average = totals["average"]
    return render(
        request,
        "reports/records/appeals.html",
        {
            "filters": filters,
            "page": page,
            "rows": [AppealRow(a, appeal_days(a, today)) for a in page.object_list],
            "today": today,
            "open_count": totals["open"],
            "answered_count": totals["answered"],
            "overdue_count": totals["overdue"],
            "average_days": round(average.total_seconds() / 86400, 1) if average else None,
            "can_write": user.has_perm(access.APPEAL_RECORD),
            "perms_report_reader": user.has_perm(access.REPORT_READ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, access.APPEAL_RECORD)
    form = AppealForm(data=request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = record_appeal(by=user, **form.to_service())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Обращение записано."))
            return redirect("reports:appeal", pk=appeal.pk)
    return render(request, "reports/records/appeal_form.html", {"form": form})


@login_required
@require_GET
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    appeal = access.get_appeal(user, pk)
    return render(
        request,
        "reports/records/appeal_detail.html",
        {
            "appeal": appeal,
            "days": appeal_days(appeal, timezone.localdate()),
            "overdue": appeal.is_overdue(timezone.localdate()),
            "can_answer": appeal.answered_on is None and user.has_perm(access.APPEAL_WRITE),
        },
    )


@login_required
@require_GET
def appeal_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer letter to the complainant, printed from its template once the answer is
    recorded (the page's own «Распечатать»)."""
    appeal = access.get_appeal(request_user(request), pk)
    if appeal.answered_on is None:
        raise Http404("no answer yet")
    return render(
        request,
        "reports/records/appeal_letter.html",
        {"appeal": appeal, "organisation": appeal_organisation(appeal)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    appeal = access.get_appeal(user, pk, action=access.APPEAL_WRITE)
    form = AppealAnswerForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_appeal(appeal=appeal, by=user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Ответ записан."))
            return redirect("reports:appeal", pk=appeal.pk)
    return render(request, "reports/records/appeal_answer.html", {"appeal": appeal, "form": form})


@login_required
@require_GET
def appeal_history(request: HttpRequest, pk: int) -> HttpResponse:
    """«История изменений» of a complaint or suggestion: recorded, answered — by whom, when."""
    appeal = access.get_appeal(request_user(request), pk)
    crumbs = [
        (reverse("reports:appeals"), _("Жалобы и предложения")),
        (reverse("reports:appeal", args=[appeal.pk]), str(appeal)),
    ]
    return history_page(request, history.appeal_history(appeal), crumbs=crumbs)


# --- shelter exits -----------------------------------------------------------------------------


@login_required
@require_GET
def shelter_exits(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, access.REPORT_READ)
    period_form = PeriodForm(request.GET)
    start, end = period_form.period()
    found = shelter_exits_between(user, start, end)
    listed = found.exits.select_related("team", "child", "family")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/records/shelter_exits.html",
        {
            "period_form": period_form,
            "start": start,
            "end": end,
            "page": page,
            "total": found.total,
            "birth": found.returned,
            "share": found.share,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shelter_exit_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, access.REPORT_READ)
    form = ShelterExitForm(data=request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            exit_ = record_shelter_exit(by=user, **form.to_service())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Выбытие записано."))
            return redirect(_exits_url(exit_.left_on.year))
    return render(request, "reports/records/shelter_exit_form.html", {"form": form})


@login_required
@require_GET
def shelter_exit_history(request: HttpRequest, pk: int) -> HttpResponse:
    """«История изменений» of a child's leaving a shelter, linked from the list's row."""
    exit_ = access.get_shelter_exit(request_user(request), pk)
    crumbs = [(_exits_url(exit_.left_on.year), _("Выбытие детей из учреждений"))]
    return history_page(request, history.shelter_exit_history(exit_), crumbs=crumbs)


def _exits_url(year: int) -> str:
    return f"{reverse('reports:shelter_exits')}?start=01.01.{year}&end=31.12.{year}"
