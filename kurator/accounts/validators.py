"""Password rules beyond Django's own (ASVS 5.0, 6.2.11: context-specific words)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The service's own names: the first guesses of anyone who knows which system this is.
SERVICE_WORDS = ("kurator", "куратор")
_MIN_WORD = 4  # shorter words of an organisation's name («БФ», «г.») are everywhere


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\W+", text.casefold()) if len(w) >= _MIN_WORD]


class ContextWordsValidator:
    """Refuses a password that contains the service's name or a word of the user's
    organisation or team name (e.g. «Надежда2025» at БФ «Надежда»)."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = password.casefold()
        words = list(SERVICE_WORDS)
        for relation in ("organisation", "team"):
            related = getattr(user, relation, None) if user is not None else None
            if related is not None:
                words += _words(related.name)
        for word in words:
            if word in folded:
                raise ValidationError(
                    _(
                        "Пароль не должен содержать название системы, организации или команды "
                        "(«%(word)s»): такой пароль угадывают первым."
                    ),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Пароль не должен содержать название системы, вашей организации или команды.")
