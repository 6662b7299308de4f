"""Demo meetings and the register (run after the cases and lifecycle demos).

On the open cases of the demo: a signed consilium with the mother and a school teacher; a
supervision with supervisor1; a mediation with the guardianship authority and its position
form; one family on the register of families in a socially dangerous position by a
commission resolution, with an interagency working group of four agencies and two of its
meetings (one held and signed, the next one scheduled for the quarter); one family removed
from the register because the situation improved.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.core.errors import DomainError
from kurator.meetings.errors import MeetingError
from kurator.meetings.models import CommissionResolution, Meeting, WorkingGroupMember
from kurator.meetings.services import commission_docs, meetings, register
from kurator.people.models import FamilyRole, Person
from kurator.plans import services as plans
from kurator.plans.models import Contact

COMMISSION = "КДНиЗП администрации Ленинского района"
GROUP = [
    (
        WorkingGroupMember.Agency.COMMISSION,
        COMMISSION,
        "Аксёнова Галина Петровна",
        "ответственный секретарь",
        "+7 (4812) 20-11-05",
    ),
    (
        WorkingGroupMember.Agency.EDUCATION,
        "МБОУ «Средняя школа №27»",
        "Соколова Ирина Павловна",
        "социальный педагог",
        "+7 (4812) 31-40-17",
    ),
    (
        WorkingGroupMember.Agency.GUARDIANSHIP,
        "Отдел опеки и попечительства Ленинского района",
        "Орлова Наталья Викторовна",
        "главный специалист",
        "opeka-len@example.ru",
    ),
    (
        WorkingGroupMember.Agency.POLICE,
        "ОП №2 УМВД по г. Смоленску",
        "Кузьмин Андрей Андреевич",
        "инспектор ПДН",
        "+7 (4812) 38-02-02",
    ),
]


def _mother(case: Case) -> Person | None:
    return (
        Person.objects.filter(
            memberships__family_id=case.family_id, memberships__role=FamilyRole.PARENT
        )
        .order_by("pk")
        .first()
    )


def _day(case: Case, today: date) -> date:
    """Today, or the day the case opened if that is later (a meeting never precedes it)."""
    return max(today, timezone.localdate(case.opened_at))


def _meeting(
    case: Case,
    *,
    kind: str,
    by: User,
    staff: list[User],
    day: date,
    agenda: str,
    outside: list[meetings.OutsideParticipant] | None = None,
    with_mother: bool = False,
) -> Meeting:
    mother = _mother(case) if with_mother else None
    return meetings.schedule_meeting(
        case=case,
        kind=kind,
        held_on=day,
        agenda=agenda,
        staff=staff,
        family_members=[mother] if mother is not None else [],
        outside=outside or [],
        by=by,
    )


def _sign(
    meeting: Meeting, by: User, minutes: str, decisions: list[meetings.DecisionItem]
) -> Meeting:
    meetings.record_minutes(meeting=meeting, minutes=minutes, decisions=decisions, by=by)
    return meetings.finalize_minutes(meeting=meeting, by=by)


def build(demo: DemoContext) -> None:
    org = demo.organisation
    senior = demo.users.get("senior1")
    psychologist = demo.users.get("psychologist1")
    supervisor = demo.users.get("supervisor1")
    if org is None or senior is None or psychologist is None or senior.team_id is None:
        demo.say("Встречи: нет организации или сотрудников, пропущено.")
        return
    cases = list(
        Case.objects.filter(organisation=org, team_id=senior.team_id)
        .exclude(status=Case.Status.CLOSED)
        .select_related("curator", "family")
        .order_by("pk")
    )
    if len(cases) < 2:
        demo.say("Встречи: открытых случаев мало, пропущено.")
        return
    today = demo.today
    try:
        _consilium(cases[0], senior, psychologist, today)
        if supervisor is not None:
            _supervision(cases[1 % len(cases)], supervisor, today)
        _mediation(cases[2 % len(cases)], today)
        _register_family(cases[3 % len(cases)], senior, today)
        note = _quarterly_note(cases[3 % len(cases)], today)
        if len(cases) >= 5:
            _removed_family(cases[4], senior, today)
    except MeetingError as error:
        demo.say(f"Встречи: не всё создано — {error.message}")
        return
    demo.say(
        f"Встречи: {Meeting.objects.filter(organisation=org).count()} "
        "(консилиум, супервизия, медиация с органом опеки, заседания рабочей группы); "
        "одна семья на учёте СОП, одна снята с учёта в связи с исправлением ситуации; "
        + (
            f"аналитическая информация для рабочей группы за {note} в папке случая."
            if note
            else "аналитическая информация для рабочей группы не составлена."
        )
    )


def _consilium(case: Case, senior: User, psychologist: User, today: date) -> None:
    curator = case.curator
    meeting = _meeting(
        case,
        kind=Meeting.Kind.CONSILIUM,
        by=curator,
        staff=[curator, senior, psychologist],
        day=_day(case, today),
        agenda="Итоги первого месяца; что мешает ребёнку ходить в школу; ремонт печи.",
        outside=[
            meetings.OutsideParticipant(
                name="Соколова Ирина Павловна",
                organisation="МБОУ «Средняя школа №27»",
                role="классный руководитель",
            )
        ],
        with_mother=True,
    )
    day = meeting.held_on
    _sign(
        meeting,
        curator,
        "Куратор рассказала о ходе случая: долг за электричество погашен наполовину, "
        "печь дымит, ребёнок пропустил 6 дней за месяц. Классный руководитель отметила, что "
        "в дни пропусков в доме холодно. Мать согласна участвовать в ремонте.",
        [
            meetings.DecisionItem(
                text="Найти мастера и провести ремонт печи с участием семьи",
                responsible="куратор",
                due_on=day + timedelta(days=21),
            ),
            meetings.DecisionItem(
                text="Договориться со школой о ежедневной обратной связи по посещаемости",
                responsible="классный руководитель",
                due_on=day + timedelta(days=7),
            ),
            meetings.DecisionItem(text="Подать документы на детское пособие", responsible="мать"),
        ],
    )


def _supervision(case: Case, supervisor: User, today: date) -> None:
    curator = case.curator
    meeting = _meeting(
        case,
        kind=Meeting.Kind.SUPERVISION,
        by=curator,
        staff=[curator, supervisor],
        day=_day(case, today),
        agenda="Запрос куратора: как держать границы, когда отец звонит ночью.",
    )
    meetings.record_minutes(
        meeting=meeting,
        minutes="Разобрали последние три звонка отца; договорились о правилах связи.",
        decisions=[
            meetings.DecisionItem(
                text="Обсудить с семьёй часы, когда куратор на связи", responsible="куратор"
            )
        ],
        by=curator,
    )


def _mediation(case: Case, today: date) -> None:
    curator = case.curator
    meeting = _meeting(
        case,
        kind=Meeting.Kind.MEDIATION,
        by=curator,
        staff=[curator],
        day=_day(case, today),
        agenda="Позиция органа опеки по семье; что нужно для снятия претензий.",
        outside=[
            meetings.OutsideParticipant(
                name="Орлова Наталья Викторовна",
                organisation="Отдел опеки и попечительства Ленинского района",
                role="главный специалист",
            )
        ],
        with_mother=True,
    )
    meetings.record_guardianship_position(
        meeting=meeting,
        by=curator,
        authority="Отдел опеки и попечительства Ленинского района",
        specialist_name="Орлова Наталья Викторовна",
        specialist_position="главный специалист",
        specialist_contact="opeka-len@example.ru",
        source_of_case=True,
        family_history="Сигнал от школы: ребёнок в холодной одежде, пропуски. При проверке "
        "дома было холодно, в холодильнике мало продуктов.",
        stance="doubtful",
        expectations="Безопасное жильё (печь, проводка) и регулярное посещение школы.",
        plans="Повторная проверка условий через два месяца.",
        tension=2,
        mediation_needed=True,
        conclusion="Нужна работа по повышению лояльности опеки: показывать шаги семьи, "
        "пригласить специалиста на консилиум.",
    )
    _sign(
        meeting,
        curator,
        "Орган опеки изложил претензии; куратор представил план ремонта. Договорились о "
        "совместном визите после ремонта.",
        [
            meetings.DecisionItem(
                text="Совместный визит куратора и специалиста опеки после ремонта",
                responsible="куратор, орган опеки",
                due_on=meeting.held_on + timedelta(days=45),
            )
        ],
    )


def _register_family(case: Case, senior: User, today: date) -> None:
    curator = case.curator
    registered = today - timedelta(days=40)
    register.record_resolution(
        case=case,
        by=senior,
        commission=COMMISSION,
        number="14/3",
        resolution_date=registered,
        decision=CommissionResolution.Decision.REGISTER,
        plan_ordered="Признать семью находящейся в социально опасном положении; разработать "
        "программу индивидуальной профилактической работы (ИПР); назначить куратора случая; "
        "сформировать межведомственную рабочую группу.",
        plan_due=registered + timedelta(days=180),
    )
    for agency, agency_name, person, position, contact in GROUP:
        register.add_working_group_member(
            case=case,
            by=curator,
            agency=agency,
            agency_name=agency_name,
            person_name=person,
            position=position,
            contact=contact,
        )
    guests = [
        meetings.OutsideParticipant(name=person, organisation=agency_name, role=position)
        for _agency, agency_name, person, position, _contact in GROUP
    ]
    held = _meeting(
        case,
        kind=Meeting.Kind.WORKING_GROUP,
        by=curator,
        staff=[curator],
        day=_day(case, today),
        agenda="Знакомство семьи с составом рабочей группы и программой ИПР.",
        outside=guests,
        with_mother=True,
    )
    _sign(
        held,
        curator,
        "Мать ознакомлена с постановлением КДНиЗП и составом рабочей группы. Каждое "
        "ведомство назвало свои мероприятия программы ИПР.",
        [
            meetings.DecisionItem(
                text="Посещать семью по месту жительства не реже одного раза в месяц",
                responsible="куратор",
            ),
            meetings.DecisionItem(
                text="Ежеквартально представлять рабочей группе аналитическую информацию",
                responsible="куратор",
                due_on=held.held_on + timedelta(days=90),
            ),
        ],
    )
    _meeting(
        case,
        kind=Meeting.Kind.WORKING_GROUP,
        by=curator,
        staff=[curator],
        day=held.held_on + timedelta(days=90),
        agenda="Квартальный отчёт куратора о динамике ситуации и изменениях программы ИПР.",
        outside=guests,
    )


def _removed_family(case: Case, senior: User, today: date) -> None:
    register.register_family(case=case, registered_on=today - timedelta(days=400), by=senior)
    register.record_resolution(
        case=case,
        by=senior,
        commission=COMMISSION,
        number="9/1",
        resolution_date=today - timedelta(days=12),
        decision=CommissionResolution.Decision.REMOVE,
        removal_reason="improved",
        notes="Программа ИПР выполнена: отец трудоустроен, дети посещают школу без пропусков.",
    )


def _quarterly_note(case: Case, today: date) -> str:
    """The register family's home visits (one a month since registration, the state norm)
    and the curator's analytic note to the working group for the current quarter."""
    curator = case.curator
    entry = commission_docs.register_entries(case)[0]
    opened = timezone.localdate(case.opened_at)
    mother = _mother(case)
    visits = [entry.registered_on + timedelta(days=5), today - timedelta(days=3)]
    quarter = commission_docs.quarter_of(today)
    try:
        for day in visits:
            if opened <= day <= today:
                plans.record_contact(
                    case=case,
                    kind=Contact.Kind.HOME_VISIT,
                    happened_on=day,
                    staff=[curator],
                    persons=[mother] if mother is not None else [],
                    notes="Посещение по месту жительства: в доме тепло, продукты есть, дети "
                    "в школе. Обсудили с матерью шаги программы ИПР.",
                    by=curator,
                )
        commission_docs.make_quarterly_note(
            case=case,
            quarter_start=quarter,
            conclusions="Семья выполняет мероприятия программы ИПР: печь отремонтирована, "
            "ребёнок посещает школу без пропусков. Мать на связи с куратором, посещения на "
            "дому проводятся ежемесячно. Динамика положительная, риск изъятия снизился.",
            proposals="Исключить из программы ремонт печи (выполнено); включить содействие "
            "трудоустройству матери через центр занятости; привлечь к работе группы "
            "специалиста органов здравоохранения.",
            by=curator,
        )
    except DomainError:
        return ""
    return commission_docs.quarter_label(quarter)
