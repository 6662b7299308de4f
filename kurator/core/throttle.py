"""How often one user may ask for the same costly or revealing thing (per-user rate limits).

A fixed window per user and scope, counted in the default cache — a folder under
``KURATOR_VAR_DIR`` shared by every gunicorn worker of the machine (``CACHES`` in settings).
The web view and the API of one action count together. Limits in
``settings.KURATOR_RATE_LIMITS``: scope → (requests, seconds)."""

from __future__ import annotations

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


def hit(*, user_id: int, scope: str) -> None:
    """Count one request of ``scope`` by ``user_id``; raise ``RateLimited`` over the limit."""
    limit, period = settings.KURATOR_RATE_LIMITS[scope]
    now = int(time.time())
    window = now // period
    key = f"rate:{scope}:{user_id}:{window}"
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
