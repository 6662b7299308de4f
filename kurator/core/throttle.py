"""How often one user — or, on the public pages, one address — may ask for the same costly or
revealing thing (rate limits).

A fixed window per user (or address) and scope, counted in the default cache — a folder under
``KURATOR_VAR_DIR`` shared by every gunicorn worker of the machine (``CACHES`` in settings).
The web view and the API of one action count together. Limits in
``settings.KURATOR_RATE_LIMITS``: scope → (requests, seconds); a scope missing there takes
its default from ``DEFAULT_LIMITS``."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle


class RateLimited(Exception):
    """Too many requests of one scope: answered 429 with the seconds to wait."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait

    @property
    def message(self) -> str:
        return _("Слишком много запросов подряд. Подождите %(n)s с и попробуйте снова.") % {
            "n": self.wait
        }


# The public pages' limits per address (``hit_address``): reports of a family in need, and
# status lookups — a wrong code counts, so guessing codes stops after a few tries.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "public_signal": (10, 60 * 60),
    "public_status": (20, 10 * 60),
}


def limit_of(scope: str) -> tuple[int, int]:
    """(requests, seconds) allowed for ``scope``."""
    limits: dict[str, tuple[int, int]] = getattr(settings, "KURATOR_RATE_LIMITS", {})
    return limits.get(scope) or DEFAULT_LIMITS[scope]


def hit(*, user_id: int, scope: str) -> None:
    """Count one request of ``scope`` by ``user_id``; raise ``RateLimited`` over the limit."""
    _count(f"{scope}:{user_id}", scope)


def hit_address(*, address: str | None, scope: str) -> None:
    """Count one request of ``scope`` from the client address ``address`` (a visitor who is not
    signed in; ``kurator.accounts.lockout.client_ip`` finds it behind nginx); raise
    ``RateLimited`` over the limit. Requests of no known address count together."""
    digest = hashlib.sha256((address or "unknown").encode()).hexdigest()[:32]
    _count(f"{scope}:ip:{digest}", scope)


def _count(who: str, scope: str) -> None:
    limit, period = limit_of(scope)
    now = int(time.time())
    window = now // period
    key = f"rate:{who}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    if count > limit:
        raise RateLimited(wait=max(1, (window + 1) * period - now))


class ScopeThrottle(BaseThrottle):
    """DRF throttle over ``hit``: set ``throttle_scope`` on the view (default «api»)."""

    def __init__(self) -> None:
        self._wait: int | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True  # sign-in has its own lockout
        try:
            hit(user_id=user.pk, scope=getattr(view, "throttle_scope", "api"))
        except RateLimited as limited:
            self._wait = limited.wait
            return False
        return True

    def wait(self) -> float | None:
        return self._wait
