"""Sign-in lockout (django-axes): who counts as the same caller, and what a success forgets.

Two counters over the cool-off window (``AXES_COOLOFF_TIME``): failures of one username from
one address (``AXES_FAILURE_LIMIT``, 5) and failures of any usernames from one address
(``KURATOR_LOGIN_FAILURES_PER_ADDRESS``, 20 — several social workers share an office's NAT
address, and one colleague's typos must not lock the whole office out). Axes compares a single
number with a single limit, so ``get_failures`` reports the address counter as "at the limit"
once it passes its own, higher limit.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address (``AXES_CLIENT_IP_CALLABLE``).

    Behind nginx (``KURATOR_BEHIND_PROXY``) every request comes from nginx's own address, so
    the caller is the *last* X-Forwarded-For entry — the one nginx appended
    (``$proxy_add_x_forwarded_for``). Earlier entries are whatever the client sent and are
    ignored: trusting them would let an attacker pick a fresh address for every guess.
    """
    if settings.KURATOR_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    total: int | None = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        of_username = _failures(recent.filter(username=get_client_username(request, credentials)))
        if _failures(recent) >= settings.KURATOR_LOGIN_FAILURES_PER_ADDRESS:
            return max(of_username, get_failure_limit(request, credentials))
        return of_username

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """A successful sign-in forgets this username's failures from this address only.

        Axes' own reset deletes every attempt matching any lockout parameter — the whole
        address's count. Then anyone with a valid account could wipe the failures against
        colleagues' accounts between guesses.
        """
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def _cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the Russian lockout page, 429."""
    return render(request, "accounts/lockout.html", {"minutes": _cool_off_minutes()}, status=429)


def lockout_message() -> str:
    """The same for the API."""
    return _("Слишком много неудачных попыток входа. Попробуйте снова через %(minutes)d мин.") % {
        "minutes": _cool_off_minutes()
    }
