"""Read queries of the audit tables, always scoped to one organisation; none changes anything.

``reads_about_family`` and ``reads_about_person`` are the extract a destruction act or a
subject's access request attaches as its matching audit-log extract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.utils import timezone

from kurator.accounts.models import User
from kurator.audit.models import AuditEvent, ReadLogEntry
from kurator.documents.models import CaseDocument
from kurator.people.models import FamilyMembership

READERS_LIMIT = 20
# A name search matches at most this many families and persons (the IN lists stay short).
SEARCH_MATCHES_MAX = 200

Kind = ReadLogEntry.Kind


class ListedAny(Func):
    """True for a row whose ``listed`` holds one of ``ids`` under ``kind`` — a list that
    showed one of these records. Reading a JSON array differs by database: SQLite's
    ``json_each``, PostgreSQL's ``jsonb_array_elements_text``."""

    output_field = BooleanField()

    def __init__(self, kind: str, ids: Iterable[int]) -> None:
        super().__init__(F("listed"))
        self.kind = kind
        self.ids = sorted({int(i) for i in ids})

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            return "1 = 0", ()
        column, params = compiler.compile(self.get_source_expressions()[0])
        marks = ", ".join(["%s"] * len(self.ids))
        # The column is Django's own compiled name; every value is a parameter.
        sql = (
            f"EXISTS (SELECT 1 FROM json_each({column}, %s) AS listed_id"  # noqa: S608
            f" WHERE listed_id.value IN ({marks}))"
        )
        return sql, (*params, f"$.{self.kind}", *self.ids)

    def as_postgresql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            return "1 = 0", ()
        column, params = compiler.compile(self.get_source_expressions()[0])
        marks = ", ".join(["%s"] * len(self.ids))
        sql = (
            f"EXISTS (SELECT 1 FROM jsonb_array_elements_text({column} -> %s)"  # noqa: S608
            f" AS listed_id(value) WHERE listed_id.value IN ({marks}))"
        )
        return sql, (*params, self.kind, *(str(i) for i in self.ids))


def listed_about(family_ids: Iterable[int], person_ids: Iterable[int]) -> Q:
    """The list rows that showed one of these families (or one of their cases or signals)
    or one of these persons."""
    families, persons = set(family_ids), set(person_ids)
    shown = Q(pk__in=[])
    if families:
        shown |= Q(ListedAny(Kind.FAMILY, families))
    if persons:
        shown |= Q(ListedAny(Kind.PERSON, persons))
    return Q(kind=Kind.LIST) & shown


def _families_and_members(
    family_ids: Iterable[int], person_ids: Iterable[int]
) -> tuple[set[int], set[int]]:
    """The families and persons given, with the members of those families and the families
    of those persons (two small queries; a list row holds ids, not a subquery's)."""
    families, persons = set(family_ids), set(person_ids)
    if families:
        persons |= set(
            FamilyMembership.objects.filter(family_id__in=families).values_list(
                "person_id", flat=True
            )
        )
    if person_ids:
        families |= set(
            FamilyMembership.objects.filter(person_id__in=set(person_ids)).values_list(
                "family_id", flat=True
            )
        )
    return families, persons


def recent_readers(case_id: int, organisation_id: int) -> list[ReadLogEntry]:
    """The latest reads of one case, newest first (index ``audit_read_object_at_idx``)."""
    return list(
        ReadLogEntry.objects.filter(
            organisation_id=organisation_id, kind=Kind.CASE, object_id=case_id
        )
        .select_related("user")
        .order_by("-at", "-pk")[:READERS_LIMIT]
    )


@dataclass(frozen=True)
class ReadFilters:
    user_id: int | None = None
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    case_id: int | None = None
    family_ids: tuple[int, ...] | None = None  # None: no filter; (): nothing matches
    person_ids: tuple[int, ...] | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def read_log(organisation_id: int, filters: ReadFilters) -> QuerySet[ReadLogEntry]:
    """The organisation's reads matching ``filters``, newest first."""
    entries = ReadLogEntry.objects.filter(organisation_id=organisation_id)
    if filters.user_id is not None:
        entries = entries.filter(user_id=filters.user_id)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.date_from is not None:
        entries = entries.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        entries = entries.filter(at__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.case_id is not None:
        documents = CaseDocument.objects.filter(
            case_id=filters.case_id, case__organisation_id=organisation_id
        ).values("pk")
        entries = entries.filter(
            Q(kind=Kind.CASE, object_id=filters.case_id)
            | Q(kind=Kind.DOCUMENT, object_id__in=documents)
        )
    if filters.family_ids is not None or filters.person_ids is not None:
        entries = entries.filter(_about(filters.family_ids or (), filters.person_ids or ()))
    return entries.select_related("user").order_by("-at", "-pk")


def _about(family_ids: tuple[int, ...], person_ids: tuple[int, ...]) -> Q:
    """Everything read about these families and persons: the families' records and their
    members' cards; the persons' cards and their families' records."""
    members = FamilyMembership.objects.filter(family_id__in=family_ids).values("person_id")
    families_of = FamilyMembership.objects.filter(person_id__in=person_ids).values("family_id")
    return (
        Q(family_id__in=list(family_ids))
        | Q(family_id__in=families_of)
        | Q(kind=Kind.PERSON, object_id__in=list(person_ids))
        | Q(kind=Kind.PERSON, object_id__in=members)
        | listed_about(*_families_and_members(family_ids, person_ids))
    )


def reads_about_family(organisation_id: int, family_id: int) -> QuerySet[ReadLogEntry]:
    """Everything read about one family: its card, its cases, signals, documents, members."""
    members = FamilyMembership.objects.filter(family_id=family_id).values("person_id")
    families, persons = _families_and_members([family_id], [])
    return (
        ReadLogEntry.objects.filter(organisation_id=organisation_id)
        .filter(
            Q(family_id=family_id)
            | Q(kind=Kind.PERSON, object_id__in=members)
            | listed_about(families, persons)
        )
        .select_related("user")
        .order_by("-at", "-pk")
    )


def reads_about_person(organisation_id: int, person_id: int) -> QuerySet[ReadLogEntry]:
    """Everything read about one person: her card and the records of her families."""
    families = FamilyMembership.objects.filter(person_id=person_id).values("family_id")
    family_ids, _persons = _families_and_members([], [person_id])
    return (
        ReadLogEntry.objects.filter(organisation_id=organisation_id)
        .filter(
            Q(kind=Kind.PERSON, object_id=person_id)
            | Q(family_id__in=families)
            | listed_about(family_ids, [person_id])
        )
        .select_related("user")
        .order_by("-at", "-pk")
    )


def rights_events(organisation_id: int, *, target: User | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(organisation_id=organisation_id)
    if target is not None:
        events = events.filter(target_user=target)
    return events.select_related("actor", "target_user").order_by("-at", "-pk")
