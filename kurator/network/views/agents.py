"""HTML views of the resource directory: agents, agreements, vetting, the service catalogue.
XLSX import and export are in ``views.spreadsheet``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.core.http import form_error, request_user
from kurator.network.errors import NetworkError
from kurator.network.forms.agents import (
    AgentFilterForm,
    AgentForm,
    AgreementForm,
    ServiceForm,
    VettingForm,
)
from kurator.network.models import VETTED_CATEGORIES
from kurator.network.services.agents import (
    add_agreement,
    add_default_catalogue,
    create_agent,
    create_service,
    set_vetting,
    update_agent,
    update_service,
)


def _page(request: HttpRequest, title: str, form: Form, back: str, **extra: object) -> HttpResponse:
    return render(
        request,
        "network/form.html",
        {"title": title, "form": form, "back": back, **extra},
    )


@login_required
@require_GET
def agent_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "network.agent:read")
    catalogue = access.services_visible_to(user).filter(is_active=True)
    form = AgentFilterForm(data=request.GET or None, services=catalogue)
    agents = (
        access.resource_agents_visible_to(user)
        .filter(is_active=True)
        .prefetch_related("catalogue")
        .order_by("name")
    )
    return render(
        request,
        "network/agent_list.html",
        {
            "form": form,
            "agents": form.filter(agents),
            "can_write": user.has_perm("network.agent:write"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agent_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "network.agent:write")
    form = AgentForm(request.POST or None, services=access.services_visible_to(user))
    if request.method == "POST" and form.is_valid():
        try:
            agent = create_agent(by=user, **_agent_data(form))
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Агент добавлен в справочник."))
            return redirect("network:agent_detail", pk=agent.pk)
    return _page(request, _("Новый агент ресурсной сети"), form, "network:agent_list")


def _agent_data(form: AgentForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("is_active", None)
    return data


@login_required
@require_GET
def agent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    agent = access.get_resource_agent(user, pk)
    return render(
        request,
        "network/agent_detail.html",
        {
            "agent": agent,
            "catalogue": list(agent.catalogue.all()),
            "agreements": list(agent.agreements.all()),
            "can_write": user.has_perm("network.agent:write"),
            "needs_vetting": agent.category in VETTED_CATEGORIES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    agent = access.get_resource_agent(user, pk, action="network.agent:write")
    initial = {
        "name": agent.name,
        "category": agent.category,
        "catalogue": list(agent.catalogue.all()),
        "services": agent.services,
        "territory": agent.territory,
        "address": agent.address,
        "contacts": agent.contacts,
        "email": agent.email,
        "is_active": agent.is_active,
    }
    form = AgentForm(
        request.POST or None, initial=initial, services=access.services_visible_to(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_agent(agent=agent, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("network:agent_detail", pk=agent.pk)
    return _page(request, agent.name, form, "network:agent_list")


@login_required
@require_http_methods(["GET", "POST"])
def agent_vetting(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    agent = access.get_resource_agent(user, pk, action="network.agent:write")
    form = VettingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_vetting(agent=agent, by=user, passed=form.cleaned_data["passed"])
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Итог проверки записан."))
            return redirect("network:agent_detail", pk=agent.pk)
    return _page(
        request, _("Проверка агента: %(name)s") % {"name": agent.name}, form, "network:agent_list"
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    agent = access.get_resource_agent(user, pk, action="network.agent:write")
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_agreement(agent=agent, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Соглашение добавлено."))
            return redirect("network:agent_detail", pk=agent.pk)
    return _page(
        request,
        _("Соглашение с агентом: %(name)s") % {"name": agent.name},
        form,
        "network:agent_list",
        multipart=True,
    )


@login_required
@require_GET
def agreement_file(request: HttpRequest, pk: int) -> FileResponse:
    agreement = access.get_agreement(request_user(request), pk)
    if not agreement.file:
        raise Http404("file")
    return FileResponse(agreement.file.open("rb"), as_attachment=True)


@login_required
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "network.agent:read")
    return render(
        request,
        "network/service_list.html",
        {
            "services": list(access.services_visible_to(user)),
            "can_write": user.has_perm("network.agent:write"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "network.agent:write")
    if request.method == "POST" and request.POST.get("defaults") == "1":
        added = add_default_catalogue(by=user)
        messages.success(request, _("Добавлено услуг: %(n)s.") % {"n": len(added)})
        return redirect("network:service_list")
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("is_active")
        try:
            create_service(by=user, **data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Услуга добавлена в каталог."))
            return redirect("network:service_list")
    return _page(request, _("Новая услуга каталога"), form, "network:service_list")


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    service = access.get_service(user, pk, action="network.agent:write")
    initial = {
        "name": service.name,
        "group": service.group,
        "unit": service.unit,
        "is_active": service.is_active,
    }
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_service(service=service, by=user, **form.cleaned_data)
        except NetworkError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("network:service_list")
    return _page(request, service.name, form, "network:service_list")
