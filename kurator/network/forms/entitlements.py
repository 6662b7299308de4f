"""Forms of prescribed-versus-delivered control: a state entitlement, the check of a period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.network.models import Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntitlementForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Кому положено"), queryset=Service.objects.none())
    title = forms.CharField(
        label=_("Госуслуга"), max_length=300, help_text=_("Например: социальный работник на дому")
    )
    per_week = forms.IntegerField(label=_("Раз в неделю"), min_value=1, max_value=21)
    starts_on = forms.DateField(label=_("Положено с"), widget=DATE)
    department = forms.CharField(label=_("Ответственное ведомство"), max_length=300)
    department_address = forms.CharField(label=_("Адрес ведомства"), max_length=500, required=False)

    def __init__(self, *args: Any, persons: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]


class EntitlementCheckForm(forms.Form):
    period_start = forms.DateField(label=_("Период с"), widget=DATE)
    period_end = forms.DateField(label=_("Период по"), widget=DATE)
    delivered = forms.IntegerField(label=_("Сколько раз оказано на самом деле"))
    note = forms.CharField(
        label=_("Что видели"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
