"""Small helpers every view and API module shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.forms import BaseForm
from django.http import HttpRequest

from kurator.core.errors import DomainError

if TYPE_CHECKING:
    from kurator.accounts.models import User


def request_user(request: HttpRequest | Any) -> User:
    """The signed-in user of a view or an API request (login or authentication has run)."""
    return cast("User", request.user)


def form_error(form: BaseForm, error: DomainError) -> None:
    """A service's error beside its field when the form has one, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
