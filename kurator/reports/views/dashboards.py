"""HTML views of the dashboards: thin, one per page. The figures come from
``queries.dashboards`` within the viewer's scope from ``kurator.access``; each page shows
counts and names of colleagues, and a caseworker's own cases only on her own dashboard.

- ``reports:index`` — the reports home: sends each user to her dashboard (director and
  quality officer: the organisation's; team head and senior curator: the team's; a
  caseworker: her own); 404 for a role with none;
- ``reports:my_dashboard`` — a caseworker's caseload (``cases.case:write``);
- ``reports:team_dashboard`` — a row per curator and the signals pipeline
  (``reports.report:read``; ``?team=`` for organisation roles);
- ``reports:director_dashboard`` — a row per team, pipelines and 12 months' trends
  (``reports.report:read``; a team role sees her team only).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kurator import access
from kurator.accounts.models import User
from kurator.core.http import request_user
from kurator.reports.queries import dashboards

TARGETS = {
    "organisation": "reports:director_dashboard",
    "team": "reports:team_dashboard",
    "curator": "reports:my_dashboard",
}


def _common(user: User) -> dict[str, object]:
    return {
        "has_own": user.has_perm(dashboards.CASE_WRITE),
        "has_reports": user.has_perm(access.REPORT_READ),
        "org_wide": dashboards.dashboard_kind(user) == "organisation",
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    kind = dashboards.dashboard_kind(request_user(request))
    if kind is None:
        raise Http404
    return HttpResponseRedirect(reverse(TARGETS[kind]))


@login_required
@require_GET
def my_dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    dashboard = dashboards.curator_dashboard(user)
    return render(
        request,
        "reports/dashboard_curator.html",
        {"d": dashboard, "m": dashboard.measures, **_common(user)},
    )


@login_required
@require_GET
def team_dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    dashboard = dashboards.team_dashboard(user, team_id=request.GET.get("team"))
    return render(request, "reports/dashboard_team.html", {"d": dashboard, **_common(user)})


@login_required
@require_GET
def director_dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    dashboard = dashboards.director_dashboard(user, team_id=request.GET.get("team"))
    return render(
        request,
        "reports/dashboard_director.html",
        {"d": dashboard, "chart": dashboard.chart_data(), **_common(user)},
    )
