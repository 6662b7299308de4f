"""HTML views of the case lifecycle: thin, one per action.

Closing, ending post-support and reopening are risky: their GET page asks «Вы уверены…?»
beside the form, and only a POST acts. Each view resolves its records through ``access``
(404 out of scope, 403 without the permission), binds a form, calls one service in
``kurator.cases.services.lifecycle`` and redirects. A GET the service would refuse (closing a
closed case …) redirects to the case with the service's own message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.cases.errors import CaseError
from kurator.cases.forms.lifecycle import (
    CaseCloseForm,
    ConvertOneOffHelpForm,
    EmergencyStepForm,
    EndPostSupportForm,
    OneOffHelpForm,
    PostSupportContactForm,
    ReopenForm,
)
from kurator.cases.models import Case, OneOffHelp
from kurator.cases.services import lifecycle
from kurator.core.http import form_error, request_user

T = "cases/lifecycle/"


def _refused(request: HttpRequest, check: Callable[..., None], *args: Any) -> bool:
    """A GET the service would refuse (``lifecycle.check_…``): its message, and True — the
    view then redirects instead of showing a form that cannot succeed."""
    if request.method != "GET":
        return False
    try:
        check(*args)
    except CaseError as error:
        messages.info(request, error.message)
        return True
    return False


def _to_case(case: Case | int) -> HttpResponse:
    return redirect("cases:case_detail", pk=case if isinstance(case, int) else case.pk)


# --- closure -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The closing consilium's form; «Да, закрыть случай» posts it."""
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    if _refused(request, lifecycle.check_closable, case):
        return _to_case(case)
    form = CaseCloseForm(data=request.POST or None, case=case)
    refusal = None
    if request.method == "GET":
        # Said before the long form is filled in; a POST shows it as the form's error.
        try:
            lifecycle.check_close_conditions(case)
        except CaseError as error:
            refusal = error.message
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closure = lifecycle.close_case(
                case=case,
                by=user,
                reason=data["reason"],
                criteria=form.criteria_dict(),
                consilium_participants=data["consilium_participants"],
                consilium_decision=data["consilium_decision"],
                exit_diagnostics=data["exit_diagnostics"],
                family_feedback=data["family_feedback"],
                post_support=data["post_support"],
                post_support_frequency_days=data["post_support_frequency_days"],
            )
        except CaseError as error:
            form_error(form, error)
        else:
            if closure.post_support:
                messages.success(
                    request,
                    _("Случай закрыт, семья в постсопровождении: контакт раз в %(n)s дн.")
                    % {"n": closure.post_support_frequency_days},
                )
            else:
                messages.success(request, _("Случай закрыт."))
            return _to_case(case)
    return render(
        request,
        T + "case_close.html",
        {
            "case": case,
            "form": form,
            "refusal": refusal,
            "post_support_warning": lifecycle.post_support_warning(curator=case.curator),
        },
    )


# --- post-support --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_support_contact(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    if _refused(request, lifecycle.check_in_post_support, case):
        return _to_case(case)
    form = PostSupportContactForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = lifecycle.record_post_support_contact(case=case, by=user, **form.cleaned_data)
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Контакт записан."))
            if contact.situation_worsened:
                messages.warning(
                    request,
                    _("Ситуация ухудшилась: если нужна помощь, откройте случай заново."),
                )
            return _to_case(case)
    contacts = case.post_support_contacts.select_related("recorded_by").order_by(
        "-contact_date", "-pk"
    )
    return render(
        request,
        T + "post_support_contact.html",
        {
            "case": case,
            "form": form,
            "contacts": contacts,
            "next_due": lifecycle.post_support_next_due(case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_support_end(request: HttpRequest, pk: int) -> HttpResponse:
    """«Вы уверены…?» with the reason; «Да, завершить постсопровождение» posts it."""
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    if _refused(request, lifecycle.check_in_post_support, case):
        return _to_case(case)
    form = EndPostSupportForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.end_post_support(case=case, by=user, reason=form.cleaned_data["reason"])
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Постсопровождение завершено, случай закрыт."))
            return _to_case(case)
    return render(request, T + "post_support_end.html", {"case": case, "form": form})


# --- reopening -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """«Вы уверены…?» with the reason; «Да, открыть новый случай» posts it."""
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    if _refused(request, lifecycle.check_reopenable, case):
        successor = case.reopened_as.order_by("-pk").first()
        return _to_case(successor if successor is not None else case)
    can_choose = user.has_perm("cases.case:open")
    form = ReopenForm(data=request.POST or None, case=case, can_choose_curator=can_choose)
    if request.method == "POST" and form.is_valid():
        try:
            new = lifecycle.reopen_case(
                case=case,
                by=user,
                curator=form.cleaned_data.get("curator"),
                reason=form.cleaned_data["reason"],
            )
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Открыт новый случай №%(new)s; история и документы случая №%(old)s в нём видны.")
                % {"new": new.pk, "old": case.pk},
            )
            return _to_case(new)
    return render(request, T + "case_reopen.html", {"case": case, "form": form})


# --- one-off help --------------------------------------------------------------------------


@login_required
@require_GET
def one_off_help_list(request: HttpRequest, family_id: int) -> HttpResponse:
    user = request_user(request)
    family = access.get_family(user, family_id, action="cases.case:read")
    helps = family.one_off_help.select_related("given_by", "converted_to").order_by(
        "-given_on", "-pk"
    )
    return render(request, T + "one_off_help_list.html", {"family": family, "helps": helps})


@login_required
@require_http_methods(["GET", "POST"])
def one_off_help_create(request: HttpRequest, family_id: int) -> HttpResponse:
    user = request_user(request)
    family = access.get_family(user, family_id, action="cases.case:write")
    form = OneOffHelpForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.record_one_off_help(family=family, by=user, **form.cleaned_data)
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Разовая помощь записана."))
            return redirect("cases:one_off_help_list", family_id=family.pk)
    return render(request, T + "one_off_help_form.html", {"family": family, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def one_off_help_convert(request: HttpRequest, family_id: int, pk: int) -> HttpResponse:
    """Grow one-off help into a case (a case without a signal)."""
    user = request_user(request)
    family = access.get_family(user, family_id, action="cases.case:open")
    help_: OneOffHelp = get_object_or_404(family.one_off_help.all(), pk=pk)
    if _refused(request, lifecycle.check_convertible, help_):
        return redirect("cases:one_off_help_list", family_id=family.pk)
    form = ConvertOneOffHelpForm(data=request.POST or None, team=family.team)
    if request.method == "POST" and form.is_valid():
        try:
            case = lifecycle.convert_one_off_help(help=help_, by=user, **form.cleaned_data)
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Открыт случай №%(n)s.") % {"n": case.pk})
            return _to_case(case)
    return render(
        request, T + "one_off_help_convert.html", {"family": family, "help": help_, "form": form}
    )


# --- emergency steps -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def emergency_step_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    if _refused(request, lifecycle.check_emergency_scenario, case):
        return _to_case(case)
    form = EmergencyStepForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.record_emergency_step(case=case, by=user, **form.cleaned_data)
        except CaseError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Экстренный шаг записан и ждёт согласования руководителя команды.")
            )
            return _to_case(case)
    return render(request, T + "emergency_step_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def emergency_step_approve(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """The team head confirms a step taken before approval."""
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:approve")
    step = get_object_or_404(case.emergency_steps.select_related("taken_by"), pk=step_pk)
    if request.method == "POST":
        try:
            lifecycle.approve_emergency_step(step=step, by=user)
        except CaseError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Экстренный шаг согласован."))
        return _to_case(case)
    return render(request, T + "emergency_step_approve.html", {"case": case, "step": step})
