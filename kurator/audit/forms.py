"""Filters of the audit viewer: forms check shape and get their context explicitly."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.accounts.models import User
from kurator.audit.models import ReadLogEntry
from kurator.audit.queries import SEARCH_MATCHES_MAX, ReadFilters
from kurator.people.queries import search_families, search_persons


def _colleagues(viewer: User) -> QuerySet[User]:
    """Everyone of the viewer's organisation, active or not (a left employee's reads stay)."""
    return User.objects.filter(organisation_id=access.organisation_id_of(viewer)).order_by(
        "last_name", "first_name", "username"
    )


class _UserChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name} ({obj.username})"


class ReadLogFilterForm(forms.Form):
    user = _UserChoice(
        label=_("Сотрудник"), queryset=User.objects.none(), required=False, empty_label=_("все")
    )
    q = forms.CharField(
        label=_("Семья или человек"),
        required=False,
        max_length=100,
        help_text=_("Фамилия, имя или название семьи."),
    )
    kind = forms.ChoiceField(
        label=_("Что читали"),
        required=False,
        choices=[("", _("всё")), *ReadLogEntry.Kind.choices],
    )
    date_from = forms.DateField(
        label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # Set by links (the case page's «все обращения», a family card): not shown as inputs.
    case = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    family = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    person = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        user_field = cast("forms.ModelChoiceField[User]", self.fields["user"])
        user_field.queryset = _colleagues(viewer)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Конец периода раньше начала."))
        return data

    def filters(self) -> ReadFilters:
        """The filters of a valid form (call ``is_valid`` first)."""
        data = self.cleaned_data
        family_ids: list[int] | None = [data["family"]] if data.get("family") else None
        person_ids: list[int] | None = [data["person"]] if data.get("person") else None
        text = (data.get("q") or "").strip()
        if text:
            # Through access: the viewer finds only the families and persons she may see.
            families = search_families(access.families_visible_to(self.viewer), text)
            persons = search_persons(access.persons_visible_to(self.viewer), text)
            family_ids = [
                *(family_ids or []),
                *families.values_list("pk", flat=True)[:SEARCH_MATCHES_MAX],
            ]
            person_ids = [
                *(person_ids or []),
                *persons.values_list("pk", flat=True)[:SEARCH_MATCHES_MAX],
            ]
        user = data.get("user")
        return ReadFilters(
            user_id=user.pk if user is not None else None,
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            case_id=data.get("case"),
            family_ids=tuple(family_ids) if family_ids is not None else None,
            person_ids=tuple(person_ids) if person_ids is not None else None,
        )


class RightsEventFilterForm(forms.Form):
    user = _UserChoice(
        label=_("Чьи права"), queryset=User.objects.none(), required=False, empty_label=_("все")
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = cast("forms.ModelChoiceField[User]", self.fields["user"])
        user_field.queryset = _colleagues(viewer)
