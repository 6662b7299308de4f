"""HTML views of the case list, the case page, opening, complexity, handing over and linking:
thin, one per action.

Each resolves its records through ``access`` (404 out of scope, 403 without the permission),
binds a form, calls one service of ``services.opening`` and redirects. Closure,
post-support, reopening and emergency approvals are in
``views.lifecycle`` (their block on the case page is ``cases/lifecycle/_case_actions.html``);
the case page seen through a supervision share in ``views.supervision``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurator import access
from kurator.accounts.roles import ORGANISATION_SCOPED_ROLES, RoleCode
from kurator.cases import masking
from kurator.cases.errors import CaseError
from kurator.cases.forms.opening import (
    CaseFilterForm,
    CaseLinkForm,
    CaseOpenForm,
    CaseTransferForm,
    ComplexityForm,
)
from kurator.cases.queries import opening as queries
from kurator.cases.services import opening
from kurator.cases.timeline import describe
from kurator.cases.views.supervision import supervised_case_detail
from kurator.core.http import form_error, request_user

PAGE_SIZE = 50


def _family_url(family_id: int) -> str | None:
    try:
        return reverse("people:family_detail", args=[family_id])
    except NoReverseMatch:
        return None  # the family card is not built yet


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "cases.case:read")
    form = CaseFilterForm(data=request.GET or None, user=user)
    filters = form.filters() if form.is_bound else queries.CaseFilters()
    page = Paginator(queries.case_list(user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    access.record_listed(user, page)
    counts = queries.case_counts(user)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            # The team select only for those who see more than one team's cases.
            "team_choice": counts["teams"] > 1,
            "today": timezone.localdate(),
            "filtered": filters != queries.CaseFilters(),
            # «Мои случаи» for those who see only their own; «Случаи» for team and org roles.
            "mine": not user.has_role(*access.CASE_TEAM_ROLES, *ORGANISATION_SCOPED_ROLES),
            # Shared cases are not in the list (their surnames are hidden): a link to them.
            "supervision_count": access.cases_shared_for_supervision(user).count()
            if user.has_role(RoleCode.SUPERVISOR)
            else 0,
        },
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, supervision=True)
    mask = masking.mask_for(user, case)
    if mask is not None:  # seen only through a supervision share: read-only, surnames hidden
        return supervised_case_detail(request, case, mask)
    today = timezone.localdate()
    is_open = case.in_active_work
    events = list(queries.case_timeline(case)[: queries.TIMELINE_LIMIT])
    successor_id = queries.successor_id(case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "family_url": _family_url(case.family_id),
            "folder_overdue": is_open and case.folder_due is not None and case.folder_due < today,
            "plan_overdue": is_open and case.plan_due is not None and case.plan_due < today,
            "assessments": list(queries.complexity_history(case)),
            "linked": queries.linked_cases(user, case),
            "successor_id": successor_id,
            "openable": queries.openable_case_ids(
                user,
                {case.previous_case_id, successor_id, *(e.case_id for e in events)} - {case.pk},
            ),
            "timeline": [(event, describe(event)) for event in events],
            "timeline_truncated": len(events) == queries.TIMELINE_LIMIT,
            "can_write": access.may_write_case(user, case),
            "can_transfer": access.may_write_case(user, case, "cases.case:transfer"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest, signal_id: int) -> HttpResponse:
    user = request_user(request)
    signal = access.get_signal(user, signal_id, action="cases.case:open")
    try:
        opening.check_signal_not_opened(signal)
    except CaseError as error:  # opened meanwhile (another tab, a colleague): go to the case
        existing = queries.case_of_signal(signal)
        if existing is not None:
            messages.info(request, error.message)
            return redirect("cases:case_detail", pk=existing.pk)
    suggestion = opening.suggest_curator(signal)
    consent_refused = False
    # ?curator= comes from the htmx swap that refreshes the warning when the choice changes.
    initial = {"curator": request.GET["curator"]} if request.GET.get("curator") else None
    form = CaseOpenForm(
        data=request.POST or None, initial=initial, signal=signal, suggestion=suggestion
    )
    if request.method == "POST" and form.is_valid():
        curator = form.cleaned_data["curator"]
        # Computed before opening (the new case would count itself); a warning, not a block.
        warning = opening.caseload_warning(curator=curator)
        try:
            case = opening.open_case(
                signal=signal,
                curator=curator,
                by=user,
                scenario=form.cleaned_data["scenario"],
                target_group=form.cleaned_data["target_group"],
            )
        except CaseError as error:
            form_error(form, error)
            consent_refused = error.field == "consent"  # the consent card says who and how
        else:
            messages.success(request, _("Случай №%(n)s открыт.") % {"n": case.pk})
            if warning:
                messages.warning(request, warning)
            return redirect("cases:case_detail", pk=case.pk)
    chosen_curator = form.chosen_curator()
    return render(
        request,
        "cases/case_open.html",
        {
            "signal": signal,
            "form": form,
            "suggestion": suggestion,
            "chosen_curator": chosen_curator,
            "warning": opening.caseload_warning(curator=chosen_curator)
            if chosen_curator is not None
            else None,
            "family_url": _family_url(signal.family_id) if signal.family_id else None,
            "consent_refused": consent_refused,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_complexity(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    latest = queries.complexity_history(case).first()
    initial: dict[str, object] = {"distance_km": case.family.distance_km}
    if latest is not None:
        initial |= {
            "guardianship_tension": latest.guardianship_tension,
            "resource_deficit": latest.resource_deficit,
            "removal_risk": latest.removal_risk,
            "substance_use": latest.substance_use,
        }
    form = ComplexityForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = opening.score_complexity(case=case, by=user, **form.cleaned_data)
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Сложность оценена: %(score)s баллов, %(level)s.")
                % {"score": assessment.score, "level": assessment.get_level_display()},
            )
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request, "cases/case_complexity.html", {"case": case, "form": form, "latest": latest}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The hand-over form; a valid POST shows «Вы уверены…?» and changes nothing yet."""
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:transfer")
    form = CaseTransferForm(data=request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        new_curator = form.cleaned_data["new_curator"]
        return render(
            request,
            "cases/case_transfer_confirm.html",
            {
                "case": case,
                "form": form,
                "new_curator": new_curator,
                "reason": form.cleaned_data["reason"],
                "warning": opening.caseload_warning(curator=new_curator),
            },
        )
    return render(request, "cases/case_transfer.html", {"case": case, "form": form})


@login_required
@require_POST
def case_transfer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """«Да, передать»: performs the hand-over confirmed on the previous page."""
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:transfer")
    form = CaseTransferForm(data=request.POST, case=case)
    if form.is_valid():
        try:
            opening.transfer_case(
                case=case,
                new_curator=form.cleaned_data["new_curator"],
                reason=form.cleaned_data["reason"],
                by=user,
            )
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Случай передан. Новый куратор — %(name)s.")
                % {"name": form.cleaned_data["new_curator"].full_name},
            )
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_transfer.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    form = CaseLinkForm(data=request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            opening.link_cases(
                case=case,
                related_case=form.cleaned_data["related_case"],
                note=form.cleaned_data["note"],
                by=user,
            )
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Случаи связаны."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_link.html", {"case": case, "form": form})
