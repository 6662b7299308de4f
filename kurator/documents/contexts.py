"""What a template is filled with: plain values read from the records (never model instances,
so a template can reach nothing else). Called by ``services.generation`` after the records came
through ``kurator.access``; the keys are those of ``catalogue.DEMO_CONTEXT``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import Organisation, User
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.timeline import describe
from kurator.core.text import printable
from kurator.documents.catalogue import PersonView
from kurator.intake.models import Signal
from kurator.network.models import ResourceAgent
from kurator.people.declension import NameParts, decline
from kurator.people.models import FamilyMembership, FamilyRole, Person

__all__ = [
    "CONSENT_TERM",
    "age_on",
    "case_context",
    "long_date",
    "person_view",
    "signal_context",
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


def signal_context(*, signal: Signal, by: User, today: date) -> dict[str, Any]:
    visit = getattr(signal, "first_visit", None)
    subject = " ".join(
        p
        for p in (signal.subject_last_name, signal.subject_first_name, signal.subject_middle_name)
        if p
    ) or (signal.family.name if signal.family is not None else "")
    report_due = timezone.localtime(signal.report_due) if signal.report_due else None
    return {
        "organisation": _organisation(signal.organisation),
        "date": long_date(today),
        "number": str(signal.pk),
        "curator": _staff(by),
        "signal": {
            "number": str(signal.pk),
            "received": timezone.localtime(signal.received_at).strftime("%d.%m.%Y %H:%M"),
            "channel": str(signal.get_channel_display()),
            "source": str(signal.get_source_display()),
            "subject": printable(subject),
            "address": printable(signal.address),
            "description": printable(signal.description),
            "urgent": str(_("да")) if signal.urgent else "",
        },
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
