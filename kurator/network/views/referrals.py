"""HTML views of referrals: the curator's side (from the case) and the agent's own side
(«Направления»: only referrals to her organisation, only what she needs to act)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.models import User
from kurator.audit.views import history_page
from kurator.cases.models import Case
from kurator.core.http import form_error, request_user
from kurator.network.errors import NetworkError
from kurator.network.forms.referrals import AGENT_MOVES, ReferralForm, ReferralMoveForm
from kurator.network.models import Referral
from kurator.network.queries.referrals import agent_view
from kurator.network.queries.referrals import referral_history as referral_changes
from kurator.network.services.referrals import create_referral, move_referral, send_referral
from kurator.network.views.case_network import case_form_page
from kurator.privacy.queries.coverage import transfer_missing
from kurator.privacy.services.purposes import transfer_code


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    form = ReferralForm(
        request.POST or None,
        initial={
            "plan_action": request.GET.get("action"),
            **{
                k: request.GET[k]
                for k in ("agent", "service", "need", "due_on")
                if k in request.GET
            },
            "persons": request.GET.getlist("persons"),
        },
        agents=access.resource_agents_visible_to(user).filter(is_active=True),
        services=access.services_visible_to(user).filter(is_active=True),
        persons=access.family_members_of_case(case),
        actions=access.plan_actions_of_case(case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = create_referral(case=case, by=user, **data)
            if data["depersonalised"]:
                send_referral(referral=referral, by=user)
        except NetworkError as error:
            if error.field == "consent":
                return _consent_refused(request, case, form, error)
            form_error(form, error)
        else:
            if data["depersonalised"]:
                messages.success(request, _("Направление отправлено агенту обезличенно."))
            else:
                messages.success(request, _("Направление сохранено как черновик."))
            return redirect("network:referral_detail", pk=referral.pk)
    return case_form_page(request, case.pk, _("Направление к агенту ресурсной сети"), form)


def _consent_refused(
    request: HttpRequest, case: Case, form: ReferralForm, error: NetworkError
) -> HttpResponse:
    """The refusal for want of a transfer consent: the reason, who lacks it (with a link to
    record it that comes back here), and «Отправить обезличенно» — the same referral, one
    click, without personal data."""
    agent = form.cleaned_data["agent"]
    missing = transfer_missing(form.cleaned_data["persons"], agent.category)
    resend = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "depersonalised", "confirmed")
        for value in values
    ]
    # After recording the consent the curator comes back to this referral, filled in.
    here = reverse("network:referral_create", args=[case.pk]) + "?" + urlencode(resend)
    return render(
        request,
        "network/referral_consent_refused.html",
        {
            "case": case,
            "message": error.message,
            "missing": missing,
            "purpose_code": transfer_code(agent.category),
            "next": here,
            "resend": [
                *resend,
                *([("confirmed", "on")] if form.cleaned_data["confirmed"] else []),
            ],
            "back_url": reverse("network:case_network", args=[case.pk]),
        },
    )


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
        .select_related("service", "agent", "case")
        .prefetch_related("persons")
        .order_by("status", "due_on", "pk")
    )
    views = agent_view(items)
    return render(
        request,
        "network/my_referrals.html",
        {"referrals": [views[r.pk] for r in items], "today": timezone.localdate()},
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
    view = agent_view([referral])[referral.pk]
    return render(
        request,
        "network/my_referral.html",
        {
            "referral": referral,
            "view": view,
            "persons": view.persons,
            "curator": referral.case.curator,
            "notes": list(referral.notes.select_related("author")),
            "form": form,
        },
    )
