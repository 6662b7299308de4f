"""HTML views of supervision shares and co-workers: thin, one per action.

Sharing and attaching are pages of the case (``/cases/<pk>/supervision/``,
``/cases/<pk>/members/``) for whoever may manage them; revoking and detaching ask «Вы
уверены…?» on GET and act on POST. ``supervision_list`` is the supervisor's own list; the
case page itself, seen through a share, is ``supervised_case_detail`` — called by
``views.opening.case_detail`` — with surnames hidden (``kurator.cases.masking``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.models import User
from kurator.cases.errors import CaseError
from kurator.cases.forms.supervision import CaseMemberForm, SupervisionShareForm
from kurator.cases.masking import SurnameMask, family_label, masked_members
from kurator.cases.models import Case
from kurator.cases.queries import supervision as supervision_queries
from kurator.cases.queries.opening import TIMELINE_LIMIT, case_timeline, complexity_history
from kurator.cases.services.supervision import (
    add_case_member,
    may_manage_members,
    may_share_for_supervision,
    remove_case_member,
    revoke_supervision_share,
    share_case_for_supervision,
)
from kurator.cases.timeline import describe
from kurator.core.http import form_error, request_user

T = "cases/supervision/"


# --- the supervisor's side -------------------------------------------------------------------


@login_required
@require_GET
def supervision_list(request: HttpRequest) -> HttpResponse:
    """«Случаи на супервизии»: the cases shared with this supervisor, surnames hidden."""
    user = request_user(request)
    access.require(user, "cases.case:read")
    shares = supervision_queries.shared_with(user)
    return render(
        request,
        T + "supervision_list.html",
        {"rows": [(share, family_label(share.case.family)) for share in shares]},
    )


def supervised_case_detail(request: HttpRequest, case: Case, mask: SurnameMask) -> HttpResponse:
    """The case page as a supervisor sees it: read-only, no family card, folder or documents,
    every surname replaced by its initial. ``case`` comes from ``access.get_case(…,
    supervision=True)`` and ``mask`` from ``masking.mask_for``."""
    events = list(case_timeline(case)[:TIMELINE_LIMIT])
    share = supervision_queries.live_shares_of(case).filter(supervisor_id=request.user.pk).first()
    return render(
        request,
        T + "supervised_case_detail.html",
        {
            "case": case,
            "mask": mask,
            "share": share,
            "family_label": family_label(case.family),
            "members": masked_members(case, mask),
            "assessments": list(complexity_history(case)),
            # The template masks these with ``|masked:mask`` (templatetags/case_supervision).
            "emergency_steps": [step.description for step in case.emergency_steps.all()],
            "timeline": [(event, describe(event)) for event in events],
            "timeline_truncated": len(events) == TIMELINE_LIMIT,
            "today": timezone.localdate(),
        },
    )


# --- sharing a case for supervision ----------------------------------------------------------


def _case_to_share(user: User, pk: int) -> Case:
    case = access.get_case(user, pk, action="cases.case:write")
    if not may_share_for_supervision(user, case):
        raise PermissionDenied("cases.supervision:share")
    return case


@login_required
@require_http_methods(["GET", "POST"])
def case_supervision(request: HttpRequest, pk: int) -> HttpResponse:
    """Who supervises the case: live and past shares, and the form to open it to one more."""
    user = request_user(request)
    case = _case_to_share(user, pk)
    form = SupervisionShareForm(
        data=request.POST or None, supervisors=supervision_queries.supervisor_candidates(case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            share = share_case_for_supervision(
                case=case,
                supervisor=form.cleaned_data["supervisor"],
                until=form.cleaned_data["until"],
                by=user,
            )
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Случай открыт супервизору %(name)s. Фамилии семьи ему не видны.")
                % {"name": share.supervisor.full_name or share.supervisor.username},
            )
            return redirect("cases:supervision", pk=case.pk)
    return render(
        request,
        T + "case_supervision.html",
        {
            "case": case,
            "form": form,
            "shares": list(supervision_queries.shares_of(case)),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_supervision_revoke(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    """«Вы уверены…?» on GET; «Да, закрыть доступ» posts."""
    user = request_user(request)
    case = _case_to_share(user, pk)
    share = supervision_queries.live_share_of(case, share_pk)
    if share is None:
        raise Http404("share")
    if request.method == "POST":
        try:
            revoke_supervision_share(share=share, by=user)
        except CaseError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Доступ супервизора к случаю закрыт."))
        return redirect("cases:supervision", pk=case.pk)
    return render(request, T + "supervision_revoke.html", {"case": case, "share": share})


# --- co-workers ------------------------------------------------------------------------------


def _case_to_staff(user: User, pk: int) -> Case:
    case = access.get_case(user, pk, action="cases.case:write")
    if not may_manage_members(user, case):
        raise PermissionDenied("cases.members:manage")
    return case


@login_required
@require_http_methods(["GET", "POST"])
def case_members(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's co-workers and the form to attach one more."""
    user = request_user(request)
    case = _case_to_staff(user, pk)
    form = CaseMemberForm(
        data=request.POST or None, candidates=supervision_queries.co_worker_candidates(case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = add_case_member(case=case, member=form.cleaned_data["member"], by=user)
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s теперь работает над случаем.")
                % {"name": membership.user.full_name or membership.user.username},
            )
            return redirect("cases:members", pk=case.pk)
    return render(
        request,
        T + "case_members.html",
        {"case": case, "form": form, "members": list(supervision_queries.members_of(case))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """«Вы уверены…?» on GET; «Да, исключить» posts."""
    user = request_user(request)
    case = _case_to_staff(user, pk)
    membership = supervision_queries.live_member_of(case, member_pk)
    if membership is None:
        raise Http404("member")
    if request.method == "POST":
        try:
            remove_case_member(membership=membership, by=user)
        except CaseError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Сотрудник исключён из работы над случаем."))
        return redirect("cases:members", pk=case.pk)
    return render(request, T + "member_remove.html", {"case": case, "membership": membership})
