"""HTML views of the indicator report: the page (a table per section, charts, the period and
scope form) and its two downloads, XLSX and PDF. Thin: the figures come from
``queries.indicators.compute_indicators`` within ``access.report_scope``; the rows, the
workbook and the PDF from ``exports``.

Reading the report needs ``reports.report:read``, downloading it ``reports.export:run``. A
download is written to the read log like any page (``ReadLogMiddleware``, a «list» row with
the user's scope and the address with its period): the project has no separate export log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.stepup import require_recent_second_factor
from kurator.core.http import request_user
from kurator.reports import exports
from kurator.reports.figures import IndicatorReport, period_label
from kurator.reports.forms.indicators import IndicatorReportForm
from kurator.reports.queries.indicators import compute_indicators


def _form(request: HttpRequest, user: User) -> IndicatorReportForm:
    organisation = user.organisation
    return IndicatorReportForm(
        data=request.GET or None,
        teams=access.report_teams(user),
        organisation_label=organisation.name if organisation else "",
    )


def _report(user: User, form: IndicatorReportForm) -> IndicatorReport | None:
    period = form.chosen_period()
    if period is None:
        return None
    scope = access.report_scope(user, team_id=form.team_id())
    return compute_indicators(scope=scope, period=period)


@login_required
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, access.REPORT_READ)
    form = _form(request, user)
    report = _report(user, form)
    context: dict[str, object] = {
        "form": form,
        "report": report,
        "can_export": user.has_perm(access.REPORT_EXPORT),
        "query": request.GET.urlencode(),
    }
    if report is not None:
        sections = exports.section_rows(report)
        context.update(
            sections=sections,
            charts={
                "previous": period_label(report.previous),
                "current": period_label(report.period),
                "sections": [s.chart.as_json() for s in sections if s.chart is not None],
            },
            period_heading=exports.period_heading(report.period),
            previous_heading=exports.period_heading(report.previous),
            period_short=period_label(report.period),
            previous_short=period_label(report.previous),
        )
    return render(request, "reports/indicators.html", context)


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    user = request_user(request)
    access.require(user, access.REPORT_READ)
    access.require(user, access.REPORT_EXPORT)
    form = _form(request, user)
    report = _report(user, form)
    if report is None:
        # A bad period: the page shows what is wrong with it.
        response = render(
            request, "reports/indicators.html", {"form": form, "report": None}, status=400
        )
        return response
    if kind == "xlsx":
        content, content_type = exports.indicators_workbook(report), exports.XLSX_TYPE
    else:
        content, content_type = exports.indicators_pdf(report), exports.PDF_TYPE
    response = HttpResponse(content, content_type=content_type)
    name = exports.filename(report, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_recent_second_factor
@require_GET
def indicators_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
@require_recent_second_factor
@require_GET
def indicators_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")
