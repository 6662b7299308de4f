"""Organisations, teams, users and the organisation's intake scripts are created and changed
only here."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.errors import AccountsError
from kurator.accounts.intake_scripts import default_questions
from kurator.accounts.models import IntakeScript, Norms, Organisation, Role, Team, User
from kurator.accounts.roles import RoleCode
from kurator.audit.events import user_changes
from kurator.core.text import CONTROL_CHARACTERS
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
    creation and the roles given are logged in the audit log (``kurator.audit.events``)."""
    codes = _check_roles(roles)
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
    """The change is logged as one event, old roles → new, with ``by`` as its actor."""
    codes = _check_roles(roles)
    with transaction.atomic(), user_changes(actor=by):
        user.roles.set(Role.objects.filter(code__in=codes))
        user.is_staff = RoleCode.ADMINISTRATOR in codes or user.is_superuser
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_codes", None)
    return user


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
