"""The plan services: the 45-day deadline, drafts and agreement, revision keeping every
version, the difference, contacts, bad input and double submits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.timeline import KINDS
from kurator.network.models import ResourceAgent
from kurator.people.models import Person
from kurator.plans import diff, services
from kurator.plans.errors import PlanError
from kurator.plans.models import Contact, PlanAction
from kurator.plans.tests.factories import make_plan
from kurator.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_plan_due_45_days_after_opening(case: Case) -> None:
    opened = timezone.localdate(case.opened_at)
    assert case.plan_due == opened + timedelta(days=45)


def test_agreeing_records_the_date_and_stops_the_deadline(
    case: Case, curator: User, mother: Person
) -> None:
    today = timezone.localdate()
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=today)
    assert built.plan.agreed_on == today
    assert built.plan.current_version is not None
    assert built.plan.current_version.agreed_with_family_on == today
    event = TimelineEvent.objects.filter(case=case, kind="plan.agreed").get()
    assert event.data["late_days"] == 0
    assert event.data["on_time"] == "в срок"


def test_agreement_after_the_deadline_is_recorded_late(
    case: Case, curator: User, mother: Person
) -> None:
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        opened_at=case.opened_at - timedelta(days=50), plan_due=today - timedelta(days=5)
    )
    case.refresh_from_db()
    make_plan(case=case, curator=curator, mother=mother, agree_on=today)
    event = TimelineEvent.objects.get(case=case, kind="plan.agreed")
    assert event.data["late_days"] == 5
    assert "с опозданием на 5 дн." in event.data["on_time"]


def test_agreed_version_cannot_be_edited_in_place(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    with pytest.raises(PlanError, match="пересмотрите план"):
        services.add_goal(plan=built.plan, text="Ещё цель", by=curator)
    with pytest.raises(PlanError, match="пересмотрите план"):
        services.add_action(
            goal=built.goal,
            text="Ещё шаг",
            responsible_kind="other",
            by=curator,
        )


def test_a_plan_without_actions_cannot_be_agreed(case: Case, curator: User) -> None:
    plan = services.create_plan(case=case, by=curator)
    with pytest.raises(PlanError, match="нет ни одного действия"):
        services.agree_plan_with_family(plan=plan, agreed_on=timezone.localdate(), by=curator)


def test_one_plan_per_case(case: Case, curator: User) -> None:
    services.create_plan(case=case, by=curator)
    with pytest.raises(PlanError, match="уже есть план"):
        services.create_plan(case=case, by=curator)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"responsible_kind": "staff"}, "responsible_user", "Выберите сотрудника"),
        ({"responsible_kind": "family"}, "responsible_person", "Выберите члена семьи"),
        ({"responsible_kind": "agent"}, "responsible_agent", "Выберите агента"),
        ({"responsible_kind": "organisation"}, "responsible_other", "какая организация"),
        ({"responsible_kind": ""}, "responsible_kind", "кто отвечает"),
        (
            {"responsible_kind": "organisation", "responsible_other": "Школа №5", "text": " "},
            "text",
            "Опишите действие",
        ),
    ],
)
def test_bad_action_input_gets_a_clear_message(
    case: Case, curator: User, kwargs: dict[str, str], field: str, message: str
) -> None:
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="Цель", by=curator)
    params = {"text": "Шаг", **kwargs}
    with pytest.raises(PlanError, match=message) as info:
        services.add_action(goal=goal, by=curator, **params)  # type: ignore[arg-type]
    assert info.value.field == field


def test_due_date_before_the_case_opened_is_refused(case: Case, curator: User) -> None:
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="Цель", by=curator)
    before = timezone.localdate(case.opened_at) - timedelta(days=1)
    with pytest.raises(PlanError, match="раньше открытия случая") as info:
        services.add_action(
            goal=goal,
            text="Шаг",
            responsible_kind="organisation",
            responsible_other="Школа №5",
            due_on=before,
            by=curator,
        )
    assert info.value.field == "due_on"


def test_a_person_of_another_family_cannot_be_responsible(
    case: Case, curator: User, senior: User
) -> None:
    from kurator.core.testing import make_family, make_person

    stranger = make_person(by=senior, family=make_family(by=senior, name="Петровы"))
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="Цель", by=curator)
    with pytest.raises(PlanError, match="не из семьи случая"):
        services.add_action(
            goal=goal,
            text="Шаг",
            responsible_kind="family",
            responsible_person=stranger,
            by=curator,
        )


def test_agent_and_other_organisation_can_be_responsible(
    case: Case, curator: User, agent: ResourceAgent
) -> None:
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="Работа для мамы", by=curator)
    by_agent = services.add_action(
        goal=goal,
        text="Подобрать вакансии",
        responsible_kind="agent",
        responsible_agent=agent,
        by=curator,
    )
    by_other = services.add_action(
        goal=goal,
        text="Справка",
        responsible_kind="organisation",
        responsible_other="МФЦ",
        by=curator,
    )
    assert by_agent.responsible_name == "Центр занятости"
    assert by_other.responsible_name == "МФЦ"


def test_revision_keeps_the_old_version_readable_and_unchanged(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    v1 = built.plan.current_version
    assert v1 is not None
    v2 = services.revise_plan(
        plan=built.plan,
        reason="Квартальный мониторинг: школа уже договорилась сама",
        drop=[built.staff_action],
        add=[
            services.ActionDraft(
                text="Записать Олю к логопеду",
                responsible_kind="family",
                responsible_person=mother,
                goal=built.goal,
            ),
            services.ActionDraft(
                text="Оформить пособие",
                responsible_kind="organisation",
                responsible_other="Соцзащита",
                goal_text="Доход семьи",
            ),
        ],
        by=curator,
    )
    assert v2.number == 2
    assert v2.reason.startswith("Квартальный")
    assert not v2.is_agreed
    assert list(v1.actions.values_list("text", flat=True)) == [
        "Договориться со школой о продлённом дне",
        "Будить Олю к 7:00",
    ]
    assert sorted(v2.actions.values_list("text", flat=True)) == [
        "Будить Олю к 7:00",
        "Записать Олю к логопеду",
        "Оформить пособие",
    ]
    built.plan.refresh_from_db()
    assert built.plan.current_version == v2
    # the new draft can be added to, and is agreed again
    goal = v2.goals.get(text="Доход семьи")
    services.add_action(
        goal=goal,
        text="Сходить в МФЦ",
        responsible_kind="family",
        responsible_person=mother,
        by=curator,
    )
    services.agree_plan_with_family(plan=built.plan, agreed_on=timezone.localdate(), by=curator)
    assert v1.actions.count() == 2


def test_revision_needs_a_reason_and_an_agreed_version(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    with pytest.raises(PlanError, match="ещё не согласована"):
        services.revise_plan(plan=built.plan, reason="Причина", by=curator)
    services.agree_plan_with_family(plan=built.plan, agreed_on=timezone.localdate(), by=curator)
    with pytest.raises(PlanError, match="Укажите причину") as info:
        services.revise_plan(plan=built.plan, reason="   ", by=curator)
    assert info.value.field == "reason"


def test_difference_lists_added_removed_and_changed(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    v1 = built.plan.current_version
    assert v1 is not None
    services.update_action_status(
        action=built.family_action, status="done", result="Встаёт сама", by=curator
    )
    v2 = services.revise_plan(
        plan=built.plan,
        reason="Пересмотр",
        drop=[built.staff_action],
        add=[
            services.ActionDraft(
                text="Новый шаг",
                responsible_kind="organisation",
                responsible_other="Школа",
                goal=built.goal,
            )
        ],
        by=curator,
    )
    copied = v2.actions.get(text="Будить Олю к 7:00")
    services.update_action_status(action=copied, status="in_progress", by=curator)
    result = diff.diff_versions(v1, v2)
    assert result.summary == {"added": 1, "removed": 1, "changed": 1}
    rows = {row.change: row for goal in result.goals for row in goal.actions}
    assert rows["removed"].left is not None
    assert rows["removed"].left.text == "Договориться со школой о продлённом дне"
    assert rows["added"].right is not None and rows["added"].right.text == "Новый шаг"
    labels = [f.label for f in rows["changed"].fields]
    assert "статус" in labels


def test_status_change_double_submit_writes_once(case: Case, curator: User, mother: Person) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    for _ in range(2):
        services.update_action_status(
            action=built.staff_action,
            status="done",
            result="Договорились",
            expected_status="planned",
            by=curator,
        )
    assert TimelineEvent.objects.filter(case=case, kind="plan.action_status").count() == 1
    built.staff_action.refresh_from_db()
    assert built.staff_action.status == "done"
    assert built.staff_action.done_on == timezone.localdate()


def test_status_changed_by_someone_else_meanwhile_is_refused(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    services.update_action_status(action=built.staff_action, status="in_progress", by=curator)
    with pytest.raises(PlanError, match="Статус уже изменили"):
        services.update_action_status(
            action=built.staff_action, status="cancelled", expected_status="planned", by=curator
        )


def test_bad_status_is_refused(case: Case, curator: User, mother: Person) -> None:
    built = make_plan(case=case, curator=curator, mother=mother)
    with pytest.raises(PlanError, match="Выберите статус") as info:
        services.update_action_status(action=built.staff_action, status="nonsense", by=curator)
    assert info.value.field == "status"


def test_actions_of_an_old_version_cannot_be_moved(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    services.revise_plan(plan=built.plan, reason="Пересмотр", by=curator)
    with pytest.raises(PlanError, match="прежней версии"):
        services.update_action_status(action=built.staff_action, status="done", by=curator)


def test_contact_records_participants_and_completes_actions(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    contact = services.record_contact(
        case=case,
        kind=Contact.Kind.HOME_VISIT,
        happened_on=timezone.localdate(),
        staff=[curator],
        persons=[mother],
        notes="Дома тепло, Оля в школе.",
        actions=[built.staff_action],
        done_actions=[built.family_action],
        by=curator,
    )
    assert contact.moved_plan
    assert set(contact.actions.all()) == {built.staff_action, built.family_action}
    built.family_action.refresh_from_db()
    assert built.family_action.status == PlanAction.Status.DONE
    assert TimelineEvent.objects.filter(case=case, kind="plan.contact_recorded").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"kind": "pigeon"}, "kind", "Выберите вид контакта"),
        ({"happened_on": "вчера"}, "happened_on", "дд.мм.гггг"),
        ({"persons": []}, "persons", "кто участвовал"),
    ],
)
def test_bad_contact_input_gets_a_clear_message(
    case: Case, curator: User, mother: Person, kwargs: dict[str, object], field: str, message: str
) -> None:
    params: dict[str, object] = {
        "kind": "call",
        "happened_on": timezone.localdate(),
        "persons": [mother],
        **kwargs,
    }
    with pytest.raises(PlanError, match=message) as info:
        services.record_contact(case=case, by=curator, **params)  # type: ignore[arg-type]
    assert info.value.field == field


def test_future_contact_is_refused(case: Case, curator: User, mother: Person) -> None:
    with pytest.raises(PlanError, match="в будущем"):
        services.record_contact(
            case=case,
            kind="call",
            happened_on=timezone.localdate() + timedelta(days=1),
            persons=[mother],
            by=curator,
        )


def test_staff_action_with_a_due_date_becomes_a_task_closed_with_it(
    case: Case, curator: User, mother: Person
) -> None:
    built = make_plan(case=case, curator=curator, mother=mother, agree_on=timezone.localdate())
    task = Task.objects.get(key=f"plan_action:{built.staff_action.pk}")
    assert task.user == curator
    assert task.status == Task.Status.OPEN
    assert not Task.objects.filter(key=f"plan_action:{built.family_action.pk}").exists()
    services.update_action_status(action=built.staff_action, status="done", by=curator)
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_a_director_without_the_plan_right_cannot_write(case: Case, director: User) -> None:
    with pytest.raises(PermissionDenied):
        services.create_plan(case=case, by=director)


def test_every_kind_the_plan_services_emit_has_words() -> None:
    for kind in (
        "plan.created",
        "plan.goal_added",
        "plan.action_added",
        "plan.agreed",
        "plan.approved",
        "plan.revised",
        "plan.action_status",
        "plan.contact_recorded",
    ):
        assert kind in KINDS


def test_only_staff_attached_to_the_case_can_be_responsible(
    case: Case,
    curator: User,
    psychologist: User,
    head: User,
    colleague: User,
    other_team_curator: User,
    director: User,
) -> None:
    """The action becomes the responsible's task: never for someone who cannot open the case."""
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="Цель", by=curator)
    for allowed in (curator, psychologist, head):
        action = services.add_action(
            goal=goal,
            text="Шаг",
            responsible_kind="staff",
            responsible_user=allowed,
            by=curator,
        )
        assert action.responsible_user == allowed
    for outsider in (colleague, other_team_curator, director):
        with pytest.raises(PlanError, match="работает со случаем") as info:
            services.add_action(
                goal=goal,
                text="Секретный шаг",
                responsible_kind="staff",
                responsible_user=outsider,
                by=curator,
            )
        assert info.value.field == "responsible_user"
        assert not Task.objects.filter(user=outsider, title__contains="Секретный").exists()
