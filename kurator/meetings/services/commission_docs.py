"""Documents for the state prevention system about a family on the register (state
model; docs/domain.md, Deadlines: state register).

«Куратор … ежеквартально на заседаниях рабочей группы предоставляет аналитическую информацию
о динамике семейной ситуации подопечных и эффективности мероприятий Программы ИПР …» and «По
окончании реализации Программы ИПР на заседании КДНиЗП куратор представляет итоги своей
работы с подопечными и вносит предложения в дальнейшую работу с ними».

- ``make_quarterly_note`` — the analytic information for one calendar quarter;
- ``make_final_report`` — the final report over the family's whole time on the register,
  with the outcome and the recommendation (remove from the register / continue).

Both gather the period's records (``collect``): the register entry and its resolution, the
working group, the plan's current version and its actions (done / not done in the period, with
results), contacts and home visits per month (the state norm: at least one home visit a month
— a month without one is flagged), the help delivered, the wellbeing assessments (entry
against the latest), the monitoring reviews and the working group's meetings; the curator's
conclusions and proposals are typed before generating. The DOCX is filled from the template
``quarterly_note`` or ``final_report`` (``kurator.documents.catalogue``: the organisation's own
uploaded version, else Kurator's default; ``template_context`` gives its values). It goes into
the case folder (``kurator.documents.services.folder.upload_document``; generating the same
period again makes a new version of it), a ``CommissionDocument`` row says what it is, and the
timeline gets a row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.assessments.models import Assessment
from kurator.cases.models import Case
from kurator.cases.services.lifecycle import add_months
from kurator.cases.timeline import record
from kurator.core.dates import month_label
from kurator.core.text import printable
from kurator.documents import contexts, rendering
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, DocumentType
from kurator.documents.queries.templates import active_template
from kurator.documents.services.folder import upload_document
from kurator.meetings.errors import MeetingError
from kurator.meetings.models import (
    CommissionDocument,
    CommissionResolution,
    Meeting,
    RegisterEntry,
    WorkingGroupMember,
)
from kurator.monitoring.models import Review
from kurator.people.models import FamilyRole, Person
from kurator.plans.models import Contact, Plan, PlanAction, PlanVersion

__all__ = [
    "TEMPLATE_CODES",
    "CommissionData",
    "collect",
    "make_final_report",
    "make_quarterly_note",
    "quarter_label",
    "quarter_of",
    "register_entries",
    "template_context",
]

WRITE = "plans.plan:write"
TEXT_MAX = 8000
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _d(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


def _num(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def quarter_of(day: date) -> date:
    """The first day of the calendar quarter ``day`` falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: date) -> str:
    """«III квартал 2026 г.»"""
    return _("%(q)s квартал %(y)s г.") % {"q": ROMAN[(start.month - 1) // 3 + 1], "y": start.year}


# --- what the document says ---------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    position: str
    goal: str
    text: str
    responsible: str
    due_on: date | None
    status: str  # the action's status now
    in_period: str  # «выполнено в периоде» / «не выполнено» / «выполнено ранее» …
    done_in_period: bool
    due_in_period: bool
    # Due in the period, its date passed (or marked not done) and not done: «не выполнено».
    missed: bool
    result: str


@dataclass(frozen=True)
class MonthRow:
    first: date
    contacts: int
    home_visits: int
    flagged: bool  # a finished month on the register without a home visit
    running: bool  # the month has not ended yet

    @property
    def label(self) -> str:
        return month_label(self.first)


@dataclass(frozen=True)
class AssessmentRow:
    instrument: str
    subject: str
    entry_on: date
    entry_score: Decimal
    latest_on: date
    latest_score: Decimal
    max_total: Decimal
    entry_band: str
    latest_band: str

    @property
    def change(self) -> Decimal:
        return self.latest_score - self.entry_score


@dataclass(frozen=True)
class DeliveryRow:
    day: date
    service: str
    quantity: Decimal
    unit: str
    total: Decimal


@dataclass(frozen=True)
class ReviewRow:
    title: str
    period_start: date
    period_end: date
    done: int
    total: int
    state: str
    priorities: str
    decision: str


@dataclass
class CommissionData:
    kind: str
    case: Case
    entry: RegisterEntry
    resolution: CommissionResolution | None
    period_start: date
    period_end: date
    as_of: date
    children: list[Person] = field(default_factory=list)
    adults: list[Person] = field(default_factory=list)
    group: list[WorkingGroupMember] = field(default_factory=list)
    version: PlanVersion | None = None
    actions: list[ActionRow] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    contacts_by_kind: dict[str, int] = field(default_factory=dict)
    deliveries: list[DeliveryRow] = field(default_factory=list)
    assessments: list[AssessmentRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    conclusions: str = ""
    proposals: str = ""
    outcome: str = ""
    recommendation: str = ""

    @property
    def home_visits(self) -> int:
        return sum(m.home_visits for m in self.months)

    @property
    def contacts(self) -> int:
        return sum(m.contacts for m in self.months)

    @property
    def months_without_visit(self) -> list[MonthRow]:
        return [m for m in self.months if m.flagged]

    @property
    def actions_done(self) -> int:
        return sum(1 for a in self.actions if a.done_in_period)

    @property
    def actions_due(self) -> int:
        return sum(1 for a in self.actions if a.due_in_period)

    @property
    def actions_due_not_done(self) -> int:
        """Actions due in the period that were missed; one whose date has not come is not."""
        return sum(1 for a in self.actions if a.missed)

    @property
    def deliveries_total(self) -> Decimal:
        return sum((d.total for d in self.deliveries), Decimal("0"))

    @property
    def period_label(self) -> str:
        if self.kind == CommissionDocument.Kind.QUARTERLY:
            return quarter_label(self.period_start)
        return f"{_d(self.period_start)} — {_d(self.period_end)}"


def register_entries(case: Case) -> list[RegisterEntry]:
    """The family's times on the register, newest first (``case`` came from ``access``)."""
    return list(access.case_register_entries(case).order_by("-registered_on", "-pk"))


def _entry_for(case: Case, start: date, end: date) -> RegisterEntry | None:
    for entry in register_entries(case):
        if entry.registered_on <= end and (entry.removed_on is None or entry.removed_on >= start):
            return entry
    return None


def _version(case: Case) -> PlanVersion | None:
    plan = Plan.objects.filter(case=case).select_related("current_version").first()
    return plan.current_version if plan is not None else None


def _action_rows(
    version: PlanVersion | None, start: date, end: date, today: date
) -> list[ActionRow]:
    """The current version's actions as the period sees them. An open action is overdue only
    once its due date has passed — before ``today`` and within the period; one whose date is
    still ahead is in progress."""
    if version is None:
        return []
    actions = (
        PlanAction.objects.filter(version=version)
        .select_related("goal", "responsible_user", "responsible_person", "responsible_agent")
        .order_by("goal__position", "goal_id", "position", "pk")
    )
    rows: list[ActionRow] = []
    goal_numbers: dict[int, int] = {}
    counters: dict[int, int] = defaultdict(int)
    for action in actions:
        g = goal_numbers.setdefault(action.goal_id, len(goal_numbers) + 1)
        counters[g] += 1
        done_in = action.done_on is not None and start <= action.done_on <= end
        due_in = (
            action.due_on is not None
            and start <= action.due_on <= end
            and action.status != PlanAction.Status.CANCELLED
        )
        done_before = action.done_on is not None and action.done_on < start
        marked_not_done = action.status == PlanAction.Status.NOT_DONE
        overdue = due_in and action.due_on is not None and action.due_on < today
        if done_in:
            assert action.done_on is not None
            in_period = _("выполнено %(d)s") % {"d": _d(action.done_on)}
        elif done_before:
            in_period = _("выполнено ранее (%(d)s)") % {"d": _d(action.done_on)}
        elif action.status == PlanAction.Status.CANCELLED:
            in_period = _("отменено")
        elif marked_not_done:
            in_period = _("не выполнено")
        elif overdue:
            in_period = _("не выполнено в срок")
        else:
            in_period = _("не выполнено (в работе)")
        rows.append(
            ActionRow(
                position=f"{g}.{counters[g]}",
                goal=action.goal.text,
                text=action.text,
                responsible=action.responsible_name,
                due_on=action.due_on,
                status=str(action.get_status_display()),
                in_period=str(in_period),
                done_in_period=done_in,
                due_in_period=due_in,
                missed=due_in and not done_in and not done_before and (overdue or marked_not_done),
                result=action.result,
            )
        )
    return rows


def _month_rows(
    case: Case, entry: RegisterEntry, start: date, end: date, today: date
) -> tuple[list[MonthRow], dict[str, int]]:
    contacts = list(
        Contact.objects.filter(case=case, happened_on__range=(start, end)).values_list(
            "kind", "happened_on"
        )
    )
    by_kind: dict[str, int] = defaultdict(int)
    per_month: dict[date, list[str]] = defaultdict(list)
    for kind, day in contacts:
        by_kind[kind] += 1
        per_month[day.replace(day=1)].append(kind)
    rows: list[MonthRow] = []
    first = start.replace(day=1)
    registered_until = entry.removed_on or today
    while first <= end and first <= today:
        last = add_months(first, 1) - timedelta(days=1)
        kinds = per_month.get(first, [])
        visits = sum(1 for k in kinds if k == Contact.Kind.HOME_VISIT)
        on_register = entry.registered_on <= last and registered_until >= first
        running = last >= today
        rows.append(
            MonthRow(
                first=first,
                contacts=len(kinds),
                home_visits=visits,
                flagged=on_register and not running and visits == 0,
                running=running,
            )
        )
        first = add_months(first, 1)
    labels = dict(Contact.Kind.choices)
    return rows, {str(labels[k]): n for k, n in sorted(by_kind.items())}


def _assessment_rows(case: Case, end: date) -> list[AssessmentRow]:
    assessments = (
        Assessment.objects.filter(case=case, assessed_on__lte=end)
        .select_related("instrument", "person")
        .order_by("assessed_on", "pk")
    )
    groups: dict[tuple[int, int | None], list[Assessment]] = defaultdict(list)
    for a in assessments:
        groups[(a.instrument_id, a.person_id)].append(a)
    rows: list[AssessmentRow] = []
    for series in groups.values():
        entries = [a for a in series if a.kind == Assessment.Kind.ENTRY]
        first = entries[0] if entries else series[0]
        latest = series[-1]
        rows.append(
            AssessmentRow(
                instrument=first.instrument.name,
                subject=first.person.full_name if first.person else str(_("семья")),
                entry_on=first.assessed_on,
                entry_score=first.total_score,
                latest_on=latest.assessed_on,
                latest_score=latest.total_score,
                max_total=latest.max_total,
                entry_band=first.band_label,
                latest_band=latest.band_label,
            )
        )
    return rows


def _review_rows(case: Case, start: date, end: date) -> list[ReviewRow]:
    reviews = (
        Review.objects.filter(case=case, period_start__lte=end, period_end__gte=start)
        .prefetch_related("items")
        .order_by("period_start", "pk")
    )
    return [
        ReviewRow(
            title=str(review),
            period_start=review.period_start,
            period_end=review.period_end,
            done=sum(1 for item in review.items.all() if item.done),
            total=len(review.items.all()),
            state=review.state,
            priorities=review.priorities,
            decision=str(review.get_decision_display()) if review.decision else "",
        )
        for review in reviews
    ]


def collect(
    *, case: Case, entry: RegisterEntry, kind: str, start: date, end: date
) -> CommissionData:
    """Everything the document says about ``start``…``end`` (``case`` came from ``access``)."""
    today = timezone.localdate()
    as_of = min(end, today)
    people = list(
        Person.objects.filter(memberships__family_id=case.family_id)
        .values_list("pk", "memberships__role")
        .order_by("pk")
    )
    persons = {p.pk: p for p in Person.objects.filter(pk__in=[pk for pk, _r in people])}
    children = [persons[pk] for pk, role in people if role == FamilyRole.CHILD]
    adults = [
        persons[pk] for pk, role in people if role in (FamilyRole.PARENT, FamilyRole.GUARDIAN)
    ]
    version = _version(case)
    months, by_kind = _month_rows(case, entry, start, end, today)
    deliveries = [
        DeliveryRow(
            day=d.delivered_on,
            service=d.service.name,
            quantity=d.quantity,
            unit=d.service.unit,
            total=d.total,
        )
        for d in access.case_deliveries(case)
        .filter(delivered_on__range=(start, end))
        .select_related("service")
        .order_by("delivered_on", "pk")
    ]
    meetings = list(
        access.case_meetings(case)
        .filter(kind=Meeting.Kind.WORKING_GROUP, held_on__range=(start, as_of))
        .order_by("held_on", "pk")
    )
    return CommissionData(
        kind=kind,
        case=case,
        entry=entry,
        resolution=entry.resolution,
        period_start=start,
        period_end=end,
        as_of=as_of,
        children=children,
        adults=adults,
        group=list(access.case_working_group(case)),
        version=version,
        actions=_action_rows(version, start, end, today),
        months=months,
        contacts_by_kind=by_kind,
        deliveries=deliveries,
        assessments=_assessment_rows(case, as_of),
        reviews=_review_rows(case, start, end),
        meetings=meetings,
    )


# --- the template's values ------------------------------------------------------------------

TEMPLATE_CODES: dict[str, str] = {
    CommissionDocument.Kind.QUARTERLY: "quarterly_note",
    CommissionDocument.Kind.FINAL: "final_report",
}


def _day(day: date | None) -> str:
    return _d(day) if day else ""


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in printable(text).splitlines() if line.strip()]


def _score(score: Decimal, top: Decimal, day: date, band: str) -> str:
    return printable(f"{_num(score)} из {_num(top)} ({_d(day)}) {band}".strip())


def _month_mark(month: MonthRow) -> str:
    if month.flagged:
        return str(_("нет посещения на дому — норматив не выполнен"))
    if month.home_visits:
        return str(_("норматив выполнен"))
    if month.running:
        return str(_("месяц не закончился"))
    return "—"  # a month before registration or after removal


def _resolution(resolution: CommissionResolution | None) -> dict[str, str]:
    if resolution is None:
        return dict.fromkeys(
            ("number", "commission", "date", "decision", "plan_ordered", "plan_due"), ""
        )
    return {
        "number": printable(resolution.number),
        "commission": printable(resolution.commission),
        "date": _d(resolution.resolution_date),
        "decision": str(resolution.get_decision_display()),
        "plan_ordered": printable(resolution.plan_ordered),
        "plan_due": _day(resolution.plan_due),
    }


def template_context(data: CommissionData, *, today: date) -> dict[str, Any]:
    """The values the ``quarterly_note`` / ``final_report`` template is filled with: plain
    strings, lists and ``PersonView``s (every stored text without control characters; the
    template escapes it, so nothing typed is read as markup or a placeholder)."""
    entry = data.entry
    version = data.version
    agreed = version.agreed_with_family_on if version is not None else None
    return contexts.case_basics(case=data.case, today=today) | {
        "commission": {
            "period": data.period_label,
            "period_start": _d(data.period_start),
            "period_end": _d(data.period_end),
            "as_of": _d(data.as_of),
            "conclusions": printable(data.conclusions),
            "conclusions_paragraphs": _paragraphs(data.conclusions),
            "proposals": printable(data.proposals),
            "proposals_paragraphs": _paragraphs(data.proposals),
            "outcome": printable(data.outcome),
            "outcome_paragraphs": _paragraphs(data.outcome),
            "recommendation": (
                str(CommissionDocument.Recommendation(data.recommendation).label)
                if data.recommendation
                else ""
            ),
        },
        "parents": [contexts.person_view(p, today=today) for p in data.adults],
        "children": [contexts.person_view(p, today=today) for p in data.children],
        "register": {
            "registered_on": _d(entry.registered_on),
            "removed_on": _day(entry.removed_on),
            "removal_reason": (
                str(entry.get_removal_reason_display()) if entry.removed_on is not None else ""
            ),
            "resolution": _resolution(data.resolution),
        },
        "working_group": [
            {
                "agency": str(m.get_agency_display()),
                "institution": printable(m.agency_name),
                "name": printable(m.person_name),
                "position": printable(m.position),
            }
            for m in data.group
        ],
        "ipr": {
            "version": str(version.number) if version is not None else "",
            "agreed_on": _day(agreed),
            "done": str(data.actions_done),
            "due": str(data.actions_due),
            "not_done": str(data.actions_due_not_done),
            "actions": [
                {
                    "n": a.position,
                    "goal": printable(a.goal),
                    "text": printable(a.text),
                    "responsible": printable(a.responsible),
                    "due_on": _d(a.due_on),
                    "status": a.status,
                    "in_period": a.in_period,
                    "result": printable(a.result) or "—",
                }
                for a in data.actions
            ],
        },
        "home_visits": {
            "total": str(data.home_visits),
            "contacts": str(data.contacts),
            "by_kind": [f"{k} — {n}" for k, n in data.contacts_by_kind.items()],
            "months": [
                {
                    "name": m.label,
                    "home_visits": str(m.home_visits),
                    "contacts": str(m.contacts),
                    "mark": _month_mark(m),
                    "flagged": str(_("да")) if m.flagged else "",
                }
                for m in data.months
            ],
            "missed_months": [m.label for m in data.months_without_visit],
        },
        "aid": {
            "rows": [
                {
                    "date": _d(d.day),
                    "service": printable(d.service),
                    "quantity": printable(f"{_num(d.quantity)} {d.unit}".strip()),
                    "total": _num(d.total),
                }
                for d in data.deliveries
            ],
            "count": str(len(data.deliveries)),
            "total": _num(data.deliveries_total),
        },
        "wellbeing": [
            {
                "instrument": printable(a.instrument),
                "subject": printable(a.subject),
                "entry": _score(a.entry_score, a.max_total, a.entry_on, a.entry_band),
                "latest": _score(a.latest_score, a.max_total, a.latest_on, a.latest_band),
                "change": ("+" if a.change > 0 else "") + _num(a.change),
            }
            for a in data.assessments
        ],
        "monitoring": {
            "reviews": [
                {
                    "title": printable(r.title),
                    "period_start": _d(r.period_start),
                    "period_end": _d(r.period_end),
                    "done": str(r.done),
                    "total": str(r.total),
                    "state": printable(r.state),
                    "priorities": printable(r.priorities),
                    "decision": r.decision,
                }
                for r in data.reviews
            ],
            "meetings": [_d(m.held_on) for m in data.meetings],
        },
    }


def _render(data: CommissionData) -> bytes:
    """The document from the organisation's own template of its kind, else Kurator's default;
    a template that does not fit the records refuses with the reason, nothing is filed."""
    source, _version = active_template(data.case.organisation_id, TEMPLATE_CODES[data.kind])
    context = template_context(data, today=timezone.localdate())
    try:
        return rendering.render_docx(source, context)
    except DocumentError as error:
        raise MeetingError(error.message) from error


# --- the services ----------------------------------------------------------------------------


def _text(value: object, field_name: str, *, required: str | None = None) -> str:
    text = (value if isinstance(value, str) else "").strip()
    if required is not None and not text:
        raise MeetingError(required, field=field_name)
    if len(text) > TEXT_MAX:
        raise MeetingError(_("Не длиннее %(n)s символов.") % {"n": TEXT_MAX}, field=field_name)
    return text


def _check_case(case: Case, by: User) -> None:
    access.require(by, WRITE)
    if case.organisation_id != access.organisation_id_of(by):
        raise MeetingError(_("Случай не найден."))
    if not case.accepts_records:
        raise MeetingError(_("Случай закрыт: документ в его папку не добавляется."))


def _store(*, case: Case, data: CommissionData, title: str, by: User) -> CommissionDocument:
    """Write the DOCX into the folder (a new version of the same period's earlier one)."""
    content = _render(data)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        earlier = (
            CommissionDocument.objects.filter(
                case=locked,
                kind=data.kind,
                period_start=data.period_start,
                document__status=CaseDocument.Status.ACTIVE,
            )
            .select_related("document")
            .order_by("-pk")
            .first()
        )
        name = "kvartal.docx" if data.kind == CommissionDocument.Kind.QUARTERLY else "itog.docx"
        document = upload_document(
            case=locked,
            by=by,
            document_type=DocumentType.OTHER,
            title=title,
            file=ContentFile(content, name=name),
            replaces=earlier.document if earlier is not None else None,
        )
        row = CommissionDocument.objects.create(
            organisation_id=locked.organisation_id,
            case=locked,
            register_entry=data.entry,
            kind=data.kind,
            period_start=data.period_start,
            period_end=data.period_end,
            conclusions=data.conclusions,
            proposals=data.proposals,
            recommendation=data.recommendation,
            document=document,
            created_by=by,
        )
        record(
            kind="register.commission_document",
            actor=by,
            case=locked,
            data={
                "title": title,
                "period": data.period_label,
                "document": document.pk,
            },
        )
    return row


def make_quarterly_note(
    *, case: Case, quarter_start: date, conclusions: str, proposals: str, by: User
) -> CommissionDocument:
    """The analytic information to the working group for the calendar quarter starting on
    ``quarter_start`` (1 January, 1 April, 1 July or 1 October)."""
    _check_case(case, by)
    if not isinstance(quarter_start, date):
        raise MeetingError(_("Выберите квартал."), field="quarter")
    if quarter_start.day != 1 or quarter_start.month not in (1, 4, 7, 10):
        raise MeetingError(
            _("Квартал начинается 1 января, 1 апреля, 1 июля или 1 октября."), field="quarter"
        )
    today = timezone.localdate()
    if quarter_start > today:
        raise MeetingError(_("Этот квартал ещё не начался."), field="quarter")
    end = add_months(quarter_start, 3) - timedelta(days=1)
    conclusions = _text(
        conclusions, "conclusions", required=_("Напишите выводы о динамике ситуации в семье.")
    )
    proposals = _text(proposals, "proposals")
    entry = _entry_for(case, quarter_start, end)
    if entry is None:
        if not register_entries(case):
            raise MeetingError(
                _(
                    "Семья не состоит и не состояла на учёте как находящаяся в СОП: "
                    "аналитическая информация для рабочей группы не составляется."
                )
            )
        raise MeetingError(
            _("В %(q)s семья не состояла на учёте: выберите другой квартал.")
            % {"q": quarter_label(quarter_start)},
            field="quarter",
        )
    data = collect(
        case=case, entry=entry, kind=CommissionDocument.Kind.QUARTERLY, start=quarter_start, end=end
    )
    data.conclusions, data.proposals = conclusions, proposals
    title = _("Аналитическая информация для рабочей группы, %(q)s") % {
        "q": quarter_label(quarter_start)
    }
    return _store(case=case, data=data, title=title, by=by)


def make_final_report(
    *,
    case: Case,
    outcome: str,
    recommendation: str,
    conclusions: str,
    proposals: str,
    by: User,
) -> CommissionDocument:
    """The final report to the commission over the family's latest time on the register (from
    registration to removal, or to today while it is on it)."""
    _check_case(case, by)
    outcome = _text(outcome, "outcome", required=_("Опишите итоги работы с семьёй."))
    if recommendation not in CommissionDocument.Recommendation.values:
        raise MeetingError(_("Выберите рекомендацию из списка."), field="recommendation")
    conclusions = _text(conclusions, "conclusions")
    proposals = _text(proposals, "proposals")
    entries = register_entries(case)
    if not entries:
        raise MeetingError(
            _(
                "Семья не состоит и не состояла на учёте как находящаяся в СОП: "
                "итоговый отчёт для КДНиЗП не составляется."
            )
        )
    entry = entries[0]
    end = entry.removed_on or timezone.localdate()
    data = collect(
        case=case,
        entry=entry,
        kind=CommissionDocument.Kind.FINAL,
        start=entry.registered_on,
        end=end,
    )
    data.outcome, data.recommendation = outcome, recommendation
    data.conclusions, data.proposals = conclusions, proposals
    title = _("Итоговый отчёт для КДНиЗП, %(s)s — %(e)s") % {
        "s": _d(entry.registered_on),
        "e": _d(end),
    }
    return _store(case=case, data=data, title=title, by=by)
