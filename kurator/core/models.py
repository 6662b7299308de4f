"""Shared models. The production-calendar override table lives here (see workdays.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One day of a government decree that the ``holidays`` library does not know yet.

    An override wins over the library for its date: ``is_working_day=False`` makes a day off
    (a transferred holiday), ``True`` makes a working day (a working Saturday). Administrators
    enter them in the admin; ``kurator.core.workdays`` reads them at every computation.
    """

    date = models.DateField(_("дата"), unique=True)
    is_working_day = models.BooleanField(
        _("рабочий день"),
        help_text=_("Отметьте для рабочей субботы; снимите отметку для перенесённого выходного."),
    )
    note = models.CharField(
        _("основание"),
        max_length=300,
        help_text=_("Например: «Постановление Правительства РФ от … № … о переносе выходных»."),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("день производственного календаря")
        verbose_name_plural = _("производственный календарь: переносы")
        ordering = ["-date"]

    def __str__(self) -> str:
        kind = _("рабочий день") if self.is_working_day else _("выходной")
        return f"{self.date:%d.%m.%Y} — {kind}"
