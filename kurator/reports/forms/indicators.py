"""The indicator report's period and scope: a year and a part of it (the whole year, a
quarter, the first half, nine months, a month) or any dates up to a year long, and — for the
organisation-wide roles — one team. The period is always compared with the same period a
year before (``Period.year_before``); the period's rules are ``figures.check_period``."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.accounts.models import Team
from kurator.core.dates import MONTH_NAMES
from kurator.core.http import form_error
from kurator.reports.errors import ReportError
from kurator.reports.figures import FIRST_YEAR, LAST_YEAR, Period, check_period, month_end

PARTS = [
    ("year", gettext_lazy("весь год")),
    ("q1", gettext_lazy("I квартал")),
    ("q2", gettext_lazy("II квартал")),
    ("q3", gettext_lazy("III квартал")),
    ("q4", gettext_lazy("IV квартал")),
    ("h1", gettext_lazy("первое полугодие")),
    ("m9", gettext_lazy("9 месяцев")),
    ("month", gettext_lazy("месяц")),
    ("custom", gettext_lazy("свои даты")),
]
# First and last month of each part of a year.
PART_MONTHS = {
    "year": (1, 12),
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
    "h1": (1, 6),
    "m9": (1, 9),
}


class IndicatorReportForm(forms.Form):
    """GET form of the report page. Everything is optional: without a year it is the current
    one, without a part the whole year."""

    year = forms.IntegerField(
        label=gettext_lazy("Год"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": gettext_lazy("Год — четыре цифры, например 2026."),
            "min_value": gettext_lazy("Год — не раньше %(limit_value)s."),
            "max_value": gettext_lazy("Год — не позже %(limit_value)s."),
        },
    )
    part = forms.ChoiceField(label=gettext_lazy("Часть года"), required=False, choices=PARTS)
    month = forms.TypedChoiceField(
        label=gettext_lazy("Месяц"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((str(n), name) for n, name in enumerate(MONTH_NAMES, start=1))],
    )
    start = forms.DateField(
        label=gettext_lazy("С"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Дата в формате ДД.ММ.ГГГГ.")},
    )
    end = forms.DateField(
        label=gettext_lazy("По"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Дата в формате ДД.ММ.ГГГГ.")},
    )
    team = forms.TypedChoiceField(
        label=gettext_lazy("Команда"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Выберите команду из списка.")},
    )

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team],
        organisation_label: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]  # type: ignore[attr-defined]
        self.fields["end"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]  # type: ignore[attr-defined]
        team_list = list(teams)
        if team_list:
            everyone = organisation_label or _("вся организация")
            self.fields["team"].choices = [  # type: ignore[attr-defined]
                ("", _("Вся организация: %(name)s") % {"name": everyone}),
                *((str(team.pk), team.name) for team in team_list),
            ]
        else:
            del self.fields["team"]
        self.period: Period | None = None

    @property
    def has_team(self) -> bool:
        return "team" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        year = data.get("year") or timezone.localdate().year
        part = data.get("part") or "year"
        try:
            if part == "custom":
                self.period = check_period(data.get("start"), data.get("end"))
            elif part == "month":
                month = data.get("month")
                if month is None:
                    raise ReportError(_("Выберите месяц."), field="month")
                self.period = Period(datetime.date(year, month, 1), month_end(year, month))
            else:
                first, last = PART_MONTHS[part]
                self.period = Period(datetime.date(year, first, 1), month_end(year, last))
        except ReportError as error:
            form_error(self, error)
        return data

    def team_id(self) -> int | None:
        if not self.has_team or not self.is_bound or not self.is_valid():
            return None
        value: int | None = self.cleaned_data.get("team")
        return value

    def chosen_period(self) -> Period | None:
        """The period asked for; the current year for an unbound form; None when invalid."""
        if not self.is_bound:
            return Period.year(timezone.localdate().year)
        return self.period if self.is_valid() else None
