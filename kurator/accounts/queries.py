"""Reads of the accounts app for its pages: the role requests a programme director decides."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from kurator import access
from kurator.accounts.models import RoleGrantRequest, User

# Decided requests shown under the pending ones.
DECIDED_SHOWN = 20


def role_requests(*, by: User) -> QuerySet[RoleGrantRequest]:
    """The requests of the director's organisation (``accounts.roles:approve``), pending
    first, then the newest."""
    access.require(by, "accounts.roles:approve")
    pending_first = Case(
        When(status=RoleGrantRequest.Status.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        RoleGrantRequest.objects.filter(organisation_id=access.organisation_id_of(by))
        .select_related("user__team", "requested_by", "decided_by")
        .order_by(pending_first, "-requested_at", "-pk")
    )


def role_request(*, by: User, pk: int) -> RoleGrantRequest:
    """One request of the user's organisation: another organisation's is a 404; for a user
    who does not decide requests, 403."""
    found = (
        RoleGrantRequest.objects.filter(organisation_id=access.organisation_id_of(by), pk=pk)
        .select_related("user__team", "requested_by", "decided_by")
        .first()
    )
    if found is None:
        raise Http404("role request")
    access.require(by, "accounts.roles:approve")
    return found
