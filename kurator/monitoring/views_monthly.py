"""The monthly general monitoring summary of a worker (page and XLSX download).

A curator sees her own; a team head or senior curator picks a person of her team; the
programme director and the quality officer any curator of the organisation
(``access.monthly_summary_curators``); anyone else not offered is a 404. Figures come from
the cases the viewer sees (``access.cases_visible_to``).
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kurator import access
from kurator.accounts.models import User
from kurator.cases.lifecycle import add_months
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.monthly_summary import (
    TOTAL_LABELS,
    MonthlySummary,
    monthly_summary,
    parse_month,
    summary_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _summary(request: HttpRequest) -> tuple[MonthlySummary, str]:
    """The asked summary and the month's error message (then the current month is shown)."""
    user = _user(request)
    curator = access.get_summary_curator(user, request.GET.get("curator"))
    error = ""
    try:
        month = parse_month(request.GET.get("month"))
    except MonitoringError as exc:
        error = exc.message
        month = timezone.localdate().replace(day=1)
    summary = monthly_summary(cases=access.cases_visible_to(user), curator=curator, month=month)
    return summary, error


@login_required
@require_GET
def monthly_summary_page(request: HttpRequest) -> HttpResponse:
    summary, error = _summary(request)
    curators = list(
        access.monthly_summary_curators(_user(request)).order_by("last_name", "first_name", "pk")
    )
    totals = summary.totals
    this_month = timezone.localdate().replace(day=1)
    return render(
        request,
        "monitoring/monthly_summary.html",
        {
            "summary": summary,
            "month_error": error,
            "month_value": summary.month.strftime("%Y-%m"),
            "max_month": this_month.strftime("%Y-%m"),
            "previous_month": add_months(summary.month, -1).strftime("%Y-%m"),
            "next_month": add_months(summary.month, 1).strftime("%Y-%m")
            if summary.month < this_month
            else "",
            "curators": curators if len(curators) > 1 else [],
            "totals": [(label, totals[key]) for key, label in TOTAL_LABELS],
        },
    )


@login_required
@require_GET
def monthly_summary_xlsx(request: HttpRequest) -> HttpResponse:
    summary, error = _summary(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(summary_xlsx(summary), content_type=XLSX)
    name = f"monthly-monitoring-{summary.month:%Y-%m}-{summary.curator.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
