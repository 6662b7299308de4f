"""Reports, dashboards and the records only reports use.

A report or dashboard never reads records outside a ``ReportScope``: the programme director
and the quality officer see the organisation (or one of its teams, if they pick it); the team
head and the senior curator see their team only; a caseworker sees her own caseload. Every
indicator query goes through ``ReportScope.filter`` — the one place that turns a scope into a
WHERE clause — so a team head's report can never count another team's families.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from kurator.access.base import (
    AnyUser,
    active_staff,
    has_org_scope,
    has_team_scope,
    record_read,
    require,
)
from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry

M = TypeVar("M", bound=Model)

REPORT_READ = "reports.report:read"
REPORT_EXPORT = "reports.export:run"
APPEAL_WRITE = "reports.appeal:write"
APPEAL_RECORD = "reports.appeal:record"


@dataclass(frozen=True)
class ReportScope:
    """Whose records a report counts: an organisation, optionally one team of it."""

    organisation_id: int
    team_id: int | None
    label: str

    def filter(
        self, queryset: QuerySet[M], *, org: str = "organisation_id", team: str | None = "team_id"
    ) -> QuerySet[M]:
        """``queryset`` narrowed to the scope. ``org``/``team`` name the lookups that lead from
        the model to its organisation and team (e.g. ``team="case__team_id"``); ``team=None``
        for records that have no team (they are then counted only in organisation scope)."""
        queryset = queryset.filter(**{org: self.organisation_id})
        if self.team_id is not None:
            if team is None:
                return queryset.none()
            queryset = queryset.filter(**{team: self.team_id})
        return queryset

    @property
    def is_organisation(self) -> bool:
        return self.team_id is None


def report_scope(user: AnyUser, *, team_id: int | str | None = None) -> ReportScope:
    """The scope of the indicator report and the team/director dashboards for ``user``.

    Organisation-wide roles may narrow it to a team of their organisation (``team_id``; a team
    of another organisation is a 404); team roles always get their own team, whatever is
    asked. Without ``reports.report:read`` it is a 403."""
    require(user, REPORT_READ)
    staff = active_staff(user)
    if staff is None:  # pragma: no cover - require() refuses anonymous users first
        raise Http404
    if has_org_scope(staff):
        if team_id in (None, ""):
            organisation = staff.user.organisation
            name = organisation.name if organisation else ""
            return ReportScope(staff.organisation_id, None, name)
        team = _team_of_organisation(staff.organisation_id, team_id)
        return ReportScope(staff.organisation_id, team.pk, team.name)
    if has_team_scope(staff) and staff.team_id is not None:
        team = Team.objects.get(pk=staff.team_id)
        return ReportScope(staff.organisation_id, team.pk, team.name)
    raise Http404


def _team_of_organisation(organisation_id: int, team_id: int | str | None) -> Team:
    try:
        return Team.objects.get(organisation_id=organisation_id, pk=int(str(team_id)))
    except (Team.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc


def report_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams a user may pick in a report's scope selector (none for team roles)."""
    staff = active_staff(user)
    if staff is None or not staff.has_perm(REPORT_READ) or not has_org_scope(staff):
        return Team.objects.none()
    return Team.objects.filter(organisation_id=staff.organisation_id).order_by("name")


# --- staff norms -------------------------------------------------------------------------------


def norm_specialists_visible_to(user: AnyUser) -> QuerySet[User]:
    """Whose training, supervisions and leave the user may see: herself; her team for the
    team head and senior curator; the organisation's team members for the director and
    quality officer (staff of no team — the director, administrators, supervisors — keep no
    norms here: nobody could enter them)."""
    staff = active_staff(user)
    if staff is None:
        return User.objects.none()
    people = User.objects.filter(organisation_id=staff.organisation_id, is_active=True)
    if has_org_scope(staff) and staff.has_perm(REPORT_READ):
        return people.filter(team__isnull=False)
    if staff.team_id is not None and staff.has_role(RoleCode.TEAM_HEAD, RoleCode.SENIOR_CURATOR):
        return people.filter(Q(team_id=staff.team_id) | Q(pk=staff.user.pk))
    if has_team_scope(staff):
        return people.filter(pk=staff.user.pk)
    return User.objects.none()


def norm_specialists_editable_by(user: AnyUser) -> QuerySet[User]:
    """Whose entries the user may add or correct: her own; her team's for the team head."""
    staff = active_staff(user)
    if staff is None or not has_team_scope(staff):
        return User.objects.none()
    people = User.objects.filter(organisation_id=staff.organisation_id, is_active=True)
    if staff.has_role(RoleCode.TEAM_HEAD):
        return people.filter(Q(team_id=staff.team_id) | Q(pk=staff.user.pk))
    return people.filter(pk=staff.user.pk)


def norm_entries_visible_to(user: AnyUser) -> QuerySet[StaffNormEntry]:
    return StaffNormEntry.objects.filter(specialist__in=norm_specialists_visible_to(user))


# --- appeals and shelter exits -------------------------------------------------------------


def _team_records(user: AnyUser, queryset: QuerySet[M]) -> QuerySet[M]:
    staff = active_staff(user)
    if staff is None or not staff.has_perm(REPORT_READ):
        return queryset.none()
    queryset = queryset.filter(organisation_id=staff.organisation_id)
    if has_org_scope(staff):
        return queryset
    if has_team_scope(staff):
        return queryset.filter(team_id=staff.team_id)
    return queryset.none()


def appeals_visible_to(user: AnyUser) -> QuerySet[Appeal]:
    """Complaints and suggestions: the team's for the team head and senior curator (those
    with no team only in organisation scope), all for the director and quality officer; and
    for whoever registers them without reading reports (the intake operator, a curator
    passing on a family's complaint), the ones she registered herself."""
    staff = active_staff(user)
    if staff is not None and not staff.has_perm(REPORT_READ) and staff.has_perm(APPEAL_RECORD):
        return Appeal.objects.filter(
            organisation_id=staff.organisation_id, recorded_by_id=staff.user.pk
        )
    return _team_records(user, Appeal.objects.all())


def may_see_appeals(user: AnyUser) -> bool:
    """Whether the appeals' pages are hers at all (403 otherwise): she reads reports or
    registers appeals."""
    return bool(user.has_perm(REPORT_READ) or user.has_perm(APPEAL_RECORD))


def shelter_exits_visible_to(user: AnyUser) -> QuerySet[ShelterExit]:
    """Children leaving shelters: the same scope as appeals."""
    return _team_records(user, ShelterExit.objects.all())


def get_norm_entry(user: AnyUser, pk: int | str, *, write: bool = False) -> StaffNormEntry:
    """A training/supervision/leave entry the user sees (else 404); with ``write``, one she
    may correct or delete — her own, or her team's for the team head (else 403)."""
    try:
        entry = norm_entries_visible_to(user).select_related("specialist").get(pk=pk)
    except (StaffNormEntry.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("norm entry") from exc
    if write and not norm_specialists_editable_by(user).filter(pk=entry.specialist_id).exists():
        raise PermissionDenied("reports.norm:write")
    return entry


def get_norm_entry_for_history(user: AnyUser, pk: int | str) -> StaffNormEntry:
    """The norm entry whose change history the user may read: one she sees
    (``get_norm_entry``), or a deleted one whose specialist she still sees — a team head
    expects to find out who deleted an entry of her team and what it said, a specialist what
    became of her own. A deleted entry comes back rebuilt from its last version (its ``pk``
    kept, never saved); anything else is a 404."""
    try:
        return get_norm_entry(user, pk)
    except Http404:
        pass
    try:
        last = (
            StaffNormEntry.history.filter(id=int(str(pk)))
            .order_by("-history_date", "-history_id")
            .first()
        )
    except (ValueError, TypeError, OverflowError) as exc:
        raise Http404("norm entry") from exc
    if (
        last is None
        or last.history_type != "-"
        or not norm_specialists_visible_to(user).filter(pk=last.specialist_id).exists()
    ):
        raise Http404("norm entry")
    entry: StaffNormEntry = last.instance
    return entry


def deleted_norm_entries_visible_to(user: AnyUser) -> QuerySet[Any]:
    """The last versions of deleted norm entries (``StaffNormEntry.history``, type «-») whose
    specialists the user sees: the entries she could read before they were deleted."""
    versions: QuerySet[Any] = StaffNormEntry.history.filter(
        history_type="-", specialist__in=norm_specialists_visible_to(user)
    )
    return versions


def get_norm_specialist(user: AnyUser, pk: int | str, *, write: bool = False) -> User:
    """A specialist whose norms the user sees (else 404); with ``write``, one whose entries she
    may add (else 403)."""
    try:
        specialist = norm_specialists_visible_to(user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("specialist") from exc
    if write and not norm_specialists_editable_by(user).filter(pk=specialist.pk).exists():
        raise PermissionDenied("reports.norm:write")
    return specialist


def get_appeal(user: AnyUser, pk: int | str, *, action: str | None = None) -> Appeal:
    """An appeal in the user's scope (else 404), if her roles allow ``action`` (else 403;
    None: seeing it is enough)."""
    try:
        appeal = (
            appeals_visible_to(user)
            .select_related("team", "case", "recorded_by", "answered_by", "assignee")
            .get(pk=pk)
        )
    except (Appeal.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("appeal") from exc
    if action is not None:
        require(user, action)
    record_read(user, appeal)
    return appeal


def get_shelter_exit(user: AnyUser, pk: int | str) -> ShelterExit:
    """A child's leaving a shelter in the user's scope (else 404), with
    ``reports.report:read`` (else 403)."""
    try:
        exit_ = shelter_exits_visible_to(user).select_related("team").get(pk=pk)
    except (ShelterExit.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("shelter exit") from exc
    require(user, REPORT_READ)
    record_read(user, exit_)
    return exit_


__all__ = [
    "APPEAL_RECORD",
    "APPEAL_WRITE",
    "REPORT_EXPORT",
    "REPORT_READ",
    "ReportScope",
    "appeals_visible_to",
    "deleted_norm_entries_visible_to",
    "get_appeal",
    "get_norm_entry",
    "get_norm_entry_for_history",
    "get_norm_specialist",
    "get_shelter_exit",
    "may_see_appeals",
    "norm_entries_visible_to",
    "norm_specialists_editable_by",
    "norm_specialists_visible_to",
    "report_scope",
    "report_teams",
    "shelter_exits_visible_to",
]
