"""Change history of a referral (docs/architecture.md, «How a record shows its change
history»): who moved it from which status to which, when."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kurator.audit.history import ChangeEntry, Source, collect
from kurator.network.models import Referral


def referral_sources() -> list[Source]:
    return [Source(Referral, "id", lambda version: _("Направление"))]


def referral_history(referral: Referral, *, limit: int = 200) -> list[ChangeEntry]:
    """``referral`` comes from ``access.get_referral`` (the curator's side)."""
    return collect(referral_sources(), referral.pk, limit=limit)
