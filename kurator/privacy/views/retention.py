"""«Сроки уничтожения данных» in HTML: the running destruction clocks, destroying a person's
data early (after «Вы уверены?»), the destruction acts. For privacy managers only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator.core.http import request_user
from kurator.people.errors import PeopleError
from kurator.privacy.common import require_privacy_manager
from kurator.privacy.queries.retention import acts_visible_to, clocks_visible_to, get_act, get_clock
from kurator.privacy.services.retention import destroy_now

PAGE_SIZE = 50


@login_required
@require_GET
def destruction_list(request: HttpRequest) -> HttpResponse:
    """«Сроки уничтожения данных»: running clocks first by deadline, then the acts."""
    user = request_user(request)
    require_privacy_manager(user)
    clocks = (
        clocks_visible_to(user)
        .filter(lifted_at__isnull=True, destroyed_at__isnull=True)
        .select_related("person", "consent")
        .order_by("destroy_by", "pk")
    )
    acts = acts_visible_to(user).select_related("performed_by", "team")
    return render(
        request,
        "privacy/destruction_list.html",
        {
            "clocks": list(clocks[:500]),
            "acts": Paginator(acts, PAGE_SIZE).get_page(request.GET.get("page")),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def clock_destroy(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks «Вы уверены?»; POST destroys (anonymises) the person's data with an act."""
    user = request_user(request)
    clock = get_clock(user, pk)
    if request.method == "POST":
        try:
            act = destroy_now(clock=clock, by=user)
        except PeopleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Данные уничтожены. Составлен акт №%(n)s.") % {"n": act.number}
            )
            return redirect("people:destruction_act", pk=act.pk)
        return redirect("people:destruction_list")
    return render(
        request,
        "privacy/clock_destroy_confirm.html",
        {"clock": clock, "today": timezone.localdate()},
    )


@login_required
@require_GET
def destruction_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    act = get_act(user, pk)
    return render(request, "privacy/destruction_act.html", {"act": act})
