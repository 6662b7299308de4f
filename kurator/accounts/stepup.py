"""Step-up: ask the user to prove it is her again before a bulk export.

    @require_recent_second_factor(max_age_seconds=300)
    def person_data_export(request, pk): ...

With the second factor on (production) the TOTP code is asked again unless one was entered in
the last ``max_age_seconds``; without it (the demo) the password — so an unattended,
signed-in browser cannot carry a person's whole file away in either case. The confirmation
page sends the user back to the same URL (GET), so a POST-only view should show its
"Вы уверены…?" page on GET. Works as ``@require_recent_second_factor`` too, and on class-based
views through ``method_decorator``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, overload

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from kurator.accounts import navigation, two_factor

DEFAULT_MAX_AGE_SECONDS = 300

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
