"""Responses that may carry personal data are never kept by a browser or a proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every page and API answer.

    Static files are answered by WhiteNoise before this middleware and keep their long
    caching. Everything Django itself answers may name a child or a family (a page, an API
    answer, an export, a download), or is a sign-in form: no browser cache, no shared cache,
    no back-button copy after signing out. A view that sets its own ``Cache-Control`` keeps
    it only while nobody is signed in (the health probe, public pages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or not response.has_header("Cache-Control"):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
