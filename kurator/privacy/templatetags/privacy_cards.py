"""Consent cards for pages other apps render (the case page, the family card, the person
page): each page adds one ``{% include "privacy/_….html" %}`` and the tag reads what
the card shows — a fixed number of queries, whatever the family's size. The family's card
says per person which purposes the consents cover and which actions are blocked
(``privacy.queries.coverage``)."""

from __future__ import annotations

from typing import Any

from django import template

from kurator.cases.models import Case
from kurator.people.models import Family, Person
from kurator.privacy.common import can_manage_privacy
from kurator.privacy.queries.consents import consent_states, person_privacy
from kurator.privacy.queries.coverage import coverage_of

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


def _card(context: template.Context, family: Family, *, title_case: bool) -> dict[str, Any]:
    user = _user(context)
    rows = consent_states(family)
    coverage = coverage_of([row.person for row in rows])
    return {
        "rows": rows,
        "items": [(row, coverage[row.person.pk]) for row in rows],
        "can_write": bool(user and user.has_perm("people.family:write")),
        "problems": [row for row in rows if row.is_problem],
        "for_case": title_case,
        "can_read_people": bool(user and user.has_perm("people.family:read")),
    }


@register.inclusion_tag("privacy/_consent_card.html", takes_context=True)
def case_consents(context: template.Context, case: Case) -> dict[str, Any]:
    """Each parent and child of the case's family with the state of their consent."""
    return _card(context, case.family, title_case=True)


@register.inclusion_tag("privacy/_consent_card.html", takes_context=True)
def family_consents(context: template.Context, family: Family) -> dict[str, Any]:
    return _card(context, family, title_case=False)


@register.inclusion_tag("privacy/_person_summary.html", takes_context=True)
def person_privacy_summary(context: template.Context, person: Person) -> dict[str, Any]:
    """The person page's warning (processing stopped, destruction date) and consents."""
    user = _user(context)
    return {
        "person": person,
        "privacy": person_privacy(person, with_requests=False),
        "can_write": bool(user and user.has_perm("people.family:write")),
        "can_manage": can_manage_privacy(user),
    }
