"""The document templates Kurator generates: code, title, what record they are made from, the
folder document type they are filed as, and their placeholders with example values.

The default DOCX of each code is ``kurator/documents/docx_templates/<code>.docx`` (written by
``scripts/build_docx_templates.py``; an organisation may upload its own version,
``DocumentTemplate``). ``DEMO_CONTEXT`` is the sample family every template — default or
uploaded — must fill without error; the templates page shows its values as the examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kurator.documents.models import DocumentType
from kurator.people.declension import NameParts

__all__ = [
    "DEFAULT_DIR",
    "DEMO_CONTEXT",
    "TEMPLATES",
    "PersonView",
    "TemplateSpec",
    "default_path",
    "spec_for",
]

DEFAULT_DIR = Path(__file__).resolve().parent / "docx_templates"


@dataclass(frozen=True)
class PersonView(NameParts):
    """A person as a template sees her: name parts and sex (for the declension filters) and a
    few printable facts. ``str()`` is the full name."""

    birth_date: str = ""
    age: str = ""
    role: str = ""
    address: str = ""
    phones: str = ""


@dataclass(frozen=True)
class Placeholder:
    expression: str
    description: str | Promise


@dataclass(frozen=True)
class TemplateSpec:
    code: str
    title: str | Promise
    # "case" or "signal": the record it is generated from; "commission": a document of the
    # register made on the case's commission pages, never from the generate form;
    # "organisation": a document of the organisation itself, made from its settings and norms
    # on the templates page (``services.organisation_papers``), never from a record.
    scope: str
    document_type: str  # the case folder's type it is filed as ("" for a signal's paper)
    person: str  # "" — no person; "adult" — a parent or guardian; "minor" — a child 14–18
    placeholders: tuple[Placeholder, ...] = field(default_factory=tuple)
    # The case's record the paper is made from, named in the request ("check" — a check of a
    # state service, "act" — an act; the case's latest when not named); "" — the case itself.
    record: str = ""

    @property
    def names(self) -> frozenset[str]:
        """Top-level names the template may use."""
        return frozenset(
            p.expression.split(".")[0].split("|")[0].strip() for p in self.placeholders
        )


def P(expression: str, description: str | Promise) -> Placeholder:
    return Placeholder(expression, description)


_COMMON = (
    P("organisation.name", _("организация")),
    P("organisation.address", _("адрес организации")),
    P("date", _("дата документа")),
    P("number", _("номер документа (у договора — по организации и году)")),
    P("curator.name", _("куратор случая")),
    P("curator.short_name", _("куратор: фамилия и инициалы")),
    P("curator.genitive", _("куратор в родительном падеже (по отчеству; иначе как записан)")),
)
_FAMILY = (
    P("family.name", _("семья")),
    P("family.address", _("адрес семьи")),
    P("case.number", _("номер случая")),
    P("case.opened_on", _("дата открытия случая")),
)
_PERSON = (
    P("person", _("заявитель: ФИО")),
    P("person|genitive", _("кого? — родительный падеж")),
    P("person|dative", _("кому? — дательный падеж")),
    P("person|accusative", _("кого? — винительный падеж")),
    P("person|instrumental", _("кем? — творительный падеж")),
    P("person|prepositional", _("о ком? — предложный падеж")),
    P("person|initials", _("фамилия и инициалы")),
    P("person|initials('genitive')", _("фамилия в нужном падеже и инициалы")),
    P("person.birth_date", _("дата рождения")),
    P("person.address", _("адрес")),
    P("person.phones", _("телефоны")),
)
_CHILDREN = (
    P("children", _("дети (список: child.last_name, child|genitive, child.birth_date, child.age)")),
)
_CONSENT = (
    P("consent.purposes", _("цели обработки (список)")),
    P("consent.data", _("перечень персональных данных (список)")),
    P("consent.actions", _("действия с данными")),
    P("consent.third_parties", _("категории третьих лиц из ресурсной сети (список)")),
    P("consent.term", _("срок действия согласия")),
    P("consent.withdrawal", _("как отозвать согласие")),
)

_SIGNAL = (
    P("signal.number", _("номер сигнала")),
    P("signal.received", _("когда получен")),
    P("signal.channel", _("канал")),
    P("signal.source", _("источник")),
    P("signal.subject", _("о ком сигнал")),
    P("signal.address", _("адрес")),
    P("signal.description", _("что сообщили")),
    P("signal.urgent", _("срочно: «да» или пусто")),
)
_VISIT_TEAM = (
    P("visit.future_curator", _("будущий куратор")),
    P("visit.psychologist", _("психолог")),
    P("visit.planned_date", _("плановая дата выезда")),
)
_ACT = (
    *_COMMON,
    P("case.number", _("номер случая")),
    P("act.date", _("дата акта")),
    P("recipient", _("получатель: ФИО")),
    P("recipient|genitive", _("получатель, родительный падеж")),
    P("recipient|dative", _("получатель, дательный падеж")),
    P("recipient|instrumental", _("получатель, творительный падеж")),
    P("recipient|initials", _("получатель: фамилия и инициалы")),
    P(
        "rows",
        _(
            "строки акта (список: row.n, row.name, row.date, row.unit, row.quantity, row.price, "
            "row.total)"
        ),
    ),
    P("total", _("итого, ₽")),
    P("given_by.name", _("кто передал (составил акт)")),
    P("given_by.short_name", _("кто передал: фамилия и инициалы")),
)

_COMMISSION = (
    P("organisation.name", _("организация")),
    P("date", _("дата составления")),
    P("curator.name", _("куратор случая")),
    P("curator.short_name", _("куратор: фамилия и инициалы")),
    P("curator.genitive", _("куратор в родительном падеже (по отчеству; иначе как записан)")),
    P("family.name", _("семья")),
    P("family.address", _("адрес семьи")),
    P("case.number", _("номер случая")),
    P("parents", _("родители и законные представители (список: p, p|genitive, p.birth_date)")),
    P("children", _("дети (список: child, child|genitive, child.birth_date, child.age)")),
    P("commission.period", _("период: «III квартал 2026 г.» или «01.06.2026 — 07.12.2026»")),
    P("commission.period_start", _("начало периода")),
    P("commission.period_end", _("конец периода")),
    P("commission.as_of", _("данные на дату")),
    P("commission.conclusions", _("выводы куратора")),
    P("commission.conclusions_paragraphs", _("выводы по абзацам (список)")),
    P("commission.proposals", _("предложения куратора")),
    P("commission.proposals_paragraphs", _("предложения по абзацам (список)")),
    P("register.registered_on", _("поставлена на учёт СОП")),
    P("register.removed_on", _("снята с учёта (пусто, пока на учёте)")),
    P("register.removal_reason", _("причина снятия с учёта")),
    P("register.resolution.number", _("номер постановления (пусто, если не записано)")),
    P("register.resolution.commission", _("комиссия, вынесшая постановление")),
    P("register.resolution.date", _("дата постановления")),
    P("register.resolution.decision", _("решение комиссии")),
    P("register.resolution.plan_ordered", _("что поручено")),
    P("register.resolution.plan_due", _("срок реализации программы ИПР")),
    P(
        "working_group",
        _("межведомственная рабочая группа (список: m.agency, m.institution, m.name, m.position)"),
    ),
    P("ipr.version", _("версия плана помощи (пусто, если плана нет)")),
    P("ipr.agreed_on", _("когда план согласован с семьёй (пусто, если не согласован)")),
    P("ipr.done", _("мероприятий выполнено в периоде")),
    P("ipr.due", _("мероприятий со сроком в периоде")),
    P("ipr.not_done", _("из них не выполнено")),
    P(
        "ipr.actions",
        _(
            "мероприятия плана (список: a.n, a.goal, a.text, a.responsible, a.due_on, a.status, "
            "a.in_period, a.result)"
        ),
    ),
    P("home_visits.total", _("посещений на дому за период")),
    P("home_visits.contacts", _("всего контактов с семьёй за период")),
    P("home_visits.by_kind", _("контакты по видам (список: «Звонок — 2»)")),
    P(
        "home_visits.months",
        _("по месяцам (список: m.name, m.home_visits, m.contacts, m.mark, m.flagged)"),
    ),
    P("home_visits.missed_months", _("месяцы без посещения на дому (список)")),
    P("aid.rows", _("оказанная помощь (список: r.date, r.service, r.quantity, r.total)")),
    P("aid.count", _("сколько раз оказана помощь")),
    P("aid.total", _("на сумму, ₽")),
    P(
        "wellbeing",
        _("оценки благополучия (список: w.instrument, w.subject, w.entry, w.latest, w.change)"),
    ),
    P(
        "monitoring.reviews",
        _(
            "обзоры случая (список: r.title, r.period_start, r.period_end, r.done, r.total, "
            "r.state, r.priorities, r.decision)"
        ),
    ),
    P("monitoring.meetings", _("даты заседаний рабочей группы (список)")),
)

_ORGANISATION_DOC = (
    P("organisation.name", _("организация")),
    P("organisation.address", _("адрес организации")),
    P("date", _("дата документа")),
    P("norms.caseload_min", _("активных случаев на куратора, от")),
    P("norms.caseload_optimal", _("активных случаев на куратора, оптимально")),
    P("norms.caseload_max", _("активных случаев на куратора, до")),
    P("norms.high_complexity_max", _("случаев высокой сложности на куратора, не более")),
    P("norms.intensity_days", _("действие плана не реже чем раз в (календарных дней)")),
    P(
        "norms.cumulative_delay_max_days",
        _("суммарная задержка этапов на случай, не более (календарных дней)"),
    ),
    P("norms.duration_min_months", _("длительность случая, от (месяцев)")),
    P("norms.duration_max_months", _("длительность случая, до (месяцев)")),
    P("norms.complexity_high_from", _("высокая сложность: сумма баллов от")),
    P("norms.supervisions_min", _("супервизий на специалиста в год, не менее")),
)

TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        "application",
        _("Заявление семьи о помощи"),
        "case",
        DocumentType.APPLICATION,
        "adult",
        _COMMON + _FAMILY + _PERSON + _CHILDREN,
    ),
    TemplateSpec(
        "contract",
        _("Договор о сопровождении семьи"),
        "case",
        DocumentType.CONTRACT,
        "adult",
        _COMMON
        + _FAMILY
        + _PERSON
        + _CHILDREN
        + (P("contract.term", _("срок договора")), P("contract.until", _("действует до"))),
    ),
    TemplateSpec(
        "consent_representative",
        _("Согласие законного представителя на обработку персональных данных"),
        "case",
        DocumentType.CONSENT_PARENT,
        "adult",
        _COMMON + _FAMILY + _PERSON + _CHILDREN + _CONSENT,
    ),
    TemplateSpec(
        "consent_minor",
        _("Согласие несовершеннолетнего (14–18 лет) на обработку персональных данных"),
        "case",
        DocumentType.CONSENT_CHILD,
        "minor",
        _COMMON
        + _FAMILY
        + _PERSON
        + _CONSENT
        + (P("representative|genitive", _("законный представитель, родительный падеж")),),
    ),
    TemplateSpec(
        "family_card",
        _("Карта семьи"),
        "case",
        DocumentType.FAMILY_CARD,
        "",
        _COMMON
        + _FAMILY
        + (
            P("members", _("члены семьи (список: m, m.role, m.birth_date, m.age)")),
            P("family.distance_km", _("удалённость от офиса, км")),
            P("case.complexity", _("сложность случая")),
            P("case.scenario", _("сценарий")),
            P("history", _("история (список: h.date, h.text)")),
        ),
    ),
    TemplateSpec(
        "visit_instruction",
        _("Поручение команде первичного выезда"),
        "signal",
        "",
        "",
        (
            *_COMMON,
            *_SIGNAL,
            *_VISIT_TEAM,
            P("deadlines.visit", _("выезд — не позднее")),
            P("deadlines.report", _("отчёт о выезде — не позднее")),
            P("deadlines.decision", _("решение о приёме — не позднее")),
        ),
    ),
    TemplateSpec(
        "visit_report",
        _("Отчёт о первичном выезде"),
        "case",
        DocumentType.FIRST_VISIT_REPORT,
        "",
        (
            *_COMMON,
            *_FAMILY,
            P("members", _("члены семьи (список: m, m.role, m.birth_date, m.age)")),
            *_SIGNAL,
            *_VISIT_TEAM,
            P("visit.future_curator_short", _("будущий куратор: фамилия и инициалы")),
            P("visit.psychologist_short", _("психолог: фамилия и инициалы")),
            P("visit.visited_at", _("когда выезд проведён")),
            P("visit.report", _("текст отчёта (отчёты без разделов)")),
            P("visit.report_paragraphs", _("текст отчёта по абзацам (список)")),
            P("visit.submitted_at", _("когда отчёт сдан")),
            P("visit.living_conditions", _("условия проживания (список абзацев)")),
            P(
                "visit.children",
                _(
                    "дети (список: child.name, child.health, child.development, "
                    "child.schooling, child.care, child.own_words)"
                ),
            ),
            P("visit.needs", _("нужды семьи (список абзацев)")),
            P("visit.risks", _("риски (список абзацев)")),
            P("visit.immediate_danger", _("«да», если есть непосредственная угроза ребёнку")),
            P("visit.recommendation", _("рекомендация команды")),
            P("visit.recommendation_comment", _("комментарий к рекомендации")),
        ),
    ),
    TemplateSpec(
        "take_in_decision",
        _("Решение о приёме семьи на сопровождение"),
        "case",
        DocumentType.TAKE_IN_DECISION,
        "",
        (
            *_COMMON,
            *_FAMILY,
            P("members", _("члены семьи (список: m, m.role, m.birth_date, m.age)")),
            *_SIGNAL,
            P("visit.visited_at", _("когда проведён первичный выезд")),
            P("decision.text", _("решение: взять в работу, отказать, перенаправить")),
            P("decision.accepted", _("«да», если семью взяли в работу, иначе пусто")),
            P("decision.reason", _("обоснование")),
            P("decision.level", _("уровень решения")),
            P("decision.participants", _("участники (список)")),
            P("decision.alternatives", _("куда ещё можно обратиться (список)")),
            P(
                "decision.criteria",
                _("критерии отбора (список: c.title, c.met — «да» или пусто, c.mark — ☑ или ☐)"),
            ),
            P("decision.decided_by", _("кто принял решение")),
            P("decision.decided_by_short", _("кто принял решение: фамилия и инициалы")),
            P("decision.decided_on", _("дата решения")),
        ),
    ),
    TemplateSpec(
        "complaint",
        _("Жалоба на неполное оказание социальной услуги"),
        "case",
        DocumentType.OTHER,
        "",
        (
            *_COMMON,
            P("case.number", _("номер случая")),
            P("department", _("ответственное ведомство, как записано")),
            P("department_address", _("адрес ведомства")),
            P("person", _("кому положена услуга: ФИО")),
            P("person|genitive", _("кого? — родительный падеж")),
            P("person|dative", _("кому? — дательный падеж")),
            P("person|initials", _("фамилия и инициалы")),
            P("person.address", _("адрес")),
            P("service.title", _("госуслуга")),
            P("service.per_week", _("сколько раз в неделю положено")),
            P("service.per_week_times", _("то же словами: «5 раз», «2 раза»")),
            P("service.starts_on", _("положена с")),
            P("check.period_start", _("период с")),
            P("check.period_end", _("период по")),
            P("check.expected", _("сколько раз должна была быть оказана")),
            P("check.expected_times", _("то же словами: «20 раз»")),
            P("check.delivered", _("сколько раз оказана")),
            P("check.delivered_times", _("то же словами: «8 раз»")),
            P("check.shortfall", _("недопоставлено")),
            P("check.note", _("что видели (пусто, если не записано)")),
        ),
        record="check",
    ),
    TemplateSpec(
        "act_goods",
        _("Акт приёма-передачи товаров"),
        "case",
        DocumentType.ACT_GOODS,
        "",
        _ACT,
        record="act",
    ),
    TemplateSpec(
        "act_services",
        _("Акт оказанных услуг"),
        "case",
        DocumentType.ACT_SERVICES,
        "",
        _ACT,
        record="act",
    ),
    TemplateSpec(
        "quarterly_note",
        _("Аналитическая информация для рабочей группы за квартал (семья на учёте СОП)"),
        "commission",
        DocumentType.OTHER,
        "",
        _COMMISSION,
    ),
    TemplateSpec(
        "final_report",
        _("Итоговый отчёт куратора для КДНиЗП (семья на учёте СОП)"),
        "commission",
        DocumentType.OTHER,
        "",
        (
            *_COMMISSION,
            P("commission.outcome", _("итоги работы с семьёй")),
            P("commission.outcome_paragraphs", _("итоги по абзацам (список)")),
            P("commission.recommendation", _("рекомендация: снять с учёта или продолжить")),
        ),
    ),
    TemplateSpec(
        "case_folder_instruction",
        _("Инструкция по ведению папки случая"),
        "organisation",
        "",
        "",
        (
            *_ORGANISATION_DOC,
            P("folder.due_working_days", _("папка собрана: рабочих дней после открытия случая")),
            P("folder.required", _("обязательные документы папки (список)")),
            P("folder.other", _("другие документы папки (список)")),
            P("plan.due_days", _("план согласован: календарных дней после открытия случая")),
        ),
    ),
    TemplateSpec(
        "consilium_rules",
        _("Регламент консилиума"),
        "organisation",
        "",
        "",
        (
            *_ORGANISATION_DOC,
            P(
                "consilium.minutes_due_working_days",
                _("протокол подписан: рабочих дней после консилиума"),
            ),
            P("consilium.closure_criteria", _("критерии закрытия случая (список)")),
        ),
    ),
)

_BY_CODE = {spec.code: spec for spec in TEMPLATES}


def spec_for(code: str) -> TemplateSpec | None:
    return _BY_CODE.get(code)


def default_path(code: str) -> Path:
    return DEFAULT_DIR / f"{code}.docx"


_OLGA = PersonView(
    "Иванова",
    "Ольга",
    "Петровна",
    "F",
    birth_date="12.03.1988",
    age="38",
    role="родитель",
    address="г. Смоленск, ул. Ленина, д. 1, кв. 2",
    phones="+7 900 000-00-00",
)
_NIKITA = PersonView(
    "Шевченко", "Никита", "Андреевич", "M", birth_date="05.06.2016", age="10", role="ребёнок"
)
_LUBOV = PersonView(
    "Иванова", "Любовь", "Андреевна", "F", birth_date="01.02.2010", age="16", role="ребёнок"
)

DEMO_CONTEXT: dict[str, Any] = {
    "organisation": {"name": "БФ «Дети наши»", "address": "г. Москва, ул. Примерная, д. 1"},
    "date": "7 декабря 2026 г.",
    "number": "12/2026",
    "curator": {
        "name": "Смирнова Анна Сергеевна",
        "short_name": "Смирнова А. С.",
        "genitive": "Смирновой Анны Сергеевны",
        "phone": "",
    },
    "family": {
        "name": "Ивановы",
        "address": "г. Смоленск, ул. Ленина, д. 1, кв. 2",
        "distance_km": "35",
    },
    "case": {
        "number": "42",
        "opened_on": "01.12.2026",
        "complexity": "средняя",
        "scenario": "плановое сопровождение",
    },
    "person": _OLGA,
    "representative": _OLGA,
    "children": [_NIKITA, _LUBOV],
    "members": [_OLGA, _NIKITA, _LUBOV],
    "contract": {"term": "12 месяцев", "until": "01.12.2027"},
    "consent": {
        "purposes": ["оказание помощи семье по технологии работы со случаем"],
        "data": ["фамилия, имя, отчество", "дата рождения", "адрес"],
        "actions": "сбор, запись, систематизация, хранение, уточнение, использование, "
        "передача, обезличивание, блокирование, удаление, уничтожение",
        "third_parties": ["органы опеки и попечительства", "некоммерческие организации"],
        "term": "до окончания сопровождения и 5 лет после него или до отзыва",
        "withdrawal": "письменным заявлением в организацию",
    },
    "history": [{"date": "01.12.2026", "text": "Открыт случай"}],
    "signal": {
        "number": "7",
        "received": "30.11.2026 10:00",
        "channel": "телефон",
        "source": "органы опеки",
        "subject": "Иванова Ольга Петровна",
        "address": "г. Смоленск, ул. Ленина, д. 1, кв. 2",
        "description": "Семье нужна помощь",
        "urgent": "",
    },
    "visit": {
        "future_curator": "Смирнова Анна Сергеевна",
        "future_curator_short": "Смирнова А. С.",
        "psychologist": "Петров Иван Ильич",
        "psychologist_short": "Петров И. И.",
        "planned_date": "02.12.2026",
        "visited_at": "02.12.2026 11:00",
        "report": "Семья живёт в своём доме, дети ходят в школу. Нужна помощь с дровами.",
        "report_paragraphs": [
            "Семья живёт в своём доме, дети ходят в школу.",
            "Нужна помощь с дровами.",
        ],
        "submitted_at": "02.12.2026 18:00",
        "living_conditions": ["Частный дом, печное отопление; дров осталось на две недели."],
        "children": [
            {
                "name": "Шевченко Никита Андреевич",
                "health": "Здоров, прививки по возрасту.",
                "development": "По возрасту.",
                "schooling": "2 класс, пропуски в ноябре.",
                "care": "Одет по погоде, накормлен.",
                "own_words": "«Мама хорошая, только устаёт».",
            }
        ],
        "needs": ["Дрова, помощь с оформлением пособия."],
        "risks": ["Холод в доме зимой."],
        "immediate_danger": "",
        "recommendation": "взять в работу",
        "recommendation_comment": "Семья готова работать с куратором.",
    },
    "deadlines": {"visit": "03.12.2026", "report": "04.12.2026 10:00", "decision": "09.12.2026"},
    "decision": {
        "text": "взять в работу",
        "accepted": "да",
        "reason": "Семье нужна помощь по технологии работы со случаем.",
        "level": "старший куратор",
        "participants": ["Смирнова Анна Сергеевна", "Петров Иван Ильич"],
        "alternatives": [],
        "criteria": [
            {"title": "В семье есть дети до 18 лет", "met": "да", "mark": "☑"},
            {"title": "Случай не ведёт другая служба", "met": "", "mark": "☐"},
        ],
        "decided_by": "Кузнецова Елена Викторовна",
        "decided_by_short": "Кузнецова Е. В.",
        "decided_on": "04.12.2026",
    },
    "department": "КЦСОН «Вяземский»",
    "department_address": "г. Вязьма, ул. Ленина, д. 49",
    "service": {
        "title": "Социальный работник на дому",
        "per_week": "5",
        "per_week_times": "5 раз",
        "starts_on": "01.01.2026",
    },
    "check": {
        "period_start": "02.11.2026",
        "period_end": "29.11.2026",
        "expected": "20",
        "expected_times": "20 раз",
        "delivered": "8",
        "delivered_times": "8 раз",
        "shortfall": "12",
        "note": "Соцработник приходит по понедельникам и средам.",
    },
    "act": {"date": "07.12.2026"},
    "recipient": _OLGA,
    "rows": [
        {
            "n": "1",
            "name": "Продуктовый набор",
            "date": "01.12.2026",
            "unit": "шт.",
            "quantity": "2",
            "price": "1 500,50",
            "total": "3 001,00",
        }
    ],
    "total": "3 001,00",
    "given_by": {"name": "Смирнова Анна Сергеевна", "short_name": "Смирнова А. С."},
    "parents": [_OLGA],
    "commission": {
        "period": "IV квартал 2026 г.",
        "period_start": "01.10.2026",
        "period_end": "31.12.2026",
        "as_of": "07.12.2026",
        "conclusions": "Ситуация в семье улучшилась: в доме тепло, дети ходят в школу.",
        "conclusions_paragraphs": [
            "Ситуация в семье улучшилась: в доме тепло, дети ходят в школу."
        ],
        "proposals": "Исключить ремонт печи, включить трудоустройство матери.",
        "proposals_paragraphs": ["Исключить ремонт печи, включить трудоустройство матери."],
        "outcome": "Печь отремонтирована, задолженность за свет погашена.",
        "outcome_paragraphs": ["Печь отремонтирована, задолженность за свет погашена."],
        "recommendation": "снять семью с учёта в связи с исправлением ситуации",
    },
    "register": {
        "registered_on": "21.09.2026",
        "removed_on": "",
        "removal_reason": "",
        "resolution": {
            "number": "14/3",
            "commission": "КДНиЗП Ленинского района г. Смоленска",
            "date": "21.09.2026",
            "decision": "поставить семью на учёт",
            "plan_ordered": "Разработать программу ИПР",
            "plan_due": "21.03.2027",
        },
    },
    "working_group": [
        {
            "agency": "органы опеки и попечительства",
            "institution": "Отдел опеки Ленинского района",
            "name": "Козлова Ирина Павловна",
            "position": "главный специалист",
        }
    ],
    "ipr": {
        "version": "1",
        "agreed_on": "01.10.2026",
        "done": "1",
        "due": "2",
        "not_done": "1",
        "actions": [
            {
                "n": "1.1",
                "goal": "В доме тепло и безопасно",
                "text": "Отремонтировать печь",
                "responsible": "Смирнова Анна Сергеевна",
                "due_on": "21.10.2026",
                "status": "выполнено",
                "in_period": "выполнено 16.10.2026",
                "result": "Печь переложена, в доме тепло",
            }
        ],
    },
    "home_visits": {
        "total": "3",
        "contacts": "5",
        "by_kind": ["посещение на дому — 3", "звонок — 2"],
        "months": [
            {
                "name": "октябрь 2026",
                "home_visits": "2",
                "contacts": "3",
                "mark": "норматив выполнен",
                "flagged": "",
            },
            {
                "name": "ноябрь 2026",
                "home_visits": "0",
                "contacts": "1",
                "mark": "нет посещения на дому — норматив не выполнен",
                "flagged": "да",
            },
        ],
        "missed_months": ["ноябрь 2026"],
    },
    "aid": {
        "rows": [
            {
                "date": "04.11.2026",
                "service": "Продуктовый набор",
                "quantity": "2 шт.",
                "total": "3000",
            }
        ],
        "count": "1",
        "total": "3000",
    },
    "wellbeing": [
        {
            "instrument": "Оценка благополучия семьи",
            "subject": "семья",
            "entry": "12 из 40 (25.09.2026) низкий уровень",
            "latest": "24 из 40 (30.11.2026) средний уровень",
            "change": "+12",
        }
    ],
    "monitoring": {
        "reviews": [
            {
                "title": "Квартальный обзор",
                "period_start": "01.10.2026",
                "period_end": "31.12.2026",
                "done": "1",
                "total": "2",
                "state": "Семья справляется с бытом.",
                "priorities": "",
                "decision": "",
            }
        ],
        "meetings": ["15.10.2026", "19.11.2026"],
    },
    "norms": {
        "caseload_min": "10",
        "caseload_optimal": "12",
        "caseload_max": "15",
        "high_complexity_max": "5",
        "intensity_days": "14",
        "cumulative_delay_max_days": "10",
        "duration_min_months": "3",
        "duration_max_months": "18",
        "complexity_high_from": "13",
        "supervisions_min": "2",
    },
    "folder": {
        "due_working_days": "3",
        "required": [
            "заявление семьи",
            "отчёт о первичном выезде",
            "договор благотворительной помощи",
            "согласие на обработку ПДн (родитель)",
            "согласие на обработку ПДн (ребёнок)",
        ],
        "other": ["индивидуальный план помощи", "протокол консилиума"],
    },
    "plan": {"due_days": "45"},
    "consilium": {
        "minutes_due_working_days": "1",
        "closure_criteria": [
            "Риск изъятия ребёнка отсутствует или минимален",
            "Не осталось нерешённых задач, которые можно решить",
        ],
    },
}
