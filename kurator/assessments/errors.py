from __future__ import annotations

from typing import Any

from django.utils.functional import Promise

from kurator.core.errors import DomainError


class AssessmentError(DomainError):
    """A rule about assessments or the comprehensive report was broken.

    Bad answers carry one message per question in ``answers`` (question id → message): a
    form shows each beside its question, the API answers ``400 {"answers": {id: [message]}}``.
    """

    def __init__(
        self,
        message: str | Promise,
        *,
        field: str | None = None,
        answers: dict[int, str] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.answers = answers or {}

    def as_api_dict(self) -> dict[str, Any]:
        if self.answers:
            return {"answers": {str(pk): [message] for pk, message in self.answers.items()}}
        return super().as_api_dict()
