"""Scopes of the signal journal and of the resource directory that informed refusals use.

Who sees which signal (need-to-know: docs/domain.md, Personal data):

- intake operator, senior curator, team head — the signal journal of their own team: they
  record signals, name first-visit teams and decide;
- a case worker (curator, psychologist, specialist) — the signals she is on the first-visit
  team of, the signal her case was opened from, new signals about the families of her cases,
  and her team's *new* signals that no first-visit team has been named for yet (the pool the
  senior curator is distributing — so the journal still shows what is coming in), unless the
  family of such a signal is already another curator's (``intake_pool_families``). Once the
  senior curator names a team, the signal leaves the journal of everyone else;
- the programme director — every signal of the organisation;
- nobody else (quality officer, operations manager, supervisor, agents, administrators have
  no ``intake.signal:read``); another organisation's signals are invisible to everyone (404).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kurator.access.base import (
    AnyUser,
    Staff,
    active_staff,
    has_org_scope,
    record_read,
    require,
    teams_visible_to,
)
from kurator.access.cases import CASE_WORKER_ROLES, cases_visible_to
from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.intake.models import HotlineCall, Signal
from kurator.network.models import ResourceAgent
from kurator.people.models import Family

__all__ = [
    "SIGNAL_TEAM_ROLES",
    "get_hotline_call",
    "get_signal",
    "hotline_calls_visible_to",
    "hotline_operators_for",
    "intake_pool_families",
    "resource_agents_visible_to",
    "signals_visible_to",
]

# Roles that keep the whole journal of their team.
SIGNAL_TEAM_ROLES = frozenset(
    {RoleCode.INTAKE_OPERATOR, RoleCode.SENIOR_CURATOR, RoleCode.TEAM_HEAD}
)


def intake_pool_families(team_id: int) -> QuerySet[Family]:
    """The team's families nobody works on yet: no case, and no signal past «new» (a family
    just created, or named in a signal still waiting for its first-visit team)."""
    cases = Case.objects.filter(family=OuterRef("pk"))
    taken_signals = Signal.objects.filter(family=OuterRef("pk")).exclude(status=Signal.Status.NEW)
    return Family.objects.filter(team_id=team_id).filter(~Exists(cases), ~Exists(taken_signals))


def _worker_signals(staff: Staff) -> Q:
    """A case worker's signals; one condition per line, so coverage shows every branch."""
    me = staff.user.pk
    my_cases = cases_visible_to(staff.user)
    where = (
        Q(first_visit__future_curator_id=me)
        | Q(first_visit__psychologist_id=me)
        | Q(pk__in=my_cases.filter(signal__isnull=False).values("signal_id"))
        | Q(family_id__in=my_cases.values("family_id"))
    )
    if staff.team_id is not None:
        pool_family = Q(family__isnull=True) | Q(family__in=intake_pool_families(staff.team_id))
        where |= Q(team_id=staff.team_id, status=Signal.Status.NEW) & pool_family
    return where


def signals_visible_to(user: AnyUser) -> QuerySet[Signal]:
    staff = active_staff(user)
    if staff is None:
        return Signal.objects.none()
    if not staff.has_perm("intake.signal:read"):
        return Signal.objects.none()
    signals = Signal.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return signals
    if staff.team_id is not None and staff.has_role(*SIGNAL_TEAM_ROLES):
        return signals.filter(team_id=staff.team_id)
    if staff.has_role(*CASE_WORKER_ROLES):
        return signals.filter(_worker_signals(staff))
    return Signal.objects.none()


def get_signal(user: AnyUser, pk: int | str, *, action: str = "intake.signal:read") -> Signal:
    """The signal if the user may see it (else Http404) and her roles grant ``action``
    (else PermissionDenied)."""
    try:
        signal = (
            signals_visible_to(user)
            .select_related("family", "team", "organisation", "created_by")
            .get(pk=pk)
        )
    except (Signal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("signal") from exc
    require(user, action)
    record_read(user, signal)
    return signal


# --- the hotline journal -------------------------------------------------------------------
# Who called and about what is people's data: the journal is the signal journal's — the team's
# intake operator, senior curator and head see their team's calls, the programme director the
# organisation's; the case workers, who see signals only through their own work, see none.


def hotline_calls_visible_to(user: AnyUser) -> QuerySet[HotlineCall]:
    staff = active_staff(user)
    if staff is None:
        return HotlineCall.objects.none()
    if not staff.has_perm("intake.signal:read"):
        return HotlineCall.objects.none()
    calls = HotlineCall.objects.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return calls
    if staff.team_id is not None and staff.has_role(*SIGNAL_TEAM_ROLES):
        return calls.filter(team_id=staff.team_id)
    return HotlineCall.objects.none()


def hotline_operators_for(user: AnyUser) -> QuerySet[User]:
    """Whom a telephony integration may name as the operator who answered: the active staff of
    the teams the caller sees (``hotline.services.record_call`` checks her role)."""
    return User.objects.filter(team__in=teams_visible_to(user), is_active=True)


def get_hotline_call(
    user: AnyUser, pk: int | str, *, action: str = "intake.signal:read"
) -> HotlineCall:
    """The call if the user may see it (else Http404) and her roles grant ``action`` (else
    PermissionDenied)."""
    try:
        call = (
            hotline_calls_visible_to(user).select_related("team", "operator", "signal").get(pk=pk)
        )
    except (HotlineCall.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("hotline call") from exc
    require(user, action)
    record_read(user, call)
    return call


# --- the resource directory ---------------------------------------------------------------
# The directory informed refusals list; the network app's other scopes are in ``access.network``.


def resource_agents_visible_to(user: AnyUser) -> QuerySet[ResourceAgent]:
    """The organisation's resource directory (all teams share it)."""
    staff = active_staff(user)
    if staff is None:
        return ResourceAgent.objects.none()
    if not staff.has_perm("network.agent:read"):
        return ResourceAgent.objects.none()
    return ResourceAgent.objects.filter(organisation_id=staff.organisation_id)
