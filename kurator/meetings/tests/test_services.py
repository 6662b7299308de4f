"""The rules of meetings, minutes and the register, through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kurator.accounts.models import User
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.timeline import describe
from kurator.meetings.errors import MeetingError
from kurator.meetings.models import (
    CommissionResolution,
    GuardianshipPosition,
    Meeting,
    MeetingParticipant,
    RegisterEntry,
)
from kurator.meetings.queries import register
from kurator.meetings.services import meetings as services
from kurator.meetings.services import register as register_services
from kurator.meetings.tests.helpers import (
    consilium,
    position_fields,
    signed_consilium,
    today,
)
from kurator.people.models import Person

pytestmark = pytest.mark.django_db


def _kinds(case: Case) -> list[str]:
    return list(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))


# --- scheduling ----------------------------------------------------------------------------


def test_meeting_has_staff_outside_specialists_and_family_members(
    case: Case, curator: User, psychologist: User, mother: Person
) -> None:
    meeting = services.schedule_meeting(
        case=case,
        kind=Meeting.Kind.CONSILIUM,
        held_on=today(),
        agenda="Ремонт печи",
        staff=[curator, psychologist, curator],
        family_members=[mother],
        outside=[
            services.OutsideParticipant(
                name=" Соколова Ирина ", organisation="Школа №5", role="классный руководитель"
            )
        ],
        by=curator,
    )
    kinds = sorted(
        MeetingParticipant.objects.filter(meeting=meeting).values_list("kind", flat=True)
    )
    assert kinds == ["family", "outside", "staff", "staff"]  # the double click on a name: once
    guest = MeetingParticipant.objects.get(meeting=meeting, kind="outside")
    assert (guest.name, guest.organisation_name) == ("Соколова Ирина", "Школа №5")
    event = TimelineEvent.objects.get(case=case, kind="meeting.scheduled")
    assert describe(event) == f"Назначена встреча: консилиум, {today():%d.%m.%Y}"


def test_a_family_member_participant_must_belong_to_the_cases_family(
    case: Case, curator: User, stranger: Person
) -> None:
    with pytest.raises(MeetingError) as error:
        services.schedule_meeting(
            case=case,
            kind=Meeting.Kind.CONSILIUM,
            held_on=today(),
            family_members=[stranger],
            by=curator,
        )
    assert error.value.message == "Петрова Ольга Петровна — не член семьи этого случая."
    assert error.value.field == "family_members"
    assert not Meeting.objects.exists()


def test_staff_of_another_organisation_cannot_sit_at_the_meeting(
    case: Case, curator: User, outsider: User
) -> None:
    with pytest.raises(MeetingError, match="не работает в этой организации"):
        services.schedule_meeting(
            case=case, kind="consilium", held_on=today(), staff=[outsider], by=curator
        )


def test_a_meeting_needs_a_participant_a_kind_and_a_date_after_opening(
    case: Case, curator: User
) -> None:
    with pytest.raises(MeetingError, match="хотя бы одного участника"):
        services.schedule_meeting(case=case, kind="consilium", held_on=today(), by=curator)
    with pytest.raises(MeetingError, match="Выберите вид встречи"):
        services.schedule_meeting(
            case=case, kind="party", held_on=today(), staff=[curator], by=curator
        )
    with pytest.raises(MeetingError, match="раньше открытия случая") as error:
        services.schedule_meeting(
            case=case,
            kind="consilium",
            held_on=today() - timedelta(days=30),
            staff=[curator],
            by=curator,
        )
    assert error.value.field == "held_on"


def test_an_outside_specialist_needs_a_name(case: Case, curator: User) -> None:
    with pytest.raises(MeetingError, match="Укажите ФИО внешнего специалиста"):
        services.schedule_meeting(
            case=case,
            kind="consilium",
            held_on=today(),
            outside=[services.OutsideParticipant(name="  ", organisation="Школа")],
            by=curator,
        )


def test_a_working_group_meeting_needs_the_working_group(case: Case, curator: User) -> None:
    with pytest.raises(MeetingError, match="нет межведомственной рабочей группы"):
        consilium(case, curator, kind=Meeting.Kind.WORKING_GROUP)
    register_services.add_working_group_member(
        case=case,
        by=curator,
        agency="police",
        agency_name="ОП №3",
        person_name="Кузьмин А. А.",
        position="инспектор ПДН",
    )
    assert consilium(case, curator, kind=Meeting.Kind.WORKING_GROUP).kind == "working_group"


# --- minutes -------------------------------------------------------------------------------


def test_draft_minutes_and_decisions_are_rewritten_until_signed(case: Case, curator: User) -> None:
    meeting = consilium(case, curator)
    services.record_minutes(
        meeting=meeting,
        minutes="Черновик",
        decisions=[services.DecisionItem(text="Первое"), services.DecisionItem(text="Второе")],
        by=curator,
    )
    services.record_minutes(
        meeting=meeting,
        minutes="Итог",
        decisions=[
            services.DecisionItem(text="Оформить пособие", responsible="мать", due_on=today())
        ],
        by=curator,
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Итог"
    assert [(d.position, d.text, d.responsible) for d in meeting.decisions.all()] == [
        (1, "Оформить пособие", "мать")
    ]


def test_a_decision_due_before_the_meeting_is_refused(case: Case, curator: User) -> None:
    meeting = consilium(case, curator)
    with pytest.raises(MeetingError, match="раньше даты встречи"):
        services.record_minutes(
            meeting=meeting,
            minutes="Итог",
            decisions=[services.DecisionItem(text="Вчерашнее", due_on=today() - timedelta(days=1))],
            by=curator,
        )


def test_signed_minutes_cannot_change(case: Case, curator: User) -> None:
    meeting = signed_consilium(case, curator)
    with pytest.raises(MeetingError) as error:
        services.record_minutes(meeting=meeting, minutes="Переписать", decisions=[], by=curator)
    assert error.value.message == (
        "Протокол подписан и больше не меняется. Исправление вносится новой записью."
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Обсудили ход случая."
    assert meeting.decisions.count() == 1


def test_signing_twice_is_refused_even_from_a_stale_page(case: Case, curator: User) -> None:
    meeting = consilium(case, curator)
    services.record_minutes(meeting=meeting, minutes="Итог", decisions=[], by=curator)
    stale = Meeting.objects.get(pk=meeting.pk)
    services.finalize_minutes(meeting=meeting, by=curator)
    with pytest.raises(MeetingError, match="Протокол уже подписан"):
        services.finalize_minutes(meeting=stale, by=curator)
    assert _kinds(case).count("meeting.finalized") == 1


def test_empty_minutes_cannot_be_signed(case: Case, curator: User) -> None:
    meeting = consilium(case, curator)
    with pytest.raises(MeetingError, match="Протокол пуст"):
        services.finalize_minutes(meeting=meeting, by=curator)


def test_an_amendment_is_a_new_record_and_the_signed_one_stays(
    case: Case, curator: User, senior: User
) -> None:
    original = signed_consilium(case, curator)
    amended = services.amend_minutes(
        meeting=original, reason="Не указан срок ремонта печи.", by=senior
    )
    assert amended.pk != original.pk
    assert amended.amends_id == original.pk
    assert not amended.is_final
    assert amended.minutes == original.minutes
    assert amended.participants.count() == original.participants.count()
    assert list(amended.decisions.values_list("text", flat=True)) == ["Провести ремонт печи"]
    original.refresh_from_db()
    assert original.is_final
    with pytest.raises(MeetingError, match="уже есть исправление"):
        services.amend_minutes(meeting=original, reason="Ещё раз", by=senior)
    with pytest.raises(MeetingError, match="ещё не подписан"):
        services.amend_minutes(meeting=amended, reason="Черновик", by=senior)
    with pytest.raises(MeetingError, match="Укажите, что и почему"):
        services.amend_minutes(meeting=original, reason=" ", by=senior)
    assert Meeting.objects.count() == 2


# --- the guardianship position ---------------------------------------------------------------


def test_guardianship_position_is_recorded_on_a_mediation(case: Case, curator: User) -> None:
    meeting = consilium(case, curator, kind=Meeting.Kind.MEDIATION)
    services.record_guardianship_position(meeting=meeting, by=curator, **position_fields())
    services.record_guardianship_position(
        meeting=meeting, by=curator, **(position_fields() | {"stance": "supportive"})
    )
    position = GuardianshipPosition.objects.get(meeting=meeting)
    assert position.stance == "supportive"
    assert position.mediation_needed
    event = TimelineEvent.objects.filter(kind="meeting.guardianship_position").first()
    assert event is not None
    assert "Отдел опеки и попечительства" in describe(event)


def test_guardianship_position_only_for_mediation_and_with_its_fields(
    case: Case, curator: User
) -> None:
    meeting = consilium(case, curator)
    with pytest.raises(MeetingError, match="только для медиации"):
        services.record_guardianship_position(meeting=meeting, by=curator, **position_fields())
    mediation = consilium(case, curator, kind=Meeting.Kind.MEDIATION)
    with pytest.raises(MeetingError, match="Запишите ожидания органа опеки") as error:
        services.record_guardianship_position(
            meeting=mediation, by=curator, **(position_fields() | {"expectations": ""})
        )
    assert error.value.field == "expectations"
    with pytest.raises(MeetingError, match="от 1 до 3"):
        services.record_guardianship_position(
            meeting=mediation, by=curator, **(position_fields() | {"tension": 5})
        )


# --- the register --------------------------------------------------------------------------


def test_a_register_resolution_puts_the_family_on_the_register(case: Case, curator: User) -> None:
    assert not register.is_on_register(case)
    resolution = register_services.record_resolution(
        case=case,
        by=curator,
        commission="КДНиЗП администрации г. Красноярска",
        number="2",
        resolution_date=today(),
        decision="register",
        plan_ordered="Программа ИПР",
        plan_due=today() + timedelta(days=180),
    )
    assert register.is_on_register(case)
    assert register.register_case_ids(case.organisation_id) == {case.pk}
    entry = RegisterEntry.objects.get()
    assert (entry.registered_on, entry.resolution_id) == (today(), resolution.pk)
    assert _kinds(case)[:2] == ["register.registered", "register.resolution"]


def test_a_family_is_registered_once(case: Case, curator: User) -> None:
    register_services.register_family(case=case, registered_on=today(), by=curator)
    stale_case = Case.objects.get(pk=case.pk)
    with pytest.raises(MeetingError, match="уже состоит на учёте"):
        register_services.register_family(case=stale_case, registered_on=today(), by=curator)
    with pytest.raises(MeetingError, match="уже состоит на учёте"):
        register_services.record_resolution(
            case=case,
            by=curator,
            commission="КДНиЗП",
            number="3",
            resolution_date=today(),
            decision="register",
        )
    assert RegisterEntry.objects.count() == 1
    assert CommissionResolution.objects.count() == 0  # the refused resolution left nothing


def test_resolution_dates_are_checked(case: Case, curator: User) -> None:
    fields = {"case": case, "by": curator, "commission": "КДНиЗП", "number": "1"}
    with pytest.raises(MeetingError, match="не может быть в будущем"):
        register_services.record_resolution(
            **fields, resolution_date=today() + timedelta(days=1), decision="register"
        )
    with pytest.raises(MeetingError, match="раньше даты постановления"):
        register_services.record_resolution(
            **fields,
            resolution_date=today(),
            decision="register",
            plan_due=today() - timedelta(days=1),
        )
    with pytest.raises(MeetingError, match="Укажите номер"):
        register_services.record_resolution(
            **(fields | {"number": ""}), resolution_date=today(), decision="register"
        )


def test_removal_keeps_the_entry_with_its_date_and_reason(case: Case, curator: User) -> None:
    register_services.register_family(
        case=case, registered_on=today() - timedelta(days=100), by=curator
    )
    with pytest.raises(MeetingError, match="раньше постановки на учёт"):
        register_services.remove_from_register(
            case=case, removed_on=today() - timedelta(days=200), reason="improved", by=curator
        )
    with pytest.raises(MeetingError, match="опишите её"):
        register_services.remove_from_register(
            case=case, removed_on=today(), reason="other", by=curator
        )
    entry = register_services.remove_from_register(
        case=case, removed_on=today(), reason="improved", by=curator
    )
    assert not register.is_on_register(case)
    assert entry.get_removal_reason_display() == "в связи с исправлением ситуации в семье"
    event = TimelineEvent.objects.get(kind="register.removed")
    assert describe(event) == (
        f"Семья снята с учёта {today():%d.%m.%Y} в связи с исправлением ситуации в семье"
    )
    with pytest.raises(MeetingError, match="не состоит на учёте"):
        register_services.remove_from_register(
            case=case, removed_on=today(), reason="improved", by=curator
        )
    # and it may be registered again later: a new entry, the old one stays
    register_services.register_family(case=case, registered_on=today(), by=curator)
    assert RegisterEntry.objects.count() == 2


def test_a_removal_resolution_removes_with_its_reason(case: Case, curator: User) -> None:
    register_services.register_family(
        case=case, registered_on=today() - timedelta(days=10), by=curator
    )
    fields = {"case": case, "by": curator, "commission": "КДНиЗП", "resolution_date": today()}
    with pytest.raises(MeetingError, match="причину снятия"):
        register_services.record_resolution(**fields, number="9", decision="remove")
    resolution = register_services.record_resolution(
        **fields, number="9", decision="remove", removal_reason="deprivation"
    )
    entry = RegisterEntry.objects.get()
    assert entry.removal_reason == "deprivation"
    assert entry.removal_resolution_id == resolution.pk


def test_period_queries_for_the_report(case: Case, curator: User) -> None:
    start = today() - timedelta(days=60)
    register_services.register_family(
        case=case, registered_on=today() - timedelta(days=90), by=curator
    )
    register_services.remove_from_register(
        case=case, removed_on=today() - timedelta(days=30), reason="improved", by=curator
    )
    org = case.organisation_id
    assert register.entries_in_period(org, start, today()).count() == 1
    assert register.entries_in_period(org, today() - timedelta(days=20), today()).count() == 0
    removals = register.removals_in_period(org, start, today())
    assert list(removals.values_list("removal_reason", flat=True)) == ["improved"]


def test_working_group_member_needs_an_agency_and_a_name(case: Case, curator: User) -> None:
    with pytest.raises(MeetingError, match="Выберите ведомство"):
        register_services.add_working_group_member(
            case=case, by=curator, agency="army", agency_name="x", person_name="y"
        )
    with pytest.raises(MeetingError, match="Укажите ФИО члена") as error:
        register_services.add_working_group_member(
            case=case, by=curator, agency="health", agency_name="Поликлиника", person_name=""
        )
    assert error.value.field == "person_name"


def test_the_curator_gets_a_task_to_sign_the_minutes_and_signing_completes_it(
    case: Case, curator: User, senior: User
) -> None:
    from kurator.core import workdays
    from kurator.tasks.models import Task

    meeting = consilium(case, senior)
    task = Task.objects.get(key=f"meeting:{meeting.pk}")
    assert (task.user_id, task.kind, task.status) == (curator.pk, "meeting", "open")
    assert task.due_on == meeting.minutes_due == workdays.add_working_days(today(), 1)
    assert task.title == f"Записать и подписать протокол: консилиум, {today():%d.%m.%Y}"
    services.record_minutes(meeting=meeting, minutes="Итог", decisions=[], by=curator)
    services.finalize_minutes(meeting=meeting, by=curator)
    task.refresh_from_db()
    assert task.status == "done"
    amended = services.amend_minutes(meeting=meeting, reason="Опечатка", by=curator)
    assert Task.objects.get(key=f"meeting:{amended.pk}").status == "open"
