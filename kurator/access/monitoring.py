"""Scopes of the monitoring records: the case reviews and the monthly forms.

They hang off a case: visible exactly to those who see the case (``cases_visible_to``); a
supervision share opens none of them (they name the family and the plan's actions). Reading
needs ``cases.case:read``; recording, applying and submitting ``plans.plan:write``. Out of
scope is a 404.
"""

from __future__ import annotations

from django.http import Http404

from kurator.access.base import AnyUser, active_staff, record_read, require
from kurator.access.cases import cases_visible_to
from kurator.monitoring.models import MonthlyForm, Review

__all__ = ["get_monthly_form", "get_review"]


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
