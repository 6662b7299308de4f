"""Step-up: ask the user to prove it is her again before a bulk export of people's data.

One rule, web and API: every answer that hands people's data over as a file (the person's
ZIP, a plan or summary XLSX, an act or a letter as DOCX, the indicator report, a document
of the case folder or a generated paper) and the API's list of persons needs a confirmation
of identity in the last five minutes.

    @require_recent_second_factor(max_age_seconds=300)
    def person_data_export(request, pk): ...

With the second factor on (production) the TOTP code is asked again unless one was entered in
the last ``max_age_seconds``; without it (the demo) the password — so an unattended,
signed-in browser cannot carry a person's whole file away in either case. The confirmation
page sends the user back to the same URL (GET), so a POST-only view should show its
"Вы уверены…?" page on GET. Works as ``@require_recent_second_factor`` too, and on class-based
views through ``method_decorator``.

The API has no page to send a client to: ``RecentSecondFactor`` (a permission class) or
``require_recent_second_factor_api`` (inside a view, when only some answers are bulk) answer
``403 {"detail": "…", "code": "step_up_required"}``. A token counts as a confirmation for
``max_age_seconds`` after it was issued (with the password and, where the second factor is
required, the code): the client gets a new token and repeats the request. A browser session
calling the API counts its last confirmation, as the pages do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, overload

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request

from kurator.accounts import navigation, two_factor
from kurator.accounts.models import ApiToken

DEFAULT_MAX_AGE_SECONDS = 300
# The ``code`` of the API's answer when a fresh confirmation is needed (docs/api.md).
STEP_UP_CODE = "step_up_required"

# Any view: exports answer with a FileResponse or a StreamingHttpResponse.
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


@overload
def require_recent_second_factor(view: View, /) -> View: ...
@overload
def require_recent_second_factor(
    *, max_age_seconds: int = DEFAULT_MAX_AGE_SECONDS
) -> Callable[[View], View]: ...


def require_recent_second_factor(
    view: View | None = None, /, *, max_age_seconds: int = DEFAULT_MAX_AGE_SECONDS
) -> View | Callable[[View], View]:
    def decorator(func: View) -> View:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if two_factor.reauthenticated_within(request, max_age_seconds):
                return func(request, *args, **kwargs)
            return navigation.go_to(
                request, navigation.with_next(reverse("accounts:identity_confirm"), request)
            )

        return wrapper  # type: ignore[return-value]

    if view is not None:
        return decorator(view)
    return decorator


# --- the API -----------------------------------------------------------------------------------


class StepUpRequired(APIException):
    """``403 {"detail": "…", "code": "step_up_required"}``: confirm identity, then repeat."""

    status_code = 403
    default_code = STEP_UP_CODE

    def __init__(self, message: str) -> None:
        super().__init__({"detail": message, "code": STEP_UP_CODE})


def api_confirmed_within(request: Request, seconds: int) -> bool:
    """A token issued in the last ``seconds``, or a browser session confirmed in them."""
    token = request.auth
    if isinstance(token, ApiToken):
        # Measured by the clock that stamped the token (its expiry is measured so too).
        age = (timezone.now() - token.created_at).total_seconds()
        return 0 <= age <= seconds
    return two_factor.reauthenticated_within(request._request, seconds)


def require_recent_second_factor_api(
    request: Request, *, max_age_seconds: int = DEFAULT_MAX_AGE_SECONDS
) -> None:
    """Raise ``StepUpRequired`` unless the caller confirmed her identity recently."""
    if api_confirmed_within(request, max_age_seconds):
        return
    minutes = max(1, max_age_seconds // 60)
    if isinstance(request.auth, ApiToken):
        message = _(
            "Выгрузка персональных данных требует недавнего подтверждения личности: получите "
            "новый ключ (POST /api/v1/auth/token/ с паролем и, если включена двухфакторная "
            "проверка, кодом) и повторите запрос с ним в течение %(minutes)s минут."
        )
    else:
        message = _(
            "Выгрузка персональных данных требует недавнего подтверждения личности: "
            "подтвердите, что это вы, на странице /accounts/confirm/ и повторите запрос в "
            "течение %(minutes)s минут."
        )
    raise StepUpRequired(message % {"minutes": minutes})


class RecentSecondFactor(BasePermission):
    """The API's step-up for a view whose every answer is a bulk export (after
    ``IsAuthenticated``: an anonymous caller still gets 401)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        require_recent_second_factor_api(request)
        return True


# ``permission_classes`` of an API view that only exports.
EXPORT_PERMISSIONS: list[type[BasePermission]] = [IsAuthenticated, RecentSecondFactor]

# The 403 of a step-up in the schema, beside the general 403 of a refused role.
STEP_UP_RESPONSE = OpenApiResponse(
    inline_serializer(
        "StepUpRequired",
        {
            "detail": serializers.CharField(),
            "code": serializers.CharField(
                required=False,
                help_text="step_up_required — подтвердите личность (новый ключ) и повторите.",
            ),
        },
    ),
    description=(
        "Роль не даёт права, или (code: step_up_required) выгрузка требует подтверждения "
        "личности за последние 5 минут: новый ключ API с паролем и кодом."
    ),
)
