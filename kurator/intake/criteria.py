"""The organisation's criteria for taking a family into the programme («критерии отбора»):
the defaults a new organisation starts with, the active list a decision is ticked against.

The administrator edits the list in the admin (``kurator/intake/admin.py``); a new
organisation gets the defaults by ``ensure_default_criteria``, called on its creation by
``kurator/intake/receivers.py``; the data migration ``intake.0007`` gave them to the
organisations that existed (keep its copy of the titles in step with these).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import Organisation
from kurator.intake.models import SelectionCriterion

__all__ = ["DEFAULT_CRITERIA", "active_criteria", "ensure_default_criteria"]

DEFAULT_CRITERIA = (
    _("В семье есть дети до 18 лет, семья живёт на территории, где работает программа."),
    _(
        "Семья в трудной жизненной ситуации, с которой работает программа: риск отобрания "
        "ребёнка или ограничения в родительских правах, бедность, болезнь родителя, жильё."
    ),
    _("Семья согласна работать с куратором случая и выполнять совместный план."),
    _("Случай не ведёт другая служба или организация."),
    _(
        "Риск для ребёнка можно снизить поддержкой семьи: нет угрозы жизни и здоровью, "
        "при которой ребёнка нужно немедленно защитить."
    ),
)


def ensure_default_criteria(*, organisation: Organisation) -> int:
    """Give ``organisation`` the default criteria unless it has some; returns how many."""
    if SelectionCriterion.objects.filter(organisation=organisation).exists():
        return 0
    SelectionCriterion.objects.bulk_create(
        SelectionCriterion(organisation=organisation, title=str(title), position=n * 10)
        for n, title in enumerate(DEFAULT_CRITERIA, start=1)
    )
    return len(DEFAULT_CRITERIA)


def active_criteria(organisation_id: int) -> QuerySet[SelectionCriterion]:
    """The criteria a decision of the organisation is ticked against, in their order.
    Reference data of the organisation, not people's data."""
    return SelectionCriterion.objects.filter(organisation_id=organisation_id, is_active=True)
