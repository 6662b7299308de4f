"""Scopes of the individual plan and the contacts with the family.

A plan, its versions, goals and actions, a contact and a register entry hang off a case: they
are visible exactly to those who see the case (``cases_visible_to``). A supervisor's share
opens the case page only, never the plan (its actions name the family). Reading needs
``cases.case:read``; changing ``plans.plan:write``; out of scope is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, record_read, require
from kurator.access.cases import cases_visible_to
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.people.models import Person
from kurator.plans.models import Contact, PlanAction, PlanVersion

__all__ = [
    "family_members_of_case",
    "get_contact",
    "get_plan_action",
    "get_plan_case",
    "get_plan_version",
    "plan_staff_choices",
]


def get_plan_case(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Case:
    """The case whose plan the user opens (404 out of scope; 403 without ``action``)."""
    try:
        case = (
            cases_visible_to(user)
            .select_related("family", "curator", "team", "organisation")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("case") from exc
    require(user, "cases.case:read")
    require(user, action)
    record_read(user, case)
    return case


def get_plan_version(
    user: AnyUser, pk: int | str, *, action: str = "cases.case:read"
) -> PlanVersion:
    """A version of a plan whose case the user sees (else 404)."""
    staff = active_staff(user)
    if staff is None:
        raise Http404("version")
    try:
        version = PlanVersion.objects.select_related("plan__case__family", "created_by").get(
            pk=pk, plan__case__organisation_id=staff.organisation_id
        )
    except (PlanVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("version") from exc
    if not cases_visible_to(user).filter(pk=version.plan.case_id).exists():
        raise Http404("version")
    require(user, action)
    record_read(user, version.plan.case)
    return version


def get_plan_action(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> PlanAction:
    """A plan action of a case the user sees (else 404), if her roles grant ``action``."""
    staff = active_staff(user)
    if staff is None:
        raise Http404("action")
    try:
        plan_action = PlanAction.objects.select_related(
            "version__plan__case", "goal", "responsible_user", "responsible_person"
        ).get(pk=pk, version__plan__case__organisation_id=staff.organisation_id)
    except (PlanAction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("action") from exc
    if not cases_visible_to(user).filter(pk=plan_action.version.plan.case_id).exists():
        raise Http404("action")
    require(user, action)
    record_read(user, plan_action.version.plan.case)
    return plan_action


def get_contact(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Contact:
    staff = active_staff(user)
    if staff is None:
        raise Http404("contact")
    try:
        contact = Contact.objects.select_related("case").get(
            pk=pk, case__organisation_id=staff.organisation_id
        )
    except (Contact.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("contact") from exc
    if not cases_visible_to(user).filter(pk=contact.case_id).exists():
        raise Http404("contact")
    require(user, action)
    record_read(user, contact.case)
    return contact


def family_members_of_case(case: Case) -> QuerySet[Person]:
    """The persons of the case's family (``case`` comes from an access scope)."""
    return Person.objects.filter(
        memberships__family_id=case.family_id, organisation_id=case.organisation_id
    ).order_by("last_name", "first_name", "pk")


def plan_staff_choices(case: Case) -> QuerySet[User]:
    """Staff who may be responsible for the case's plan actions: the people attached to the
    case — its curator, its co-workers, the first-visit specialists — and the senior curator
    and team head of its team. Each of them sees the case, so the task an action makes never
    points someone at a case she cannot open."""
    from kurator.access.cases import CASE_TEAM_ROLES, live_case_members
    from kurator.intake.models import FirstVisit

    attached = Q(pk=case.curator_id) | Q(
        pk__in=live_case_members().filter(case_id=case.pk).values("user_id")
    )
    if case.signal_id is not None:
        visit = FirstVisit.objects.filter(signal_id=case.signal_id)
        attached |= Q(pk__in=visit.values("future_curator_id")) | Q(
            pk__in=visit.values("psychologist_id")
        )
    if case.team_id is not None:
        attached |= Q(team_id=case.team_id, roles__code__in=list(CASE_TEAM_ROLES))
    return (
        User.objects.filter(organisation_id=case.organisation_id, is_active=True)
        .filter(attached)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
