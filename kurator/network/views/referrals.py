"""HTML views of referrals: the curator's side (from the case) and the agent's own side
(«Направления»: only referrals to her organisation, only what she needs to act)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.models import User
from kurator.audit.views import history_page
from kurator.core.http import form_error, request_user
from kurator.network.errors import NetworkError
from kurator.network.forms.referrals import AGENT_MOVES, ReferralForm, ReferralMoveForm
from kurator.network.models import Referral
from kurator.network.queries.referrals import referral_history as referral_changes
from kurator.network.services.referrals import create_referral, move_referral
from kurator.network.views.case_network import case_form_page


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    form = ReferralForm(
        request.POST or None,
        initial={"plan_action": request.GET.get("action")},
        agents=access.resource_agents_visible_to(user).filter(is_active=True),
        services=access.services_visible_to(user).filter(is_active=True),
        persons=access.family_members_of_case(case),
        actions=access.plan_actions_of_case(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = create_referral(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Направление сохранено как черновик."))
            return redirect("network:referral_detail", pk=referral.pk)
    return case_form_page(request, case.pk, _("Направление к агенту ресурсной сети"), form)


def _moved(form: ReferralMoveForm, referral: Referral, by: User) -> bool:
    """Move ``referral`` as the valid ``form`` says; False with the error on the form."""
    try:
        move_referral(
            referral=referral,
            to=form.cleaned_data["to"],
            by=by,
            comment=form.cleaned_data["comment"],
        )
    except NetworkError as error:
        form_error(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    referral = access.get_referral(user, pk)
    form = ReferralMoveForm(request.POST or None)
    if request.method == "POST":
        access.require(user, "cases.case:write")
        if form.is_valid() and _moved(form, referral, user):
            messages.success(request, _("Статус направления изменён."))
            return redirect("network:referral_detail", pk=referral.pk)
    return render(
        request,
        "network/referral_detail.html",
        {
            "referral": referral,
            "persons": list(referral.persons.all()),
            "notes": list(referral.notes.select_related("author")),
            "form": form,
            "can_write": user.has_perm("cases.case:write"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def referral_history(request: HttpRequest, pk: int) -> HttpResponse:
    """«История изменений» of a referral, for those who see its page (the curator's side)."""
    referral = access.get_referral(request_user(request), pk)
    crumbs = [
        (
            reverse("network:case_network", args=[referral.case_id]),
            _("Направления и услуги"),
        ),
        (
            reverse("network:referral_detail", args=[referral.pk]),
            _("Направление № %(n)s") % {"n": referral.pk},
        ),
    ]
    return history_page(request, referral_changes(referral), crumbs=crumbs)


@login_required
@require_GET
def my_referrals(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "network.referral:respond")
    items = list(
        access.agent_referrals_visible_to(user)
        .select_related("service")
        .prefetch_related("persons")
        .order_by("status", "due_on", "pk")
    )
    return render(
        request,
        "network/my_referrals.html",
        {"referrals": items, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_referral(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    referral = access.get_agent_referral(user, pk)
    form = ReferralMoveForm(request.POST or None, moves=AGENT_MOVES)
    if request.method == "POST" and form.is_valid() and _moved(form, referral, user):
        messages.success(request, _("Ответ записан."))
        return redirect("network:my_referral", pk=referral.pk)
    return render(
        request,
        "network/my_referral.html",
        {
            "referral": referral,
            "persons": list(referral.persons.all()),
            "curator": referral.case.curator,
            "notes": list(referral.notes.select_related("author")),
            "form": form,
        },
    )
