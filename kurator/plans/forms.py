"""Forms of the plan pages: they check shape; the services check the rules.

Every form gets its case explicitly; the choices (goals, actions, staff, family members,
resource agents) come from that case and the user's scopes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.network.models import ResourceAgent
from kurator.people.models import Person
from kurator.plans.models import Contact, Goal, PlanAction, PlanVersion

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class _PersonsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class _UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class _ActionsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.text} — {obj.responsible_name}"


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Цель"),
        max_length=2000,
        widget=_area(2),
        error_messages={"required": _("Сформулируйте цель.")},
    )


class ActionForm(forms.Form):
    goal = forms.ModelChoiceField(
        label=_("Цель"),
        queryset=Goal.objects.none(),
        empty_label=None,
        error_messages={"required": _("Выберите цель."), "invalid_choice": _("Выберите цель.")},
    )
    text = forms.CharField(
        label=_("Действие (шаг)"),
        max_length=2000,
        widget=_area(2),
        error_messages={"required": _("Опишите действие.")},
    )
    responsible_kind = forms.ChoiceField(
        label=_("Кто отвечает"),
        choices=PlanAction.Responsible.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Укажите, кто отвечает за действие.")},
    )
    responsible_user = _UserChoice(
        label=_("Сотрудник"), queryset=User.objects.none(), required=False
    )
    responsible_person = _PersonChoice(
        label=_("Член семьи"), queryset=Person.objects.none(), required=False
    )
    responsible_agent = forms.ModelChoiceField(
        label=_("Агент ресурсной сети"), queryset=ResourceAgent.objects.none(), required=False
    )
    responsible_other = forms.CharField(
        label=_("Другая организация"), max_length=300, required=False
    )
    due_on = forms.DateField(
        label=_("Срок"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Укажите дату в формате дд.мм.гггг.")},
    )

    def __init__(self, *args: Any, case: Case, version: PlanVersion, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = version.goals.order_by("position", "pk")  # type: ignore[attr-defined]
        self.fields["responsible_user"].queryset = access.plan_staff_choices(case)  # type: ignore[attr-defined]
        self.fields["responsible_person"].queryset = access.family_members_of_case(case)  # type: ignore[attr-defined]
        self.fields["responsible_agent"].queryset = access.resource_agents_visible_to(user).filter(  # type: ignore[attr-defined]
            is_active=True
        )


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(
        label=_("Дата согласования с семьёй"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        initial=timezone.localdate,
        error_messages={
            "required": _("Укажите дату согласования."),
            "invalid": _("Укажите дату в формате дд.мм.гггг."),
        },
    )


class ReviseForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина пересмотра"),
        max_length=2000,
        widget=_area(3),
        error_messages={"required": _("Укажите причину пересмотра плана.")},
    )
    drop = _ActionsChoice(
        label=_("Исключить из плана"),
        queryset=PlanAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Остальные действия перейдут в новую версию со своими статусами."),
    )

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["drop"].queryset = version.actions.select_related(  # type: ignore[attr-defined]
            "responsible_user", "responsible_person", "responsible_agent"
        ).order_by("goal__position", "position", "pk")


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Статус"),
        choices=PlanAction.Status.choices,
        error_messages={
            "required": _("Выберите статус из списка."),
            "invalid_choice": _("Выберите статус из списка."),
        },
    )
    result = forms.CharField(label=_("Результат"), max_length=2000, required=False, widget=_area(2))
    done_on = forms.DateField(
        label=_("Дата выполнения"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Укажите дату в формате дд.мм.гггг.")},
    )
    expected_status = forms.CharField(required=False, widget=forms.HiddenInput)


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Вид контакта"),
        choices=Contact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите вид контакта.")},
    )
    happened_on = forms.DateField(
        label=_("Дата"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        initial=timezone.localdate,
        error_messages={
            "required": _("Укажите дату контакта."),
            "invalid": _("Укажите дату в формате дд.мм.гггг."),
        },
    )
    staff = _UsersChoice(
        label=_("Сотрудники"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    persons = _PersonsChoice(
        label=_("Члены семьи"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Что обсудили, что видели"), max_length=10000, required=False, widget=_area(4)
    )
    actions = _ActionsChoice(
        label=_("Продвинутые действия плана"),
        queryset=PlanAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    done_actions = _ActionsChoice(
        label=_("Выполнены в этот день"),
        queryset=PlanAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Case, actions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = access.plan_staff_choices(case)  # type: ignore[attr-defined]
        self.fields["persons"].queryset = access.family_members_of_case(case)  # type: ignore[attr-defined]
        open_actions = actions.exclude(status__in=PlanAction.FINISHED)
        self.fields["actions"].queryset = open_actions  # type: ignore[attr-defined]
        self.fields["done_actions"].queryset = open_actions  # type: ignore[attr-defined]
