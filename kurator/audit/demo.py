"""Demo of the audit app (see kurator/core/demo.py): the quality officer and a week of reads.

``quality1`` (центр контроля качества, no team) is created by the administrator, who asks
for her role, and the programme director approves it (a role that opens people's data takes
two people), so the «Изменения прав» page shows who created her, who asked for the role and
who gave it. Then the team heads and
curators «open» the demo cases, the family cards and the case list over the past week —
through ``access`` inside ``services.simulated_request``, exactly as a page view is logged —
so the audit viewer and the «Кто смотрел случай» cards are not empty; each morning's case
list keeps the ids of the cases and families it showed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from kurator import access
from kurator.accounts.roles import RoleCode
from kurator.accounts.services import approve_role_grant, create_user, request_role_grant
from kurator.audit.services import simulated_request
from kurator.cases.models import Case
from kurator.core.demo import DEMO_PASSWORD, DemoContext

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "YaBrowser/24.6 Chrome/124.0 Safari/537.36",
]
# Who reads, from which office address: the team heads and curators of both teams.
READERS = [
    ("head1", "10.20.1.11"),
    ("curator1", "10.20.1.21"),
    ("curator2", "10.20.1.22"),
    ("head2", "10.30.1.11"),
    ("curator3", "10.30.1.21"),
]
DAYS = 7


def _moment(demo: DemoContext, days_ago: int, hour: int, minute: int) -> datetime:
    day = demo.today - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def build(demo: DemoContext) -> None:
    if demo.organisation is None:
        return
    admin = demo.users["admin"]
    quality = create_user(
        username="quality1",
        password=DEMO_PASSWORD,
        organisation=demo.organisation,
        roles=[],
        last_name="Никитина",
        first_name="Галина",
        middle_name="Сергеевна",
        email="quality1@demo.kurator.local",
        by=admin,
    )
    asked = request_role_grant(user=quality, role=RoleCode.QUALITY_OFFICER, by=admin)
    approve_role_grant(request=asked, by=demo.users["director"])
    demo.users["quality1"] = quality
    cases: list[Case] = list(demo.extra.get("cases") or [])
    rows = 0
    for n, (username, ip) in enumerate(READERS):
        user = demo.users.get(username)
        if user is None:
            continue
        browser = BROWSERS[n % len(BROWSERS)]
        visible = [c for c in cases if access.cases_visible_to(user).filter(pk=c.pk).exists()]
        for days_ago in range(DAYS, 0, -1):
            # The case list in the morning, then two of the reader's cases and a family card.
            with simulated_request(
                path=reverse("cases:case_list"),
                user=user,
                ip_address=ip,
                user_agent=browser,
                at=_moment(demo, days_ago, 9, 5 + n),
            ):
                access.record_listed(user, visible)  # the row keeps the cases it listed
                rows += 1
            for k, case in enumerate(visible[days_ago % 3 :: 3][:2]):
                with simulated_request(
                    path=reverse("cases:case_detail", args=[case.pk]),
                    user=user,
                    ip_address=ip,
                    user_agent=browser,
                    at=_moment(demo, days_ago, 10 + 2 * k, 10 + 7 * n),
                ):
                    access.get_case(user, case.pk)
                rows += 1
                if k == 0:
                    with simulated_request(
                        path=reverse("people:family_detail", args=[case.family_id]),
                        user=user,
                        ip_address=ip,
                        user_agent=browser,
                        at=_moment(demo, days_ago, 10, 12 + 7 * n),
                    ):
                        access.get_family(user, case.family_id)
                    rows += 1
    demo.say(f"Аудит: специалист контроля качества quality1, записей журнала доступа: {rows}.")
