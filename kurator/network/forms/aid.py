"""Forms of services and aid: a delivery, the head's decision on spending past the norm, an
act for signature."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.network.models import Act, Delivery, ResourceAgent, Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeliveryForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Услуга из каталога"), queryset=Service.objects.none())
    delivered_on = forms.DateField(label=_("Дата"), widget=DATE)
    persons = forms.ModelMultipleChoiceField(
        label=_("Кому"), queryset=Service.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    quantity = forms.DecimalField(label=_("Количество"), max_digits=10, decimal_places=2)
    unit_cost = forms.DecimalField(label=_("Цена за единицу, ₽"), max_digits=12, decimal_places=2)
    provider = forms.ChoiceField(label=_("Кто оказал"), choices=Delivery.Provider.choices)
    agent = forms.ModelChoiceField(
        label=_("Агент (если оказал агент)"), queryset=ResourceAgent.objects.none(), required=False
    )
    funding = forms.ChoiceField(
        label=_("Источник финансирования"), choices=Delivery.Funding.choices
    )
    note = forms.CharField(label=_("Примечание"), required=False, max_length=500)

    def __init__(
        self,
        *args: Any,
        services: QuerySet[Any],
        persons: QuerySet[Any],
        agents: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["persons"].queryset = persons  # type: ignore[attr-defined]
        self.fields["agent"].queryset = agents  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Решение"),
        choices=[("1", _("согласовать расход")), ("0", _("отклонить"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Комментарий"), required=False, max_length=500)


class ActForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид акта"), choices=Act.Kind.choices)
    recipient = forms.ModelChoiceField(label=_("Получатель"), queryset=Service.objects.none())
    deliveries = forms.ModelMultipleChoiceField(
        label=_("Что входит в акт"),
        queryset=Delivery.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    issued_on = forms.DateField(label=_("Дата акта"), widget=DATE, required=False)

    def __init__(
        self, *args: Any, persons: QuerySet[Any], deliveries: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = persons  # type: ignore[attr-defined]
        self.fields["deliveries"].queryset = deliveries  # type: ignore[attr-defined]
        self.fields["deliveries"].label_from_instance = lambda d: (  # type: ignore[attr-defined]
            f"{d.delivered_on:%d.%m.%Y} {d.service.name}: {d.quantity.normalize():f} × "
            f"{d.unit_cost} ₽ = {d.total} ₽"
        )
