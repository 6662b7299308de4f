"""«Мои задачи» (tasks:mine): stored tasks, overdue on top and highlighted, soonest first; a team
head's team overdue section; nobody sees another's tasks; a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.tasks.queries import overdue_text
from kurator.tasks.services import schedule_task


def _day(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def _task(user: User, key: str, due: int, title: str, kind: str = "plan_action") -> None:
    schedule_task(key=key, user=user, title=title, due_on=_day(due), kind=kind, url="/cases/")


def _page(client: Client, user: User, **params: str) -> str:
    client.force_login(user)
    response = client.get(reverse("tasks:mine"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_overdue_tasks_come_first_highlighted_then_today_week_and_later(
    client: Client, curator: User
) -> None:
    _task(curator, "t:later", 30, "Задача потом")
    _task(curator, "t:week", 3, "Задача на неделе")
    _task(curator, "t:today", 0, "Задача сегодня")
    _task(curator, "t:late5", -5, "Задача давно просрочена")
    _task(curator, "t:late1", -1, "Задача вчерашняя")
    html = _page(client, curator)
    order = [
        html.index(t)
        for t in (
            "Задача давно просрочена",
            "Задача вчерашняя",
            "Задача сегодня",
            "Задача на неделе",
            "Задача потом",
        )
    ]
    assert order == sorted(order)
    overdue = html[
        html.index('data-testid="tasks-overdue"') : html.index('data-testid="tasks-today"')
    ]
    assert "task-overdue" in overdue and "просрочено на 5 дней" in overdue
    assert "просрочено на 1 день" in overdue
    assert "открытых задач: 5" in html


@pytest.mark.parametrize(
    ("days", "text"),
    [(1, "1 день"), (2, "2 дня"), (5, "5 дней"), (11, "11 дней"), (21, "21 день"), (23, "23 дня")],
)
def test_overdue_days_are_said_in_russian(days: int, text: str) -> None:
    assert overdue_text(days) == f"просрочено на {text}"


def test_the_kind_filter_shows_one_kind(client: Client, curator: User) -> None:
    _task(curator, "t:a", 1, "Позвонить в школу", kind="plan_action")
    _task(curator, "t:b", 1, "Квартальный мониторинг", kind="quarterly_review")
    html = _page(client, curator, kind="quarterly_review")
    assert "Квартальный мониторинг" in html and "Позвонить в школу" not in html
    html = _page(client, curator, kind="nonsense")
    assert "Квартальный мониторинг" in html and "Позвонить в школу" in html


def test_a_user_sees_only_her_own_tasks(
    client: Client, curator: User, colleague: User, outsider: User
) -> None:
    _task(colleague, "t:colleague", -3, "Чужая задача коллеги")
    _task(outsider, "t:outsider", -3, "Задача другой организации")
    for user in (curator, colleague, outsider):
        html = _page(client, user)
        assert ("Чужая задача коллеги" in html) == (user == colleague)
        assert ("Задача другой организации" in html) == (user == outsider)
    assert 'data-testid="team-overdue"' not in _page(client, curator)


def test_a_team_head_sees_her_teams_overdue_tasks_not_other_teams(
    client: Client, head: User, curator: User, other_team_curator: User, outsider: User
) -> None:
    _task(curator, "t:late", -2, "Просрочка куратора")
    _task(curator, "t:soon", 2, "Ещё не срок")
    _task(other_team_curator, "t:other", -2, "Просрочка другой команды")
    _task(outsider, "t:org", -2, "Просрочка чужой организации")
    html = _page(client, head)
    team = html[html.index('data-testid="team-overdue"') :]
    assert "Просрочка куратора" in team and "просрочено на 2 дня" in team
    assert curator.short_name in team
    for hidden in ("Ещё не срок", "Просрочка другой команды", "Просрочка чужой организации"):
        assert hidden not in html
    assert 'data-testid="team-overdue"' not in _page(client, outsider) or (
        "Просрочка куратора" not in _page(client, outsider)
    )


def test_the_page_takes_the_same_queries_for_3_or_40_tasks(
    client: Client, head: User, curator: User, django_assert_max_num_queries: Any
) -> None:
    client.force_login(head)
    url = reverse("tasks:mine")

    def count(**params: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    for n in range(3):
        _task(head, f"t:own{n}", n - 1, f"Своя {n}")
        _task(curator, f"t:team{n}", -1 - n, f"Командная {n}")
        _task(head, f"t:far{n}", 100 + 20 * n, f"Обзор {n}", kind="quarterly_review")
    few, few_all = count(), count(all="1")
    for n in range(3, 40):
        _task(head, f"t:own{n}", n - 10, f"Своя {n}")
        _task(curator, f"t:team{n}", -1 - n, f"Командная {n}")
        _task(head, f"t:far{n}", 100 + 20 * n, f"Обзор {n}", kind="quarterly_review")
    assert (count(), count(all="1")) == (few, few_all)
    with django_assert_max_num_queries(12):
        client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url, {"all": "1"})


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("tasks:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- what is due within 30 days, and the rest on request ------------------------------------


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Today as the test started, whatever the clock says later (no race at midnight)."""
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    return today


def test_only_what_is_due_within_30_days_shows_with_a_link_to_the_rest(
    client: Client, curator: User, pinned_today: date
) -> None:
    _task(curator, "t:late", -3, "Просроченная задача")
    _task(curator, "t:today", 0, "Задача сегодня")
    _task(curator, "t:day30", 30, "Задача через 30 дней")
    _task(curator, "t:day31", 31, "Задача через 31 день")
    _task(curator, "t:2028", 700, "Ежегодный мониторинг через два года", kind="annual_review")
    html = _page(client, curator)
    for shown in ("Просроченная задача", "Задача сегодня", "Задача через 30 дней"):
        assert shown in html
    assert "Задача через 31 день" not in html
    assert "Ежегодный мониторинг через два года" not in html
    horizon = (pinned_today + timedelta(days=30)).strftime("%d.%m.%Y")
    assert f"задачи со сроком до {horizon}" in html
    assert "открытых задач: 5" in html
    link = f'href="{reverse("tasks:mine")}?all=1" data-testid="show-all-tasks">Показать все (5)'
    assert link in html
    everything = _page(client, curator, all="1")
    assert "Задача через 31 день" in everything
    assert "Ежегодный мониторинг через два года" in everything
    assert "Показать все" not in everything
    assert "Только ближайшие 30 дней" in everything


def test_the_link_to_every_task_keeps_the_kind_filter(
    client: Client, curator: User, pinned_today: date
) -> None:
    _task(curator, "t:q1", 5, "Квартальный мониторинг, I квартал", kind="quarterly_review")
    _task(curator, "t:q3", 200, "Квартальный мониторинг, III квартал", kind="quarterly_review")
    _task(curator, "t:call", 200, "Позвонить в школу", kind="plan_action")
    html = _page(client, curator, kind="quarterly_review")
    assert "Показать все (2)" in html
    assert "?kind=quarterly_review&amp;all=1" in html
    html = _page(client, curator, kind="quarterly_review", all="1")
    assert "Квартальный мониторинг, III квартал" in html and "Позвонить в школу" not in html
    assert '<input type="hidden" name="all" value="1">' in html


def test_with_nothing_due_soon_the_page_says_so_and_offers_the_rest(
    client: Client, curator: User, pinned_today: date
) -> None:
    _task(curator, "t:far", 90, "Квартальный мониторинг", kind="quarterly_review")
    html = _page(client, curator)
    assert "В ближайшие 30 дней задач нет." in html
    assert "Квартальный мониторинг" not in html.split('data-testid="task-filters"')[1]
    assert "Показать все (1)" in html
