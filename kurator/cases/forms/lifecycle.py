"""HTML forms of the case lifecycle: they check shape; ``services.lifecycle`` checks the
rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import User
from kurator.cases.forms.opening import CuratorChoiceField, NewCaseForm
from kurator.cases.models import Case, CaseClosure
from kurator.cases.queries.lifecycle import consilium_candidates
from kurator.cases.queries.opening import curator_candidates
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA, POST_SUPPORT_FREQUENCY_MAX_DAYS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ParticipantsField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        roles = ", ".join(obj.role_labels())
        return f"{obj.short_name} ({roles})" if roles else obj.short_name


class CaseCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Причина закрытия"), choices=CaseClosure.Reason.choices, widget=forms.RadioSelect
    )
    criteria = forms.MultipleChoiceField(
        label=_("Критерии закрытия (отмечает консилиум)"),
        required=False,
        choices=list(CLOSURE_CRITERIA.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Для закрытия с достижением целей нужны все пять критериев; при расторжении "
            "договора из-за систематических нарушений — не обязательно."
        ),
    )
    consilium_participants = ParticipantsField(
        label=_("Участники консилиума"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    consilium_decision = forms.CharField(
        label=_("Решение консилиума"), required=False, widget=_text_area()
    )
    exit_diagnostics = forms.CharField(
        label=_("Выходная диагностика"), required=False, widget=_text_area()
    )
    family_feedback = forms.CharField(
        label=_("Отзыв семьи"),
        required=False,
        widget=_text_area(),
        help_text=_("Если семья оставила письменный отзыв — перенесите его сюда."),
    )
    post_support = forms.BooleanField(label=_("Перевести в постсопровождение"), required=False)
    post_support_frequency_days = forms.IntegerField(
        label=_("Контакт с семьёй раз в (дней)"),
        required=False,
        min_value=1,
        max_value=POST_SUPPORT_FREQUENCY_MAX_DAYS,
        initial=30,
        help_text=_("Обязательно при постсопровождении."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consilium_participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = consilium_candidates(case).prefetch_related("roles")

    def criteria_dict(self) -> dict[str, bool]:
        ticked = set(self.cleaned_data.get("criteria") or [])
        return {key: key in ticked for key in CLOSURE_CRITERIA}


class PostSupportContactForm(forms.Form):
    contact_date = forms.DateField(
        label=_("Дата контакта"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    summary = forms.CharField(label=_("Как дела у семьи"), widget=_text_area(4))
    seasonal_help = forms.CharField(
        label=_("Небольшая сезонная помощь"),
        required=False,
        max_length=300,
        help_text=_("Например: канцтовары к школе, тёплые вещи."),
    )
    situation_worsened = forms.BooleanField(
        label=_("Ситуация ухудшилась"),
        required=False,
        help_text=_("Если нужна снова полноценная помощь — откройте случай заново."),
    )


class EndPostSupportForm(forms.Form):
    reason = forms.CharField(
        label=_("Почему постсопровождение завершается"),
        widget=_text_area(),
        help_text=_(
            "Например: потребность в помощи отпала; младший ребёнок стал совершеннолетним."
        ),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Почему нужен новый случай"),
        widget=_text_area(),
        help_text=_("Что изменилось в семье."),
    )
    curator = CuratorChoiceField(
        label=_("Куратор нового случая"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case, can_choose_curator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if can_choose_curator:
            field = self.fields["curator"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = curator_candidates(case.team)
            field.empty_label = _("прежний куратор — %(name)s") % {"name": case.curator.short_name}
        else:
            del self.fields["curator"]


class OneOffHelpForm(forms.Form):
    given_on = forms.DateField(label=_("Дата"), widget=DATE_WIDGET, initial=timezone.localdate)
    description = forms.CharField(label=_("Какая помощь оказана"), widget=_text_area(4))


class ConvertOneOffHelpForm(NewCaseForm):
    """The new case's curator of the family's team, scenario and target group."""


class EmergencyStepForm(forms.Form):
    description = forms.CharField(label=_("Что сделано"), widget=_text_area(4))
    taken_at = forms.DateTimeField(
        label=_("Когда"), widget=DATETIME_WIDGET, initial=timezone.localtime
    )
