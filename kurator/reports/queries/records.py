"""Read queries of the reports app's own records: staff norms per specialist per year, and
the lists of complaints and suggestions and of children leaving shelters with their figures.
The page and the API ask the same functions, so the two cannot count differently.

Staff norms (docs/domain.md, Norms): at least 10 hours of training, 2 supervisions and 28 days
of leave — the organisation's values in ``accounts.Norms``. ``staff_norms_summary`` is the
one place the figures are computed; the norms page and its API (``visible_staff_norms``) and
the indicator report's norms section call it. It costs two queries whatever the number of
specialists or entries: the specialists, and one grouped aggregate of their entries.

Counting rules: an entry counts in the year of its ``started_on`` (a leave that starts on
28 December counts whole in that year); training is the sum of hours; a supervision counts 1
whatever amount was typed; leave is the sum of days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from kurator import access
from kurator.accounts.models import Norms, Organisation, User
from kurator.cases.norms import norms_for
from kurator.reports.figures import percent
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry

ZERO = Decimal(0)


@dataclass(frozen=True)
class SpecialistNorms:
    """One specialist's year against the norms."""

    specialist: User
    year: int
    training_hours: Decimal
    supervisions: int
    leave_days: Decimal
    training_hours_min: int
    supervisions_min: int
    leave_days_min: int

    @property
    def training_met(self) -> bool:
        return self.training_hours >= self.training_hours_min

    @property
    def supervisions_met(self) -> bool:
        return self.supervisions >= self.supervisions_min

    @property
    def leave_met(self) -> bool:
        return self.leave_days >= self.leave_days_min

    @property
    def all_met(self) -> bool:
        return self.training_met and self.supervisions_met and self.leave_met

    @property
    def training_short(self) -> Decimal:
        """Hours still missing (0 when the norm is met)."""
        return max(Decimal(self.training_hours_min) - self.training_hours, ZERO)

    @property
    def supervisions_short(self) -> int:
        return max(self.supervisions_min - self.supervisions, 0)

    @property
    def leave_short(self) -> Decimal:
        return max(Decimal(self.leave_days_min) - self.leave_days, ZERO)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def staff_norms_summary(
    *, specialists: QuerySet[User], year: int, norms: Norms
) -> list[SpecialistNorms]:
    """Each of ``specialists`` (ordered by name) with her training hours, supervisions and
    leave days of ``year`` against ``norms``. Two queries, whatever the data."""
    people = list(specialists.order_by("last_name", "first_name", "pk"))
    start, end = year_bounds(year)
    totals: dict[tuple[int, str], tuple[Decimal, int]] = {}
    rows = (
        StaffNormEntry.objects.filter(
            specialist__in=specialists.values("pk"), started_on__range=(start, end)
        )
        .values("specialist_id", "kind")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by()
    )
    for row in rows:
        totals[(row["specialist_id"], row["kind"])] = (row["total"] or ZERO, row["count"])

    def total(pk: int, kind: str) -> Decimal:
        return totals.get((pk, kind), (ZERO, 0))[0]

    return [
        SpecialistNorms(
            specialist=person,
            year=year,
            training_hours=total(person.pk, StaffNormEntry.Kind.TRAINING),
            supervisions=totals.get((person.pk, StaffNormEntry.Kind.SUPERVISION), (ZERO, 0))[1],
            leave_days=total(person.pk, StaffNormEntry.Kind.LEAVE),
            training_hours_min=norms.training_hours_min,
            supervisions_min=norms.supervisions_min,
            leave_days_min=norms.leave_days_min,
        )
        for person in people
    ]


def visible_staff_norms(user: User, *, year: int) -> list[SpecialistNorms]:
    """The year's norms of every specialist ``user`` sees (herself, her team or the
    organisation — or nobody), against her organisation's norms."""
    return staff_norms_summary(
        specialists=access.norm_specialists_visible_to(user),
        year=year,
        norms=norms_for(user.organisation_id or 0),
    )


# --- appeals -----------------------------------------------------------------------------------

APPEAL_OPEN, APPEAL_ANSWERED = "open", "answered"


def filter_appeals(
    appeals: QuerySet[Appeal], *, status: str = "", kind: str = ""
) -> QuerySet[Appeal]:
    """``appeals`` narrowed to the open (``"open"``) or answered (``"answered"``) ones and to
    one ``kind``; an empty value does not narrow."""
    if status == APPEAL_OPEN:
        appeals = appeals.filter(answered_on__isnull=True)
    elif status == APPEAL_ANSWERED:
        appeals = appeals.filter(answered_on__isnull=False)
    if kind:
        appeals = appeals.filter(kind=kind)
    return appeals


def appeal_days(appeal: Appeal, today: date) -> int:
    """Calendar days from the appeal's receipt to its answer, or to ``today`` while open."""
    return ((appeal.answered_on or today) - appeal.received_on).days


def appeal_organisation(appeal: Appeal) -> Organisation:
    """The organisation whose letterhead the answer letter carries."""
    return Organisation.objects.get(pk=appeal.organisation_id)


# --- shelter exits -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShelterExits:
    """The children who left shelters in a period, as the user sees them, newest first; how
    many, how many returned to their birth family, and that share in whole percent (None
    when nobody left)."""

    exits: QuerySet[ShelterExit]
    total: int
    returned: int
    share: Decimal | None


def shelter_exits_between(user: User, start: date, end: date) -> ShelterExits:
    """The shelter exits ``user`` sees with ``left_on`` from ``start`` to ``end`` (inclusive)
    and their figures: one aggregate query (the list is left to the caller to slice)."""
    exits = access.shelter_exits_visible_to(user).filter(left_on__range=(start, end))
    totals = exits.aggregate(
        total=Count("pk"),
        birth=Count("pk", filter=Q(destination=ShelterExit.Destination.BIRTH_FAMILY)),
    )
    return ShelterExits(
        exits=exits.order_by("-left_on", "-pk"),
        total=totals["total"],
        returned=totals["birth"],
        share=percent(totals["birth"], totals["total"]),
    )
