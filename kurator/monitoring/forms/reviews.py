"""Forms of the review pages, with Russian messages. The quarterly review form has one row per
action of the plan's current version (done / not done and why / drop) and a few rows for new
actions; ``to_service`` turns it into the service's arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.cases.models import Case
from kurator.monitoring.models import Review
from kurator.monitoring.services.reviews import ItemInput, Proposals
from kurator.plans.models import Goal, PlanAction
from kurator.plans.services import ActionDraft

NEW_ROWS = 3
DATE_INPUT = ["%d.%m.%Y", "%Y-%m-%d"]


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _date_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "дд.мм.гггг"}),
        error_messages={
            "invalid": _("Укажите дату в формате дд.мм.гггг."),
            "required": _("Укажите дату в формате дд.мм.гггг."),
        },
    )


class QuarterlyReviewForm(forms.Form):
    period = forms.IntegerField(
        label=_("Квартал сопровождения (номер)"),
        min_value=1,
        max_value=100,
        error_messages={
            "required": _("Укажите номер квартала."),
            "invalid": _("Номер квартала — целое число."),
            "min_value": _("Номер периода — целое число от 1 до 100."),
            "max_value": _("Номер периода — целое число от 1 до 100."),
        },
    )
    state = forms.CharField(
        label=_("Текущее состояние семьи"),
        widget=_area(4),
        error_messages={"required": _("Опишите текущее состояние семьи.")},
    )
    priorities = forms.CharField(
        label=_("Изменение приоритетов в реализации мероприятий"),
        widget=_area(2),
        required=False,
    )
    agencies = forms.CharField(
        label=_("Привлечь субъекты системы профилактики и другие организации"),
        widget=_area(2),
        required=False,
    )

    def __init__(
        self, *args: Any, case: Case, actions: list[PlanAction], goals: list[Goal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.actions = actions
        goal_choices = [("", _("— новая цель —"))] + [(str(g.pk), g.text[:80]) for g in goals]
        self.goals = {str(g.pk): g for g in goals}
        self.staff = {str(u.pk): u for u in access.plan_staff_choices(case)}
        self.persons = {str(p.pk): p for p in access.family_members_of_case(case)}
        staff_choices = [("", "—")] + [
            (k, u.full_name or u.username) for k, u in self.staff.items()
        ]
        person_choices = [("", "—")] + [(k, p.full_name) for k, p in self.persons.items()]
        kinds = [("", "—")] + [
            (v, label)
            for v, label in PlanAction.Responsible.choices
            if v != PlanAction.Responsible.AGENT
        ]
        for action in actions:
            self.fields[f"done_{action.pk}"] = forms.TypedChoiceField(
                label=action.text,
                choices=[("1", _("выполнено")), ("0", _("не выполнено"))],
                coerce=lambda v: v == "1",
                widget=forms.RadioSelect,
                required=action.status != PlanAction.Status.CANCELLED,
                initial="1" if action.status == PlanAction.Status.DONE else None,
                error_messages={"required": _("Отметьте, выполнено ли действие.")},
            )
            self.fields[f"reason_{action.pk}"] = forms.CharField(
                label=_("почему не выполнено"), required=False, widget=_area(1)
            )
            self.fields[f"drop_{action.pk}"] = forms.BooleanField(
                label=_("исключить из плана"), required=False
            )
        for i in range(NEW_ROWS):
            self.fields[f"new_text_{i}"] = forms.CharField(
                label=_("Новое действие"), required=False, widget=_area(1)
            )
            self.fields[f"new_goal_{i}"] = forms.ChoiceField(
                label=_("Цель"), choices=goal_choices, required=False
            )
            self.fields[f"new_goal_text_{i}"] = forms.CharField(
                label=_("Новая цель"), required=False
            )
            self.fields[f"new_kind_{i}"] = forms.ChoiceField(
                label=_("Кто отвечает"), choices=kinds, required=False
            )
            self.fields[f"new_user_{i}"] = forms.ChoiceField(
                label=_("Сотрудник"), choices=staff_choices, required=False
            )
            self.fields[f"new_person_{i}"] = forms.ChoiceField(
                label=_("Член семьи"), choices=person_choices, required=False
            )
            self.fields[f"new_other_{i}"] = forms.CharField(
                label=_("Другая организация"), required=False, max_length=300
            )
            self.fields[f"new_due_{i}"] = _date_field(_("Срок"))

    def action_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "action": a,
                "done": self[f"done_{a.pk}"],
                "reason": self[f"reason_{a.pk}"],
                "drop": self[f"drop_{a.pk}"],
            }
            for a in self.actions
        ]

    def new_rows(self) -> list[dict[str, Any]]:
        names = ("text", "goal", "goal_text", "kind", "user", "person", "other", "due")
        return [{name: self[f"new_{name}_{i}"] for name in names} for i in range(NEW_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for action in self.actions:
            if (
                data.get(f"done_{action.pk}") is False
                and not (data.get(f"reason_{action.pk}") or "").strip()
            ):
                self.add_error(f"reason_{action.pk}", _("Укажите, почему не выполнено."))
        for i in range(NEW_ROWS):
            if not (data.get(f"new_text_{i}") or "").strip():
                continue
            kind = data.get(f"new_kind_{i}") or ""
            party = {
                "staff": data.get(f"new_user_{i}"),
                "family": data.get(f"new_person_{i}"),
                "organisation": (data.get(f"new_other_{i}") or "").strip(),
            }.get(kind)
            if not party:
                self.add_error(f"new_kind_{i}", _("Укажите, кто отвечает за новое действие."))
            if not data.get(f"new_goal_{i}") and not (data.get(f"new_goal_text_{i}") or "").strip():
                self.add_error(f"new_goal_{i}", _("Выберите цель или напишите новую."))
        return data

    def to_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        items = [
            ItemInput(
                action=a,
                done=bool(data.get(f"done_{a.pk}")),
                reason=data.get(f"reason_{a.pk}") or "",
            )
            for a in self.actions
            if data.get(f"done_{a.pk}") is not None
        ]
        drafts = []
        for i in range(NEW_ROWS):
            text = (data.get(f"new_text_{i}") or "").strip()
            if not text:
                continue
            kind = data.get(f"new_kind_{i}") or ""
            drafts.append(
                ActionDraft(
                    text=text,
                    responsible_kind=kind,
                    goal=self.goals.get(data.get(f"new_goal_{i}") or ""),
                    goal_text=data.get(f"new_goal_text_{i}") or "",
                    responsible_user=self.staff.get(data.get(f"new_user_{i}") or "")
                    if kind == "staff"
                    else None,
                    responsible_person=self.persons.get(data.get(f"new_person_{i}") or "")
                    if kind == "family"
                    else None,
                    responsible_other=(data.get(f"new_other_{i}") or "")
                    if kind == "organisation"
                    else "",
                    due_on=data.get(f"new_due_{i}"),
                )
            )
        return {
            "period": data["period"],
            "items": items,
            "state": data["state"],
            "proposals": Proposals(
                priorities=data.get("priorities") or "",
                drop=[a for a in self.actions if data.get(f"drop_{a.pk}")],
                add=drafts,
                agencies=data.get("agencies") or "",
            ),
        }


class AnnualReviewForm(forms.Form):
    year = forms.IntegerField(
        label=_("Год сопровождения (номер)"),
        min_value=1,
        max_value=100,
        error_messages={
            "required": _("Укажите номер года."),
            "invalid": _("Номер года — целое число."),
            "min_value": _("Номер периода — целое число от 1 до 100."),
            "max_value": _("Номер периода — целое число от 1 до 100."),
        },
    )
    state = forms.CharField(
        label=_("Текущее состояние семьи, итоги года"),
        widget=_area(4),
        error_messages={"required": _("Опишите текущее состояние семьи.")},
    )
    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Выберите решение: продлить или закрыть случай."),
            "invalid_choice": _("Выберите решение: продлить или закрыть случай."),
        },
    )
    reason = forms.CharField(
        label=_("Обоснование решения"),
        widget=_area(3),
        error_messages={"required": _("Обоснуйте решение.")},
    )


__all__ = [
    "AnnualReviewForm",
    "QuarterlyReviewForm",
]
