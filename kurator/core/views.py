"""Home page, health check and Russian error pages."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kurator.accounts.models import User


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """«Мои задачи»: the user's stored tasks, overdue on top, soonest first; for a team head
    also her team's overdue tasks. A fixed number of queries however many tasks there are."""
    from kurator.tasks import queries as tasks
    from kurator.tasks.models import TaskKind

    user = cast(User, request.user)
    kind = request.GET.get("kind") or None
    if kind not in TaskKind.values:
        kind = None
    today = timezone.localdate()
    groups = tasks.my_groups(user, today=today, kind=kind)
    context = {
        "widgets": home_widgets(request),
        "groups": [g for g in groups if g.rows],
        "task_count": sum(len(g.rows) for g in groups),
        "team_overdue": tasks.team_overdue(user, today=today, kind=kind),
        "kinds": tasks.kind_choices(),
        "kind": kind,
        "today": today,
    }
    return render(request, "core/home.html", context)


def home_widgets(request: HttpRequest) -> list[str]:
    """Template names that apps contribute to «Мои задачи»; none do yet."""
    return []


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _is_api(request: HttpRequest) -> bool:
    """An API client gets JSON errors even where no DRF view ran (a path that resolves to
    nothing, such as ``/api/v1/cases/abc/``; a crash; a CSRF refusal)."""
    return request.path.startswith("/api/")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Недостаточно прав для этого действия."}, status=403)
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Не найдено."}, status=404)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Внутренняя ошибка сервера."}, status=500)
    return render(request, "500.html", status=500)
