"""``manage.py kurator_retention``: destroy what must be destroyed, with a dry run first.

Without flags (or with ``--dry-run``) it only lists: the persons whose families' last case
closed more than ``--years`` ago (default ``KURATOR_RETENTION_YEARS``, 5) with no open case
and no open signal, and the destruction clocks that have run out. ``--apply`` anonymises
them and writes the destruction acts (performed by «система»). Run it nightly from cron or a
systemd timer; the services are ``kurator.privacy.services.retention``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kurator.privacy.services import retention


class Command(BaseCommand):
    help = (
        "Обезличивает людей, чей срок хранения истёк, и завершает сроки уничтожения после "
        "отзыва согласия. Без --apply только показывает, что будет сделано."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Срок хранения после закрытия последнего случая семьи, лет "
            "(по умолчанию KURATOR_RETENTION_YEARS, 5).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Только показать (по умолчанию).")
        mode.add_argument("--apply", action="store_true", help="Обезличить и составить акты.")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"] if options["years"] is not None else retention.retention_years()
        if years < 1:
            raise CommandError("Срок хранения — целое число лет, не меньше 1.")
        today = timezone.localdate()
        candidates = list(retention.retention_candidates(years=years))
        due = list(retention.due_clocks(today).select_related("person").order_by("destroy_by"))
        self.stdout.write(
            f"Срок хранения: {years} лет после закрытия последнего случая семьи. "
            f"Дата: {today:%d.%m.%Y}."
        )
        self.stdout.write(f"Истёк срок хранения: {len(candidates)} чел.")
        for person in candidates:
            closed = person.last_closed_at  # type: ignore[attr-defined]
            self.stdout.write(
                f"  №{person.pk} {person.full_name}, последний случай закрыт "
                f"{timezone.localdate(closed):%d.%m.%Y}"
            )
        self.stdout.write(f"Истёк срок уничтожения после отзыва согласия: {len(due)} чел.")
        for clock in due:
            self.stdout.write(
                f"  №{clock.person_id} {clock.person.full_name}, уничтожить до "
                f"{clock.destroy_by:%d.%m.%Y}"
            )
        if not options["apply"]:
            self.stdout.write(
                "Пробный запуск: ничего не изменено. Для обезличивания добавьте --apply."
            )
            return
        acts = retention.apply_retention(years=years)
        acts += retention.complete_due_destructions(today=today)
        for act in acts:
            self.stdout.write(
                f"Акт №{act.number} от {act.act_date:%d.%m.%Y}: {act.get_reason_display()}, "
                f"обезличено {act.persons_count} чел."
            )
        total = sum(act.persons_count for act in acts)
        self.stdout.write(
            self.style.SUCCESS(f"Готово: обезличено {total} чел., актов: {len(acts)}.")
        )
