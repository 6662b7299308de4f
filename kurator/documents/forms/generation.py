"""Forms of generated papers: which template and for whom; the signed scan and its date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kurator.documents.catalogue import TEMPLATES
from kurator.documents.forms.folder import ACCEPT
from kurator.people.models import Person


class PersonField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        born = f", {obj.birth_date:%d.%m.%Y}" if obj.birth_date else ""
        return f"{obj.full_name}{born}"


class GenerateForm(forms.Form):
    template = forms.ChoiceField(label=_("Документ"))
    person = PersonField(
        label=_("Для кого"),
        required=False,
        queryset=Person.objects.none(),
        empty_label=_("по шаблону: родитель или опекун семьи"),
        help_text=_("Для согласия несовершеннолетнего выберите ребёнка 14–18 лет."),
    )

    def __init__(self, *args: Any, members: Any, scope: str = "case", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        template = self.fields["template"]
        assert isinstance(template, forms.ChoiceField)
        # A complaint and the acts are made from a check or an act the user picks on the case
        # network page, which downloads them; here only papers of the case itself.
        template.choices = [
            (s.code, s.title) for s in TEMPLATES if s.scope == scope and not s.record
        ]
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = members


class SignForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Дата подписания"), widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(
        label=_("Скан подписанного документа"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, JPG или PNG, не больше 20 МБ."),
    )
