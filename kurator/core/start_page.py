"""Where each role starts: the page after sign-in (unless ``next`` names another) and the page
``/`` sends the user to. The rule lives here only; the sign-in view and the root view ask it.

The programme director and the quality officer start on the organisation's dashboard, a team
head on her team's; whoever works on cases — curators, the senior curator, psychologists,
specialists — on «Мои задачи»; the intake operator on the signal journal; the resource agent
on the referrals sent to her; the administrator on the settings (the admin site). A user with
several roles starts where the first of these lines that fits her says; anyone else (a
supervisor, the operations manager) on «Мои задачи»."""

from __future__ import annotations

from django.urls import reverse

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode

R = RoleCode

START_PAGES: list[tuple[frozenset[str], str]] = [
    (frozenset({R.PROGRAMME_DIRECTOR, R.QUALITY_OFFICER}), "reports:director_dashboard"),
    (frozenset({R.TEAM_HEAD}), "reports:team_dashboard"),
    (frozenset({R.CURATOR, R.SENIOR_CURATOR, R.PSYCHOLOGIST, R.SPECIALIST}), "tasks:mine"),
    (frozenset({R.INTAKE_OPERATOR}), "intake:signal_list"),
    (frozenset({R.RESOURCE_AGENT}), "network:my_referrals"),
    (frozenset({R.ADMINISTRATOR}), "admin:index"),
]
DEFAULT_START_PAGE = "tasks:mine"


def start_page_for(user: User) -> str:
    """The path of ``user``'s start page."""
    roles = user.role_codes
    for codes, url_name in START_PAGES:
        if roles & codes:
            return reverse(url_name)
    return reverse(DEFAULT_START_PAGE)
