"""Demo monitoring (see kurator/core/demo.py), on the plans the plans demo built
(``demo.extra["plans"]``, oldest case first):

- the second plan's case: the quarterly review of its 1st quarter, applied — the plan's new
  version drops one unfinished action and adds a new one, then agreed with the family;
- the fourth plan's case: a quarterly review recorded and not yet applied (pending);
- the first two cases: the monthly forms of the last two months, pre-filled from the
  month's records and submitted;
- the oldest case: the annual review with the decision «extend» (next year's reviews become
  tasks).
"""

from __future__ import annotations

from datetime import timedelta

from kurator import access
from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.monitoring.models import Review
from kurator.monitoring.queries import reviews as queries
from kurator.monitoring.services import monthly, reviews
from kurator.people.models import Person
from kurator.plans import services as plans
from kurator.plans.models import Plan, PlanAction


def build(demo: DemoContext) -> None:
    plan_list: list[Plan] = demo.extra.get("plans") or []
    if len(plan_list) < 2:
        return
    cases = [Case.objects.select_related("family", "curator").get(pk=p.case_id) for p in plan_list]
    applied = _quarterly(demo, cases[1], apply=True)
    pending = _quarterly(demo, cases[3], apply=False) if len(cases) > 3 else None
    forms = 0
    for case in cases[:2]:
        forms += _monthly(demo, case)
    annual = reviews.record_annual_review(
        case=cases[0],
        year=1,
        state="Дети ходят в школу, в доме тепло; мама вышла на работу, но долг за свет ещё "
        "не погашен, и без поддержки семья может вернуться к прежнему.",
        decision="extend",
        reason="Не решён вопрос с долгом за электричество; нужна ещё поддержка с жильём.",
        by=cases[0].curator,
    )
    demo.say(
        f"Мониторинг: квартальный обзор применён (случай №{applied.case_id}), "
        + (f"ожидает применения (случай №{pending.case_id}), " if pending else "")
        + f"ежемесячных форм {forms}, ежегодный пересмотр «продлить» "
        f"(случай №{annual.case_id})."
    )


def _quarterly(demo: DemoContext, case: Case, *, apply: bool) -> Review:
    curator = case.curator
    actions = queries.current_actions(case)
    items = []
    not_done = []
    for action in actions:
        if action.status == PlanAction.Status.CANCELLED:
            continue
        done = action.status == PlanAction.Status.DONE
        if not done:
            not_done.append(action)
        items.append(
            reviews.ItemInput(
                action=action,
                done=done,
                reason=""
                if done
                else "Семья начала, но не закончила: мама болела две недели в начале месяца.",
            )
        )
    goals = queries.current_goals(case)
    parent = _parent(case)
    add = []
    if goals and parent is not None:
        add.append(
            plans.ActionDraft(
                text="Сходить с детьми на приём к педиатру и оформить справки для секции",
                goal=goals[0],
                responsible_kind="family",
                responsible_person=parent,
                due_on=demo.today + timedelta(days=21),
            )
        )
    add.append(
        plans.ActionDraft(
            text="Пригласить инспектора ПДН на совместный выход в семью",
            goal_text="Семья знает, куда обратиться за помощью",
            responsible_kind="staff",
            responsible_user=curator,
            due_on=demo.today + timedelta(days=10),
        )
    )
    review = reviews.record_quarterly_review(
        case=case,
        period=1,
        items=items,
        state="Обстановка дома спокойнее: дети накормлены, в школе пропусков меньше. Мама "
        "сама звонит куратору, когда что-то не получается.",
        proposals=reviews.Proposals(
            priorities="Сначала — регулярная школа и здоровье детей, доход — во вторую очередь.",
            drop=not_done[-1:],
            add=add,
            agencies="Школа №12 (социальный педагог), ПДН — профилактическая беседа.",
        ),
        by=curator,
    )
    if apply:
        reviews.apply_review(review=review, by=curator)
        plan = Plan.objects.get(case=case)
        plans.agree_plan_with_family(plan=plan, agreed_on=demo.today, by=curator)
    return review


def _parent(case: Case) -> Person | None:
    members = access.family_members_of_case(case)
    return members.filter(memberships__role="parent").first() or members.first()


def _monthly(demo: DemoContext, case: Case) -> int:
    first_this = demo.today.replace(day=1)
    last_month = (first_this - timedelta(days=1)).replace(day=1)
    before = (last_month - timedelta(days=1)).replace(day=1)
    made = 0
    for month, summary in (
        (before, "Семья привыкает к плану; начали с самого срочного — школа и тепло в доме."),
        (last_month, "Дети ходят в школу без пропусков; мама выполняет свои шаги сама."),
    ):
        if month < queries.opened_on(case).replace(day=1):
            continue
        form = monthly.start_monthly_form(case=case, month=month, by=case.curator)
        monthly.update_monthly_form(
            form=form,
            by=case.curator,
            summary=summary,
            difficulties="Долг за электричество, редкие срывы по утрам.",
            next_steps="Посещение на дому, звонок в школу, проверить справки.",
        )
        monthly.submit_monthly_form(form=form, by=case.curator)
        made += 1
    return made
