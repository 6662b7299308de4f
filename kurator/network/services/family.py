"""Who a referral, a delivery or an act is for: persons of the case's family, and no one
else. The one place this is checked — the services ask it of the records a form chose, the
API of the ids it was given."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from kurator import access
from kurator.cases.models import Case
from kurator.network.errors import NetworkError
from kurator.people.models import Person


def member_ids(case: Case) -> set[int]:
    """The ids of the persons of the case's family."""
    return set(access.family_members_of_case(case).values_list("pk", flat=True))


def _not_members() -> NetworkError:
    return NetworkError(_("Выберите членов семьи этого случая."), field="persons")


def chosen_members(case: Case, persons: Iterable[Person], *, none_chosen: str) -> list[Person]:
    """``persons``, at least one, each of the case's family (``none_chosen``: the message
    when no one was chosen)."""
    chosen = list(persons)
    if not chosen:
        raise NetworkError(none_chosen, field="persons")
    members = member_ids(case)
    if any(p.pk not in members for p in chosen):
        raise _not_members()
    return chosen


def members_by_id(case: Case, pks: list[int]) -> list[Person]:
    """The persons of the case's family with the ids an API request named; any other id is
    an error (out of scope or not of this family, the same answer)."""
    persons = list(access.family_members_of_case(case).filter(pk__in=pks))
    if len(persons) != len(set(pks)):
        raise _not_members()
    return persons
