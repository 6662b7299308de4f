"""Forms of the directory pages: the agent list filter, an agent, an agreement, a catalogue
service, the vetting result."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.network.models import Agreement, ResourceAgent, Service
from kurator.people.names import normalize_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgentFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Категория"),
        required=False,
        choices=[("", _("все категории")), *ResourceAgent.Category.choices],
    )
    service = forms.ModelChoiceField(
        label=_("Услуга"),
        required=False,
        queryset=Service.objects.none(),
        empty_label=_("все услуги"),
    )
    territory = forms.CharField(label=_("Территория"), required=False, max_length=100)

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]

    def filter(self, agents: QuerySet[ResourceAgent]) -> list[ResourceAgent]:
        if not self.is_valid():
            return list(agents)
        data = self.cleaned_data
        if data.get("category"):
            agents = agents.filter(category=data["category"])
        if data.get("service"):
            agents = agents.filter(catalogue=data["service"])
        query = normalize_name(data.get("q", ""))
        territory = normalize_name(data.get("territory", ""))
        if not query and not territory:
            return list(agents)
        # SQLite's LIKE ignores the case of Latin letters only; a directory is a few hundred
        # rows, so the text search runs here, the same on both databases.
        return [
            agent
            for agent in agents
            if query in normalize_name(f"{agent.name} {agent.services} {agent.territory}")
            and territory in normalize_name(f"{agent.territory} {agent.address}")
        ]


class AgentForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=300)
    category = forms.ChoiceField(label=_("Категория"), choices=ResourceAgent.Category.choices)
    catalogue = forms.ModelMultipleChoiceField(
        label=_("Услуги из каталога"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services = forms.CharField(
        label=_("Какую помощь оказывает (своими словами)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    territory = forms.CharField(label=_("Территория"), required=False, max_length=500)
    address = forms.CharField(label=_("Адрес"), required=False, max_length=500)
    contacts = forms.CharField(
        label=_("Контакты"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    email = forms.EmailField(label=_("Электронная почта для направлений"), required=False)
    is_active = forms.BooleanField(label=_("Действует"), required=False, initial=True)

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = services.filter(is_active=True)  # type: ignore[attr-defined]


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=Agreement.Kind.choices)
    number = forms.CharField(label=_("Номер"), max_length=50)
    signed_on = forms.DateField(label=_("Дата подписания"), required=False, widget=DATE)
    valid_from = forms.DateField(label=_("Действует с"), widget=DATE)
    valid_until = forms.DateField(label=_("Действует по"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Статус"), choices=Agreement.Status.choices)
    file = forms.FileField(label=_("Подписанный файл"), required=False)


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Услуга"), max_length=200)
    group = forms.ChoiceField(label=_("Вид помощи"), choices=Service.Group.choices)
    unit = forms.CharField(label=_("Единица"), max_length=30, initial="шт.")
    is_active = forms.BooleanField(label=_("Действует"), required=False, initial=True)


class VettingForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Итог проверки"),
        choices=[("1", _("проверен")), ("0", _("проверку не прошёл"))],
        coerce=lambda v: v == "1",
    )
