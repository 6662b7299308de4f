"""The indicator report (issue 7; product.md, «Indicators the reports must give»).

``compute_indicators(scope=..., period=...)`` computes every indicator for the period and for
the same period a year before, as ``Section``s of ``Figure``s (``figures.py``). Every query
goes through ``scope.filter`` — a team head's report counts her team only — and is an
aggregate in SQL: the number of queries is the same for ten families and for a hundred
thousand, and no row list is ever pulled into Python.

Rules the figures follow (the glossary names them too):

* A case is **active** in a period when it was opened on or before its last day and not
  closed (``closed_at``; closing to post-support counts as closing) before its first day.
* **Days to visit / to decision** are calendar days from the day the signal was received to
  the day of the first visit / of the take-in decision; **on time** means that day is not
  after the stored deadline (``visit_due``, ``decision_due``).
* **Families helped** are distinct families with a delivery in the period whose spending
  counts (``Delivery.COUNTED``); persons are the distinct people the deliveries name.
* **Long-term support**: a family whose case, active in the period, had lasted at least
  6 whole calendar months by the period's last day or by its closing, whichever is earlier.
  It **significantly improved** when the latest periodic or exit assessment of a family
  instrument made up to the period's end is better than the case's first entry assessment of
  the same instrument (higher scores are better in every instrument) by at least a fifth of
  the instrument's highest possible score, or reached a higher band (level) of the total.
* **Cumulative delay** of a case: the calendar days by which its first visit, take-in
  decision and first agreement of the plan with the family came after their deadlines (a
  plan not agreed yet counts up to the period's end or the case's closing), summed.
* **Intensity**: plan actions done in the period per open case per 14 days — done actions
  (a revised plan's copy of an action counts once) × 14 ÷ the days the scope's cases were
  open within the period.
* **Well-being** scores are shown as a percentage of the instrument's highest possible score,
  so that instruments of different length can be averaged.
* **Register** figures follow seed 003: distinct families on the register at any day of the
  period; removals in the period by reason; children leaving shelters in the period who
  returned to their birth family, of all who left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.access.reports import ReportScope
from kurator.meetings.models import RegisterEntry
from kurator.reports.figures import Figure, IndicatorReport, Number, Period, Section, Unit
from kurator.reports.models import ShelterExit

__all__ = ["Share", "compute_indicators"]


@dataclass(frozen=True)
class Share:
    """«part of whole»: the value of a ``unit="share"`` figure."""

    part: int
    whole: int


Value = Number | Share | None
Values = dict[str, Value]


@dataclass(frozen=True)
class Spec:
    key: str
    label: str
    unit: Unit = "count"
    note: str = ""


# --- the sections ---------------------------------------------------------------------------


def _register(scope: ReportScope, period: Period) -> Values:
    """Seed 003's state-register model. Two queries."""
    start, end = period.start, period.end
    entries = scope.filter(RegisterEntry.objects.all(), team="case__team_id")
    removed = Q(removed_on__gte=start, removed_on__lte=end)
    R = RegisterEntry.RemovalReason
    row = entries.filter(registered_on__lte=end).aggregate(
        on_register=Count(
            "family_id",
            distinct=True,
            filter=Q(removed_on__isnull=True) | Q(removed_on__gte=start),
        ),
        improved=Count("family_id", distinct=True, filter=removed & Q(removal_reason=R.IMPROVED)),
        deprivation=Count(
            "family_id", distinct=True, filter=removed & Q(removal_reason=R.DEPRIVATION)
        ),
    )
    exits = (
        scope.filter(ShelterExit.objects.all())
        .filter(left_on__gte=start, left_on__lte=end)
        .aggregate(
            total=Count("pk"),
            birth=Count("pk", filter=Q(destination=ShelterExit.Destination.BIRTH_FAMILY)),
        )
    )
    return {
        "register_families": row["on_register"],
        "register_removed_improved": row["improved"],
        "register_removed_deprivation": row["deprivation"],
        "shelter_children_returned": Share(exits["birth"], exits["total"]),
        # Shared with the parental-rights section.
        "children_returned_to_family": exits["birth"],
        "families_deprivation": row["deprivation"],
    }


def _register_specs() -> list[Spec]:
    return [
        Spec("register_families", _("Семьи на учёте в СОП в течение периода")),
        Spec(
            "register_removed_improved",
            _("Сняты с учёта в связи с исправлением ситуации в семье"),
        ),
        Spec(
            "register_removed_deprivation",
            _("Сняты с учёта в связи с лишением родительских прав"),
        ),
        Spec(
            "shelter_children_returned",
            _("Дети, выбывшие из приютов и вернувшиеся в родную семью"),
            "share",
            _("от всех выбывших из учреждений за период"),
        ),
    ]


# --- assembly -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: Callable[[], str]
    compute: Callable[[ReportScope, Period], Values]
    specs: Callable[[], list[Spec]]
    chart: bool = False


def _sections() -> list[SectionSpec]:
    return [
        SectionSpec(
            "register",
            lambda: _("Модель работы с семьями в СОП (краевой банк данных)"),
            _register,
            _register_specs,
            chart=True,
        ),
    ]


def _figure(spec: Spec, now: Value, before: Value) -> Figure:
    if spec.unit == "share":
        current = now if isinstance(now, Share) else Share(0, 0)
        previous = before if isinstance(before, Share) else Share(0, 0)
        return Figure(
            key=spec.key,
            label=spec.label,
            current=current.part,
            previous=previous.part,
            unit="share",
            current_of=current.whole,
            previous_of=previous.whole,
            note=spec.note,
        )
    assert not isinstance(now, Share) and not isinstance(before, Share)
    return Figure(
        key=spec.key, label=spec.label, current=now, previous=before, unit=spec.unit, note=spec.note
    )


def build_section(
    spec: SectionSpec, now: Values, before: Values, *, keys: Iterable[str] | None = None
) -> Section:
    figures = [_figure(s, now.get(s.key), before.get(s.key)) for s in spec.specs()]
    if keys is not None:
        wanted = set(keys)
        figures = [f for f in figures if f.key in wanted]
    return Section(key=spec.key, title=spec.title(), figures=figures, chart=spec.chart)


def compute_indicators(*, scope: ReportScope, period: Period) -> IndicatorReport:
    """Every indicator of product.md for ``period`` and the same period a year before,
    within ``scope``. A fixed number of aggregate queries, whatever the data size."""
    previous = period.year_before()
    sections = []
    for spec in _sections():
        now = spec.compute(scope, period)
        before = spec.compute(scope, previous)
        sections.append(build_section(spec, now, before))
    return IndicatorReport(
        scope_label=scope.label,
        period=period,
        previous=previous,
        sections=sections,
        generated_at=timezone.now(),
    )
