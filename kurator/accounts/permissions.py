"""Named permissions with Russian labels, grouped per scope; roles are sets of them.

Object scope (which family, which case) lives in ``kurator.access``; this module only says
what a role may do at all. ``rules`` predicates are registered from this table in
``kurator/accounts/rules.py`` so ``user.has_perm("people.family:write")`` works everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kurator.accounts.roles import RoleCode


@dataclass(frozen=True)
class Permission:
    code: str
    label: str | Promise


PERMISSIONS: dict[str, Permission] = {
    p.code: p
    for p in [
        Permission("people.family:read", _("Просмотр семей и людей")),
        Permission("people.family:write", _("Создание и изменение семей и людей")),
        Permission(
            "people.privacy:manage",
            _("Сроки уничтожения данных, уничтожение и выгрузка данных человека"),
        ),
        Permission("intake.signal:read", _("Просмотр журнала сигналов")),
        Permission("intake.signal:write", _("Приём сигналов")),
        Permission("intake.visit:assign", _("Назначение команды первичного выезда")),
        Permission("intake.visit:report", _("Отчёт о первичном выезде")),
        Permission("intake.decision:decide", _("Решение о взятии в работу")),
        Permission("cases.case:read", _("Просмотр случаев")),
        Permission("cases.case:write", _("Работа со случаем")),
        Permission("cases.case:open", _("Открытие случая и назначение куратора")),
        Permission("cases.case:transfer", _("Передача случая другому куратору")),
        Permission("cases.case:approve", _("Согласование экстренных шагов")),
        Permission("plans.plan:write", _("Работа с планом помощи")),
        Permission("plans.plan:approve", _("Утверждение плана")),
        Permission("network.agent:read", _("Просмотр ресурсной сети")),
        Permission("network.agent:write", _("Ведение ресурсной сети")),
        Permission("network.referral:respond", _("Ответ на направления (агент)")),
        Permission("network.cost:approve", _("Согласование расходов на случай сверх норматива")),
        Permission("reports.report:read", _("Просмотр отчётов и показателей")),
        Permission("reports.export:run", _("Выгрузка отчётов")),
        Permission("reports.appeal:write", _("Учёт жалоб и предложений, ответы на них")),
        Permission("reports.appeal:record", _("Регистрация жалоб и предложений")),
        Permission("audit.log:read", _("Просмотр журнала доступа")),
        Permission("accounts.settings:manage", _("Администрирование: пользователи, нормативы")),
        Permission("accounts.roles:approve", _("Подтверждение ролей с доступом к данным людей")),
    ]
}

_CASEWORK = {
    "people.family:read",
    "people.family:write",
    "intake.signal:read",
    "cases.case:read",
    "cases.case:write",
    "plans.plan:write",
    "network.agent:read",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    RoleCode.INTAKE_OPERATOR: frozenset(
        {
            "people.family:read",
            "people.family:write",
            "intake.signal:read",
            "intake.signal:write",
            "network.agent:read",
            "reports.appeal:record",
        }
    ),
    # A beneficiary's complaint reaches the organisation through her curator.
    RoleCode.CURATOR: frozenset(_CASEWORK | {"intake.visit:report", "reports.appeal:record"}),
    RoleCode.PSYCHOLOGIST: frozenset(_CASEWORK | {"intake.visit:report"}),
    RoleCode.SPECIALIST: frozenset(_CASEWORK),
    RoleCode.SENIOR_CURATOR: frozenset(
        _CASEWORK
        | {
            "intake.signal:write",
            "intake.visit:assign",
            "intake.visit:report",
            "intake.decision:decide",
            "cases.case:open",
            "cases.case:transfer",
            "plans.plan:approve",
            "reports.report:read",
            "reports.appeal:record",
        }
    ),
    RoleCode.TEAM_HEAD: frozenset(
        _CASEWORK
        | {
            "intake.signal:write",
            "intake.visit:assign",
            "intake.decision:decide",
            "cases.case:open",
            "cases.case:transfer",
            "cases.case:approve",
            "plans.plan:approve",
            "network.agent:write",
            "network.cost:approve",
            "reports.report:read",
            "reports.export:run",
            "reports.appeal:write",
            "reports.appeal:record",
            "people.privacy:manage",
        }
    ),
    RoleCode.PROGRAMME_DIRECTOR: frozenset(
        {
            "people.family:read",
            "people.privacy:manage",
            "intake.signal:read",
            "cases.case:read",
            "network.agent:read",
            "network.agent:write",
            "intake.decision:decide",
            "cases.case:approve",
            "reports.report:read",
            "reports.export:run",
            "reports.appeal:write",
            "reports.appeal:record",
            "accounts.roles:approve",
        }
    ),
    RoleCode.OPERATIONS_MANAGER: frozenset(
        {"people.family:read", "cases.case:read", "network.agent:read", "network.agent:write"}
    ),
    RoleCode.SUPERVISOR: frozenset({"cases.case:read"}),
    RoleCode.QUALITY_OFFICER: frozenset(
        {
            "people.family:read",
            "cases.case:read",
            "audit.log:read",
            "reports.report:read",
            "reports.appeal:write",
            "reports.appeal:record",
        }
    ),
    RoleCode.RESOURCE_AGENT: frozenset({"network.referral:respond"}),
    RoleCode.ADMINISTRATOR: frozenset({"accounts.settings:manage", "network.agent:read"}),
}


# Permissions that open nobody's data. A role holding only these is granted by an
# administrator at once; any other role needs a second person, the programme director
# (``kurator.accounts.services.request_role_grant``).
WITHOUT_PEOPLE_DATA = frozenset(
    {
        "accounts.settings:manage",
        "accounts.roles:approve",
        "network.agent:read",
        "network.agent:write",
    }
)


def opens_people_data(role_code: str) -> bool:
    return bool(ROLE_PERMISSIONS.get(role_code, frozenset()) - WITHOUT_PEOPLE_DATA)


def permissions_for_roles(role_codes: frozenset[str] | set[str]) -> frozenset[str]:
    granted: set[str] = set()
    for code in role_codes:
        granted |= ROLE_PERMISSIONS.get(code, frozenset())
    return frozenset(granted)
