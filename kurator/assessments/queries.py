"""Reads for the assessment pages: a case's assessments and the entry / latest / exit
comparison, each in a fixed number of queries however many assessments a case has."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from kurator.assessments.models import (
    Answer,
    Assessment,
    ComprehensiveReport,
    DomainScore,
    Instrument,
)
from kurator.cases.models import Case
from kurator.people.models import FamilyRole, Person


def case_assessments(case: Case) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(case=case)
        .select_related("instrument", "person", "created_by")
        .order_by("-assessed_on", "-pk")
    )


def case_reports(case: Case) -> QuerySet[ComprehensiveReport]:
    return ComprehensiveReport.objects.filter(case=case).select_related(
        "created_by", "finalized_by"
    )


def active_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_active=True).order_by("subject", "name", "-version")


def instruments_with_questions() -> QuerySet[Instrument]:
    return active_instruments().prefetch_related("domains__questions__scale__options", "bands")


@dataclass
class DomainRow:
    title: str
    label: str
    max_score: Decimal
    entry: Decimal | None = None
    latest: Decimal | None = None
    exit: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        """From the entry to the exit (or the latest, while there is no exit)."""
        last = self.exit if self.exit is not None else self.latest
        if self.entry is None or last is None:
            return None
        return last - self.entry


@dataclass
class Comparison:
    """One instrument and subject (the family, or one child) on one case."""

    instrument: Instrument
    subject: str
    entry: Assessment | None = None
    latest: Assessment | None = None
    exit: Assessment | None = None
    rows: list[DomainRow] = field(default_factory=list)

    @property
    def series(self) -> list[tuple[str, Assessment | None]]:
        return [("entry", self.entry), ("latest", self.latest), ("exit", self.exit)]

    @property
    def scale_max(self) -> Decimal:
        return max((row.max_score for row in self.rows), default=Decimal(1))


def comparisons(case: Case) -> list[Comparison]:
    """Entry (the first entry assessment), latest (the newest periodic one) and exit (the
    newest exit assessment) per domain, for each instrument and subject. Three queries."""
    assessments = list(
        Assessment.objects.filter(case=case)
        .select_related("instrument", "person")
        .prefetch_related("domain_scores__domain")
        .order_by("assessed_on", "pk")
    )
    groups: dict[tuple[int, int | None], Comparison] = {}
    for a in assessments:  # oldest first
        key = (a.instrument_id, a.person_id)
        subject = a.person.full_name if a.person else str(Instrument.Subject.FAMILY.label)
        group = groups.setdefault(key, Comparison(instrument=a.instrument, subject=subject))
        if a.kind == Assessment.Kind.ENTRY and group.entry is None:
            group.entry = a
        elif a.kind == Assessment.Kind.PERIODIC:
            group.latest = a
        elif a.kind == Assessment.Kind.EXIT:
            group.exit = a
    for group in groups.values():
        rows: dict[int, DomainRow] = {}
        for name, assessment in group.series:
            if assessment is None:
                continue
            for ds in assessment.domain_scores.all():
                row = rows.setdefault(
                    ds.domain_id,
                    DomainRow(title=ds.domain.title, label=ds.domain.label, max_score=ds.max_score),
                )
                setattr(row, name, ds.score)
        order = {
            ds.domain_id: (ds.domain.order, ds.domain_id)
            for a in assessments
            for ds in a.domain_scores.all()
        }
        group.rows = [rows[k] for k in sorted(rows, key=lambda k: order[k])]
    return sorted(
        groups.values(),
        key=lambda g: (g.instrument.subject != "family", g.instrument.name, g.subject),
    )


def case_children(case: Case) -> list[Person]:
    """The children of the case's family, whom a child instrument may assess."""
    return list(
        Person.objects.filter(
            memberships__family_id=case.family_id, memberships__role=FamilyRole.CHILD
        ).order_by("birth_date", "pk")
    )


def assessment_details(assessment: Assessment) -> list[tuple[DomainScore, list[Answer]]]:
    """Each domain's score with its answers, in the instrument's order. Two queries."""
    answers: dict[int, list[Answer]] = {}
    for answer in assessment.answers.select_related("question", "option").order_by(
        "question__domain__order", "question__order", "pk"
    ):
        answers.setdefault(answer.question.domain_id, []).append(answer)
    scores = assessment.domain_scores.select_related("domain").order_by("domain__order", "pk")
    return [(ds, answers.get(ds.domain_id, [])) for ds in scores]


def with_scores(assessment: Assessment) -> Assessment:
    """The assessment again, with its domain scores and answers loaded (for the API)."""
    return (
        Assessment.objects.select_related("instrument", "person")
        .prefetch_related("domain_scores__domain", "answers")
        .get(pk=assessment.pk)
    )
