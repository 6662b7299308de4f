"""HTML pages of the audit app: thin, one per page.

- the audit viewer (``audit:log``) and the rights changes (``audit:events``) for whoever holds
  ``audit.log:read`` (the quality officer), scoped to her organisation;
- the change history of a case, a signal or a person's consents (``audit:case_history``,
  ``audit:signal_history``, ``audit:person_history``):
  the collapsed «История изменений» card of the record's page loads it with htmx when opened;
  without htmx the same URL is a page of its own. The record comes from ``access``, so its
  history is open to exactly those who may see the record.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kurator import access
from kurator.accounts.models import User
from kurator.audit import history, queries
from kurator.audit.events import describe_event
from kurator.audit.forms import ReadLogFilterForm, RightsEventFilterForm
from kurator.audit.models import ReadLogEntry
from kurator.core.http import request_user

PAGE_SIZE = 50
PERMISSION = "audit.log:read"


def _family_names(viewer: User, entries: list[ReadLogEntry]) -> dict[int, str]:
    """Names of the families on the page, for the families the viewer may see (one query)."""
    ids = {e.family_id for e in entries if e.family_id is not None}
    if not ids:
        return {}
    return dict(access.families_visible_to(viewer).filter(pk__in=ids).values_list("pk", "name"))


@login_required
@require_GET
def read_log(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, PERMISSION)
    organisation_id = access.organisation_id_of(user)
    form = ReadLogFilterForm(data=request.GET or None, viewer=user)
    valid = form.is_bound and form.is_valid()
    filters = form.filters() if valid else queries.ReadFilters()
    entries = queries.read_log(organisation_id, filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    entries_on_page = list(page)
    names = _family_names(user, entries_on_page)
    return render(
        request,
        "audit/read_log.html",
        {
            "form": form,
            "page": page,
            "rows": [(e, names.get(e.family_id or 0)) for e in entries_on_page],
            "filtered": filters != queries.ReadFilters(),
        },
    )


@login_required
@require_GET
def rights_events(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, PERMISSION)
    organisation_id = access.organisation_id_of(user)
    form = RightsEventFilterForm(data=request.GET or None, viewer=user)
    target = form.cleaned_data.get("user") if form.is_bound and form.is_valid() else None
    events = queries.rights_events(organisation_id, target=target)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/rights_events.html",
        {
            "form": form,
            "page": page,
            "rows": [describe_event(e) for e in page],
            "filtered": target is not None,
        },
    )


def history_page(
    request: HttpRequest,
    entries: list[history.ChangeEntry],
    *,
    crumbs: list[tuple[str, str]],
) -> HttpResponse:
    """The change history of a record: the card's body for htmx, or a page of its own with
    ``crumbs`` — (url, label) pairs leading to the record. Any app's history view ends here."""
    context = {"entries": entries, "crumbs": crumbs}
    if request.headers.get("HX-Request"):
        return render(request, "audit/_change_history.html", context)
    return render(request, "audit/change_history.html", context)


@login_required
@require_GET
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request_user(request), pk)
    crumbs = [
        (reverse("cases:case_list"), _("Случаи")),
        (reverse("cases:case_detail", args=[case.pk]), _("Случай №%(n)s") % {"n": case.pk}),
    ]
    return history_page(request, history.case_history(case), crumbs=crumbs)


@login_required
@require_GET
def signal_history(request: HttpRequest, pk: int) -> HttpResponse:
    signal = access.get_signal(request_user(request), pk)
    crumbs = [
        (reverse("intake:signal_list"), _("Сигналы")),
        (
            reverse("intake:signal_detail", args=[signal.pk]),
            _("Сигнал №%(n)s") % {"n": signal.pk},
        ),
    ]
    return history_page(request, history.signal_history(signal), crumbs=crumbs)


@login_required
@require_GET
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's consents, subject requests and destruction clocks, as they changed."""
    person = access.get_person(request_user(request), pk)
    crumbs = [
        (reverse("people:person_detail", args=[person.pk]), person.full_name),
        (reverse("people:person_privacy", args=[person.pk]), _("Согласия и обращения")),
    ]
    return history_page(request, history.person_history(person), crumbs=crumbs)
