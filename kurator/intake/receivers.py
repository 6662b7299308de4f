"""A new organisation starts with the default selection criteria, however it is created
(the accounts service, the admin, a script)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from kurator.accounts.models import Organisation


@receiver(post_save, sender=Organisation, dispatch_uid="intake_organisation_criteria")
def organisation_saved(
    sender: Any, instance: Organisation, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from kurator.intake.criteria import ensure_default_criteria

        ensure_default_criteria(organisation=instance)
