"""Forms of the commission documents: what the curator types before generating."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator.cases.services.lifecycle import add_months
from kurator.meetings.models import CommissionDocument, RegisterEntry
from kurator.meetings.services.commission_docs import quarter_label, quarter_of

TEXT = forms.Textarea(attrs={"rows": 5})


def quarter_choices(entries: list[RegisterEntry]) -> list[tuple[str, str]]:
    """The calendar quarters of the family's time on the register, newest first."""
    if not entries:
        return []
    today = timezone.localdate()
    first = quarter_of(min(e.registered_on for e in entries))
    choices: list[tuple[str, str]] = []
    q = quarter_of(today)
    while q >= first:
        choices.append((q.isoformat(), quarter_label(q)))
        q = add_months(q, -3)
    return choices


def default_quarter(choices: list[tuple[str, str]]) -> str | None:
    """The last finished quarter when it is offered, else the current one."""
    if not choices:
        return None
    last = add_months(quarter_of(timezone.localdate()), -3).isoformat()
    return last if any(value == last for value, _label in choices) else choices[0][0]


class QuarterlyNoteForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Квартал"))
    conclusions = forms.CharField(
        label=_("Выводы о динамике ситуации в семье и эффективности программы ИПР"),
        widget=TEXT,
    )
    proposals = forms.CharField(
        label=_("Предложения по изменению программы ИПР"),
        help_text=_(
            "Изменение приоритета мероприятий, исключение и включение мероприятий, "
            "привлечение субъектов системы профилактики."
        ),
        widget=TEXT,
        required=False,
    )

    def __init__(self, *args: Any, entries: list[RegisterEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = quarter_choices(entries)
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        if not self.is_bound:
            field.initial = default_quarter(choices)

    def clean_quarter(self) -> date:
        return date.fromisoformat(self.cleaned_data["quarter"])

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "quarter_start": data["quarter"],
            "conclusions": data["conclusions"],
            "proposals": data["proposals"],
        }


class FinalReportForm(forms.Form):
    outcome = forms.CharField(
        label=_("Итоги работы с семьёй"),
        help_text=_(
            "Что изменилось за время на учёте, какие мероприятия программы ИПР дали результат."
        ),
        widget=TEXT,
    )
    recommendation = forms.ChoiceField(
        label=_("Рекомендация комиссии"),
        choices=CommissionDocument.Recommendation.choices,
        widget=forms.RadioSelect,
    )
    conclusions = forms.CharField(label=_("Выводы"), widget=TEXT, required=False)
    proposals = forms.CharField(
        label=_("Предложения в дальнейшую работу"), widget=TEXT, required=False
    )
