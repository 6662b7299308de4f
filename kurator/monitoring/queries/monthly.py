"""Reads of a month: one case's month (the figures the monthly form is pre-filled with) and a
worker's month — the monthly general monitoring («Форма ежемесячного общего мониторинга», case-work
technology: «Ежемесячно сотрудники, работающие по технологии, выполняют мониторинг, подводящий итоги
работы за месяц. По установленной форме»).

The summary is generated from the month's records of the cases the worker curates, never
typed in: cases at the month's start and end, opened and closed in it; per case the contacts
and home visits, plan actions done, due and overdue, meetings held, services and aid
delivered (only spending that counts, ``Delivery.COUNTED``: approved within the norm or granted
past it), whether the case's monthly form (``MonthlyForm``) is submitted, and — for a family
on the register of families in a socially dangerous position — whether it had the home visit
the state norm asks for every month.

One SQL query builds every row of the summary (correlated subqueries per figure), so the
query count does not grow with the number of cases. ``cases`` always comes from
``kurator.access``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services.lifecycle import add_months
from kurator.core.dates import month_label
from kurator.meetings.models import Meeting, RegisterEntry
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.models import MonthlyForm
from kurator.monitoring.rules import begun_month
from kurator.network.models import Delivery
from kurator.plans.models import Contact, PlanAction

__all__ = [
    "TOTAL_LABELS",
    "CaseRow",
    "MonthFigures",
    "MonthlySummary",
    "case_monthly_forms",
    "month_bounds",
    "month_figures",
    "monthly_summary",
    "parse_month",
]


def parse_month(value: object) -> date:
    """``YYYY-MM`` or ``мм.гггг`` → the month's first day; a MonitoringError otherwise."""
    if value in (None, ""):
        return timezone.localdate().replace(day=1)
    text = str(value).strip()
    for fmt in ("%Y-%m", "%m.%Y"):
        try:
            first = datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a calendar month
        except ValueError:
            continue
        begun_month(first)
        if first.year < 2000:
            raise MonitoringError(_("Укажите месяц не раньше 2000 года."), field="month")
        return first
    raise MonitoringError(_("Укажите месяц в формате гггг-мм."), field="month")


# --- one case's month: the monthly form's figures -------------------------------------------


def case_monthly_forms(case: Case) -> QuerySet[MonthlyForm]:
    return MonthlyForm.objects.filter(case=case).select_related("author").order_by("-month")


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, add_months(first, 1) - timedelta(days=1)


@dataclass(frozen=True)
class MonthFigures:
    contacts: int
    home_visits: int
    actions_done: int
    actions_due: int
    meetings: int
    services: int


def _count(queryset: QuerySet[Any], group: str, expression: Any = None) -> Coalesce:
    """A correlated COUNT of ``queryset`` (already filtered on ``OuterRef``), 0 when none."""
    counted = (
        queryset.order_by()
        .values(group)
        .annotate(n=expression if expression is not None else Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _current_actions() -> QuerySet[PlanAction]:
    """The actions of the outer case's current plan version, except cancelled ones."""
    return PlanAction.objects.filter(version_id=OuterRef("plan__current_version_id")).exclude(
        status=PlanAction.Status.CANCELLED
    )


def _counted_deliveries(days: tuple[date, date]) -> QuerySet[Delivery]:
    """The case's deliveries of ``days`` whose spending counts (``Delivery.COUNTED``, as in the
    reports and the case's cost): not those waiting for the head's approval, nor rejected."""
    return Delivery.objects.filter(
        case=OuterRef("pk"), delivered_on__range=days, approval__in=Delivery.COUNTED
    )


def _month_counts(first: date, last: date) -> dict[str, Coalesce]:
    """A month's figures as correlated subqueries on ``Case`` rows — one definition for the
    monthly form of a case and the monthly summary of a worker: contacts and home visits held
    in it, plan actions done in it (each action once across the plan's versions), actions of
    the current version due in it (not cancelled), meetings held and services delivered in it."""
    days = (first, last)
    contacts = Contact.objects.filter(case=OuterRef("pk"), happened_on__range=days)
    return {
        "n_contacts": _count(contacts, "case"),
        "n_visits": _count(contacts.filter(kind=Contact.Kind.HOME_VISIT), "case"),
        "n_done": _count(
            PlanAction.objects.filter(version__plan__case=OuterRef("pk"), done_on__range=days),
            "version__plan__case",
            Count("lineage", distinct=True),
        ),
        "n_due": _count(_current_actions().filter(due_on__range=days), "version"),
        "n_meetings": _count(
            Meeting.objects.filter(case=OuterRef("pk"), held_on__range=days), "case"
        ),
        "n_services": _count(_counted_deliveries(days), "case"),
    }


def month_figures(case: Case, month: date) -> MonthFigures:
    """What the case's records say about ``month`` (``_month_counts``), in one query."""
    first, last = month_bounds(month)
    return _figures(Case.objects.filter(pk=case.pk).annotate(**_month_counts(first, last)).get())


def _figures(row: Any) -> MonthFigures:
    """The ``_month_counts`` of an annotated ``Case`` row."""
    return MonthFigures(
        contacts=row.n_contacts,
        home_visits=row.n_visits,
        actions_done=row.n_done,
        actions_due=row.n_due,
        meetings=row.n_meetings,
        services=row.n_services,
    )


# --- a worker's month: the monthly summary -------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    case_id: int
    family: str
    status: str
    opened_on: date
    closed_on: date | None
    at_start: bool
    at_end: bool
    opened_in_month: bool
    closed_in_month: bool
    contacts: int
    home_visits: int
    actions_done: int
    actions_due: int
    actions_overdue: int
    meetings: int
    services: int
    aid_total: Decimal
    form_status: str  # "submitted", "draft" or "" (not started)
    on_register: bool

    @property
    def form_submitted(self) -> bool:
        return self.form_status == MonthlyForm.Status.SUBMITTED

    @property
    def form_label(self) -> str:
        if self.form_status == MonthlyForm.Status.SUBMITTED:
            return _("сдана")
        if self.form_status == MonthlyForm.Status.DRAFT:
            return _("черновик")
        return _("не начата")

    @property
    def register_without_visit(self) -> bool:
        return self.on_register and self.home_visits == 0


@dataclass
class MonthlySummary:
    curator: User
    month: date
    rows: list[CaseRow] = field(default_factory=list)

    @property
    def last_day(self) -> date:
        return month_bounds(self.month)[1]

    @property
    def label(self) -> str:
        return month_label(self.month)

    def _sum(self, name: str) -> int:
        return sum(int(getattr(row, name)) for row in self.rows)

    @property
    def totals(self) -> dict[str, Any]:
        return {
            "cases_at_start": self._sum("at_start"),
            "cases_at_end": self._sum("at_end"),
            "cases_opened": self._sum("opened_in_month"),
            "cases_closed": self._sum("closed_in_month"),
            "contacts": self._sum("contacts"),
            "home_visits": self._sum("home_visits"),
            "actions_done": self._sum("actions_done"),
            "actions_due": self._sum("actions_due"),
            "actions_overdue": self._sum("actions_overdue"),
            "meetings": self._sum("meetings"),
            "services": self._sum("services"),
            "aid_total": sum((row.aid_total for row in self.rows), Decimal("0")),
            "forms_submitted": sum(1 for row in self.rows if row.form_submitted),
            "forms_not_submitted": sum(1 for row in self.rows if not row.form_submitted),
            "register_families": sum(1 for row in self.rows if row.on_register),
            "register_without_visit": sum(1 for row in self.rows if row.register_without_visit),
        }

    @property
    def register_without_visit(self) -> list[CaseRow]:
        return [row for row in self.rows if row.register_without_visit]


# (key, label) of the summary block, in the form's order.
TOTAL_LABELS: list[tuple[str, Promise]] = [
    ("cases_at_start", gettext_lazy("Случаев в работе на начало месяца")),
    ("cases_at_end", gettext_lazy("Случаев в работе на конец месяца")),
    ("cases_opened", gettext_lazy("Открыто случаев за месяц")),
    ("cases_closed", gettext_lazy("Закрыто случаев за месяц")),
    ("contacts", gettext_lazy("Контактов с семьями")),
    ("home_visits", gettext_lazy("из них посещений на дому")),
    ("actions_done", gettext_lazy("Выполнено действий планов")),
    ("actions_due", gettext_lazy("Действий планов со сроком в месяце")),
    ("actions_overdue", gettext_lazy("Просрочено действий планов")),
    ("meetings", gettext_lazy("Проведено консилиумов и встреч")),
    ("services", gettext_lazy("Оказано услуг и помощи")),
    ("aid_total", gettext_lazy("Сумма оказанной помощи, ₽")),
    ("forms_submitted", gettext_lazy("Ежемесячных форм по случаям сдано")),
    ("forms_not_submitted", gettext_lazy("Ежемесячных форм по случаям не сдано")),
    ("register_families", gettext_lazy("Семей на учёте СОП")),
    ("register_without_visit", gettext_lazy("из них без посещения на дому в этом месяце")),
]


def _aware(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def monthly_summary(*, cases: QuerySet[Case], curator: User, month: date) -> MonthlySummary:
    """The summary of ``curator``'s cases (among ``cases``) for the month starting ``month``."""
    first, last = month_bounds(month)
    start, end = _aware(first), _aware(last + timedelta(days=1))
    today = timezone.localdate()
    # An action is overdue when its due day passed (by the month's end, or today in the
    # current month) and it was not done by then.
    cutoff = min(last + timedelta(days=1), today)
    deliveries = _counted_deliveries((first, last))
    register = RegisterEntry.objects.filter(
        family_id=OuterRef("family_id"),
        organisation_id=OuterRef("organisation_id"),
        registered_on__lte=last,
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gte=first))
    rows = (
        cases.filter(curator_id=curator.pk, opened_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        .select_related("family")
        .annotate(
            **_month_counts(first, last),
            n_overdue=_count(
                _current_actions()
                .filter(due_on__lt=cutoff)
                .exclude(status=PlanAction.Status.NOT_DONE)
                .filter(Q(done_on__isnull=True) | Q(done_on__gte=cutoff)),
                "version",
            ),
            aid=Coalesce(
                Subquery(
                    deliveries.order_by().values("case").annotate(s=Sum("total")).values("s"),
                    output_field=DecimalField(max_digits=14, decimal_places=2),
                ),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
            form_status=Subquery(
                MonthlyForm.objects.filter(case=OuterRef("pk"), month=first).values("status")[:1]
            ),
            on_register=Exists(register),
        )
        .order_by("family__name", "pk")
    )
    summary = MonthlySummary(curator=curator, month=first)
    for case in rows:
        opened = timezone.localtime(case.opened_at)
        closed = timezone.localtime(case.closed_at) if case.closed_at else None
        figures = _figures(case)
        summary.rows.append(
            CaseRow(
                case_id=case.pk,
                family=case.family.name,
                status=str(case.get_status_display()),
                opened_on=opened.date(),
                closed_on=closed.date() if closed else None,
                at_start=opened < start,
                at_end=closed is None or closed >= end,
                opened_in_month=opened >= start,
                closed_in_month=closed is not None and closed < end,
                contacts=figures.contacts,
                home_visits=figures.home_visits,
                actions_done=figures.actions_done,
                actions_due=figures.actions_due,
                actions_overdue=case.n_overdue,
                meetings=figures.meetings,
                services=figures.services,
                aid_total=case.aid,
                form_status=case.form_status or "",
                on_register=case.on_register,
            )
        )
    return summary
