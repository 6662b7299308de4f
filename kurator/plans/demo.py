"""Demo plans (see kurator/core/demo.py): most open demo cases get an individual plan with the
curator's steps, the family's own steps, a resource agent's and another organisation's; plans
agreed with the family (one of them late), contacts over the last months, one plan revised
into a second version, and one case whose intensity fell below the norm (its warning shows on
the case page and in the list).

The cases demo opens every case today; a plan worked on for months needs an older case, so
this step moves each planned case's opening (and its deadlines) back — the only write not
made through a service, and made before any plan record exists.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core import workdays
from kurator.core.demo import DemoContext
from kurator.network.models import ResourceAgent
from kurator.people.models import Person
from kurator.plans import services
from kurator.plans.models import Plan, PlanAction

# Days since opening, per planned case (cycled). The third is the low-intensity one.
AGES = [120, 95, 70, 60, 45, 35]
LOW_INTENSITY_INDEX = 2

GOALS = [
    (
        "Дети ходят в школу и детский сад каждый день",
        [
            ("staff", "Договориться со школой о продлённой группе для старшего", 10),
            ("family", "Будить детей к 7:00 и провожать до школы", 7),
            ("organisation", "Школа №12: ежемесячно сообщать куратору о пропусках", 30),
        ],
    ),
    (
        "В доме тепло и безопасно",
        [
            ("agent", "Заменить проводку на кухне", 25),
            ("family", "Сложить дрова под навес до холодов", 20),
            ("staff", "Передать семье обогреватель и проверить печь", 14),
        ],
    ),
    (
        "У семьи есть стабильный доход",
        [
            ("family", "Собрать документы на детское пособие", 21),
            ("organisation", "МФЦ: подать заявление на пособие", 35),
            ("agent", "Подобрать маме вакансии рядом с домом", 40),
        ],
    ),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _backdate(case: Case, opened: date) -> Case:
    Case.objects.filter(pk=case.pk).update(
        opened_at=_at(opened),
        folder_due=workdays.case_folder_due(opened),
        plan_due=workdays.plan_due(opened),
    )
    case.refresh_from_db()
    return case


def _parent(case: Case) -> Person | None:
    members = access.family_members_of_case(case)
    return members.filter(memberships__role="parent").first() or members.first()


def build(demo: DemoContext) -> None:
    if demo.organisation is None:
        return
    # Every case still open after the lifecycle demo (reopened ones too), oldest first.
    cases = list(
        Case.objects.filter(organisation=demo.organisation, status=Case.Status.OPEN).order_by("pk")
    )
    planned = cases[:-1] if len(cases) > 2 else cases  # the newest case has no plan yet
    agents = list(ResourceAgent.objects.filter(organisation=demo.organisation, is_active=True))
    plans: list[Plan] = []
    for i, case in enumerate(planned):
        parent = _parent(case)
        if parent is None:
            continue
        age = AGES[i % len(AGES)]
        opened = demo.today - timedelta(days=age)
        case = _backdate(case, opened)
        plan = _build_plan(demo, case, parent, agents, opened, index=i)
        plan.refresh_from_db()
        plans.append(plan)
    demo.extra["plans"] = plans
    demo.say(
        f"Планы: {len(plans)} (случаи "
        + ", ".join(f"№{p.case_id}" for p in plans)
        + "); у одного две версии, у одного низкая интенсивность."
    )


def _responsible(
    kind: str, case: Case, parent: Person, agents: list[ResourceAgent], text: str
) -> dict[str, object]:
    if kind == "staff":
        return {"responsible_kind": "staff", "responsible_user": case.curator}
    if kind == "family":
        return {"responsible_kind": "family", "responsible_person": parent}
    if kind == "agent" and agents:
        return {"responsible_kind": "agent", "responsible_agent": agents[len(text) % len(agents)]}
    owner = text.split(":")[0] if ":" in text else "Управление соцзащиты"
    return {"responsible_kind": "organisation", "responsible_other": owner}


def _build_plan(
    demo: DemoContext,
    case: Case,
    parent: Person,
    agents: list[ResourceAgent],
    opened: date,
    *,
    index: int,
) -> Plan:
    curator: User = case.curator
    plan = services.create_plan(case=case, by=curator)
    goals = GOALS[index % len(GOALS) :] + GOALS[: index % len(GOALS)]
    actions: list[PlanAction] = []
    for text, steps in goals[:2]:
        goal = services.add_goal(plan=plan, text=text, by=curator)
        for kind, step, days in steps:
            actions.append(
                services.add_action(
                    goal=goal,
                    text=step,
                    due_on=opened + timedelta(days=30 + days),
                    by=curator,
                    **_responsible(kind, case, parent, agents, step),  # type: ignore[arg-type]
                )
            )
    # One plan agreed after the 45 days (late); the others in three to five weeks.
    agreed = opened + timedelta(days=50 if index == 1 else 21 + 3 * index)
    agreed = min(agreed, demo.today)
    services.agree_plan_with_family(plan=plan, agreed_on=agreed, by=curator)
    if index == LOW_INTENSITY_INDEX:
        return plan  # agreed, then nothing moved: the intensity warning shows
    _contacts(demo, case, parent, actions, start=agreed)
    if index == 0:
        _revise(demo, plan, case, parent)
    return plan


def _contacts(
    demo: DemoContext, case: Case, parent: Person, actions: list[PlanAction], *, start: date
) -> None:
    """A contact every 9–13 days from the agreement to today, each moving one unfinished
    action (every third completes it)."""
    kinds = ["home_visit", "call", "office", "message"]
    day = start + timedelta(days=3)
    n = 0
    pending = list(actions)
    while day <= demo.today and pending:
        action = pending.pop(0)
        done = n % 3 == 2
        services.record_contact(
            case=case,
            kind="home_visit" if n % 3 == 0 else kinds[n % len(kinds)],
            happened_on=day,
            staff=[case.curator],
            persons=[parent],
            notes="Обсудили, как идут дела по плану; семья настроена работать."
            if n % 2
            else "Посещение на дому: в доме тепло, дети накормлены, в школу ходят.",
            actions=[action],
            done_actions=[action] if done else [],
            by=case.curator,
        )
        if not done:
            services.update_action_status(
                action=action,
                status=PlanAction.Status.IN_PROGRESS,
                result="Начали, продолжаем.",
                by=case.curator,
            )
            pending.append(action)
        n += 1
        day += timedelta(days=9 + demo.rng.randint(0, 4))


def _revise(demo: DemoContext, plan: Plan, case: Case, parent: Person) -> None:
    plan.refresh_from_db()
    version = plan.current_version
    assert version is not None
    drop = [a for a in version.actions.all() if a.status == PlanAction.Status.PLANNED][:1]
    first_goal = version.goals.order_by("position").first()
    services.revise_plan(
        plan=plan,
        reason="Квартальный мониторинг: проводку заменили соседи, вместо этого нужна "
        "консультация логопеда для младшего.",
        drop=drop,
        add=[
            services.ActionDraft(
                text="Записать младшего к логопеду в поликлинике",
                goal=first_goal,
                responsible_kind="family",
                responsible_person=parent,
                due_on=demo.today + timedelta(days=14),
            )
        ],
        by=case.curator,
    )
    services.agree_plan_with_family(plan=plan, agreed_on=demo.today, by=case.curator)
