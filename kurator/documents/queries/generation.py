"""Reads for generating papers. Each starts from a record fetched through ``access``."""

from __future__ import annotations

from django.db.models import QuerySet

from kurator.cases.models import Case
from kurator.documents.models import SignalDocument
from kurator.intake.models import Signal
from kurator.network.models import Act, EntitlementCheck
from kurator.people.models import Person

__all__ = ["case_acts", "case_checks", "family_members", "signal_papers"]


def family_members(case: Case) -> QuerySet[Person]:
    """The persons of the case's family (whom a paper may be for). ``case`` from access."""
    return (
        Person.objects.filter(
            memberships__family_id=case.family_id, organisation_id=case.organisation_id
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def signal_papers(signal: Signal) -> QuerySet[SignalDocument]:
    """The papers generated from the signal, newest first. ``signal`` from access."""
    return SignalDocument.objects.filter(signal=signal).select_related("generated_by")


def case_checks(case: Case) -> QuerySet[EntitlementCheck]:
    """The checks of the case's state services (a complaint is made from one). ``case`` from
    access."""
    return EntitlementCheck.objects.filter(entitlement__case_id=case.pk)


def case_acts(case: Case) -> QuerySet[Act]:
    """The case's acts. ``case`` from access."""
    return Act.objects.filter(case_id=case.pk)
