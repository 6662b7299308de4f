"""Who else sees a case: supervisors it is shared with, and co-workers attached to it.

The scopes: a supervisor sees the cases shared with her for supervision, with surnames
hidden; a curator sees the cases she is attached to (first-visit team, psychologist,
co-worker). Both are widened only here, by the case's curator or the team's head, and both
leave a row in the case's history. Revoking a share or removing a co-worker
keeps the row with who and when; what a share opens is ``access.cases_shared_for_supervision``,
what a co-worker sees is ``access.cases_visible_to``.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.errors import CaseError
from kurator.cases.models import Case, CaseMember, CaseSupervisionShare
from kurator.cases.timeline import record
from kurator.privacy.queries.coverage import supervision_refusal

__all__ = [
    "CO_WORKER_ROLES",
    "add_case_member",
    "may_manage_members",
    "may_share_for_supervision",
    "remove_case_member",
    "revoke_supervision_share",
    "share_case_for_supervision",
]

# Who may be attached to a case as a co-worker: the staff who work on cases.
CO_WORKER_ROLES = tuple(sorted(access.CASE_WORKER_ROLES))


def _name(user: User) -> str:
    return user.full_name or user.username


def _same_team_lead(user: User, case: Case, *roles: str) -> bool:
    return user.team_id is not None and user.team_id == case.team_id and user.has_role(*roles)


def may_share_for_supervision(user: User, case: Case) -> bool:
    """The case's curator and the head of its team open it to a supervisor."""
    if not user.has_perm("cases.case:write"):
        return False
    if user.organisation_id != case.organisation_id:
        return False
    if user.pk == case.curator_id:
        return True
    return _same_team_lead(user, case, RoleCode.TEAM_HEAD)


def may_manage_members(user: User, case: Case) -> bool:
    """The case's curator, the senior curator and the team head attach co-workers."""
    if not user.has_perm("cases.case:write"):
        return False
    if user.organisation_id != case.organisation_id:
        return False
    if user.pk == case.curator_id:
        return True
    return _same_team_lead(user, case, RoleCode.SENIOR_CURATOR, RoleCode.TEAM_HEAD)


def _until_words(until: date | None) -> str:
    if until is None:
        return _("без срока")
    return _("до %(date)s") % {"date": f"{until:%d.%m.%Y}"}


# --- supervision -----------------------------------------------------------------------------


def share_case_for_supervision(
    *, case: Case, supervisor: User, by: User, until: date | None = None
) -> CaseSupervisionShare:
    """Open the case to a supervisor of the organisation, read-only and with surnames hidden,
    until the given day inclusive (or until revoked). Needs a live supervision consent from
    the family's legal representative (``privacy.queries.coverage.supervision_refusal``).

    A share that has run out (``until`` passed) is closed here and a new one opened; a live
    one is refused. If you add a step here, add its undo to ``revoke_supervision_share``."""
    access.require(by, "cases.case:write")
    if not may_share_for_supervision(by, case):
        raise CaseError(
            _("Открыть случай супервизору может куратор случая или руководитель команды.")
        )
    if not supervisor.is_active:
        raise CaseError(_("Этот сотрудник больше не работает в системе."), field="supervisor")
    if supervisor.organisation_id != case.organisation_id:
        raise CaseError(_("Супервизор не найден."), field="supervisor")
    if not supervisor.has_role(RoleCode.SUPERVISOR):
        raise CaseError(_("У этого сотрудника нет роли супервизора."), field="supervisor")
    today = timezone.localdate()
    if until is not None and until < today:
        raise CaseError(_("Дата окончания доступа уже прошла."), field="until")
    # 152-FZ: an outside supervisor sees the case only with the family's consent to it.
    missing_consent = supervision_refusal(case.family_id, on=today)
    if missing_consent is not None:
        raise CaseError(missing_consent, field="consent")
    now = timezone.now()
    with transaction.atomic():
        current = (
            CaseSupervisionShare.objects.select_for_update()
            .filter(case=case, supervisor=supervisor, revoked_at__isnull=True)
            .first()
        )
        if current is not None and (current.until is None or current.until >= today):
            raise CaseError(
                _("Случай уже открыт этому супервизору (%(until)s).")
                % {"until": _until_words(current.until)},
                field="supervisor",
            )
        if current is not None:  # ran out: close it, so the new share is the only live row
            current.revoked_at = now
            current.revoked_by = by
            current.save(update_fields=["revoked_at", "revoked_by"])
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the outer one usable
                share = CaseSupervisionShare.objects.create(
                    case=case, supervisor=supervisor, shared_by=by, until=until
                )
        except IntegrityError as exc:
            raise CaseError(_("Случай уже открыт этому супервизору."), field="supervisor") from exc
        record(
            kind="case.supervision_shared",
            actor=by,
            case=case,
            data={
                "supervisor": _name(supervisor),
                "supervisor_id": supervisor.pk,
                "until": until.isoformat() if until else None,
                "until_words": _until_words(until),
                "share": share.pk,
            },
        )
    return share


def revoke_supervision_share(*, share: CaseSupervisionShare, by: User) -> CaseSupervisionShare:
    """Close a supervisor's access to the case now. Compare-and-set: a double click revokes
    once; the second gets «Доступ уже закрыт»."""
    access.require(by, "cases.case:write")
    case = share.case
    if not may_share_for_supervision(by, case):
        raise CaseError(
            _("Закрыть доступ супервизору может куратор случая или руководитель команды.")
        )
    now = timezone.now()
    with transaction.atomic():
        changed = CaseSupervisionShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=by
        )
        if changed == 0:
            raise CaseError(_("Доступ супервизора уже закрыт."))
        record(
            kind="case.supervision_revoked",
            actor=by,
            case=case,
            data={
                "supervisor": _name(share.supervisor),
                "supervisor_id": share.supervisor_id,
                "share": share.pk,
            },
        )
    share.revoked_at = now
    share.revoked_by = by
    return share


# --- co-workers ------------------------------------------------------------------------------


def add_case_member(*, case: Case, member: User, by: User) -> CaseMember:
    """Attach a specialist of the case's team as a co-worker: she sees the case, its family,
    folder and history as its curator does. If you add a step here, add its undo to
    ``remove_case_member``."""
    access.require(by, "cases.case:write")
    if not may_manage_members(by, case):
        raise CaseError(
            _("Соисполнителей назначает куратор случая, старший куратор или руководитель команды.")
        )
    if not case.accepts_records:
        raise CaseError(_("К закрытому случаю соисполнители не добавляются."))
    if not member.is_active:
        raise CaseError(_("Этот сотрудник больше не работает в системе."), field="member")
    if member.organisation_id != case.organisation_id or member.team_id != case.team_id:
        raise CaseError(_("Соисполнитель должен быть из команды этого случая."), field="member")
    if not member.has_role(*CO_WORKER_ROLES):
        raise CaseError(
            _("Соисполнителем может быть куратор, психолог или специалист."), field="member"
        )
    if member.pk == case.curator_id:
        raise CaseError(_("Это куратор случая."), field="member")
    with transaction.atomic():
        if access.live_case_members().filter(case=case, user=member).exists():
            raise CaseError(_("Этот сотрудник уже работает над случаем."), field="member")
        try:
            with transaction.atomic():
                membership = CaseMember.objects.create(case=case, user=member, added_by=by)
        except IntegrityError as exc:
            raise CaseError(_("Этот сотрудник уже работает над случаем."), field="member") from exc
        record(
            kind="case.member_added",
            actor=by,
            case=case,
            data={"member": _name(member), "member_id": member.pk},
        )
    return membership


def remove_case_member(*, membership: CaseMember, by: User) -> CaseMember:
    """Detach a co-worker; she stops seeing the case unless another rule still shows it."""
    access.require(by, "cases.case:write")
    case = membership.case
    if not may_manage_members(by, case):
        raise CaseError(
            _("Соисполнителей исключает куратор случая, старший куратор или руководитель команды.")
        )
    now = timezone.now()
    with transaction.atomic():
        changed = CaseMember.objects.filter(pk=membership.pk, removed_at__isnull=True).update(
            removed_at=now, removed_by=by
        )
        if changed == 0:
            raise CaseError(_("Сотрудник уже исключён из работы над случаем."))
        record(
            kind="case.member_removed",
            actor=by,
            case=case,
            data={"member": _name(membership.user), "member_id": membership.user_id},
        )
    membership.removed_at = now
    membership.removed_by = by
    return membership
