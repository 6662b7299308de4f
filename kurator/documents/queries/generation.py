"""Reads for generating papers. Each starts from a record fetched through ``access``."""

from __future__ import annotations

from django.db.models import QuerySet

from kurator.cases.models import Case
from kurator.documents.models import SignalDocument
from kurator.intake.models import Signal
from kurator.people.models import Person

__all__ = ["family_members", "signal_papers"]


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
