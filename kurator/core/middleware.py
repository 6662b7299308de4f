"""Responses: never kept by a browser or a proxy when they may carry personal data; pages
without the direction controls a text stored before they were refused may hold; a text a
record refused and a request counted too many as Russian pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from kurator.core.text import DIRECTION_CONTROL_BYTES, TextError
from kurator.core.throttle import RateLimited


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


class RateLimitMiddleware:
    """A page that counted one request too many (``core.throttle.hit``) answers 429 with a
    Russian page saying how long to wait."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        response = render(request, "429.html", {"message": exception.message}, status=429)
        response["Retry-After"] = str(exception.wait)
        return response


class NoDirectionControlsMiddleware:
    """Pages carry no bidirectional control characters (kurator/core/text.py).

    Input refuses them; a name stored before that could still hold a right-to-left override
    that turns the name, and the rest of its line, around on every page showing it. Kurator's
    own pages never need one, so every HTML answer drops them — one place, whatever template
    shows the name. Exports clean their copy with ``text.printable``; the API hands the data
    as stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if html and not getattr(response, "streaming", False):
            cleaned = DIRECTION_CONTROL_BYTES.sub(b"", response.content)
            if len(cleaned) != len(response.content):
                response.content = cleaned
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(cleaned))
        return response


class RefusedTextMiddleware:
    """A text a record cannot take (``text.TextError``, raised when a record is saved) that no
    form refused first answers 400 with a Russian page naming the field's limit, not a 500.
    Forms check the same rules, so a person rarely sees it; the API answers its own 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, TextError):
            return None
        return render(request, "text_refused.html", {"message": exception.message}, status=400)
