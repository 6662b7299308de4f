"""Forms of the resource network pages. Choices of scoped records are set by the views from
``access`` querysets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.network.models import Act, Agreement, Delivery, ResourceAgent, Service
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


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Файл Excel (.xlsx)"), required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReferralForm(forms.Form):
    agent = forms.ModelChoiceField(label=_("Агент"), queryset=ResourceAgent.objects.none())
    service = forms.ModelChoiceField(
        label=_("Услуга"), queryset=Service.objects.none(), required=False
    )
    plan_action = forms.ModelChoiceField(
        label=_("Мероприятие плана"), queryset=Service.objects.none(), required=False
    )
    persons = forms.ModelMultipleChoiceField(
        label=_("Для кого"), queryset=Service.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    need = forms.CharField(label=_("Что нужно"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Срок"), widget=DATE)
    confirmed = forms.BooleanField(
        label=_("Подтверждаю направление несмотря на предупреждения"), required=False
    )

    def __init__(
        self,
        *args: Any,
        agents: QuerySet[Any],
        services: QuerySet[Any],
        persons: QuerySet[Any],
        actions: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["persons"].queryset = persons  # type: ignore[attr-defined]
        self.fields["plan_action"].queryset = actions  # type: ignore[attr-defined]
        self.fields["plan_action"].label_from_instance = lambda a: a.text[:120]  # type: ignore[attr-defined]


STAFF_MOVES = [
    ("sent", _("Отправить агенту")),
    ("accepted", _("Агент принял")),
    ("declined", _("Агент отказал")),
    ("in_progress", _("Выполняется")),
    ("done", _("Выполнено")),
    ("failed", _("Не выполнено")),
]
AGENT_MOVES = [
    ("accepted", _("Принять")),
    ("declined", _("Отказать")),
    ("in_progress", _("Начали выполнять")),
    ("done", _("Выполнено")),
    ("failed", _("Не удалось выполнить")),
]


class ReferralMoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Действие"), choices=STAFF_MOVES)
    comment = forms.CharField(
        label=_("Комментарий, обратная связь"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, moves: list[tuple[str, Any]] = STAFF_MOVES, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = moves  # type: ignore[attr-defined]


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
