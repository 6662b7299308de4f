"""HTML forms of the people app: they check the shape of the input; the rules (a birth date
in the future, a negative distance, another team's family …) are the services' to check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import Team
from kurator.people.models import Family, FamilyRole, Person, PersonRelation, Sex

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FamilySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Фамилия, имя или адрес")}
        ),
    )


class FamilyForm(forms.Form):
    name = forms.CharField(
        label=_("Название семьи"),
        max_length=200,
        help_text=_("Обычно фамилия во множественном числе: «Ивановы»."),
        error_messages={"required": _("Укажите название семьи, например фамилию.")},
    )
    team = forms.ModelChoiceField(
        label=_("Команда"),
        queryset=Team.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Выберите команду из списка.")},
    )
    address = forms.CharField(label=_("Адрес"), max_length=500, required=False)
    distance_km = forms.DecimalField(
        label=_("Расстояние до офиса команды, км по дороге"),
        required=False,
        max_digits=6,
        decimal_places=1,
        localize=True,  # «12,5» as well as «12.5»
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Для оценки сложности: до 80 км — 1 балл, до 110 км — 2, дальше — 3."),
    )
    notes = forms.CharField(
        label=_("Заметки"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field: forms.ModelChoiceField[Team] = self.fields["team"]  # type: ignore[assignment]
        team_field.queryset = teams

    @staticmethod
    def initial_for(family: Family) -> dict[str, object]:
        return {
            "name": family.name,
            "team": family.team_id,
            "address": family.address,
            "distance_km": family.distance_km,
            "notes": family.notes,
        }


class PersonForm(forms.Form):
    last_name = forms.CharField(
        label=_("Фамилия"), max_length=150, error_messages={"required": _("Укажите фамилию.")}
    )
    first_name = forms.CharField(
        label=_("Имя"), max_length=150, error_messages={"required": _("Укажите имя.")}
    )
    middle_name = forms.CharField(label=_("Отчество"), max_length=150, required=False)
    birth_date = forms.DateField(
        label=_("Дата рождения"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Введите дату в формате ДД.ММ.ГГГГ.")},
    )
    sex = forms.ChoiceField(
        label=_("Пол"),
        required=False,
        choices=[("", _("не указан")), *Sex.choices],
        error_messages={"invalid_choice": _("Выберите значение из списка.")},
    )
    phones = forms.CharField(
        label=_("Телефоны"),
        max_length=200,
        required=False,
        help_text=_("Через запятую, если их несколько."),
    )
    address = forms.CharField(
        label=_("Адрес"),
        max_length=500,
        required=False,
        help_text=_("Если человек живёт не по адресу семьи."),
    )
    notes = forms.CharField(
        label=_("Заметки"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @staticmethod
    def initial_for(person: Person) -> dict[str, object]:
        return {
            "last_name": person.last_name,
            "first_name": person.first_name,
            "middle_name": person.middle_name,
            "birth_date": person.birth_date,
            "sex": person.sex,
            "phones": person.phones,
            "address": person.address,
            "notes": person.notes,
        }


class MemberForm(PersonForm):
    """A new person in a family: who they are to the family, then their own details.

    ``confirm_new`` becomes a visible checkbox once the duplicate check has found someone
    similar; until then it is hidden and false.
    """

    role = forms.ChoiceField(
        label=_("Кем приходится семье"),
        choices=FamilyRole.choices,
        initial=FamilyRole.CHILD,
        error_messages={
            "required": _("Укажите, кем человек приходится семье."),
            "invalid_choice": _("Выберите значение из списка."),
        },
    )
    confirm_new = forms.BooleanField(
        label=_("Это другой человек — всё равно добавить"),
        required=False,
        widget=forms.HiddenInput,
    )

    field_order = ["role", "last_name", "first_name", "middle_name", "birth_date", "sex"]

    def __init__(self, *args: Any, ask_confirmation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_confirmation:
            self.fields["confirm_new"].widget = forms.CheckboxInput()


class RelationForm(forms.Form):
    """«Кто — кем приходится — кому»: ``relative`` is the ``kind`` of ``person``."""

    relative = forms.ModelChoiceField(
        label=_("Кто"),
        queryset=Person.objects.none(),
        error_messages={"invalid_choice": _("Выберите человека из состава семьи.")},
    )
    kind = forms.ChoiceField(
        label=_("Кем приходится"),
        choices=PersonRelation.Kind.choices,
        error_messages={"invalid_choice": _("Выберите значение из списка.")},
    )
    person = forms.ModelChoiceField(
        label=_("Кому"),
        queryset=Person.objects.none(),
        error_messages={"invalid_choice": _("Выберите человека из состава семьи.")},
    )
    note = forms.CharField(label=_("Примечание"), max_length=300, required=False)

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("relative", "person"):
            field: forms.ModelChoiceField[Person] = self.fields[name]  # type: ignore[assignment]
            field.queryset = members
            field.empty_label = _("— выберите —")


class FamilyLinkForm(forms.Form):
    related_family = forms.ModelChoiceField(
        label=_("Связанная семья"),
        queryset=Family.objects.none(),
        empty_label=_("— выберите —"),
        error_messages={"invalid_choice": _("Выберите семью из списка.")},
    )
    note = forms.CharField(
        label=_("Чем связаны"),
        max_length=300,
        required=False,
        help_text=_("Например: «кровные родители ребёнка из приёмной семьи»."),
    )

    def __init__(self, *args: Any, families: QuerySet[Family], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[Family] = self.fields["related_family"]  # type: ignore[assignment]
        field.queryset = families
