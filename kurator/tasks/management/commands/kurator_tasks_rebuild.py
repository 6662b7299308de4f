"""``manage.py kurator_tasks_rebuild`` — re-derive every lifecycle task from the records
(idempotent; the backfill for data that existed before «Мои задачи», also run by the demo)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kurator.tasks import sync


class Command(BaseCommand):
    help = "Пересобрать задачи по срокам, записанным в сигналах, случаях и обращениях."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, default=None, help="id организации")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = sync.rebuild(organisation_id=options["organisation"])
        self.stdout.write(
            "Задачи пересобраны: сигналов {signals}, случаев {cases}, обращений "
            "{subject_requests}, сроков уничтожения {clocks}.".format(**counts)
        )
