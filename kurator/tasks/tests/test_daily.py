"""``manage.py kurator_daily``: one digest per user, never the same reminder twice, inactive
users skipped, escalation to the team head after 5 working days, --dry-run sends nothing."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command

from kurator.accounts.models import User
from kurator.core import workdays
from kurator.tasks.models import SentReminder
from kurator.tasks.services import schedule_task

TODAY = date(2026, 11, 23)  # a Monday


def _task(user: User, key: str, due: date, title: str = "Позвонить в школу Ивановых") -> None:
    schedule_task(key=key, user=user, title=title, due_on=due, kind="plan_action", url="/cases/")


def _daily(*args: str, today: date = TODAY) -> str:
    out = StringIO()
    call_command("kurator_daily", f"--date={today.isoformat()}", *args, stdout=out)
    return out.getvalue()


def test_each_user_gets_one_digest_of_overdue_today_and_this_week(
    curator: User, colleague: User
) -> None:
    _task(curator, "plan_action:1", TODAY - timedelta(days=3))
    _task(curator, "plan_action:2", TODAY)
    _task(curator, "plan_action:3", TODAY + timedelta(days=4))
    _task(curator, "plan_action:4", TODAY + timedelta(days=30))
    _task(colleague, "plan_action:5", TODAY)
    _daily()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([curator.email, colleague.email])
    message = next(m for m in mail.outbox if m.to == [curator.email])
    assert message.subject == "Kurator: просрочено задач — 1"
    body = message.body
    assert "ПРОСРОЧЕНО" in body and "просрочено на 3 дня" in body
    assert body.index("ПРОСРОЧЕНО") < body.index("СЕГОДНЯ") < body.index("НА ЭТОЙ НЕДЕЛЕ")
    assert "Мероприятие плана" in body and "23.11.2026" in body
    assert body.count("Мероприятие плана") == 3  # the one due in a month waits
    html = message.alternatives[0][0]  # type: ignore[index]
    assert "<h3" in html and "просрочено на 3 дня" in html
    # E-mail leaves the system: no family name.
    assert "Ивановых" not in body and "Ивановых" not in html


def test_the_same_reminder_is_never_sent_twice(curator: User) -> None:
    _task(curator, "plan_action:1", TODAY + timedelta(days=2))
    _daily()
    _daily()
    assert len(mail.outbox) == 1
    # On its day it is mentioned once more, then once overdue — and not again.
    _daily(today=TODAY + timedelta(days=2))
    _daily(today=TODAY + timedelta(days=2))
    _daily(today=TODAY + timedelta(days=3))
    _daily(today=TODAY + timedelta(days=4))
    assert [m.subject for m in mail.outbox] == [
        "Kurator: задачи на неделю — 1",
        "Kurator: задачи на сегодня — 1",
        "Kurator: просрочено задач — 1",
    ]
    assert SentReminder.objects.count() == 3


def test_inactive_users_and_users_without_email_get_nothing(curator: User, colleague: User) -> None:
    curator.is_active = False
    curator.save()
    colleague.email = ""
    colleague.save()
    _task(curator, "plan_action:1", TODAY)
    _task(colleague, "plan_action:2", TODAY)
    _daily()
    assert mail.outbox == [] and not SentReminder.objects.exists()


def test_dry_run_prints_and_sends_nothing(curator: User) -> None:
    _task(curator, "plan_action:1", TODAY)
    out = _daily("--dry-run")
    assert curator.email in out and "Будет отправлено писем: 1." in out
    assert mail.outbox == [] and not SentReminder.objects.exists()


def test_what_stays_overdue_past_5_working_days_goes_to_the_team_head_once(
    curator: User, head: User
) -> None:
    due = workdays.add_working_days(TODAY, -6)
    _task(curator, "plan_action:1", due)
    _task(curator, "plan_action:2", workdays.add_working_days(TODAY, -5))
    _daily()
    _daily()
    to_head = [m for m in mail.outbox if m.to == [head.email]]
    assert len(to_head) == 1
    assert to_head[0].subject == "Kurator: в команде долго просрочены задачи — 1"
    assert curator.short_name in to_head[0].body
    assert "больше чем на 5 рабочих дней" in to_head[0].body


def test_a_bad_date_gets_a_clear_message() -> None:
    from django.core.management.base import CommandError

    try:
        call_command("kurator_daily", "--date=23.11.2026", stdout=StringIO())
    except CommandError as error:
        assert "ГГГГ-ММ-ДД" in str(error)
    else:
        raise AssertionError("no error")
