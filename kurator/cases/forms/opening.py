"""HTML forms of the case list, opening, complexity, handing over and linking: they check shape;
``services.opening`` checks the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.access.base import AnyUser
from kurator.accounts.models import Team, User
from kurator.cases.models import Case
from kurator.cases.queries import opening as queries
from kurator.core.forms import filter_choice_id
from kurator.intake.models import Signal

POINT_CHOICES = [(1, _("1 — низкая")), (2, _("2 — средняя")), (3, _("3 — высокая"))]


class CuratorChoiceField(forms.ModelChoiceField[User]):
    """Shows each candidate's load, so the choice is made with the norms in view."""

    def label_from_instance(self, obj: User) -> str:
        active = getattr(obj, "active_cases", None)
        if active is None:
            return obj.short_name
        return str(
            _("%(name)s — активных случаев: %(active)s, высокой сложности: %(high)s")
            % {"name": obj.short_name, "active": active, "high": getattr(obj, "high_cases", 0)}
        )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Статус"), required=False, choices=[("", _("все")), *Case.Status.choices]
    )
    curator = forms.ModelChoiceField(
        label=_("Куратор"), required=False, queryset=User.objects.none(), empty_label=_("все")
    )
    team = forms.ModelChoiceField(
        label=_("Команда"), required=False, queryset=Team.objects.none(), empty_label=_("все")
    )
    complexity = forms.ChoiceField(
        label=_("Сложность"),
        required=False,
        choices=[("", _("любая")), *Case.Complexity.choices, ("none", _("не оценена"))],
    )
    overdue = forms.BooleanField(label=_("Только просроченные"), required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["curator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queries.curators_of_visible_cases(user)
        teams = self.fields["team"]
        assert isinstance(teams, forms.ModelChoiceField)
        teams.queryset = queries.teams_of_visible_cases(user)

    def filters(self) -> queries.CaseFilters:
        """The filters to apply; an invalid value is ignored rather than failing the page (a
        curator or a team out of the user's sight narrows the list to nothing:
        ``filter_choice_id``)."""
        if not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        return queries.CaseFilters(
            status=data.get("status") or "",
            curator_id=filter_choice_id(self, "curator"),
            complexity=data.get("complexity") or "",
            overdue=bool(data.get("overdue")),
            team_id=filter_choice_id(self, "team"),
        )


class NewCaseForm(forms.Form):
    """A new case's curator (a curator of ``team``, with her load), scenario and target group:
    opening from a signal, and one-off help growing into a case."""

    curator = CuratorChoiceField(label=_("Куратор случая"), queryset=User.objects.none())
    scenario = forms.ChoiceField(
        label=_("Сценарий"), choices=Case.Scenario.choices, initial=Case.Scenario.PLANNED
    )
    target_group = forms.ChoiceField(
        label=_("Целевая группа"),
        choices=Case.TargetGroup.choices,
        initial=Case.TargetGroup.FAMILY_WITH_CHILDREN,
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["curator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queries.curator_candidates(team)


class CaseOpenForm(NewCaseForm):
    def __init__(
        self, *args: Any, signal: Signal, suggestion: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, team=signal.team, **kwargs)
        field = self.fields["curator"]
        if suggestion is not None:
            field.initial = suggestion.pk
            field.help_text = _("Предложен будущий куратор из команды первичного выезда.")

    def chosen_curator(self) -> User | None:
        """The candidate currently selected (posted, or initial), for the caseload warning."""
        value = self["curator"].value()
        if not value:
            return None
        field = self.fields["curator"]
        assert isinstance(field, forms.ModelChoiceField)
        if field.queryset is None:
            return None
        return next((c for c in field.queryset if str(c.pk) == str(value)), None)


class ComplexityForm(forms.Form):
    distance_km = forms.DecimalField(
        label=_("Расстояние от офиса команды, км по дороге"),
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=1,
    )
    guardianship_tension = forms.TypedChoiceField(
        label=_("Напряжённость с органами опеки"),
        choices=POINT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    resource_deficit = forms.TypedChoiceField(
        label=_("Дефицит ресурсов"), choices=POINT_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    removal_risk = forms.TypedChoiceField(
        label=_("Риск изъятия ребёнка"), choices=POINT_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    substance_use = forms.TypedChoiceField(
        label=_("Употребление алкоголя / ПАВ"),
        choices=POINT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )


class CaseTransferForm(forms.Form):
    new_curator = CuratorChoiceField(label=_("Новый куратор"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Причина передачи"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_curator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queries.curator_candidates(case.team).exclude(pk=case.curator_id)


class CaseLinkForm(forms.Form):
    related_case = forms.IntegerField(
        label=_("Номер связанного случая"), min_value=1, widget=forms.NumberInput()
    )
    note = forms.CharField(
        label=_("Чем связаны"),
        required=False,
        max_length=300,
        help_text=_("Например: «брошенный ребёнок и кровная семья»."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_related_case(self) -> Case:
        number = self.cleaned_data["related_case"]
        try:
            return access.get_case(self.user, number)
        except Http404 as exc:
            raise forms.ValidationError(_("Случай с таким номером не найден.")) from exc
