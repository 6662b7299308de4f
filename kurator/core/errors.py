"""The base of every app's domain error: one per app, carrying a Russian message.

Each app defines one subclass (``PeopleError``, ``CaseError`` …), raised only by services and
``access``. A view shows ``message`` as a form error or a flash message; the API turns it into
``400 {field or "detail": [message]}``.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field

    def as_api_dict(self) -> dict[str, list[str]]:
        return {self.field or "detail": [self.message]}
