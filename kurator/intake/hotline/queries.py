"""Reads of the hotline pages: the operator's shift and the journal's totals. Inputs are the
calls ``kurator.access`` lets the user see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from kurator.accounts.models import User
from kurator.intake.hotline.models import HotlineCall
from kurator.reports.models import Appeal


def appeal_of(call: HotlineCall) -> Appeal | None:
    """The complaint registered from the call, if any (its page links to it)."""
    return Appeal.objects.filter(hotline_call=call).only("pk", "due_on", "kind").first()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return start, start + timedelta(days=1)


def shift_of(visible: QuerySet[HotlineCall], user: User, day: date) -> QuerySet[HotlineCall]:
    """The calls ``user`` took on ``day`` (her shift), newest first."""
    start, end = day_bounds(day)
    return visible.filter(operator=user, started_at__gte=start, started_at__lt=end)


@dataclass(frozen=True)
class Totals:
    calls: int
    incoming: int
    outgoing: int
    minutes: int
    incomplete: int
    by_outcome: list[tuple[str, str, int]]


def totals(calls: QuerySet[HotlineCall]) -> Totals:
    """Counts of ``calls`` in one query: by direction and outcome, the minutes talked and how
    many still lack a topic or an outcome."""
    Outcome = HotlineCall.Outcome
    aggregates = {f"o_{code}": Count("pk", filter=Q(outcome=code)) for code in Outcome.values}
    row = calls.order_by().aggregate(
        calls=Count("pk"),
        incoming=Count("pk", filter=Q(direction=HotlineCall.Direction.INCOMING)),
        outgoing=Count("pk", filter=Q(direction=HotlineCall.Direction.OUTGOING)),
        seconds=Sum("duration_seconds"),
        incomplete=Count("pk", filter=Q(topic="") | Q(outcome="")),
        **aggregates,
    )
    return Totals(
        calls=row["calls"],
        incoming=row["incoming"],
        outgoing=row["outgoing"],
        minutes=round((row["seconds"] or 0) / 60),
        incomplete=row["incomplete"],
        by_outcome=[(code, str(label), row[f"o_{code}"]) for code, label in Outcome.choices],
    )
