"""Change history of the reports app's own records (docs/architecture.md, «How a record shows its
change history»): a staff norm entry entered, corrected, deleted; a complaint or suggestion
recorded and answered; a child's leaving a shelter recorded — who, when, from what to what.

Each record comes from ``access`` (``get_norm_entry_for_history``, ``get_appeal``,
``get_shelter_exit``): whoever may see it may see how it changed. A deleted norm entry keeps
its versions, and its history stays open to whoever still sees its specialist.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kurator.audit.history import ChangeEntry, Source, collect
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry

LIMIT = 200


def norm_entry_label(entry: Any) -> str:
    """«обучение, повышение квалификации 15.01.2026, 4» — an entry or one of its versions."""
    label = f"{entry.get_kind_display()} {formats.date_format(entry.started_on, 'd.m.Y')}"
    if entry.kind != StaffNormEntry.Kind.SUPERVISION:
        amount = Decimal(entry.amount)
        places = 0 if amount == amount.to_integral_value() else 1
        label += f", {formats.number_format(amount, decimal_pos=places, use_l10n=True)}"
    return label


def norm_entry_sources() -> list[Source]:
    return [
        Source(StaffNormEntry, "id", lambda version: _("Запись «%s»") % norm_entry_label(version))
    ]


def _appeal_name(version: Any) -> str:
    """«Жалоба от 01.02.2026»."""
    return _("%(kind)s от %(day)s") % {
        "kind": str(version.get_kind_display()).capitalize(),
        "day": formats.date_format(version.received_on, "d.m.Y"),
    }


def _shelter_exit_name(version: Any) -> str:
    """«Выбытие из «СРЦН «Радуга»» 10.01.2026»."""
    return _("Выбытие из «%(shelter)s» %(day)s") % {
        "shelter": Truncator(version.shelter).chars(60),
        "day": formats.date_format(version.left_on, "d.m.Y"),
    }


def appeal_sources() -> list[Source]:
    return [Source(Appeal, "id", _appeal_name)]


def shelter_exit_sources() -> list[Source]:
    return [Source(ShelterExit, "id", _shelter_exit_name)]


def norm_entry_history(entry: StaffNormEntry) -> list[ChangeEntry]:
    """``entry`` comes from ``access.get_norm_entry_for_history`` (maybe deleted)."""
    return collect(norm_entry_sources(), entry.pk, limit=LIMIT)


def appeal_history(appeal: Appeal) -> list[ChangeEntry]:
    """``appeal`` comes from ``access.get_appeal``."""
    return collect(appeal_sources(), appeal.pk, limit=LIMIT)


def shelter_exit_history(exit_: ShelterExit) -> list[ChangeEntry]:
    """``exit_`` comes from ``access.get_shelter_exit``."""
    return collect(shelter_exit_sources(), exit_.pk, limit=LIMIT)
