"""Seal every TOTP secret again with the first key of ``KURATOR_FIELD_KEY``: run it after
putting a new key first (the old one stays listed until this has run), then drop the old key
(docs/operations.md, «TOTP secrets»)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kurator.accounts import two_factor


class Command(BaseCommand):
    help = "Seal every TOTP secret again with the first key of KURATOR_FIELD_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        changed, unreadable = two_factor.reseal_secrets()
        self.stdout.write(f"TOTP secrets sealed again: {changed}")
        if unreadable:
            users = ", ".join(str(pk) for pk in unreadable)
            self.stderr.write(
                f"No key opens the TOTP secret of users {users}: reset their second factor."
            )
