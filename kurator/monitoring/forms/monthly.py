"""Forms of the monthly form's pages, with Russian messages: the month to start, the figures
and texts to correct."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from kurator.monitoring.models import MonthlyForm

__all__ = ["MonthChoiceForm", "MonthlyFormEdit", "month_initial"]


TEXT = forms.Textarea(attrs={"rows": 3})


class MonthChoiceForm(forms.Form):
    month = forms.DateField(
        label=_("Месяц"),
        input_formats=["%m.%Y", "%Y-%m", "%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "мм.гггг"}),
        error_messages={
            "required": _("Укажите месяц в формате мм.гггг."),
            "invalid": _("Укажите месяц в формате мм.гггг."),
        },
    )


class MonthlyFormEdit(forms.ModelForm[MonthlyForm]):
    class Meta:
        model = MonthlyForm
        fields = [
            "contacts",
            "home_visits",
            "actions_done",
            "actions_due",
            "meetings",
            "services",
            "summary",
            "difficulties",
            "next_steps",
        ]
        widgets = {"summary": TEXT, "difficulties": TEXT, "next_steps": TEXT}
        error_messages = {
            name: {
                "invalid": _("Введите целое число от 0 до 1000."),
                "min_value": _("Введите целое число от 0 до 1000."),
                "required": _("Введите целое число от 0 до 1000."),
            }
            for name in (
                "contacts",
                "home_visits",
                "actions_done",
                "actions_due",
                "meetings",
                "services",
            )
        }


def month_initial(today: date) -> dict[str, str]:
    return {"month": today.strftime("%m.%Y")}
