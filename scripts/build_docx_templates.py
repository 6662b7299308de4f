"""Write Kurator's default document templates (kurator/documents/docx_templates/<code>.docx).

The templates are committed with this script; run it after changing a text here
(``.venv/bin/python scripts/build_docx_templates.py``) and commit both. Each paragraph is one
run, so Word never splits a placeholder; placeholders are Jinja (docxtpl):
``{{ person|genitive }}``, ``{%p for child in children %}`` … ``{%p endfor %}`` around
repeated paragraphs, ``{%tr for row in rows %}`` … ``{%tr endfor %}`` around a repeated table
row (a ``Table`` line: a header row, then the loop's rows). The fields each template may use
are listed in kurator/documents/catalogue.py and on the «Шаблоны документов» page.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "kurator" / "documents" / "docx_templates"


@dataclass(frozen=True)
class Table:
    """A bordered table: a bold header row and one row repeated for each item of ``loop``
    (``{%tr for row in rows %}``), its cells given as placeholders."""

    header: tuple[str, ...]
    loop: str
    cells: tuple[str, ...]


# (style, text): "title" centred bold, "right" right-aligned, "h" bold, "" plain; or a Table.
Lines = list[tuple[str, str] | Table]

HEADER: Lines = [
    ("right", "{{ organisation.name }}"),
    ("right", "{{ organisation.address }}"),
]
SIGNATURES: Lines = [
    ("", ""),
    ("", "«___» ____________ 20__ г.        ____________ / {{ person|initials }}"),
]

ACT_TABLE = Table(
    header=("№", "Наименование", "Дата", "Ед.", "Количество", "Цена, ₽", "Сумма, ₽"),
    loop="row in rows",
    cells=(
        "{{ row.n }}",
        "{{ row.name }}",
        "{{ row.date }}",
        "{{ row.unit }}",
        "{{ row.quantity }}",
        "{{ row.price }}",
        "{{ row.total }}",
    ),
)

# The commission documents of a family on the register: the sections both share.
COMMISSION_BODY: Lines = [
    ("h", "1. Семья"),
    ("", "Семья: {{ family.name }}. Случай № {{ case.number }}."),
    ("", "{%p if family.address %}"),
    ("", "Адрес: {{ family.address }}"),
    ("", "{%p endif %}"),
    ("", "{%p if parents %}"),
    (
        "",
        "Родители (законные представители): "
        "{% for p in parents %}{{ p }}{% if not loop.last %}; {% endif %}{% endfor %}",
    ),
    ("", "{%p endif %}"),
    ("", "{%p if children %}"),
    (
        "",
        "Дети: {% for child in children %}{{ child }}"
        "{% if child.birth_date %}, {{ child.birth_date }} г. р.{% endif %}"
        "{% if not loop.last %}; {% endif %}{% endfor %}",
    ),
    ("", "{%p endif %}"),
    ("", "Куратор случая: {{ curator.name }}."),
    ("h", "2. Учёт и программа ИПР"),
    (
        "",
        "Семья поставлена на учёт как находящаяся в социально опасном положении "
        "{{ register.registered_on }}.",
    ),
    ("", "{%p if register.resolution.number %}"),
    (
        "",
        "Постановление {{ register.resolution.commission }} № {{ register.resolution.number }} "
        "от {{ register.resolution.date }}: {{ register.resolution.decision }}.",
    ),
    ("", "{%p if register.resolution.plan_ordered %}"),
    ("", "Поручено: {{ register.resolution.plan_ordered }}"),
    ("", "{%p endif %}"),
    ("", "{%p if register.resolution.plan_due %}"),
    ("", "Срок реализации программы ИПР: {{ register.resolution.plan_due }}"),
    ("", "{%p endif %}"),
    ("", "{%p endif %}"),
    ("", "{%p if register.removed_on %}"),
    ("", "Снята с учёта {{ register.removed_on }}: {{ register.removal_reason }}."),
    ("", "{%p endif %}"),
    ("", "{%p if working_group %}"),
    ("", "Межведомственная рабочая группа:"),
    Table(
        header=("Ведомство", "Учреждение", "ФИО", "Должность"),
        loop="m in working_group",
        cells=("{{ m.agency }}", "{{ m.institution }}", "{{ m.name }}", "{{ m.position }}"),
    ),
    ("", "{%p endif %}"),
    ("h", "3. Выполнение мероприятий программы (плана помощи)"),
    ("", "{%p if ipr.version %}"),
    (
        "",
        "План помощи, версия {{ ipr.version }}"
        "{% if ipr.agreed_on %}, согласована с семьёй {{ ipr.agreed_on }}{% endif %}. "
        "Выполнено в периоде: {{ ipr.done }}; со сроком в периоде: {{ ipr.due }}, из них не "
        "выполнено: {{ ipr.not_done }}.",
    ),
    Table(
        header=("№", "Мероприятие", "Ответственный", "Срок", "В периоде", "Результат"),
        loop="a in ipr.actions",
        cells=(
            "{{ a.n }}",
            "{{ a.text }}",
            "{{ a.responsible }}",
            "{{ a.due_on }}",
            "{{ a.in_period }}",
            "{{ a.result }}",
        ),
    ),
    ("", "{%p else %}"),
    ("", "План помощи ещё не составлен."),
    ("", "{%p endif %}"),
    ("h", "4. Посещения на дому и контакты с семьёй"),
    (
        "",
        "Норматив: посещение семьи по месту жительства не реже одного раза в месяц. "
        "Посещений на дому за период: {{ home_visits.total }}, всего контактов: "
        "{{ home_visits.contacts }}.",
    ),
    Table(
        header=("Месяц", "Посещений на дому", "Всего контактов", "Отметка"),
        loop="m in home_visits.months",
        cells=("{{ m.name }}", "{{ m.home_visits }}", "{{ m.contacts }}", "{{ m.mark }}"),
    ),
    ("", "{%p if home_visits.by_kind %}"),
    ("", "Контакты по видам: {{ home_visits.by_kind|join('; ') }}."),
    ("", "{%p endif %}"),
    ("", "{%p if home_visits.missed_months %}"),
    ("", "Месяцы без посещения на дому: {{ home_visits.missed_months|join(', ') }}."),
    ("", "{%p endif %}"),
    ("h", "5. Оказанная помощь и услуги"),
    ("", "{%p if aid.rows %}"),
    Table(
        header=("Дата", "Услуга / помощь", "Количество", "Сумма, ₽"),
        loop="r in aid.rows",
        cells=("{{ r.date }}", "{{ r.service }}", "{{ r.quantity }}", "{{ r.total }}"),
    ),
    ("", "Итого: {{ aid.count }}, на сумму {{ aid.total }} ₽."),
    ("", "{%p else %}"),
    ("", "В периоде помощь не оказывалась."),
    ("", "{%p endif %}"),
    ("h", "6. Динамика оценки благополучия"),
    ("", "{%p if wellbeing %}"),
    Table(
        header=("Инструмент", "Кого", "Входная оценка", "Последняя оценка", "Изменение"),
        loop="w in wellbeing",
        cells=(
            "{{ w.instrument }}",
            "{{ w.subject }}",
            "{{ w.entry }}",
            "{{ w.latest }}",
            "{{ w.change }}",
        ),
    ),
    ("", "{%p else %}"),
    ("", "Оценки благополучия не проводились."),
    ("", "{%p endif %}"),
    ("h", "7. Мониторинг случая и рабочая группа"),
    ("", "{%p for r in monitoring.reviews %}"),
    (
        "",
        "{{ r.title }} ({{ r.period_start }} — {{ r.period_end }}): выполнено {{ r.done }} из "
        "{{ r.total }} действий. Состояние семьи: {{ r.state }}",
    ),
    ("", "{%p if r.priorities %}"),
    ("", "Изменение приоритетов: {{ r.priorities }}"),
    ("", "{%p endif %}"),
    ("", "{%p if r.decision %}"),
    ("", "Решение: {{ r.decision }}"),
    ("", "{%p endif %}"),
    ("", "{%p else %}"),
    ("", "Обзоры случая за период не проводились."),
    ("", "{%p endfor %}"),
    ("", "{%p if monitoring.meetings %}"),
    ("", "Заседания рабочей группы: {{ monitoring.meetings|join(', ') }}."),
    ("", "{%p endif %}"),
]


def paragraphs(label: str, items: str) -> Lines:
    """A label, then the typed text paragraph by paragraph («—» when nothing was typed)."""
    return [
        ("", label),
        ("", "{%p for line in " + items + " %}"),
        ("", "{{ line }}"),
        ("", "{%p else %}"),
        ("", "—"),
        ("", "{%p endfor %}"),
    ]


COMMISSION_SIGNATURE: Lines = [
    ("", ""),
    ("", "Куратор случая ____________ / {{ curator.short_name }} /"),
]

# The organisation's own documents, filled from its settings and norms.
ORGANISATION_HEADER: Lines = [
    ("right", "УТВЕРЖДАЮ"),
    ("right", "{{ organisation.name }}"),
    ("right", "____________ / ____________ /"),
    ("", ""),
]
ORGANISATION_SIGNATURE: Lines = [
    ("", ""),
    (
        "",
        "Нормативы организации: от {{ norms.caseload_min }} до {{ norms.caseload_max }} "
        "активных случаев на куратора (оптимально {{ norms.caseload_optimal }}), из них высокой "
        "сложности — не более {{ norms.high_complexity_max }}; длительность случая — от "
        "{{ norms.duration_min_months }} до {{ norms.duration_max_months }} месяцев.",
    ),
]

TEMPLATES: dict[str, Lines] = {
    "application": [
        *HEADER,
        ("right", "от {{ person|genitive }},"),
        (
            "right",
            "{% if person.sex == 'F' %}проживающей{% else %}проживающего{% endif %} "
            "по адресу: {{ family.address }}",
        ),
        ("right", "телефон: {{ person.phones }}"),
        ("", ""),
        ("title", "ЗАЯВЛЕНИЕ"),
        ("title", "о предоставлении благотворительной помощи"),
        ("", ""),
        (
            "",
            "Я, {{ person }}, {{ person.birth_date }} г. р., прошу оказать моей семье "
            "благотворительную помощь и сопровождение по технологии работы со случаем.",
        ),
        ("", "Состав семьи, дети:"),
        ("", "{%p for child in children %}"),
        ("", "— {{ child }}, {{ child.birth_date }} г. р. ({{ child.age }} лет);"),
        ("", "{%p endfor %}"),
        (
            "",
            "С порядком работы {{ organisation.name }} "
            "{% if person.sex == 'F' %}ознакомлена{% else %}ознакомлен{% endif %}. "
            "Куратор случая: {{ curator.name }}.",
        ),
        ("", "Дата: {{ date }}"),
        *SIGNATURES,
    ],
    "contract": [
        ("title", "ДОГОВОР № {{ number }}"),
        ("title", "о сопровождении семьи и оказании благотворительной помощи"),
        ("right", "{{ date }}"),
        ("", ""),
        (
            "",
            "{{ organisation.name }} (далее — Организация) в лице куратора случая "
            "{{ curator.genitive }}, с одной стороны, и {{ person }} (далее — Получатель), с "
            "другой стороны, заключили настоящий договор с {{ person|instrumental }} о "
            "нижеследующем.",
        ),
        ("h", "1. Предмет договора"),
        (
            "",
            "1.1. Организация сопровождает семью Получателя (случай № {{ case.number }}) и "
            "оказывает благотворительную помощь по индивидуальному плану помощи семье, "
            "согласованному с Получателем. Помощь оказывается в интересах детей:",
        ),
        ("", "{%p for child in children %}"),
        ("", "— {{ child }}, {{ child.birth_date }} г. р.;"),
        ("", "{%p endfor %}"),
        (
            "",
            "1.2. Помощь оказывается услугами специалистов и в натуральной форме (товары); "
            "денежные средства не выдаются, долги не оплачиваются.",
        ),
        ("h", "2. Обязанности Организации"),
        ("", "2.1. Назначить семье куратора случая и согласовать с семьёй план помощи."),
        ("", "2.2. Оказывать помощь, предусмотренную планом, и сообщать о её изменениях."),
        ("", "2.3. Соблюдать конфиденциальность сведений о семье."),
        ("h", "3. Обязанности Получателя"),
        ("", "3.1. Участвовать в составлении плана помощи и выполнять свои шаги плана."),
        ("", "3.2. Встречаться с куратором и сообщать об изменениях в положении семьи."),
        ("", "3.3. Использовать полученную помощь по назначению."),
        ("h", "4. Срок договора"),
        (
            "",
            "4.1. Договор действует {{ contract.term }}, до {{ contract.until }}, и может "
            "быть продлён по итогам ежегодного мониторинга.",
        ),
        ("h", "5. Расторжение договора"),
        (
            "",
            "5.1. Договор расторгается, если Получатель систематически нарушает его условия, "
            "а также по соглашению сторон или по заявлению Получателя.",
        ),
        ("", ""),
        ("", "Организация: ____________ / {{ curator.short_name }}"),
        ("", "Получатель: ____________ / {{ person|initials }}"),
    ],
    "consent_representative": [
        *HEADER,
        ("", ""),
        ("title", "СОГЛАСИЕ"),
        ("title", "законного представителя на обработку персональных данных"),
        ("", ""),
        (
            "",
            "Я, {{ person }}, {{ person.birth_date }} г. р., адрес: {{ person.address }}, "
            "действуя от своего имени и как законный представитель:",
        ),
        ("", "{%p for child in children %}"),
        ("", "— моего ребёнка {{ child|genitive }}, {{ child.birth_date }} г. р.;"),
        ("", "{%p endfor %}"),
        (
            "",
            "в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ "
            "«О персональных данных» даю согласие оператору — {{ organisation.name }}, "
            "{{ organisation.address }} — на обработку моих персональных данных и "
            "персональных данных моих детей.",
        ),
        ("h", "Цели обработки:"),
        ("", "{%p for purpose in consent.purposes %}"),
        ("", "— {{ purpose }};"),
        ("", "{%p endfor %}"),
        ("h", "Перечень персональных данных:"),
        ("", "{%p for item in consent.data %}"),
        ("", "— {{ item }};"),
        ("", "{%p endfor %}"),
        ("h", "Действия с персональными данными:"),
        ("", "{{ consent.actions }}, с использованием средств автоматизации и без них."),
        ("h", "Третьи лица, которым данные могут передаваться для оказания помощи:"),
        ("", "{%p for party in consent.third_parties %}"),
        ("", "— {{ party }};"),
        ("", "{%p endfor %}"),
        ("h", "Срок действия согласия:"),
        ("", "{{ consent.term }}."),
        ("h", "Порядок отзыва:"),
        ("", "Согласие может быть отозвано в любое время {{ consent.withdrawal }}."),
        ("", "Дата: {{ date }}"),
        *SIGNATURES,
    ],
    "consent_minor": [
        *HEADER,
        ("", ""),
        ("title", "СОГЛАСИЕ"),
        ("title", "несовершеннолетнего на обработку персональных данных"),
        ("", ""),
        (
            "",
            "Я, {{ person }}, {{ person.birth_date }} г. р. ({{ person.age }} лет), адрес: "
            "{{ person.address }}, с согласия моего законного представителя "
            "{{ representative|genitive }}, в соответствии со статьёй 9 Федерального закона "
            "от 27.07.2006 № 152-ФЗ «О персональных данных» даю согласие оператору — "
            "{{ organisation.name }}, {{ organisation.address }} — на обработку моих "
            "персональных данных.",
        ),
        ("h", "Цели обработки:"),
        ("", "{%p for purpose in consent.purposes %}"),
        ("", "— {{ purpose }};"),
        ("", "{%p endfor %}"),
        ("h", "Перечень персональных данных:"),
        ("", "{%p for item in consent.data %}"),
        ("", "— {{ item }};"),
        ("", "{%p endfor %}"),
        ("h", "Действия с персональными данными:"),
        ("", "{{ consent.actions }}, с использованием средств автоматизации и без них."),
        ("h", "Третьи лица, которым данные могут передаваться для оказания помощи:"),
        ("", "{%p for party in consent.third_parties %}"),
        ("", "— {{ party }};"),
        ("", "{%p endfor %}"),
        ("h", "Срок действия согласия:"),
        ("", "{{ consent.term }}."),
        ("h", "Порядок отзыва:"),
        ("", "Согласие может быть отозвано в любое время {{ consent.withdrawal }}."),
        ("", "Дата: {{ date }}"),
        *SIGNATURES,
        ("", "Законный представитель: ____________ / {{ representative|initials }}"),
    ],
    "family_card": [
        *HEADER,
        ("", ""),
        ("title", "КАРТА СЕМЬИ"),
        ("title", "{{ family.name }}, случай № {{ case.number }}"),
        ("", ""),
        ("", "Адрес: {{ family.address }}; удалённость от офиса: {{ family.distance_km }} км."),
        ("", "Случай открыт {{ case.opened_on }}; сценарий: {{ case.scenario }}."),
        ("", "Сложность случая: {{ case.complexity }}. Куратор: {{ curator.name }}."),
        ("h", "Члены семьи"),
        ("", "{%p for m in members %}"),
        ("", "— {{ m }} ({{ m.role }}), {{ m.birth_date }} г. р., {{ m.age }} лет;"),
        ("", "{%p endfor %}"),
        ("h", "История случая"),
        ("", "{%p for h in history %}"),
        ("", "{{ h.date }} — {{ h.text }}"),
        ("", "{%p endfor %}"),
        ("", "Дата: {{ date }}"),
    ],
    "visit_instruction": [
        *HEADER,
        ("", ""),
        ("title", "ПОРУЧЕНИЕ"),
        ("title", "команде первичного выезда по сигналу № {{ signal.number }}"),
        ("right", "{{ date }}"),
        ("", ""),
        (
            "",
            "Сигнал получен {{ signal.received }} ({{ signal.channel }}, источник: "
            "{{ signal.source }}).{% if signal.urgent %} СРОЧНО.{% endif %}",
        ),
        ("", "О ком: {{ signal.subject }}. Адрес: {{ signal.address }}."),
        ("", "Что сообщили: {{ signal.description }}"),
        ("h", "Состав команды"),
        ("", "Будущий куратор случая: {{ visit.future_curator }}."),
        ("", "Психолог: {{ visit.psychologist }}."),
        ("", "Плановая дата выезда: {{ visit.planned_date }}."),
        ("h", "Сроки"),
        ("", "Выезд в семью — не позднее {{ deadlines.visit }}."),
        ("", "Отчёт о первичном выезде — не позднее {{ deadlines.report }}."),
        ("", "Решение о приёме случая — не позднее {{ deadlines.decision }}."),
        ("", ""),
        (
            "",
            "Команда знакомится с семьёй, объясняет цели и порядок работы фонда, берёт с "
            "собой продуктовый набор и заполняет отчёт по установленной форме.",
        ),
        ("", ""),
        ("", "Старший куратор: ____________ / {{ curator.short_name }}"),
    ],
    "visit_report": [
        *HEADER,
        ("", ""),
        ("title", "ОТЧЁТ"),
        ("title", "о первичном выезде в семью по сигналу № {{ signal.number }}"),
        ("right", "{{ date }}"),
        ("", ""),
        (
            "",
            "Сигнал получен {{ signal.received }} ({{ signal.channel }}, источник: "
            "{{ signal.source }}). О ком: {{ signal.subject }}. Адрес: {{ signal.address }}.",
        ),
        ("", "Что сообщили: {{ signal.description }}"),
        ("h", "Команда выезда"),
        ("", "Будущий куратор случая: {{ visit.future_curator }}."),
        ("", "{%p if visit.psychologist %}"),
        ("", "Психолог: {{ visit.psychologist }}."),
        ("", "{%p endif %}"),
        (
            "",
            "Плановая дата выезда: {{ visit.planned_date }}; выезд проведён "
            "{{ visit.visited_at }}.",
        ),
        ("h", "Семья"),
        ("", "{{ family.name }}, адрес: {{ family.address }}."),
        ("", "{%p for m in members %}"),
        ("", "— {{ m }} ({{ m.role }}){% if m.birth_date %}, {{ m.birth_date }} г. р.{% endif %};"),
        ("", "{%p endfor %}"),
        ("", "{%p if visit.immediate_danger %}"),
        ("h", "ВНИМАНИЕ: команда отметила непосредственную угрозу жизни или здоровью ребёнка."),
        ("", "{%p endif %}"),
        ("", "{%p if visit.living_conditions %}"),
        ("h", "1. Условия проживания"),
        ("", "{%p for line in visit.living_conditions %}"),
        ("", "{{ line }}"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("", "{%p if visit.children %}"),
        ("h", "2. Состояние детей"),
        ("", "{%p for child in visit.children %}"),
        ("h", "{{ child.name }}"),
        ("", "{%p if child.health %}"),
        ("", "Здоровье: {{ child.health }}"),
        ("", "{%p endif %}"),
        ("", "{%p if child.development %}"),
        ("", "Развитие: {{ child.development }}"),
        ("", "{%p endif %}"),
        ("", "{%p if child.schooling %}"),
        ("", "Школа, детский сад: {{ child.schooling }}"),
        ("", "{%p endif %}"),
        ("", "{%p if child.care %}"),
        ("", "Уход: {{ child.care }}"),
        ("", "{%p endif %}"),
        ("", "{%p if child.own_words %}"),
        ("", "Что говорит сам ребёнок: {{ child.own_words }}"),
        ("", "{%p endif %}"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("", "{%p if visit.needs %}"),
        ("h", "3. Нужды семьи"),
        ("", "{%p for line in visit.needs %}"),
        ("", "{{ line }}"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("", "{%p if visit.risks %}"),
        ("h", "4. Риски"),
        ("", "{%p for line in visit.risks %}"),
        ("", "{{ line }}"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("", "{%p if visit.recommendation %}"),
        ("h", "5. Рекомендация команды"),
        ("", "Рекомендуем: {{ visit.recommendation }}."),
        ("", "{%p if visit.recommendation_comment %}"),
        ("", "Комментарий: {{ visit.recommendation_comment }}"),
        ("", "{%p endif %}"),
        ("", "{%p endif %}"),
        ("", "{%p if visit.report_paragraphs %}"),
        ("h", "Что увидела команда"),
        ("", "{%p for line in visit.report_paragraphs %}"),
        ("", "{{ line }}"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("", "Отчёт сдан {{ visit.submitted_at }}."),
        ("", ""),
        ("", "Будущий куратор: ____________ / {{ visit.future_curator_short }} /"),
        ("", "{%p if visit.psychologist_short %}"),
        ("", "Психолог: ____________ / {{ visit.psychologist_short }} /"),
        ("", "{%p endif %}"),
    ],
    "take_in_decision": [
        *HEADER,
        ("", ""),
        ("title", "РЕШЕНИЕ"),
        ("title", "о приёме семьи на сопровождение по сигналу № {{ signal.number }}"),
        ("right", "{{ decision.decided_on }}"),
        ("", ""),
        (
            "",
            "Сигнал получен {{ signal.received }} ({{ signal.channel }}, источник: "
            "{{ signal.source }}). Что сообщили: {{ signal.description }}",
        ),
        ("", "{%p if visit.visited_at %}"),
        ("", "Первичный выезд в семью проведён {{ visit.visited_at }}."),
        ("", "{%p endif %}"),
        ("h", "Семья"),
        ("", "{{ family.name }}, адрес: {{ family.address }}."),
        ("", "{%p for m in members %}"),
        ("", "— {{ m }} ({{ m.role }}){% if m.birth_date %}, {{ m.birth_date }} г. р.{% endif %};"),
        ("", "{%p endfor %}"),
        ("", "{%p if decision.criteria %}"),
        ("h", "Критерии отбора семей в программу"),
        ("", "{%p for c in decision.criteria %}"),
        ("", "{{ c.mark }} {{ c.title }}"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("h", "Решение"),
        ("", "Принято решение: {{ decision.text }}. Уровень решения: {{ decision.level }}."),
        ("", "{%p if decision.reason %}"),
        ("", "Обоснование: {{ decision.reason }}"),
        ("", "{%p endif %}"),
        ("", "{%p if decision.accepted %}"),
        (
            "",
            "Случай № {{ case.number }} открыт {{ case.opened_on }}; куратор случая: "
            "{{ curator.name }}.",
        ),
        ("", "{%p endif %}"),
        ("", "{%p if decision.alternatives %}"),
        ("h", "Куда ещё семья может обратиться"),
        ("", "{%p for place in decision.alternatives %}"),
        ("", "— {{ place }};"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("", "{%p if decision.participants %}"),
        ("h", "Участники обсуждения"),
        ("", "{%p for name in decision.participants %}"),
        ("", "— {{ name }};"),
        ("", "{%p endfor %}"),
        ("", "{%p endif %}"),
        ("", ""),
        ("", "Подпись принявшего решение: ____________ / {{ decision.decided_by_short }} /"),
    ],
    "complaint": [
        ("right", "Руководителю {{ department }}"),
        ("", "{%p if department_address %}"),
        ("right", "{{ department_address }}"),
        ("", "{%p endif %}"),
        ("right", "от {{ organisation.name }}"),
        ("", "{%p if organisation.address %}"),
        ("right", "{{ organisation.address }}"),
        ("", "{%p endif %}"),
        ("", ""),
        ("title", "Жалоба на неполное оказание социальной услуги"),
        ("", ""),
        (
            "",
            "{{ person|dative }} положена услуга «{{ service.title }}» — "
            "{{ service.per_week_times }} в неделю. За период с {{ check.period_start }} по "
            "{{ check.period_end }} она должна была быть оказана {{ check.expected_times }}, "
            "фактически оказана {{ check.delivered_times }}; недопоставлено "
            "{{ check.shortfall }}.",
        ),
        ("", "{%p if check.note %}"),
        ("", "Что мы видели: {{ check.note }}"),
        ("", "{%p endif %}"),
        (
            "",
            "Просим обеспечить оказание услуги в положенном объёме и сообщить о принятых "
            "мерах в течение 30 дней.",
        ),
        ("", ""),
        ("", "{{ date }}"),
        ("", "Куратор случая: ____________ / {{ curator.short_name }} /"),
    ],
    "act_goods": [
        ("title", "АКТ ПРИЁМА-ПЕРЕДАЧИ ТОВАРОВ № {{ number }}"),
        ("", "{{ organisation.name }}, {{ act.date }}"),
        ("", "Благополучатель: {{ recipient }}. Случай № {{ case.number }}."),
        ("", ""),
        ACT_TABLE,
        ("", ""),
        ("", "Итого: {{ total }} ₽"),
        (
            "",
            "Товары получены {{ recipient|instrumental }} в полном объёме, претензий к "
            "количеству и качеству нет.",
        ),
        ("", ""),
        ("", "Передал: ____________ / {{ given_by.short_name }} /"),
        ("", "Получил: ____________ / {{ recipient|initials }} /"),
    ],
    "act_services": [
        ("title", "АКТ ОКАЗАННЫХ УСЛУГ № {{ number }}"),
        ("", "{{ organisation.name }}, {{ act.date }}"),
        ("", "Благополучатель: {{ recipient }}. Случай № {{ case.number }}."),
        ("", ""),
        ACT_TABLE,
        ("", ""),
        ("", "Итого: {{ total }} ₽"),
        ("", "Услуги оказаны в полном объёме, претензий к их качеству и срокам нет."),
        ("", ""),
        ("", "Исполнитель: ____________ / {{ given_by.short_name }} /"),
        ("", "Получил: ____________ / {{ recipient|initials }} /"),
    ],
    "quarterly_note": [
        (
            "title",
            "Аналитическая информация о динамике семейной ситуации и эффективности "
            "мероприятий программы ИПР",
        ),
        ("title", "для межведомственной рабочей группы за {{ commission.period }}"),
        ("", "{{ organisation.name }}. Составлено {{ date }}, данные на {{ commission.as_of }}."),
        *COMMISSION_BODY,
        ("h", "8. Выводы и предложения"),
        *paragraphs("Выводы:", "commission.conclusions_paragraphs"),
        *paragraphs("Предложения по изменению программы ИПР:", "commission.proposals_paragraphs"),
        *COMMISSION_SIGNATURE,
    ],
    "final_report": [
        ("title", "Итоговый отчёт куратора случая {{ curator.genitive }} о работе с семьёй"),
        (
            "title",
            "для КДНиЗП по окончании реализации программы ИПР, период работы: "
            "{{ commission.period }}",
        ),
        ("", "{{ organisation.name }}. Составлено {{ date }}, данные на {{ commission.as_of }}."),
        *COMMISSION_BODY,
        ("h", "8. Итоги работы"),
        ("", "{%p for line in commission.outcome_paragraphs %}"),
        ("", "{{ line }}"),
        ("", "{%p endfor %}"),
        ("h", "9. Выводы и рекомендация"),
        *paragraphs("Выводы:", "commission.conclusions_paragraphs"),
        *paragraphs("Предложения в дальнейшую работу:", "commission.proposals_paragraphs"),
        ("", "Рекомендация: {{ commission.recommendation }}."),
        *COMMISSION_SIGNATURE,
    ],
    "case_folder_instruction": [
        *ORGANISATION_HEADER,
        ("title", "ИНСТРУКЦИЯ ПО ВЕДЕНИЮ ПАПКИ СЛУЧАЯ"),
        ("", "{{ organisation.name }}, редакция от {{ date }}"),
        ("h", "1. Общие положения"),
        (
            "",
            "По каждому случаю ведутся электронная папка в системе «Куратор» и бумажная папка "
            "для подписанных оригиналов. Электронная папка — основная: в ней собраны все "
            "документы по семье, в бумажной хранятся только оригиналы с подписями.",
        ),
        (
            "",
            "Папку ведёт куратор случая. Старший куратор и руководитель команды проверяют её "
            "полноту; доступ к папке есть только у сотрудников, работающих со случаем.",
        ),
        ("h", "2. Открытие папки"),
        (
            "",
            "Электронная папка открывается вместе со случаем. Куратор переносит в неё всё, что "
            "уже есть по семье (отчёт о первичном выезде, решение о приёме, письма ведомств), и "
            "собирает обязательные документы не позднее {{ folder.due_working_days }}-го "
            "рабочего дня после открытия случая.",
        ),
        ("h", "3. Обязательные документы"),
        ("", "Папка считается собранной, когда в ней есть действующие:"),
        ("", "{%p for item in folder.required %}"),
        ("", "— {{ item }};"),
        ("", "{%p endfor %}"),
        (
            "",
            "Согласия подписывают законный представитель за себя и за детей до 14 лет, "
            "ребёнок от 14 лет — сам.",
        ),
        ("h", "4. Документы по ходу работы"),
        ("", "По мере работы в папку добавляются:"),
        ("", "{%p for item in folder.other %}"),
        ("", "— {{ item }};"),
        ("", "{%p endfor %}"),
        (
            "",
            "Индивидуальный план согласуется с семьёй не позднее {{ plan.due_days }} "
            "календарных дней после открытия случая; действие по плану — не реже чем раз в "
            "{{ norms.intensity_days }} дней.",
        ),
        ("h", "5. Правила ведения"),
        (
            "",
            "Документ не удаляется: устаревший заменяется новой версией, ошибочный отменяется с "
            "указанием причины; обе версии остаются в папке.",
        ),
        (
            "",
            "Документ, сформированный в системе, печатается, подписывается, и его скан "
            "прикрепляется к нему; оригинал кладётся в бумажную папку.",
        ),
        (
            "",
            "Фото и видео попадают в папку только с согласием изображённого члена семьи на "
            "фотосъёмку.",
        ),
        (
            "",
            "Бумажная папка хранится в запирающемся шкафу офиса и не выносится из него, кроме "
            "выезда к семье или в ведомство.",
        ),
        ("h", "6. Закрытие случая"),
        (
            "",
            "При закрытии случая в папку добавляются протокол консилиума о закрытии и итоги "
            "выходной диагностики. Если семья вернётся в работу, новый случай наследует "
            "документы папки.",
        ),
        *ORGANISATION_SIGNATURE,
    ],
    "consilium_rules": [
        *ORGANISATION_HEADER,
        ("title", "РЕГЛАМЕНТ КОНСИЛИУМА"),
        ("", "{{ organisation.name }}, редакция от {{ date }}"),
        ("h", "1. Назначение"),
        (
            "",
            "Консилиум — совместное обсуждение случая специалистами разных профессий. Он "
            "обеспечивает междисциплинарность работы и принимает значимые решения по случаю.",
        ),
        ("h", "2. Когда собирается консилиум"),
        (
            "",
            "— по каждому сложному случаю (сумма баллов сложности от "
            "{{ norms.complexity_high_from }}) — хотя бы один раз за время ведения случая;",
        ),
        ("", "— по запросу куратора — чтобы дополнить или скорректировать план помощи;"),
        (
            "",
            "— когда суммарная задержка этапов по случаю превысила "
            "{{ norms.cumulative_delay_max_days }} дней или случай ведётся дольше "
            "{{ norms.duration_max_months }} месяцев — для решения о продлении;",
        ),
        ("", "— перед закрытием случая — обязательно: без консилиума случай не закрывается."),
        ("h", "3. Участники"),
        (
            "",
            "Консилиум собирает и ведёт куратор случая. Участвуют старший куратор, психолог и "
            "другие специалисты команды; могут быть приглашены специалисты извне (школа, "
            "детский сад, врачи, органы опеки). Консилиум может проводиться с участием семьи в "
            "том или ином составе.",
        ),
        ("h", "4. Что решает консилиум"),
        ("", "— изменения и дополнения плана помощи;"),
        ("", "— значимые решения по ведению случая, в том числе о продлении;"),
        (
            "",
            "— закрытие случая: куратор представляет результаты работы, текущую ситуацию и "
            "итоги выходной диагностики; консилиум отмечает выполненные критерии:",
        ),
        ("", "{%p for item in consilium.closure_criteria %}"),
        ("", "   • {{ item }};"),
        ("", "{%p endfor %}"),
        (
            "",
            "Решение консилиума обсуждается с семьёй на ближайшей встрече, а при необходимости — "
            "с органами опеки и попечительства.",
        ),
        ("h", "5. Протокол"),
        (
            "",
            "Протокол ведёт куратор случая: дату, участников, повестку и решения он записывает "
            "в системе «Куратор» и подписывает не позднее "
            "{{ consilium.minutes_due_working_days }}-го рабочего дня после консилиума. "
            "Подписанный протокол не меняется: исправление — новая запись со ссылкой на "
            "прежнюю. Протокол хранится в папке случая.",
        ),
        ("h", "6. Супервизия"),
        (
            "",
            "Кроме консилиумов, каждый специалист проходит не менее {{ norms.supervisions_min }} "
            "супервизий в год; куратор может обратиться за супервизией и к коллегам команды "
            "(интервизия).",
        ),
        *ORGANISATION_SIGNATURE,
    ],
}


def add_table(document: DocumentObject, table: Table) -> None:
    """The header row, then the loop's opening row, the repeated row and the closing row;
    docxtpl replaces each ``{%tr … %}`` row by its tag."""
    columns = len(table.header)
    grid = document.add_table(rows=4, cols=columns)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    grid.rows[1].cells[0].text = "{%tr for " + table.loop + " %}"
    for cell, text in zip(grid.rows[2].cells, table.cells, strict=True):
        cell.text = text
    grid.rows[3].cells[0].text = "{%tr endfor %}"


def build(code: str, lines: Lines) -> Path:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    for line in lines:
        if isinstance(line, Table):
            add_table(document, line)
            continue
        kind, text = line
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if kind in ("title", "h"):
            run.bold = True
        if kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # Same bytes on every run: python-docx stamps no time unless asked.
    document.core_properties.title = code
    path = OUT / f"{code}.docx"
    document.save(str(path))
    return path


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for code, lines in TEMPLATES.items():
        print(build(code, lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
