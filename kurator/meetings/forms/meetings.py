"""HTML forms of meetings: they check shape; the services check the rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.meetings.models import GuardianshipPosition, Meeting
from kurator.meetings.queries.meetings import family_members, staff_of
from kurator.meetings.services.meetings import DecisionItem, OutsideParticipant
from kurator.people.models import Person

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


def _lines(text: str) -> list[tuple[int, list[str]]]:
    """Non-empty lines, split on «;», with their line numbers."""
    return [
        (n, [part.strip() for part in line.split(";")])
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _parse_date(value: str) -> date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 — a calendar date
        except ValueError:
            continue
    return None


class StaffChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.short_name


class PersonChoiceField(forms.ModelMultipleChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class MeetingScheduleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид встречи"), choices=Meeting.Kind.choices)
    held_on = forms.DateField(label=_("Дата"), widget=DATE_WIDGET, initial=timezone.localdate)
    agenda = forms.CharField(label=_("Повестка"), widget=TEXT, required=False)
    staff = StaffChoiceField(
        label=_("Сотрудники"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_members = PersonChoiceField(
        label=_("Члены семьи"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outside = forms.CharField(
        label=_("Внешние специалисты"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("По одному в строке: ФИО; организация; роль."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = self.fields["staff"]
        persons = self.fields["family_members"]
        assert isinstance(staff, forms.ModelMultipleChoiceField)
        assert isinstance(persons, forms.ModelMultipleChoiceField)
        staff.queryset = staff_of(case)
        persons.queryset = family_members(case)

    def clean_outside(self) -> list[OutsideParticipant]:
        guests = []
        for n, parts in _lines(self.cleaned_data.get("outside") or ""):
            if not parts[0]:
                raise forms.ValidationError(_("Строка %(n)s: сначала ФИО специалиста.") % {"n": n})
            parts += ["", ""]
            guests.append(OutsideParticipant(name=parts[0], organisation=parts[1], role=parts[2]))
        return guests


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Ход встречи"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    decisions = forms.CharField(
        label=_("Решения"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("По одному в строке: решение; ответственный; срок (дд.мм.гггг)."),
    )

    def clean_decisions(self) -> list[DecisionItem]:
        items = []
        for n, parts in _lines(self.cleaned_data.get("decisions") or ""):
            parts += ["", ""]
            due: date | None = None
            if parts[2]:
                due = _parse_date(parts[2])
                if due is None:
                    raise forms.ValidationError(
                        _("Строка %(n)s: срок «%(value)s» — не дата в виде дд.мм.гггг.")
                        % {"n": n, "value": parts[2]}
                    )
            if not parts[0]:
                raise forms.ValidationError(_("Строка %(n)s: нет текста решения.") % {"n": n})
            items.append(DecisionItem(text=parts[0], responsible=parts[1], due_on=due))
        return items


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Что и почему исправляется"), widget=forms.Textarea(attrs={"rows": 3})
    )


class GuardianshipPositionForm(forms.Form):
    authority = forms.CharField(label=_("Орган опеки и попечительства"), max_length=300)
    specialist_name = forms.CharField(label=_("Специалист органа опеки, ФИО"), max_length=200)
    specialist_position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    specialist_contact = forms.CharField(label=_("Контакты"), max_length=200, required=False)
    source_of_case = forms.BooleanField(label=_("Случай поступил от органа опеки"), required=False)
    family_history = forms.CharField(label=_("История семьи со слов органа опеки"), widget=TEXT)
    stance = forms.ChoiceField(
        label=_("Позиция относительно семьи"), choices=GuardianshipPosition.Stance.choices
    )
    expectations = forms.CharField(
        label=_("Ожидания органа опеки от ситуации и от фонда"), widget=TEXT
    )
    plans = forms.CharField(
        label=_("Планы органа опеки в отношении семьи"), widget=TEXT, required=False
    )
    tension = forms.TypedChoiceField(
        label=_("Напряжённость отношений семьи и органа опеки"),
        choices=GuardianshipPosition.Tension.choices,
        coerce=int,
    )
    mediation_needed = forms.BooleanField(
        label=_("Нужна работа по повышению лояльности служб к семье и медиация"), required=False
    )
    conclusion = forms.CharField(label=_("Вывод куратора"), widget=TEXT, required=False)
