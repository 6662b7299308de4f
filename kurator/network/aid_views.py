"""HTML views of services and aid: record a delivery, the head's decision on spending past the
norm, acts for signature (DOCX)."""

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
from kurator.network import aid
from kurator.network.errors import NetworkError
from kurator.network.forms import ActForm, DecisionForm, DeliveryForm
from kurator.network.models import Delivery

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_error(form: Form, error: NetworkError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def delivery_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    form = DeliveryForm(
        request.POST or None,
        initial={"delivered_on": timezone.localdate(), "quantity": 1},
        services=access.services_visible_to(user).filter(is_active=True),
        persons=access.family_members_of_case(case),
        agents=access.resource_agents_visible_to(user).filter(is_active=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            delivery = aid.record_delivery(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            _form_error(form, error)
        else:
            if delivery.approval == Delivery.Approval.PENDING:
                messages.warning(
                    request,
                    _(
                        "Расход выходит за норматив на случай: он ожидает согласования "
                        "руководителя команды."
                    ),
                )
            else:
                messages.success(request, _("Помощь записана."))
            return redirect("network:case_network", pk=case.pk)
    return render(
        request,
        "network/form.html",
        {
            "title": _("Оказанная помощь"),
            "intro": _(
                "Деньги семье и оплата долгов не записываются: только вещи, работы и услуги."
            ),
            "form": form,
            "back_url": reverse("network:case_network", args=[case.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delivery_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    delivery = access.get_delivery(user, pk, action="network.cost:approve")
    cost = aid.case_cost(delivery.case, on=delivery.delivered_on)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            aid.decide_cost(delivery=delivery, by=user, **form.cleaned_data)
        except NetworkError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Решение записано."))
            return redirect("network:case_network", pk=delivery.case_id)
    intro = _(
        "%(service)s на %(total)s ₽. Расходы случая за 12 месяцев: %(spent)s ₽ при нормативе "
        "%(norm)s ₽."
    ) % {
        "service": delivery.service.name,
        "total": delivery.total,
        "spent": cost.total,
        "norm": cost.norm,
    }
    return render(
        request,
        "network/form.html",
        {
            "title": _("Согласование расхода сверх норматива"),
            "intro": intro,
            "form": form,
            "back_url": reverse("network:case_network", args=[delivery.case_id]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def act_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = access.get_case(user, pk, action="cases.case:write")
    form = ActForm(
        request.POST or None,
        persons=access.family_members_of_case(case),
        deliveries=access.case_deliveries(case).filter(
            act__isnull=True, approval__in=Delivery.COUNTED
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            act = aid.issue_act(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Акт № %(n)s составлен.") % {"n": act.number})
            return redirect("network:case_network", pk=case.pk)
    return render(
        request,
        "network/form.html",
        {
            "title": _("Акт для подписи"),
            "form": form,
            "back_url": reverse("network:case_network", args=[case.pk]),
        },
    )


@login_required
@require_GET
def act_download(request: HttpRequest, pk: int) -> HttpResponse:
    act = access.get_act(_user(request), pk)
    response = HttpResponse(aid.act_docx(act), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="act-{act.number}.docx"'
    return response
