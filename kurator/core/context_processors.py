"""Navigation that fits the user's roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None  # None: every signed-in user
    section: str


NAVIGATION: list[NavItem] = [
    NavItem(_("Мои задачи"), "tasks:mine", None, "tasks"),
    NavItem(_("Сигналы"), "intake:signal_list", "intake.signal:read", "intake"),
    NavItem(_("Горячая линия"), "intake:hotline_shift", "intake.signal:write", "hotline"),
    NavItem(_("Случаи"), "cases:case_list", "cases.case:read", "cases"),
    NavItem(
        _("Мониторинг за месяц"), "monitoring:monthly_summary", "plans.plan:write", "monitoring"
    ),
    NavItem(_("Семьи"), "people:family_list", "people.family:read", "people"),
    NavItem(_("Ресурсная сеть"), "network:agent_list", "network.agent:read", "network"),
    NavItem(_("Направления"), "network:my_referrals", "network.referral:respond", "network"),
    NavItem(_("Отчёты"), "reports:index", "reports.report:read", "reports"),
    NavItem(_("Персональные данные"), "people:destruction_list", "people.privacy:manage", "pd"),
    NavItem(_("Журнал доступа"), "audit:log", "audit.log:read", "audit"),
    NavItem(
        _("Скрипт приёма сигнала"),
        "accounts:intake_scripts",
        "accounts.settings:manage",
        "accounts",
    ),
    NavItem(_("Запросы ролей"), "accounts:role_requests", "accounts.roles:approve", "accounts"),
    NavItem(_("Администрирование"), "admin:index", "accounts.settings:manage", "admin"),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.app_name if request.resolver_match else ""
    items = []
    for item in NAVIGATION:
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # the app that serves it has not been built yet
        items.append({"label": item.label, "url": url, "active": current == item.section})
    return {"nav_items": items}
