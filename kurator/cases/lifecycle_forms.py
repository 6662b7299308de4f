"""HTML forms of the case lifecycle: they check shape; ``lifecycle.py`` checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases import queries
from kurator.cases.forms import CuratorChoiceField
from kurator.cases.lifecycle import CLOSURE_CRITERIA, POST_SUPPORT_FREQUENCY_MAX_DAYS
from kurator.cases.models import Case, CaseClosure

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# Who sits on a consilium: the case's team and the organisation's programme roles.
CONSILIUM_ROLES = (
    RoleCode.CURATOR,
    RoleCode.SENIOR_CURATOR,
    RoleCode.PSYCHOLOGIST,
    RoleCode.SPECIALIST,
    RoleCode.TEAM_HEAD,
    RoleCode.PROGRAMME_DIRECTOR,
    RoleCode.SUPERVISOR,
)


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def consilium_candidates(case: Case) -> QuerySet[User]:
    """Active colleagues of the case's team, and organisation-wide staff without a team."""
    return (
        User.objects.filter(organisation_id=case.organisation_id, is_active=True)
        .filter(Q(team_id=case.team_id) | Q(team__isnull=True))
        .filter(roles__code__in=CONSILIUM_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


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
            field.queryset = queries.curator_candidates(case.team)
            field.empty_label = _("прежний куратор — %(name)s") % {"name": case.curator.short_name}
        else:
            del self.fields["curator"]


class OneOffHelpForm(forms.Form):
    given_on = forms.DateField(label=_("Дата"), widget=DATE_WIDGET, initial=timezone.localdate)
    description = forms.CharField(label=_("Какая помощь оказана"), widget=_text_area(4))


class ConvertOneOffHelpForm(forms.Form):
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


class EmergencyStepForm(forms.Form):
    description = forms.CharField(label=_("Что сделано"), widget=_text_area(4))
    taken_at = forms.DateTimeField(
        label=_("Когда"), widget=DATETIME_WIDGET, initial=timezone.localtime
    )
