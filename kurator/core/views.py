"""The root and the sign-in (both lead to the start page), health check, Russian error pages."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kurator.accounts.models import User
from kurator.core.start_page import start_page_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """``/``: on to the user's start page (``start_page_for``: a dashboard, «Мои задачи», the
    signal journal …)."""
    return HttpResponseRedirect(start_page_for(cast(User, request.user)))


class SignInView(LoginView):
    """Django's sign-in form; afterwards the page ``next`` names, else the start page."""

    def get_default_redirect_url(self) -> str:
        return start_page_for(cast(User, self.request.user))


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
