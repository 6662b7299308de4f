"""``manage.py kurator_restore ARCHIVE --yes``: replace the database and the documents with
those of a backup made by ``kurator_backup`` (verified first). Stop the application first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kurator.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Восстановление из архива kurator_backup: проверяет архив, заменяет базу данных, "
        "возвращает файлы документов и сверяет число записей. Требует --yes."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Архив kurator-backup-….tar.gz")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Подтверждение: текущая база данных будет заменена копией из архива.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        if not options["yes"]:
            raise CommandError(
                f"Восстановление заменит текущую базу данных содержимым {archive}; всё, что "
                "записано после создания копии, пропадёт. Остановите приложение, сделайте "
                "свежую копию (kurator_backup) и повторите команду с --yes."
            )
        try:
            report = restore_backup(archive, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if report.extra_media:
            self.stdout.write(
                f"В папке документов есть файлы, которых нет в копии: {len(report.extra_media)} "
                "(оставлены на месте; на них не ссылается ни одна запись восстановленной базы)."
            )
        if report.pending_migrations:
            self.stdout.write(
                "Копия сделана до части миграций этой версии Kurator "
                f"({len(report.pending_migrations)}): выполните manage.py migrate."
            )
        self.stdout.write(f"Восстановлено из копии от {report.manifest['created_at']}. Готово.")
