"""Scoped reads of a data subject's requests, the same rule as ``kurator.access``: out of scope
is a 404, in scope without the right a 403. Views and the API start from here."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from kurator import access
from kurator.privacy.models import SubjectRequest

__all__ = [
    "SHOW_CHOICES",
    "get_subject_request",
    "subject_requests_shown",
    "subject_requests_visible_to",
]

# The request list's choices (the page's filter, the API's ``show``): unanswered (the
# default), unanswered past the deadline, all.
SHOW_CHOICES = ("open", "overdue", "all")


def subject_requests_visible_to(user: access.AnyUser) -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.filter(person__in=access.persons_visible_to(user))


def get_subject_request(
    user: access.AnyUser, pk: int | str, *, action: str = "people.family:read"
) -> SubjectRequest:
    try:
        request = (
            subject_requests_visible_to(user)
            .select_related("person", "handled_by", "registered_by")
            .get(pk=pk)
        )
    except (SubjectRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("subject request") from exc
    access.require(user, action)
    access.record_read(user, request.person)
    return request


def subject_requests_shown(
    user: access.AnyUser, show: str, *, today: date
) -> QuerySet[SubjectRequest]:
    """The request list of the page and of the API: ``show`` one of ``SHOW_CHOICES``; unanswered
    first, by deadline."""
    requests = subject_requests_visible_to(user).select_related("person", "handled_by")
    if show == "open":
        requests = requests.filter(answered_on__isnull=True)
    elif show == "overdue":
        requests = requests.filter(answered_on__isnull=True, due_on__lt=today)
    return requests.order_by("answered_on", "due_on", "pk")
