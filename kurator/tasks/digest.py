"""The daily digest (``manage.py kurator_daily``): one e-mail per user of what is due this week,
today and overdue, and one per team head of what stays overdue past the escalation setting.

Never the same reminder twice: each (task, threshold) sent is a ``SentReminder`` row — a task
is mentioned when it enters the week, again on its day, again once it is overdue, and once to
the team head when it stays overdue more than ``KURATOR_TASK_ESCALATION_WORKDAYS`` working
days (default 5) — a missed consent task (``ESCALATE_WHEN_MISSED``) the day after its due
date. Inactive users and users without an e-mail get nothing (their rows are not
written, so they are reminded once they can receive). A rescheduled or reassigned task
forgets its reminders (``schedule_task``).

Like every Kurator e-mail, a digest names the kind of work, the case or signal number, the
date and the link — never a family's or a person's name: e-mail leaves the system.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.core import workdays
from kurator.tasks.models import SentReminder, Task, TaskKind
from kurator.tasks.queries import WEEK_DAYS, overdue_text

logger = logging.getLogger(__name__)

Threshold = SentReminder.Threshold
DEFAULT_ESCALATION_WORKDAYS = 5
# Kinds the team head hears of the day after they are missed, not N working days later: an
# emergency case still without the legal representative's consent (152-FZ).
ESCALATE_WHEN_MISSED = frozenset({TaskKind.CONSENT})


def escalation_workdays() -> int:
    return int(getattr(settings, "KURATOR_TASK_ESCALATION_WORKDAYS", DEFAULT_ESCALATION_WORKDAYS))


@dataclass(frozen=True)
class Item:
    task: Task
    threshold: str
    today: date

    @property
    def label(self) -> str:
        """What to do, without names: «План помощи — случай №12»."""
        kind = str(self.task.get_kind_display()).capitalize()
        if self.task.case_id:
            return f"{kind} — случай №{self.task.case_id}"
        if self.task.key.startswith(("first_visit", "visit_report", "decision")):
            return f"{kind} — сигнал №{self.task.key.split(':')[1]}"
        return kind

    @property
    def link(self) -> str:
        if not self.task.url:
            return ""
        return f"{getattr(settings, 'KURATOR_BASE_URL', '')}{self.task.url}"

    @property
    def overdue(self) -> str:
        days = self.task.overdue_days(self.today)
        return overdue_text(days) if days else ""


@dataclass
class Message:
    user: User
    kind: str  # "digest" or "escalation"
    items: list[Item] = field(default_factory=list)

    def by_threshold(self, threshold: str) -> list[Item]:
        return [i for i in self.items if i.threshold == threshold]


def _threshold(task: Task, today: date) -> str:
    if task.due_on < today:
        return Threshold.OVERDUE
    if task.due_on == today:
        return Threshold.TODAY
    return Threshold.WEEK


def _receives(user: User) -> bool:
    return user.is_active and bool(user.email)


def collect(today: date) -> list[Message]:
    """What each user would be sent today (nothing is written)."""
    horizon = today + timedelta(days=WEEK_DAYS)
    tasks = (
        Task.objects.filter(status=Task.Status.OPEN, due_on__lte=horizon)
        .select_related("user")
        .order_by("due_on", "pk")
    )
    sent = set(
        SentReminder.objects.filter(
            task__status=Task.Status.OPEN, task__due_on__lte=horizon
        ).values_list("task_id", "threshold")
    )
    digests: dict[int, Message] = {}
    for task in tasks:
        if not _receives(task.user):
            continue
        threshold = _threshold(task, today)
        if (task.pk, threshold) in sent:
            continue
        message = digests.setdefault(task.user_id, Message(user=task.user, kind="digest"))
        message.items.append(Item(task=task, threshold=threshold, today=today))
    # Escalation: overdue by more than N working days, to the heads of the task's team.
    cutoff = workdays.add_working_days(today, -escalation_workdays())
    late = (
        Task.objects.filter(status=Task.Status.OPEN, team__isnull=False)
        .filter(Q(due_on__lt=cutoff) | Q(kind__in=ESCALATE_WHEN_MISSED, due_on__lt=today))
        .exclude(reminders__threshold=Threshold.ESCALATED)
        .select_related("user")
        .order_by("due_on", "pk")
    )
    late_by_team: dict[int, list[Task]] = defaultdict(list)
    for task in late:
        assert task.team_id is not None
        late_by_team[task.team_id].append(task)
    heads_by_team: dict[int, list[User]] = defaultdict(list)
    for head in User.objects.filter(
        team_id__in=list(late_by_team), is_active=True, roles__code=RoleCode.TEAM_HEAD
    ).distinct():
        assert head.team_id is not None
        heads_by_team[head.team_id].append(head)
    escalations: dict[int, Message] = {}
    for team_id, team_tasks in late_by_team.items():
        for head in heads_by_team.get(team_id, []):
            if not _receives(head):
                continue
            message = escalations.setdefault(head.pk, Message(user=head, kind="escalation"))
            message.items.extend(
                Item(task=t, threshold=Threshold.ESCALATED, today=today)
                for t in team_tasks
                if t.user_id != head.pk
            )
    return list(digests.values()) + [m for m in escalations.values() if m.items]


def _render(message: Message, today: date) -> EmailMultiAlternatives:
    context = {
        "user": message.user,
        "today": today,
        "overdue": message.by_threshold(Threshold.OVERDUE),
        "due_today": message.by_threshold(Threshold.TODAY),
        "week": message.by_threshold(Threshold.WEEK),
        "escalated": message.by_threshold(Threshold.ESCALATED),
        "days": escalation_workdays(),
        "home_url": f"{getattr(settings, 'KURATOR_BASE_URL', '')}{reverse('tasks:mine')}",
    }
    template = f"tasks/emails/{message.kind}"
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    email = EmailMultiAlternatives(
        subject, render_to_string(f"{template}.txt", context), None, [message.user.email]
    )
    email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return email


def send_daily(*, today: date, dry_run: bool = False) -> list[Message]:
    """Send each message and record its reminders (a reminder is recorded only once its
    e-mail went out, and a row another run wrote first means it was sent: skip it)."""
    messages = collect(today)
    if dry_run:
        return messages
    done: list[Message] = []
    for message in messages:
        try:
            with transaction.atomic():
                for item in message.items:
                    SentReminder.objects.create(
                        task=item.task, threshold=item.threshold, recipient=message.user
                    )
                _render(message, today).send(fail_silently=False)
        except IntegrityError:
            logger.info("digest for user %s already sent by another run", message.user.pk)
            continue
        except Exception:  # one bad address must not stop the others
            logger.exception("could not send the digest to user %s", message.user.pk)
            continue
        done.append(message)
    return done


def describe(message: Message) -> str:
    """One line per message for ``--dry-run``."""
    counts = {t: len(message.by_threshold(t)) for t in Threshold.values}
    parts = ", ".join(f"{Threshold(t).label}: {n}" for t, n in counts.items() if n)
    what = "письмо руководителю" if message.kind == "escalation" else "дайджест"
    return f"{message.user.email} ({message.user.short_name}), {what} — {parts}"
