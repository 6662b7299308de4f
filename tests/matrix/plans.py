"""The plans' part of the authorization matrix (kurator/plans).

The world's case gets a plan: version 1 with a goal, the curator's action and the mother's
own step, agreed with the family, then revised into version 2 (a draft), and a home visit.
A plan, its versions and actions and a contact are visible exactly to the case's scope (a
supervision share opens none of them). Reading needs ``cases.case:read``; changing
``plans.plan:write``; approving a version ``plans.plan:approve``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kurator.people.models import Person
from kurator.plans import services
from tests.test_access_matrix import CASE_READ, CASE_SCOPE, CURATOR, GP, P, Rule, on

PLAN_WRITE, PLAN_APPROVE = "plans.plan:write", "plans.plan:approve"

VISIBLE: dict[str, frozenset[str]] = {
    "plan_version": CASE_SCOPE,
    "plan_action": CASE_SCOPE,
}

RULES: dict[str, Rule] = {
    "plans:plan": on("case", CASE_READ),
    # The world's case has its plan already: the form sends to it.
    "plans:create": on("case", PLAN_WRITE, GP, ok=302),
    "plans:goal_add": on("case", PLAN_WRITE, GP),
    "plans:action_add": on("case", PLAN_WRITE, GP),
    "plans:agree": on("case", PLAN_WRITE, GP),
    "plans:approve": on("case", PLAN_APPROVE, GP),
    # The current version is a draft: nothing to revise, back to the plan.
    "plans:revise": on("case", PLAN_WRITE, GP, ok=302),
    "plans:diff": on("case", CASE_READ),
    "plans:plan_history": on("case", CASE_READ),
    "plans:export": on("case", CASE_READ),
    "plans:print": on("case", CASE_READ),
    "plans:contact_add": on("case", PLAN_WRITE, GP),
    "plans:version": on("plan_version", CASE_READ),
    "plans:action_status": on("plan_action", PLAN_WRITE, GP),
    "api-case-plan": on("case", CASE_READ, GP, post_perm=PLAN_WRITE),
    "api-plan-versions": on("case", CASE_READ),
    "api-plan-goals": on("case", None, P, post_perm=PLAN_WRITE),
    "api-plan-actions": on("case", CASE_READ, GP, post_perm=PLAN_WRITE),
    "api-plan-agree": on("case", None, P, post_perm=PLAN_WRITE),
    "api-plan-revise": on("case", None, P, post_perm=PLAN_WRITE),
    "api-plan-action-status": on("plan_action", None, P, post_perm=PLAN_WRITE),
    "api-case-contacts": on("case", CASE_READ, GP, post_perm=PLAN_WRITE),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    curator = users[CURATOR]
    case = records["case"]
    mother = Person.objects.get(
        memberships__family=case.family, first_name="Вера", organisation_id=case.organisation_id
    )
    today = timezone.localdate()
    plan = services.create_plan(case=case, by=curator)
    goal = services.add_goal(plan=plan, text="В доме тепло", by=curator)
    services.add_action(
        goal=goal,
        text="Привезти дрова",
        responsible_kind="staff",
        responsible_user=curator,
        due_on=today,
        by=curator,
    )
    services.add_action(
        goal=goal,
        text="Топить печь каждый вечер",
        responsible_kind="family",
        responsible_person=mother,
        by=curator,
    )
    version_1 = services.agree_plan_with_family(plan=plan, agreed_on=today, by=curator)
    version_2 = services.revise_plan(plan=plan, reason="Зима", by=curator)
    action = version_2.actions.order_by("pk").first()
    assert action is not None
    contact = services.record_contact(
        case=case,
        kind="home_visit",
        happened_on=today,
        staff=[curator],
        persons=[mother],
        actions=[action],
        by=curator,
    )
    return {"plan_version": version_1, "plan_action": action, "contact": contact}
