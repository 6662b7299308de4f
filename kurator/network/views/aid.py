"""HTML views of services and aid: record a delivery, the head's decision on spending past the
norm, acts for signature (DOCX from the «act_goods»/«act_services» document templates, not
filed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.core.http import form_error, request_user
from kurator.documents.errors import DocumentError
from kurator.documents.services.generation import generate_document
from kurator.documents.services.record_papers import draft_record_paper
from kurator.network.errors import NetworkError
from kurator.network.forms.aid import ActForm, DecisionForm, DeliveryForm
from kurator.network.models import Act, Delivery
from kurator.network.services.aid import case_cost, decide_cost, issue_act, record_delivery
from kurator.network.views.case_network import case_form_page, docx_download


@login_required
@require_http_methods(["GET", "POST"])
def delivery_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
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
            delivery = record_delivery(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
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
    return case_form_page(
        request,
        case.pk,
        _("Оказанная помощь"),
        form,
        intro=_("Деньги семье и оплата долгов не записываются: только вещи, работы и услуги."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delivery_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    delivery = access.get_delivery(user, pk, action="network.cost:approve")
    cost = case_cost(delivery.case, on=delivery.delivered_on)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_cost(delivery=delivery, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
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
    return case_form_page(
        request, delivery.case_id, _("Согласование расхода сверх норматива"), form, intro=intro
    )


@login_required
@require_http_methods(["GET", "POST"])
def act_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
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
            act = issue_act(case=case, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Акт № %(n)s составлен.") % {"n": act.number})
            return redirect("network:case_network", pk=case.pk)
    return case_form_page(request, case.pk, _("Акт для подписи"), form)


@login_required
@require_recent_second_factor
@require_GET
def act_download(request: HttpRequest, pk: int) -> HttpResponse:
    act = access.get_act(request_user(request), pk)
    template = "act_goods" if act.kind == Act.Kind.GOODS else "act_services"
    try:
        draft = draft_record_paper(case=act.case, template=template, act=act)
    except DocumentError as error:
        messages.error(request, error.message)
        return redirect("network:case_network", pk=act.case_id)
    return docx_download(draft.content, f"act-{act.number}.docx")


@login_required
@require_POST
def act_file(request: HttpRequest, pk: int) -> HttpResponse:
    """«В папку»: the act generated from its template and filed in the case folder, numbered,
    to be signed there."""
    user = request_user(request)
    act = access.get_act(user, pk, action="cases.case:write")
    template = "act_goods" if act.kind == Act.Kind.GOODS else "act_services"
    try:
        document = generate_document(case=act.case, template=template, act=act, by=user)
    except DocumentError as error:
        messages.error(request, error.message)
        return redirect("network:case_network", pk=act.case_id)
    messages.success(
        request, _("«%(title)s» в папке случая, ждёт подписи.") % {"title": document.title}
    )
    return redirect("documents:folder", case_pk=act.case_id)
