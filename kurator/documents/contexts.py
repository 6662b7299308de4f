"""What a template is filled with: plain values read from the records (never model instances,
so a template can reach nothing else). Called by ``services.generation`` after the records came
through ``kurator.access``; the keys are those of ``catalogue.DEMO_CONTEXT``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import Organisation, User
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.timeline import describe
from kurator.core.text import printable
from kurator.documents.catalogue import PersonView
from kurator.intake.models import CHILD_SECTIONS, FirstVisit, Signal, TakeInDecision
from kurator.network.models import Act, EntitlementCheck, ResourceAgent
from kurator.people.declension import NameParts, decline
from kurator.people.models import FamilyMembership, FamilyRole, Person

__all__ = [
    "CONSENT_TERM",
    "act_context",
    "age_on",
    "case_basics",
    "case_context",
    "complaint_context",
    "decision_context",
    "long_date",
    "person_view",
    "rubles",
    "signal_context",
    "times",
    "visit_report_context",
]

CONSENT_TERM = _(
    "до окончания сопровождения семьи и 5 лет после него, если согласие не будет отозвано раньше"
)
_GENITIVE_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def long_date(day: date) -> str:
    """«7 декабря 2026 г.»"""
    return f"{day.day} {_GENITIVE_MONTHS[day.month - 1]} {day.year} г."


def _day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _moment(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""


def times(count: int) -> str:
    """«1 раз», «2 раза», «5 раз», «22 раза»."""
    few = 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14
    return f"{count} {_('раза') if few else _('раз')}"


def rubles(value: Decimal) -> str:
    """«3 001,00»: the sum as an act prints it."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def person_view(person: Person, *, role: str = "", today: date | None = None) -> PersonView:
    today = today or timezone.localdate()
    return PersonView(
        last_name=printable(person.last_name),
        first_name=printable(person.first_name),
        middle_name=printable(person.middle_name),
        sex=person.sex,
        birth_date=_day(person.birth_date),
        age=str(age_on(person.birth_date, today)) if person.birth_date else "",
        role=role,
        address=printable(person.address),
        phones=printable(person.phones),
    )


def _staff(user: User | None) -> dict[str, str]:
    if user is None:
        return {"name": "", "short_name": "", "genitive": "", "phone": ""}
    name = printable(user.full_name) or user.username
    parts = NameParts(user.last_name, user.first_name, user.middle_name, _sex_of_staff(user))
    try:
        genitive = decline(parts, "genitive") if parts.sex else name
    except Exception:
        genitive = name
    return {
        "name": name,
        "short_name": printable(user.short_name),
        "genitive": printable(genitive),
        "phone": printable(user.phone),
    }


def _sex_of_staff(user: User) -> str:
    """Staff records have no sex; a Russian patronymic tells it («-вна» / «-вич»)."""
    middle = (user.middle_name or "").strip().lower()
    if middle.endswith(("вна", "чна", "кызы")):
        return "F"
    if middle.endswith(("вич", "ич", "оглы")):
        return "M"
    return ""


def _organisation(organisation: Organisation) -> dict[str, str]:
    return {"name": printable(organisation.name), "address": printable(organisation.address)}


def _members(case: Case, today: date) -> list[tuple[FamilyMembership, PersonView]]:
    memberships = (
        FamilyMembership.objects.filter(family_id=case.family_id)
        .select_related("person")
        .order_by("role", "person__birth_date", "person__pk")
    )
    return [
        (m, person_view(m.person, role=str(FamilyRole(m.role).label), today=today))
        for m in memberships
    ]


def _consent_terms(case: Case) -> tuple[dict[str, Any], list[str]]:
    """The contents 152-FZ art. 9 part 4 asks of a written consent, and the purpose codes."""
    categories = sorted(
        set(
            ResourceAgent.objects.filter(organisation_id=case.organisation_id).values_list(
                "category", flat=True
            )
        )
    )
    labels = [
        str(ResourceAgent.Category(c).label)
        for c in categories
        if c in ResourceAgent.Category.values
    ]
    purposes = [str(_("оказание семье помощи и её сопровождение по технологии работы со случаем"))]
    purposes += (
        [str(_("передача сведений, необходимых для помощи, организациям ресурсной сети"))]
        if labels
        else []
    )
    codes = ["case_work"] + [f"transfer_{c}" for c in categories]
    terms = {
        "purposes": purposes,
        "data": [
            str(_("фамилия, имя, отчество")),
            str(_("дата рождения, пол")),
            str(_("адрес проживания, телефон")),
            str(_("состав семьи, родственные связи")),
            str(
                _(
                    "сведения о положении семьи, здоровье, образовании, доходах и жилье, "
                    "нужные для помощи"
                )
            ),
        ],
        "actions": str(
            _(
                "сбор, запись, систематизация, накопление, хранение, уточнение, извлечение, "
                "использование, передача (предоставление, доступ) перечисленным ниже третьим "
                "лицам, обезличивание, блокирование, удаление, уничтожение"
            )
        ),
        "third_parties": labels or [str(_("не передаются"))],
        "term": str(CONSENT_TERM),
        "withdrawal": str(
            _("письменным заявлением, поданным в организацию лично или направленным по её адресу")
        ),
    }
    return terms, codes


def _history(case: Case) -> list[dict[str, str]]:
    events = TimelineEvent.objects.filter(case=case).order_by("created_at", "pk")[:60]
    return [
        {"date": _day(timezone.localdate(e.created_at)), "text": printable(describe(e))}
        for e in events
    ]


def case_context(
    *,
    case: Case,
    code: str,
    person: Person | None,
    number: str,
    today: date,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(context, details): the values for the template and what the folder keeps about what
    went into the paper (the person, the children named, the consent's purposes)."""
    members = _members(case, today)
    children = [
        view
        for m, view in members
        if m.role == FamilyRole.CHILD and (person is None or m.person_id != person.pk)
    ]
    child_ids = [
        m.person_id
        for m, _view in members
        if m.role == FamilyRole.CHILD and (person is None or m.person_id != person.pk)
    ]
    representative = next(
        (
            view
            for m, view in members
            if m.role in (FamilyRole.PARENT, FamilyRole.GUARDIAN)
            and (person is None or m.person_id != person.pk)
        ),
        None,
    )
    consent, purpose_codes = _consent_terms(case)
    opened = timezone.localdate(case.opened_at)
    context: dict[str, Any] = {
        "organisation": _organisation(case.organisation),
        "date": long_date(today),
        "number": number,
        "curator": _staff(case.curator),
        "family": {
            "name": printable(case.family.name),
            "address": printable(case.family.address),
            "distance_km": str(case.family.distance_km or ""),
        },
        "case": {
            "number": str(case.pk),
            "opened_on": _day(opened),
            "complexity": str(case.get_complexity_level_display() or _("не оценена")),
            "scenario": str(case.get_scenario_display()),
        },
        "person": person_view(person, today=today) if person is not None else None,
        "representative": representative,
        "children": children,
        "members": [view for _m, view in members],
        "contract": {
            "term": str(_("12 месяцев")),
            "until": _day(_plus_year(opened if code != "contract" else today)),
        },
        "consent": consent,
        "history": _history(case) if code == "family_card" else [],
    }
    details: dict[str, Any] = {
        "person": person.pk if person is not None else None,
        "children": child_ids if code == "consent_representative" else [],
        "purposes": purpose_codes if code.startswith("consent_") else [],
    }
    return context, details


def _plus_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _signal(signal: Signal) -> dict[str, str]:
    subject = " ".join(
        p
        for p in (signal.subject_last_name, signal.subject_first_name, signal.subject_middle_name)
        if p
    ) or (signal.family.name if signal.family is not None else "")
    return {
        "number": str(signal.pk),
        "received": _moment(signal.received_at),
        "channel": str(signal.get_channel_display()),
        "source": str(signal.get_source_display()),
        "subject": printable(subject),
        "address": printable(signal.address),
        "description": printable(signal.description),
        "urgent": str(_("да")) if signal.urgent else "",
    }


def signal_context(*, signal: Signal, by: User, today: date) -> dict[str, Any]:
    visit = getattr(signal, "first_visit", None)
    report_due = timezone.localtime(signal.report_due) if signal.report_due else None
    return {
        "organisation": _organisation(signal.organisation),
        "date": long_date(today),
        "number": str(signal.pk),
        "curator": _staff(by),
        "signal": _signal(signal),
        "visit": {
            "future_curator": _staff(visit.future_curator)["name"] if visit else "",
            "psychologist": _staff(visit.psychologist)["name"] if visit else "",
            "planned_date": _day(visit.planned_date) if visit else "",
        },
        "deadlines": {
            "visit": _day(signal.visit_due),
            "report": report_due.strftime("%d.%m.%Y %H:%M") if report_due else "",
            "decision": _day(signal.decision_due),
        },
    }


# --- papers made from one record of the case ------------------------------------------------


def _case_basics(case: Case, today: date, number: str = "") -> dict[str, Any]:
    """What every paper of a case names: the organisation, the date and number, the curator,
    the family and the case."""
    return {
        "organisation": _organisation(case.organisation),
        "date": long_date(today),
        "number": number,
        "curator": _staff(case.curator),
        "family": {
            "name": printable(case.family.name),
            "address": printable(case.family.address),
            "distance_km": str(case.family.distance_km or ""),
        },
        "case": {
            "number": str(case.pk),
            "opened_on": _day(timezone.localdate(case.opened_at)),
        },
    }


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in printable(text).splitlines() if line.strip()]


def visit_report_context(*, case: Case, visit: FirstVisit, today: date) -> dict[str, Any]:
    """The first visit to the family and its report, from the signal the case grew from."""
    curator = _staff(visit.future_curator)
    psychologist = _staff(visit.psychologist)
    return _case_basics(case, today) | {
        "members": [view for _m, view in _members(case, today)],
        "signal": _signal(visit.signal),
        "visit": {
            "future_curator": curator["name"],
            "future_curator_short": curator["short_name"],
            "psychologist": psychologist["name"],
            "psychologist_short": psychologist["short_name"],
            "planned_date": _day(visit.planned_date),
            "visited_at": _moment(visit.visited_at),
            "report": printable(visit.report),
            "report_paragraphs": _paragraphs(visit.report),
            "submitted_at": _moment(visit.report_submitted_at),
            "living_conditions": _paragraphs(visit.living_conditions),
            "children": [
                {
                    "name": printable(str(child.get("name") or "")),
                    **{key: printable(str(child.get(key) or "")) for key, _l in CHILD_SECTIONS},
                }
                for child in visit.children or []
            ],
            "needs": _paragraphs(visit.needs),
            "risks": _paragraphs(visit.risks),
            "immediate_danger": str(_("да")) if visit.immediate_danger else "",
            "recommendation": (
                str(visit.get_recommendation_display()) if visit.recommendation else ""
            ),
            "recommendation_comment": printable(visit.recommendation_comment),
        },
    }


def decision_context(*, case: Case, decision: TakeInDecision, today: date) -> dict[str, Any]:
    """The take-in decision on the signal the case grew from."""
    visit = getattr(decision.signal, "first_visit", None)
    decided_by = _staff(decision.decided_by)
    return _case_basics(case, today) | {
        "members": [view for _m, view in _members(case, today)],
        "signal": _signal(decision.signal),
        "visit": {"visited_at": _moment(visit.visited_at) if visit is not None else ""},
        "decision": {
            "text": str(decision.get_decision_display()),
            "accepted": str(_("да")) if decision.decision == decision.Decision.ACCEPT else "",
            "reason": printable(decision.reason),
            "level": str(decision.get_level_display()),
            "participants": [
                _staff(user)["name"]
                for user in decision.participants.order_by("last_name", "first_name", "pk")
            ],
            "alternatives": [
                printable(agent.name) for agent in decision.alternatives.order_by("name", "pk")
            ],
            "criteria": [
                {
                    "title": printable(str(c.get("title") or "")),
                    "met": str(_("да")) if c.get("met") else "",
                    "mark": "☑" if c.get("met") else "☐",
                }
                for c in decision.criteria or []
            ],
            "decided_by": decided_by["name"],
            "decided_by_short": decided_by["short_name"],
            "decided_on": _day(timezone.localdate(decision.decided_at)),
        },
    }


def complaint_context(*, check: EntitlementCheck, today: date) -> dict[str, Any]:
    """The complaint to the department about a state service delivered short."""
    entitlement = check.entitlement
    return _case_basics(entitlement.case, today) | {
        "department": printable(entitlement.department),
        "department_address": printable(entitlement.department_address),
        "person": person_view(entitlement.person, today=today),
        "service": {
            "title": printable(entitlement.title),
            "per_week": str(entitlement.per_week),
            "per_week_times": times(entitlement.per_week),
            "starts_on": _day(entitlement.starts_on),
        },
        "check": {
            "period_start": _day(check.period_start),
            "period_end": _day(check.period_end),
            "expected": str(check.expected),
            "expected_times": times(check.expected),
            "delivered": str(check.delivered),
            "delivered_times": times(check.delivered),
            "shortfall": str(check.shortfall),
            "note": printable(check.note),
        },
    }


def act_context(*, act: Act, today: date) -> dict[str, Any]:
    """The act for signature: what was handed over or rendered, line by line, and the sum."""
    deliveries = list(act.deliveries.select_related("service").order_by("delivered_on", "pk"))
    total = sum((d.total for d in deliveries), Decimal(0))
    return _case_basics(act.case, act.issued_on, act.number) | {
        "act": {"date": _day(act.issued_on)},
        "recipient": person_view(act.recipient, today=today),
        "rows": [
            {
                "n": str(n),
                "name": printable(d.service.name),
                "date": _day(d.delivered_on),
                "unit": printable(d.service.unit),
                "quantity": f"{d.quantity.normalize():f}",
                "price": rubles(d.unit_cost),
                "total": rubles(d.total),
            }
            for n, d in enumerate(deliveries, start=1)
        ],
        "total": rubles(total),
        "given_by": {
            k: v for k, v in _staff(act.created_by).items() if k in ("name", "short_name")
        },
    }


# --- papers other apps fill ------------------------------------------------------------------


def case_basics(*, case: Case, today: date) -> dict[str, Any]:
    """The organisation, the date, the curator (with her name in the genitive), the family and
    the case, as every paper of a case names them: the start of the context of a paper another
    app fills from its own records (the commission documents of the register)."""
    return _case_basics(case, today)
