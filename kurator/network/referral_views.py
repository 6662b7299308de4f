"""HTML views of referrals: the curator's side (from the case) and the agent's own side
(«Направления»: only referrals to her organisation, only what she needs to act)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.models import User
from kurator.audit.views import history_page
from kurator.network import history, queries, referrals
from kurator.network.errors import NetworkError
from kurator.network.forms import AGENT_MOVES, ReferralForm, ReferralMoveForm


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_error(form: Form, error: NetworkError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def case_network(request: HttpRequest, pk: int) -> HttpResponse:
    """«Направления и услуги» of a case: referrals, deliveries and acts, the cost."""
    user = _user(request)
    case = access.get_case(user, pk)
    return render(
        request,
        "network/case_network.html",
        {
            "case": case,
            "today": timezone.localdate(),
            **queries.case_network(case),
            "can_write": user.has_perm("cases.case:write") and case.status != "closed",
            "can_approve": user.has_perm("network.cost:approve"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
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
            referral = referrals.create_referral(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Направление сохранено как черновик."))
            return redirect("network:referral_detail", pk=referral.pk)
    return render(
        request,
        "network/form.html",
        {
            "title": _("Направление к агенту ресурсной сети"),
            "form": form,
            "back_url": reverse("network:case_network", args=[case.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = access.get_referral(user, pk)
    form = ReferralMoveForm(request.POST or None)
    if request.method == "POST":
        access.require(user, "cases.case:write")
        if form.is_valid():
            try:
                referrals.move_referral(
                    referral=referral,
                    to=form.cleaned_data["to"],
                    by=user,
                    comment=form.cleaned_data["comment"],
                )
            except NetworkError as error:
                _form_error(form, error)
            else:
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
    referral = access.get_referral(_user(request), pk)
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
    return history_page(request, history.referral_history(referral), crumbs=crumbs)


@login_required
@require_GET
def my_referrals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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
    user = _user(request)
    referral = access.get_agent_referral(user, pk)
    form = ReferralMoveForm(request.POST or None, moves=AGENT_MOVES)
    if request.method == "POST" and form.is_valid():
        try:
            referrals.move_referral(
                referral=referral,
                to=form.cleaned_data["to"],
                by=user,
                comment=form.cleaned_data["comment"],
            )
        except NetworkError as error:
            _form_error(form, error)
        else:
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
