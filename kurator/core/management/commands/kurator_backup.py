"""``manage.py kurator_backup``: one archive with the database, the documents and a manifest.

    manage.py kurator_backup                       # into var/backups/
    manage.py kurator_backup --output /backups --keep 14 --verify
    manage.py kurator_backup --verify /backups/kurator-backup-20250301-020000.tar.gz

See ``kurator.core.backup`` and docs/operations.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kurator.core.backup import BackupError, create_backup, prune_backups, verify_backup

# Given as a bare ``--verify``: verify the archive just written.
_VERIFY_NEW = "__new__"


class Command(BaseCommand):
    help = (
        "Резервная копия: база данных (SQLite — онлайн-API, PostgreSQL — pg_dump), все файлы "
        "документов и manifest.json с контрольными суммами — в одном архиве .tar.gz."
    )
    # A backup must run even when a system check warns (e.g. about the calendar).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Папка для архива (по умолчанию var/backups).",
        )
        parser.add_argument(
            "--verify",
            nargs="?",
            const=_VERIFY_NEW,
            default=None,
            metavar="ARCHIVE",
            help=(
                "Без значения — проверить только что сделанный архив; с путём к архиву — "
                "только проверить его, ничего не копируя."
            ),
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Оставить в папке столько последних архивов, более старые удалить (0 — все).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verify = options["verify"]
        try:
            if verify not in (None, _VERIFY_NEW):
                verify_backup(Path(verify), progress=self._say)
                return
            output = options["output"] or Path(settings.VAR_DIR) / "backups"
            archive = create_backup(output_dir=output, progress=self._say)
            if verify == _VERIFY_NEW:
                verify_backup(archive, progress=self._say)
            if options["keep"] > 0:
                for old in prune_backups(output, keep=options["keep"]):
                    self._say(f"Удалён старый архив: {old}")
        except BackupError as error:
            raise CommandError(str(error)) from error
        self._say("Готово.")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
