"""HTML views of the directory as an XLSX workbook: export, and import with a preview (the
checked rows wait in the session until the user confirms)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.core.http import form_error, request_user
from kurator.network.errors import NetworkError
from kurator.network.forms.spreadsheet import ImportForm
from kurator.network.services.spreadsheet import HEADERS, export_agents, read_agents, write_agents

IMPORT_KEY = "network_import_rows"


@login_required
@require_recent_second_factor
@require_GET
def agent_export(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "network.agent:read")
    agents = list(
        access.resource_agents_visible_to(user).prefetch_related("catalogue").order_by("name")
    )
    response = HttpResponse(
        export_agents(agents),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="resource-network.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def agent_import(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "network.agent:write")
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"]:
            rows = request.session.pop(IMPORT_KEY, None)
            if not rows:
                form.add_error(None, _("Загрузите файл ещё раз: предпросмотр устарел."))
            else:
                created = write_agents(by=user, rows=rows)
                messages.success(request, _("Добавлено агентов: %(n)s.") % {"n": len(created)})
                return redirect("network:agent_list")
        elif form.cleaned_data["file"] is None:
            form.add_error("file", _("Выберите файл."))
        else:
            try:
                result = read_agents(by=user, data=form.cleaned_data["file"].read())
            except NetworkError as error:
                form_error(form, error)
            else:
                errors = result.errors
                if not errors:
                    request.session[IMPORT_KEY] = result.as_session()
                    preview = result.rows
    return render(
        request,
        "network/agent_import.html",
        {"form": form, "preview": preview, "errors": errors, "headers": HEADERS},
    )
