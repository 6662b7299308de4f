"""Russian month names for labels and period pickers: one table for every app."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy

MONTH_NAMES = (
    gettext_lazy("январь"),
    gettext_lazy("февраль"),
    gettext_lazy("март"),
    gettext_lazy("апрель"),
    gettext_lazy("май"),
    gettext_lazy("июнь"),
    gettext_lazy("июль"),
    gettext_lazy("август"),
    gettext_lazy("сентябрь"),
    gettext_lazy("октябрь"),
    gettext_lazy("ноябрь"),
    gettext_lazy("декабрь"),
)


def month_name(month: int) -> str:
    """«март» for 3."""
    return str(MONTH_NAMES[month - 1])


def month_label(day: date) -> str:
    """«март 2026» for any day of March 2026."""
    return f"{month_name(day.month)} {day.year}"
