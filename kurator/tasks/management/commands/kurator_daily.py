"""``manage.py kurator_daily`` — run once a day (cron, docs/operations.md): brings the review
and monthly-form schedule a day forward and e-mails each user one digest of what is due and
overdue; escalates to the team head what stays overdue (``kurator.tasks.digest``); turns the
consents ending within 30 days into the curators' tasks (``privacy.services.consent_tasks``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kurator.privacy.services.consent_tasks import schedule_expiring
from kurator.tasks import digest, sync


class Command(BaseCommand):
    help = "Ежедневная рассылка: задачи на неделю, на сегодня и просроченные."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="показать, что будет отправлено, не отправляя"
        )
        parser.add_argument("--date", default=None, help="считать сегодняшним днём (ГГГГ-ММ-ДД)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Дата в формате ГГГГ-ММ-ДД, например 2026-11-23.") from exc
        dry_run = options["dry_run"]
        if not dry_run:
            sync.roll_forward(today=today)
            schedule_expiring(today=today)  # consents ending within 30 days
        messages = digest.send_daily(today=today, dry_run=dry_run)
        for message in messages:
            self.stdout.write(("[не отправлено] " if dry_run else "") + digest.describe(message))
        verb = "Будет отправлено" if dry_run else "Отправлено"
        self.stdout.write(f"{verb} писем: {len(messages)}.")
