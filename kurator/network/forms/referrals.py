"""Forms of referrals: a new referral from the case, a move of its status (the curator's
moves, or the agent's on her own side)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.network.models import ResourceAgent, Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
    # «Отправить обезличенно» after a refusal for want of a transfer consent.
    depersonalised = forms.BooleanField(required=False, widget=forms.HiddenInput)

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
