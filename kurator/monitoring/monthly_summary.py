"""The monthly general monitoring of a worker («Форма ежемесячного общего мониторинга», seed
004: «Ежемесячно сотрудники, работающие по технологии, выполняют мониторинг, подводящий
итоги работы за месяц. По установленной форме»).

Generated from the month's records of the cases the worker curates, never typed in: cases at
the month's start and end, opened and closed in it; per case the contacts and home visits,
plan actions done, due and overdue, meetings held, services and aid delivered, whether the
case's monthly form (``MonthlyForm``) is submitted, and — for a family on the register of
families in a socially dangerous position — whether it had the home visit the state norm asks
for every month.

One SQL query builds every row (correlated subqueries per figure), so the query count does not
grow with the number of cases. ``cases`` always comes from ``kurator.access``.
"""

from __future__ import annotations

import io
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
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kurator.accounts.models import User
from kurator.cases.lifecycle import add_months
from kurator.cases.models import Case
from kurator.meetings.models import Meeting, RegisterEntry
from kurator.monitoring.errors import MonitoringError
from kurator.monitoring.models import MonthlyForm
from kurator.network.models import Delivery
from kurator.plans.models import Contact, PlanAction

__all__ = [
    "CaseRow",
    "MonthlySummary",
    "month_label",
    "monthly_summary",
    "parse_month",
    "summary_xlsx",
]

MONTHS = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


def month_label(first: date) -> str:
    return f"{MONTHS[first.month - 1]} {first.year}"


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
        if first > timezone.localdate():
            raise MonitoringError(_("Месяц ещё не наступил."), field="month")
        if first.year < 2000:
            raise MonitoringError(_("Укажите месяц не раньше 2000 года."), field="month")
        return first
    raise MonitoringError(_("Укажите месяц в формате гггг-мм."), field="month")


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
        return add_months(self.month, 1) - timedelta(days=1)

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


def _count(queryset: QuerySet[Any], group: str, expression: Any = None) -> Coalesce:
    """A correlated COUNT of ``queryset`` (already filtered on ``OuterRef``), 0 when none."""
    counted = (
        queryset.order_by()
        .values(group)
        .annotate(n=expression if expression is not None else Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _aware(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def monthly_summary(*, cases: QuerySet[Case], curator: User, month: date) -> MonthlySummary:
    """The summary of ``curator``'s cases (among ``cases``) for the month starting ``month``."""
    first = month.replace(day=1)
    last = add_months(first, 1) - timedelta(days=1)
    start, end = _aware(first), _aware(last + timedelta(days=1))
    today = timezone.localdate()
    # An action is overdue when its due day passed (by the month's end, or today in the
    # current month) and it was not done by then.
    cutoff = min(last + timedelta(days=1), today)
    in_month = {"range": (first, last)}
    contacts = Contact.objects.filter(case=OuterRef("pk"), happened_on__range=in_month["range"])
    current = PlanAction.objects.filter(version_id=OuterRef("plan__current_version_id")).exclude(
        status=PlanAction.Status.CANCELLED
    )
    deliveries = Delivery.objects.filter(case=OuterRef("pk"), delivered_on__range=in_month["range"])
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
            n_contacts=_count(contacts, "case"),
            n_visits=_count(contacts.filter(kind=Contact.Kind.HOME_VISIT), "case"),
            n_done=_count(
                PlanAction.objects.filter(
                    version__plan__case=OuterRef("pk"), done_on__range=in_month["range"]
                ),
                "version__plan__case",
                Count("lineage", distinct=True),
            ),
            n_due=_count(current.filter(due_on__range=in_month["range"]), "version"),
            n_overdue=_count(
                current.filter(due_on__lt=cutoff)
                .exclude(status=PlanAction.Status.NOT_DONE)
                .filter(Q(done_on__isnull=True) | Q(done_on__gte=cutoff)),
                "version",
            ),
            n_meetings=_count(
                Meeting.objects.filter(case=OuterRef("pk"), held_on__range=in_month["range"]),
                "case",
            ),
            n_services=_count(deliveries, "case"),
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
                contacts=case.n_contacts,
                home_visits=case.n_visits,
                actions_done=case.n_done,
                actions_due=case.n_due,
                actions_overdue=case.n_overdue,
                meetings=case.n_meetings,
                services=case.n_services,
                aid_total=case.aid,
                form_status=case.form_status or "",
                on_register=case.on_register,
            )
        )
    return summary


# --- XLSX ------------------------------------------------------------------------------------


def _safe(value: Any) -> Any:
    """A string a spreadsheet would run as a formula is stored with a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


CASE_HEADERS = [
    gettext_lazy("№ случая"),
    gettext_lazy("Семья"),
    gettext_lazy("Статус"),
    gettext_lazy("Открыт"),
    gettext_lazy("Закрыт"),
    gettext_lazy("Контактов"),
    gettext_lazy("Посещений на дому"),
    gettext_lazy("Выполнено действий"),
    gettext_lazy("Действий со сроком в месяце"),
    gettext_lazy("Просрочено действий"),
    gettext_lazy("Встреч"),
    gettext_lazy("Услуг и помощи"),
    gettext_lazy("Сумма помощи, ₽"),
    gettext_lazy("Ежемесячная форма"),
    gettext_lazy("На учёте СОП"),
    gettext_lazy("Без посещения на дому"),
]


def summary_xlsx(summary: MonthlySummary) -> bytes:
    """The form as a spreadsheet: a heading, the month's totals, then one row per case."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Мониторинг"
    bold = Font(bold=True)
    curator = summary.curator
    sheet.append([_("Форма ежемесячного общего мониторинга")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Сотрудник"), _safe(curator.full_name or curator.username)])
    sheet.append([_("Месяц"), summary.label])
    sheet.append([_("Составлено"), timezone.localdate().strftime("%d.%m.%Y")])
    sheet.append([])
    sheet.append([_("Показатель"), _("Значение")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    totals = summary.totals
    for key, label in TOTAL_LABELS:
        value = totals[key]
        sheet.append([str(label), float(value) if isinstance(value, Decimal) else value])
    sheet.append([])
    sheet.append([str(h) for h in CASE_HEADERS])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in summary.rows:
        sheet.append(
            [
                row.case_id,
                _safe(row.family),
                row.status,
                row.opened_on.strftime("%d.%m.%Y"),
                row.closed_on.strftime("%d.%m.%Y") if row.closed_on else "",
                row.contacts,
                row.home_visits,
                row.actions_done,
                row.actions_due,
                row.actions_overdue,
                row.meetings,
                row.services,
                float(row.aid_total),
                str(row.form_label),
                _("да") if row.on_register else "",
                _("нет посещения") if row.register_without_visit else "",
            ]
        )
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
