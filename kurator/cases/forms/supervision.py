"""Forms of the supervision and co-worker pages: they check shape; the rules are in
``kurator.cases.services.supervision``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import User


class _StaffChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.username


class SupervisionShareForm(forms.Form):
    supervisor = _StaffChoice(
        label=_("Супервизор"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Выберите супервизора."),
            "invalid_choice": _("Выберите супервизора из списка."),
        },
    )
    until = forms.DateField(
        label=_("Доступ до (включительно)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Пусто — до тех пор, пока доступ не закроют."),
    )

    def __init__(self, *args: Any, supervisors: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["supervisor"]
        field.queryset = supervisors


class CaseMemberForm(forms.Form):
    member = _StaffChoice(
        label=_("Сотрудник"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Выберите сотрудника."),
            "invalid_choice": _("Выберите сотрудника из списка."),
        },
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = candidates
