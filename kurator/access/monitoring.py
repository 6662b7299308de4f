"""Scopes of the monitoring records: the case reviews and the monthly forms.

They hang off a case: visible exactly to those who see the case (``cases_visible_to``); a
supervision share opens none of them (they name the family and the plan's actions). Reading
needs ``cases.case:read``; recording, applying and submitting ``plans.plan:write``. Out of
scope is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kurator.access.base import AnyUser, active_staff, has_org_scope, record_read, require
from kurator.access.cases import CASE_TEAM_ROLES, cases_visible_to
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.monitoring.models import MonthlyForm, Review

__all__ = [
    "get_monthly_form",
    "get_review",
    "get_summary_curator",
    "monthly_summary_curators",
]


def get_review(user: AnyUser, pk: int | str, *, action: str = "cases.case:read") -> Review:
    """A review of a case the user sees (else 404), if her roles grant ``action`` (else 403)."""
    staff = active_staff(user)
    if staff is None:
        raise Http404("review")
    try:
        review = Review.objects.select_related("case__family", "case__curator").get(
            pk=pk, case__organisation_id=staff.organisation_id
        )
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("review") from exc
    if not cases_visible_to(user).filter(pk=review.case_id).exists():
        raise Http404("review")
    require(user, "cases.case:read")
    require(user, action)
    record_read(user, review.case)
    return review


def get_monthly_form(
    user: AnyUser, pk: int | str, *, action: str = "cases.case:read"
) -> MonthlyForm:
    staff = active_staff(user)
    if staff is None:
        raise Http404("monthly form")
    try:
        form = MonthlyForm.objects.select_related("case__family", "author", "submitted_by").get(
            pk=pk, case__organisation_id=staff.organisation_id
        )
    except (MonthlyForm.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("monthly form") from exc
    if not cases_visible_to(user).filter(pk=form.case_id).exists():
        raise Http404("monthly form")
    require(user, "cases.case:read")
    require(user, action)
    record_read(user, form.case)
    return form


# --- the monthly general monitoring summary (per worker per month) ----------------------------


def monthly_summary_curators(user: AnyUser) -> QuerySet[User]:
    """Whose monthly summary the user may open besides her own: the team head and the senior
    curator — the people of their team; the programme director and the quality officer —
    every curator of the organisation. Everyone else — only herself."""
    staff = active_staff(user)
    if staff is None or not staff.has_perm("cases.case:read"):
        return User.objects.none()
    people = User.objects.filter(organisation_id=staff.organisation_id, is_active=True)
    me = Q(pk=staff.user.pk)
    if has_org_scope(staff) and staff.has_perm("reports.report:read"):
        curators = Case.objects.filter(organisation_id=staff.organisation_id).values("curator_id")
        return people.filter(Q(pk__in=curators) | me)
    if staff.team_id is not None and staff.has_role(*CASE_TEAM_ROLES):
        return people.filter(Q(team_id=staff.team_id) | me)
    return people.filter(me)


def get_summary_curator(user: AnyUser, pk: int | str | None) -> User:
    """The worker whose summary is asked for (herself when ``pk`` is empty); 404 for anyone
    the user may not pick, 403 without ``cases.case:read``."""
    require(user, "cases.case:read")
    staff = active_staff(user)
    if staff is None:  # pragma: no cover - require() refuses first
        raise Http404("curator")
    if pk in (None, ""):
        return staff.user
    try:
        return monthly_summary_curators(user).get(pk=int(str(pk)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("curator") from exc
