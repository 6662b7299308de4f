"""HTML views of the signal journal: thin, one per action.

Each resolves the signal through ``access`` (404 out of scope, 403 without the permission),
binds a form, calls one service and redirects; a service's ``IntakeError`` is shown beside
its field or above the form. Refusal, redirect and escalation pages are their own
confirmation («Вы уверены?»): GET shows what will happen, POST does it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case as SqlCase
from django.db.models import Count, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.intake_scripts import channel_scripts
from kurator.accounts.models import User
from kurator.cases.timeline import describe
from kurator.core.http import form_error, request_user
from kurator.core.throttle import hit
from kurator.intake import queries, services
from kurator.intake.criteria import active_criteria
from kurator.intake.errors import IntakeError
from kurator.intake.forms import (
    DecisionForm,
    DuplicateSearchForm,
    EscalateForm,
    FamilyChoiceForm,
    LinkFamilyForm,
    SignalFilterForm,
    SignalForm,
    VisitAssignForm,
    VisitRecordForm,
    VisitReportForm,
)
from kurator.intake.models import OPEN_STATUSES, FirstVisit, Signal, TakeInDecision

PAGE_SIZE = 50
TIMELINE_LIMIT = 200


def _posted(request: HttpRequest) -> Any:
    """The POST data to bind, even when empty (an empty form must show its errors)."""
    return request.POST if request.method == "POST" else None


def _family_url(family_id: int | None) -> str | None:
    if family_id is None:
        return None
    try:
        return reverse("people:family_detail", args=[family_id])
    except NoReverseMatch:
        return None  # the family card is not built yet


# --- the journal ------------------------------------------------------------------------------


@login_required
@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "intake.signal:read")
    visible = access.signals_visible_to(user)
    form = SignalFilterForm(data=request.GET or None, teams=queries.teams_of_signals(visible))
    # Urgent signals still waiting for a decision stand at the top of the journal.
    signals = (
        form.filter(visible)
        .select_related("family", "team", "first_visit")
        .order_by(
            SqlCase(When(urgent=True, status__in=OPEN_STATUSES, then=Value(0)), default=Value(1)),
            "-received_at",
            "-pk",
        )
    )
    page = Paginator(signals, PAGE_SIZE).get_page(request.GET.get("page"))
    today, now = timezone.localdate(), timezone.now()
    counts = dict(
        visible.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "intake/signal_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(s, set(s.overdue_deadlines(today=today, now=now))) for s in page],
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Signal.Status.choices
            ],
            "can_write": user.has_perm("intake.signal:write"),
            "filtered": any(
                request.GET.get(name) for name in ("status", "team", "overdue", "urgent")
            ),
        },
    )


# --- stage 1: recording a signal -----------------------------------------------------------------


def _matches_for(user: User, data: dict[str, Any] | Any) -> queries.Matches:
    search = DuplicateSearchForm(data=data)
    return queries.possible_matches(user=user, **search.terms())


@login_required
@require_http_methods(["GET", "POST"])
def signal_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "intake.signal:write")
    data = _posted(request)
    form = SignalForm(data=data)
    family_form = FamilyChoiceForm(data=data, user=user)
    if request.method == "POST" and form.is_valid() and family_form.is_valid():
        cleaned = form.cleaned_data
        try:
            signal = services.record_signal(
                by=user,
                received_at=cleaned["received_at"],
                channel=cleaned["channel"],
                source=cleaned["source"],
                description=cleaned["description"],
                reporter_name=cleaned["reporter_name"],
                reporter_contact=cleaned["reporter_contact"],
                family=family_form.cleaned_data["family"],
                urgent=cleaned["urgent"],
                subject_last_name=cleaned["subject_last_name"],
                subject_first_name=cleaned["subject_first_name"],
                subject_middle_name=cleaned["subject_middle_name"],
                subject_birth_date=cleaned["subject_birth_date"],
                address=cleaned["address"],
            )
        except IntakeError as error:
            form_error(family_form if error.field == "family" else form, error)
        else:
            messages.success(
                request,
                _("Сигнал №%(n)s записан в журнал. Команда выезда — до %(due)s.")
                % {"n": signal.pk, "due": f"{signal.team_due:%d.%m.%Y}"},
            )
            return redirect("intake:signal_detail", pk=signal.pk)
    return render(
        request,
        "intake/signal_create.html",
        {
            "form": form,
            "family_form": family_form,
            "matches": _matches_for(user, request.POST) if data else queries.Matches(),
            "selected_family": request.POST.get("family", "") if data else "",
            "intake_scripts": channel_scripts(user.organisation_id),
            "channel": form["channel"].value(),
        },
    )


@login_required
@require_GET
def signal_duplicates(request: HttpRequest) -> HttpResponse:
    """The «already known?» panel, refreshed by htmx as the operator types the names."""
    user = request_user(request)
    access.require(user, "intake.signal:write")
    hit(user_id=user.pk, scope="duplicates")  # too many: the Russian 429 (core middleware)
    return render(
        request,
        "intake/_matches.html",
        {
            "matches": _matches_for(user, request.GET),
            "selected_family": request.GET.get("family", ""),
        },
    )


# --- the signal page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date | datetime | None
    done_at: datetime | None
    overdue: bool
    testid: str

    @property
    def late(self) -> bool:
        """Done, but after the deadline (a date deadline lasts the whole day)."""
        if self.done_at is None or self.due is None:
            return False
        if isinstance(self.due, datetime):
            return self.done_at > self.due
        return timezone.localdate(self.done_at) > self.due


def _deadlines(
    signal: Signal, visit: FirstVisit | None, decision: TakeInDecision | None
) -> list[Deadline]:
    overdue = set(signal.overdue_deadlines(today=timezone.localdate(), now=timezone.now()))
    rows = [
        (_("Команда выезда назначена"), signal.team_due, visit and visit.assigned_at, "team_due"),
        (_("Первичный выезд"), signal.visit_due, visit and visit.visited_at, "visit_due"),
        (
            _("Отчёт о выезде (24 часа)"),
            signal.report_due,
            visit and visit.report_submitted_at,
            "report_due",
        ),
        (
            _("Решение о взятии в работу"),
            signal.decision_due,
            decision and decision.decided_at,
            "decision_due",
        ),
    ]
    return [
        Deadline(label=label, due=due, done_at=done or None, overdue=name in overdue, testid=name)
        for label, due, done, name in rows
    ]


@login_required
@require_GET
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, pk)
    visit = queries.visit_of(signal)
    decision = queries.decision_of(signal)
    events = list(signal.timeline.select_related("actor").order_by("-created_at", "-pk"))
    is_open = signal.is_open
    can_write = user.has_perm("intake.signal:write")
    can_report = services.may_report_visit(user, signal, visit)
    matches = queries.Matches()
    if is_open and can_write and signal.family_id is None and signal.subject_last_name:
        matches = queries.possible_matches(
            user=user,
            last_name=signal.subject_last_name,
            first_name=signal.subject_first_name,
            middle_name=signal.subject_middle_name,
            birth_date=signal.subject_birth_date,
        )
    next_level = services.next_decision_level(signal.decision_level)
    return render(
        request,
        "intake/signal_detail.html",
        {
            "signal": signal,
            "visit": visit,
            "decision": decision,
            "deadlines": _deadlines(signal, visit, decision),
            "family_url": _family_url(signal.family_id),
            "timeline": [(event, describe(event)) for event in events[:TIMELINE_LIMIT]],
            "matches": matches,
            "can_link": is_open and can_write,
            "can_assign": signal.status in {Signal.Status.NEW, Signal.Status.TEAM_ASSIGNED}
            and user.has_perm("intake.visit:assign"),
            "can_record_visit": signal.status == Signal.Status.TEAM_ASSIGNED and can_report,
            "can_report": signal.status == Signal.Status.VISITED
            and visit is not None
            and visit.report_submitted_at is None
            and can_report,
            "can_decide": is_open and services.may_decide_at(user, signal.decision_level),
            "can_accept": signal.status == Signal.Status.VISITED
            and visit is not None
            and visit.report_submitted_at is not None,
            "can_escalate": is_open
            and next_level is not None
            and services.may_decide_at(user, signal.decision_level),
            "can_open_case": signal.status == Signal.Status.ACCEPTED
            and user.has_perm("cases.case:open"),
            "open_case_url": _open_case_url(signal),
            "public_report": queries.public_report_of(signal),
        },
    )


def _open_case_url(signal: Signal) -> str | None:
    if signal.status != Signal.Status.ACCEPTED:
        return None
    try:
        return reverse("cases:open", args=[signal.pk])
    except NoReverseMatch:
        return None  # the cases app has not built the page yet


@login_required
@require_http_methods(["GET", "POST"])
def signal_link_family(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, pk, action="intake.signal:write")
    if not signal.is_open:
        raise Http404("decided")
    search = DuplicateSearchForm(
        data=request.GET
        or {
            "subject_last_name": signal.subject_last_name,
            "subject_first_name": signal.subject_first_name,
            "subject_middle_name": signal.subject_middle_name,
            "subject_birth_date": signal.subject_birth_date or "",
        }
    )
    form = LinkFamilyForm(data=_posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_signal_family(signal=signal, family=form.cleaned_data["family"], by=user)
        except IntakeError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Сигнал связан с семьёй «%(family)s».") % {"family": signal.family},
            )
            return redirect("intake:signal_detail", pk=signal.pk)
    return render(
        request,
        "intake/signal_link_family.html",
        {
            "signal": signal,
            "search": search,
            "form": form,
            "matches": queries.possible_matches(user=user, **search.terms()),
            "selected_family": request.POST.get("family", "") or signal.family_id or "",
        },
    )


# --- stages 2–3: the first visit -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def visit_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, pk, action="intake.visit:assign")
    candidates = queries.visit_candidates(signal=signal)
    form = VisitAssignForm(data=_posted(request), signal=signal, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_visit_team(
                signal=signal,
                by=user,
                future_curator=form.cleaned_data["future_curator"],
                psychologist=form.cleaned_data["psychologist"],
                planned_date=form.cleaned_data["planned_date"],
            )
        except IntakeError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Команда первичного выезда назначена."))
            return redirect("intake:signal_detail", pk=signal.pk)
    return render(
        request,
        "intake/visit_assign.html",
        {
            "signal": signal,
            "form": form,
            "candidates": candidates,
            "distance": queries.family_distance(signal),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, pk, action="intake.visit:report")
    form = VisitRecordForm(data=_posted(request), children=services.visit_children(signal))
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.record_visit(
                signal=signal,
                by=user,
                visited_at=form.cleaned_data["visited_at"],
                report=form.visit_report(),
            )
        except IntakeError as error:
            form_error(form, error)
        else:
            if visit.report_submitted_at:
                messages.success(request, _("Выезд отмечен, отчёт сдан."))
            else:
                messages.success(
                    request,
                    _("Выезд отмечен. Отчёт нужно сдать до %(due)s.")
                    % {"due": f"{timezone.localtime(signal.report_due):%d.%m.%Y %H:%M}"},
                )
            return redirect("intake:signal_detail", pk=signal.pk)
    return render(request, "intake/visit_record.html", {"signal": signal, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def visit_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, pk, action="intake.visit:report")
    form = VisitReportForm(data=_posted(request), children=services.visit_children(signal))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_visit_report(signal=signal, by=user, report=form.visit_report())
        except IntakeError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Отчёт о первичном выезде сдан."))
            return redirect("intake:signal_detail", pk=signal.pk)
    return render(
        request,
        "intake/visit_report.html",
        {"signal": signal, "form": form, "visit": queries.visit_of(signal), "now": timezone.now()},
    )


# --- stage 4: the take-in decision ---------------------------------------------------------------

DECISION_PAGES = {
    TakeInDecision.Decision.ACCEPT: {
        "title": gettext_lazy("Взять семью в работу"),
        "confirm": gettext_lazy("Да, взять в работу"),
        "done": gettext_lazy("Решение принято: семья взята в работу."),
    },
    TakeInDecision.Decision.REFUSE: {
        "title": gettext_lazy("Отказать семье"),
        "confirm": gettext_lazy("Да, отказать"),
        "done": gettext_lazy("Решение принято: отказ. Распечатайте информированный отказ."),
    },
    TakeInDecision.Decision.REDIRECT: {
        "title": gettext_lazy("Перенаправить семью"),
        "confirm": gettext_lazy("Да, перенаправить"),
        "done": gettext_lazy(
            "Решение принято: семья перенаправлена. Распечатайте информированный отказ."
        ),
    },
}


@login_required
@require_http_methods(["GET", "POST"])
def signal_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, pk, action="intake.decision:decide")
    if decision not in TakeInDecision.Decision.values:
        raise Http404("decision")
    agents = access.resource_agents_visible_to(user)
    suggested = (
        []
        if decision == TakeInDecision.Decision.ACCEPT
        else queries.suggested_alternatives(signal=signal, agents=agents)
    )
    form = DecisionForm(
        data=_posted(request),
        decision=decision,
        participants=queries.consilium_candidates(signal=signal),
        agents=agents,
        suggested=[m.agent.pk for m in suggested],
        criteria=active_criteria(signal.organisation_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_signal(
                signal=signal,
                by=user,
                decision=decision,
                reason=form.cleaned_data["reason"],
                participants=form.cleaned_data["participants"],
                alternatives=form.cleaned_data.get("alternatives", ()),
                criteria_met=form.cleaned_data["criteria_met"],
            )
        except IntakeError as error:
            form_error(form, error)
        else:
            messages.success(
                request, str(DECISION_PAGES[TakeInDecision.Decision(decision)]["done"])
            )
            if decision == TakeInDecision.Decision.ACCEPT:
                return redirect("intake:signal_detail", pk=signal.pk)
            return redirect("intake:refusal_letter", pk=signal.pk)
    return render(
        request,
        "intake/signal_decide.html",
        {
            "signal": signal,
            "form": form,
            "decision": decision,
            "page": DECISION_PAGES[TakeInDecision.Decision(decision)],
            "suggested": suggested,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, pk, action="intake.decision:decide")
    form = EscalateForm(data=_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.escalate_signal(signal=signal, by=user, reason=form.cleaned_data["reason"])
        except IntakeError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Решение передано: %(level)s.") % {"level": signal.get_decision_level_display()},
            )
            return redirect("intake:signal_detail", pk=signal.pk)
    next_level = services.next_decision_level(signal.decision_level)
    return render(
        request,
        "intake/signal_escalate.html",
        {
            "signal": signal,
            "form": form,
            "next_level": Signal(decision_level=next_level).get_decision_level_display()
            if next_level
            else None,
        },
    )


@login_required
@require_GET
def refusal_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The informed refusal for the family: the reasons and other places to get help."""
    user = request_user(request)
    signal = access.get_signal(user, pk)
    decision = queries.decision_of(signal)
    if decision is None or decision.decision == TakeInDecision.Decision.ACCEPT:
        raise Http404("no refusal")
    return render(
        request,
        "intake/refusal_letter.html",
        {"signal": signal, "decision": decision, "today": timezone.localdate()},
    )
