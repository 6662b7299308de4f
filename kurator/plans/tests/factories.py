"""A plan built through the services, as a curator builds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.people.models import Person
from kurator.plans import services
from kurator.plans.models import Goal, Plan, PlanAction


@dataclass
class BuiltPlan:
    plan: Plan
    goal: Goal
    staff_action: PlanAction
    family_action: PlanAction


def make_plan(
    *, case: Case, curator: User, mother: Person, agree_on: date | None = None
) -> BuiltPlan:
    """A plan with one goal, the curator's action and the mother's own step; agreed on
    ``agree_on`` when given."""
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="Ребёнок ходит в школу каждый день", by=curator)
    staff_action = services.add_action(
        goal=goal,
        text="Договориться со школой о продлённом дне",
        responsible_kind="staff",
        responsible_user=curator,
        due_on=timezone.localdate() + timedelta(days=10),
        by=curator,
    )
    family_action = services.add_action(
        goal=goal,
        text="Будить Олю к 7:00",
        responsible_kind="family",
        responsible_person=mother,
        due_on=timezone.localdate() + timedelta(days=7),
        by=curator,
    )
    if agree_on is not None:
        services.agree_plan_with_family(plan=plan, agreed_on=agree_on, by=curator)
    plan.refresh_from_db()
    return BuiltPlan(plan, goal, staff_action, family_action)
