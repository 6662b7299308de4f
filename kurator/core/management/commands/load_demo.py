"""``manage.py load_demo``: build the demo world once (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from kurator.accounts.models import Organisation
from kurator.core.demo import DEMO_LOGINS, DEMO_ORGANISATION, DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Создаёт демонстрационные данные (организацию, команды, пользователей, семьи)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Разрешить загрузку при выключенном режиме отладки (не для рабочей базы!).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet-logins", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Демо-данные загружаются только в режиме отладки (KURATOR_DEBUG=true). "
                "Если это действительно учебная база, добавьте --force."
            )
        if Organisation.objects.filter(name=DEMO_ORGANISATION).exists():
            self.stdout.write("Демо-данные уже загружены.")
        else:
            # The demo's people are invented: the letters their records would send (urgent
            # signals, referrals) go nowhere instead of filling the console.
            quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
            with quiet, transaction.atomic():
                demo = build_demo(today=timezone.localdate(), seed=options["seed"])
            for line in demo.log:
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS("Демо-данные загружены."))
        if not options["quiet_logins"]:
            self.stdout.write(f"\nДемо-входы (пароль у всех: {DEMO_PASSWORD}):")
            for username, who in DEMO_LOGINS:
                self.stdout.write(f"  {username:<14} {who}")
