"""Session limits and the second factor, enforced on every request (settings.MIDDLEWARE)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from kurator.accounts import navigation, session_limits, two_factor


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class SessionLimitsMiddleware:
    """Ends a session idle for 30 minutes or older than 12 hours (``session_limits``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = session_limits.why_ended(request.session)
            if reason is not None:
                logout(request)
                if not _is_api(request):
                    messages.warning(request, reason)
                    return navigation.go_to(
                        request, navigation.with_next(reverse(settings.LOGIN_URL), request)
                    )
                # The API answers as to anyone without a session: 401/403.
            else:
                session_limits.touch(request.session)
        return self.get_response(request)


class SecondFactorMiddleware:
    """With ``KURATOR_REQUIRE_2FA`` a password-only session reaches nothing but the pages that
    ask for the code (or enrol the device) and sign-out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            two_factor.is_required()
            and request.user.is_authenticated
            and not request.user.is_verified()  # type: ignore[attr-defined]
            and not self._open_before_second_factor(request.path_info)
        ):
            if _is_api(request):
                return JsonResponse(
                    {"detail": _("Подтвердите вход кодом из приложения-аутентификатора.")},
                    status=403,
                )
            step = (
                "accounts:two_factor_verify"
                if two_factor.confirmed_device(request.user)
                else "accounts:two_factor_setup"
            )
            return navigation.go_to(request, navigation.with_next(reverse(step), request))
        return self.get_response(request)

    @staticmethod
    def _open_before_second_factor(path: str) -> bool:
        static_url = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static_url) or path in {
            reverse(settings.LOGIN_URL),
            reverse("logout"),
            reverse("accounts:two_factor_setup"),
            reverse("accounts:two_factor_verify"),
            reverse("healthz"),
        }
