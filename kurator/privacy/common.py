"""What every privacy service and page shares: who manages privacy, the person-in-scope check,
the checks of a text and of a date in the past, the date format, a person's age on a day.

Who may do what: recording consents and requests — whoever may change the person
(``people.family:write``); the destruction deadlines, destruction and the export — the team
head and the programme director (``people.privacy:manage``), each in her scope.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator import access
from kurator.accounts.models import User
from kurator.people.errors import PeopleError
from kurator.people.models import Person

__all__ = [
    "INVALID_DATE",
    "PERSON_NOT_FOUND",
    "PRIVACY_PERMISSION",
    "age_on",
    "can_manage_privacy",
    "check_person",
    "clean_text",
    "format_day",
    "past_date",
    "require_privacy_manager",
]

# Who sees the destruction deadlines, destroys data and exports a person's data: the team
# head and the programme director (kurator/accounts/permissions.py).
PRIVACY_PERMISSION = "people.privacy:manage"
# Messages the forms and serializers show for the same mistakes as the services.
INVALID_DATE = gettext_lazy("Введите дату в формате ДД.ММ.ГГГГ.")
PERSON_NOT_FOUND = gettext_lazy("Человек не найден.")
_EARLIEST = date(2000, 1, 1)


def format_day(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def clean_text(
    value: str | None, field: str, *, max_length: int, required: str | Promise | None = None
) -> str:
    """The stripped text; PeopleError when it is required and empty, or too long."""
    value = (value or "").strip()
    if required and not value:
        raise PeopleError(required, field=field)
    if len(value) > max_length:
        raise PeopleError(
            _("Слишком длинный текст: не больше %(n)s символов.") % {"n": max_length},
            field=field,
        )
    return value


def past_date(value: object, field: str, *, required: str | Promise) -> date:
    """A date between 2000 and today; PeopleError otherwise (``required`` when empty)."""
    if value is None or value == "":
        raise PeopleError(required, field=field)
    if not isinstance(value, date):
        raise PeopleError(INVALID_DATE, field=field)
    if value > timezone.localdate():
        raise PeopleError(_("Дата не может быть в будущем."), field=field)
    if value < _EARLIEST:
        raise PeopleError(_("Проверьте год."), field=field)
    return value


def can_manage_privacy(user: access.AnyUser) -> bool:
    """The team head and the programme director (``people.privacy:manage``): the destruction
    deadlines, destruction, the person's data export — each within the persons she may see."""
    return access.active_staff(user) is not None and user.has_perm(PRIVACY_PERMISSION)


def require_privacy_manager(user: access.AnyUser) -> None:
    access.require(user, PRIVACY_PERMISSION)


def check_person(person: Person, by: User, field: str = "person") -> Person:
    """``person`` when ``by`` sees them; PeopleError «not found» otherwise."""
    if not access.persons_visible_to(by).filter(pk=person.pk).exists():
        raise PeopleError(PERSON_NOT_FOUND, field=field)
    return person
