"""A session ends after ``KURATOR_SESSION_IDLE_TIMEOUT`` (30 minutes) without a request, and
``SESSION_COOKIE_AGE`` (12 hours) after sign-in whatever the activity (ASVS 7.3.1, 7.3.2).

Django alone cannot say either: its expiry moves forward each time the session is saved.
So the session carries two stamps — when the user signed in and when she was last seen —
written at sign-in (``user_logged_in``) and checked by ``SessionLimitsMiddleware``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kurator.accounts import clock, two_factor

SIGNED_IN_AT = "kurator_signed_in_at"
LAST_SEEN_AT = "kurator_last_seen_at"
# "Last seen" is rewritten at most once a minute: a session write on every request would cost
# a database write per click for one minute of precision.
TOUCH_EVERY_SECONDS = 60


def start(session: SessionBase) -> None:
    now = clock.now()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


def why_ended(session: SessionBase) -> str | None:
    """The Russian reason the session is over, or ``None`` while it is alive."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        return None
    now = clock.now()
    if now - signed_in_at >= settings.SESSION_COOKIE_AGE:
        hours = settings.SESSION_COOKIE_AGE // 3600
        return _("Сеанс завершён: прошло %(hours)d ч. с момента входа. Войдите снова.") % {
            "hours": hours
        }
    if now - last_seen_at >= settings.KURATOR_SESSION_IDLE_TIMEOUT:
        minutes = settings.KURATOR_SESSION_IDLE_TIMEOUT // 60
        return _("Сеанс завершён: %(minutes)d минут без действий. Войдите снова.") % {
            "minutes": minutes
        }
    return None


def touch(session: SessionBase) -> None:
    """Record activity; a session without stamps (opened before this code) starts now."""
    now = clock.now()
    last_seen_at = session.get(LAST_SEEN_AT)
    if session.get(SIGNED_IN_AT) is None or last_seen_at is None:
        start(session)
    elif now - last_seen_at >= TOUCH_EVERY_SECONDS:
        session[LAST_SEEN_AT] = now


def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: the clocks start at sign-in. Without a second factor the
    password just typed is a fresh confirmation for step-up; with it, only the code will be."""
    if request is None or not hasattr(request, "session"):
        return
    start(request.session)
    if not two_factor.is_required():
        two_factor.record_reauth(request, two_factor.PASSWORD)
