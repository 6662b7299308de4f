"""The resource directory, read-only: who else can help, where and how to reach them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kurator import access
from kurator.network.forms import AgentFilterForm


@login_required
@require_GET
def agent_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "network.agent:read")
    form = AgentFilterForm(data=request.GET or None)
    agents = access.resource_agents_visible_to(request.user).filter(is_active=True)
    return render(
        request,
        "network/agent_list.html",
        {"form": form, "agents": form.filter(agents.order_by("name"))},
    )
