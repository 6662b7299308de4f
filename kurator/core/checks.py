"""System checks of the production calendar (``manage.py check``)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning
from django.db import DatabaseError
from django.utils import timezone

from kurator.core import workdays


def check_transfer_decrees(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when this year or the next has no decree on transferred days off.

    Every deadline counts working days; without the decree the calendar silently treats the
    transferred days as ordinary ones. The library is consulted first (no database needed);
    the override table only when the library does not know the year.
    """
    this_year = timezone.localdate().year
    missing = []
    for year in (this_year, this_year + 1):
        if workdays.library_has_transfer_decree(year):
            continue
        try:
            if workdays.has_transfer_decree(year):
                continue
        except DatabaseError:
            pass  # no database yet (before migrate): report the year as missing
        missing.append(year)
    return [
        Warning(
            f"The production calendar has no decree on transferred days off for {year}.",
            hint=(
                "Update the 'holidays' package, or enter the decree's days in the admin "
                "(Производственный календарь: переносы)."
            ),
            id="kurator.W001",
        )
        for year in missing
    ]


TAGS = (Tags.compatibility,)
