"""Organisations, teams, users and the organisation's intake scripts are created and changed
only here."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.errors import AccountsError
from kurator.accounts.intake_scripts import default_questions
from kurator.accounts.models import (
    IntakeScript,
    Norms,
    Organisation,
    Role,
    RoleGrantRequest,
    Team,
    User,
)
from kurator.accounts.permissions import opens_people_data
from kurator.accounts.roles import RoleCode
from kurator.audit import events
from kurator.audit.events import user_changes
from kurator.audit.services import record_user_event
from kurator.core.text import CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE
from kurator.intake.models import Signal

INTAKE_SCRIPT_MAX_CHARS = 5000


def create_organisation(
    *, name: str, kind: str = Organisation.Kind.NGO, is_partner: bool = False, address: str = ""
) -> Organisation:
    """An organisation always comes with its norms (the defaults of docs/domain.md, Norms)."""
    name = name.strip()
    if not name:
        raise AccountsError(_("Укажите название организации."), field="name")
    if kind not in Organisation.Kind.values:
        raise AccountsError(_("Неизвестный вид организации."), field="kind")
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name, kind=kind, is_partner=is_partner, address=address
        )
        Norms.objects.create(organisation=organisation)
    return organisation


def create_team(
    *, organisation: Organisation, name: str, office_address: str = "", territory: str = ""
) -> Team:
    name = name.strip()
    if not name:
        raise AccountsError(_("Укажите название команды."), field="name")
    if Team.objects.filter(organisation=organisation, name=name).exists():
        raise AccountsError(_("Команда с таким названием уже есть."), field="name")
    return Team.objects.create(
        organisation=organisation, name=name, office_address=office_address, territory=territory
    )


def _check_roles(roles: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(roles))
    unknown = [c for c in codes if c not in RoleCode.values]
    if unknown:
        raise AccountsError(
            _("Неизвестная роль: %(roles)s.") % {"roles": ", ".join(unknown)}, field="roles"
        )
    # The rows come from migration 0002; recreate any that a database flush removed
    # (transactional tests flush every table), so granting a role never silently fails.
    Role.objects.bulk_create([Role(code=c) for c in codes], ignore_conflicts=True)
    return codes


def create_user(
    *,
    username: str,
    password: str | None,
    organisation: Organisation,
    roles: Iterable[str],
    team: Team | None = None,
    last_name: str = "",
    first_name: str = "",
    middle_name: str = "",
    email: str = "",
    phone: str = "",
    by: User | None = None,
) -> User:
    """``by`` — who creates the account (None: the system, e.g. the demo's set-up); the
    creation and the roles given are logged in the audit log (``kurator.audit.events``).
    An administrator gives a role that opens people's data through ``request_role_grant``."""
    codes = _check_roles(roles)
    _refuse_direct_grant(before=frozenset(), codes=codes, by=by)
    if team is not None and team.organisation_id != organisation.pk:
        raise AccountsError(_("Команда должна быть из той же организации."), field="team")
    if User.objects.filter(username=username).exists():
        raise AccountsError(_("Такое имя пользователя уже занято."), field="username")
    with transaction.atomic(), user_changes(actor=by):
        user = User(
            username=username,
            organisation=organisation,
            team=team,
            last_name=last_name,
            first_name=first_name,
            middle_name=middle_name,
            email=email,
            phone=phone,
            is_staff=RoleCode.ADMINISTRATOR in codes,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.roles.set(Role.objects.filter(code__in=codes))
    return user


def set_user_roles(*, user: User, roles: Iterable[str], by: User | None = None) -> User:
    """The change is logged as one event, old roles → new, with ``by`` as its actor.

    Taking roles away is immediate. Nobody changes her own roles, and an administrator gives
    a role that opens people's data only through ``request_role_grant`` (the director
    approves); the system (``by`` None) and a superuser give it at once."""
    codes = _check_roles(roles)
    if by is not None:
        access.require(by, "accounts.settings:manage")
        before = frozenset(user.roles.values_list("code", flat=True))
        if user.pk == by.pk and before != frozenset(codes):
            raise AccountsError(
                _("Свои роли не меняют: это делает другой администратор."), field="roles"
            )
        _refuse_direct_grant(before=before, codes=codes, by=by)
    with transaction.atomic(), user_changes(actor=by):
        user.roles.set(Role.objects.filter(code__in=codes))
        user.is_staff = RoleCode.ADMINISTRATOR in codes or user.is_superuser
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_codes", None)
    return user


def _refuse_direct_grant(*, before: frozenset[str], codes: Iterable[str], by: User | None) -> None:
    if by is None or by.is_superuser:
        return
    added = [c for c in codes if c not in before and opens_people_data(c)]
    if added:
        raise AccountsError(
            _(
                "Роль «%(role)s» открывает данные людей: запросите её, и она появится, когда "
                "запрос подтвердит руководитель программы."
            )
            % {"role": RoleCode(added[0]).label},
            field="roles",
        )


# --- roles that open people's data: asked for by one person, approved by another ------------

REASON_MAX_CHARS = 500


def request_role_grant(*, user: User, role: str, by: User) -> RoleGrantRequest:
    """An administrator asks for a role that opens people's data for a colleague of her
    organisation; the role is given when the programme director approves
    (``approve_role_grant``). Logged in the audit log."""
    access.require(by, "accounts.settings:manage")
    if not by.is_superuser and user.organisation_id != access.organisation_id_of(by):
        raise AccountsError(_("Пользователь из другой организации."), field="user")
    if user.pk == by.pk:
        raise AccountsError(
            _("Роль себе не запрашивают: это делает другой администратор."), field="role"
        )
    if role not in RoleCode.values:
        raise AccountsError(_("Неизвестная роль."), field="role")
    if not opens_people_data(role):
        raise AccountsError(
            _("Эта роль не открывает данных людей: её назначают сразу, без запроса."),
            field="role",
        )
    if user.organisation_id is None or not user.is_active:
        raise AccountsError(
            _("Учётная запись отключена или без организации: роль запросить нельзя."),
            field="user",
        )
    if user.roles.filter(code=role).exists():
        raise AccountsError(_("У пользователя уже есть эта роль."), field="role")
    try:
        with transaction.atomic():
            grant = RoleGrantRequest.objects.create(
                organisation_id=user.organisation_id,
                user=user,
                role=role,
                requested_by=by,
                requested_at=timezone.now(),
            )
            record_user_event(kind=events.ROLE_REQUESTED, target=user, actor=by, new=[role])
    except IntegrityError:
        raise AccountsError(
            _("Эта роль уже запрошена и ждёт решения руководителя программы."), field="role"
        ) from None
    return grant


def _decide(grant: RoleGrantRequest, by: User) -> RoleGrantRequest:
    """The request locked for the decision, once the decider is checked."""
    access.require(by, "accounts.roles:approve")
    if grant.organisation_id != access.organisation_id_of(by):
        raise AccountsError(_("Запрос другой организации."), field="request")
    if grant.user_id == by.pk:
        raise AccountsError(_("О своей роли решает другой человек, не вы."), field="request")
    locked = RoleGrantRequest.objects.select_for_update().select_related("user").get(pk=grant.pk)
    if locked.status != RoleGrantRequest.Status.PENDING:
        raise AccountsError(
            _("Запрос уже рассмотрен: %(status)s.") % {"status": locked.get_status_display()},
            field="request",
        )
    return locked


def approve_role_grant(*, request: RoleGrantRequest, by: User) -> RoleGrantRequest:
    """The programme director — a second person, not the one who asked — gives the role."""
    with transaction.atomic():
        grant = _decide(request, by)
        if grant.requested_by_id == by.pk:
            raise AccountsError(
                _("Запрос подтверждает другой человек, не тот, кто его сделал."),
                field="request",
            )
        user = grant.user
        if not user.is_active:
            raise AccountsError(_("Учётная запись отключена: роль не назначена."), field="request")
        _check_roles([grant.role])
        with user_changes(actor=by):
            user.roles.add(Role.objects.get(code=grant.role))
        grant.status = RoleGrantRequest.Status.APPROVED
        grant.decided_by = by
        grant.decided_at = timezone.now()
        grant.save(update_fields=["status", "decided_by", "decided_at"])
        record_user_event(
            kind=events.ROLE_REQUEST_APPROVED, target=user, actor=by, new=[grant.role]
        )
    user.__dict__.pop("_role_codes", None)
    return grant


def reject_role_grant(*, request: RoleGrantRequest, by: User, reason: str = "") -> RoleGrantRequest:
    """The programme director refuses the role; the user's roles stay as they are."""
    if CONTROL_CHARACTERS.search(reason or ""):
        raise AccountsError(str(CONTROL_CHARACTERS_MESSAGE), field="reason")
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_MAX_CHARS:
        raise AccountsError(
            _("Причина длиннее %(n)s символов: сократите её.") % {"n": REASON_MAX_CHARS},
            field="reason",
        )
    with transaction.atomic():
        grant = _decide(request, by)
        grant.status = RoleGrantRequest.Status.REJECTED
        grant.decided_by = by
        grant.decided_at = timezone.now()
        grant.reason = reason
        grant.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        record_user_event(
            kind=events.ROLE_REQUEST_REJECTED,
            target=grant.user,
            actor=by,
            new=[grant.role],
            reason=reason,
        )
    return grant


def save_intake_script(*, channel: str, questions: str, by: User) -> IntakeScript:
    """Write the questions of the actor's organisation for signals of ``channel``
    (``accounts.settings:manage``); the intake page shows them from then on."""
    access.require(by, "accounts.settings:manage")
    organisation_id = access.organisation_id_of(by)
    if channel not in Signal.Channel.values:
        raise AccountsError(_("Неизвестный канал сигнала."), field="channel")
    return _write_intake_script(
        organisation_id=organisation_id, channel=channel, questions=questions, by=by
    )


def create_default_intake_scripts(
    *, organisation: Organisation, by: User | None = None
) -> list[IntakeScript]:
    """Give the organisation Kurator's default questions for every channel it has none for
    (its set-up and the demo's); channels it already wrote stay as they are."""
    written = set(
        IntakeScript.objects.filter(organisation=organisation).values_list("channel", flat=True)
    )
    return [
        _write_intake_script(
            organisation_id=organisation.pk,
            channel=channel,
            questions=default_questions(channel),
            by=by,
        )
        for channel in Signal.Channel.values
        if channel not in written
    ]


def _write_intake_script(
    *, organisation_id: int, channel: str, questions: str, by: User | None
) -> IntakeScript:
    """Checks the text; assumes the channel and the actor's right were checked."""
    raw = questions or ""
    # Checked before the lines are split: ``str.splitlines`` would take some of them for ends
    # of lines and hide them.
    if CONTROL_CHARACTERS.search(raw):
        raise AccountsError(
            _("В тексте есть невидимые управляющие символы: удалите их и введите текст заново."),
            field="questions",
        )
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    text = "\n".join(line.rstrip() for line in lines)
    if not text:
        raise AccountsError(_("Напишите хотя бы один вопрос."), field="questions")
    if len(text) > INTAKE_SCRIPT_MAX_CHARS:
        raise AccountsError(
            _("Скрипт длиннее %(n)s символов: сократите его.") % {"n": INTAKE_SCRIPT_MAX_CHARS},
            field="questions",
        )
    with transaction.atomic():
        script, _created = IntakeScript.objects.select_for_update().update_or_create(
            organisation_id=organisation_id,
            channel=channel,
            defaults={"questions": text, "updated_by": by},
        )
    return script
