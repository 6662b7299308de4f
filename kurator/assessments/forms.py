from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator.assessments.models import Assessment, ComprehensiveReport, Instrument, Question
from kurator.people.models import Person

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def question_field(question: Question) -> str:
    return f"q_{question.pk}"


class AssessmentForm(forms.Form):
    """The header (kind, date, child) and one radio group per question. The answers are
    checked by the service, which names each question left unanswered."""

    kind = forms.ChoiceField(label=_("Вид оценки"), choices=Assessment.Kind.choices)
    assessed_on = forms.DateField(
        label=_("Дата оценки"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    subject_person = forms.ModelChoiceField(
        label=_("Ребёнок"), queryset=Person.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        questions: list[Question],
        children: list[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.questions = questions
        if instrument.subject == Instrument.Subject.CHILD:
            field = self.fields["subject_person"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Person.objects.filter(pk__in=[c.pk for c in children])
            field.required = True
            field.error_messages["required"] = _("Выберите ребёнка.")
        else:
            del self.fields["subject_person"]
        for question in questions:
            self.fields[question_field(question)] = forms.ChoiceField(
                label=question.text,
                help_text=question.hint,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                choices=[(o.pk, o.label) for o in question.scale.options.all()],
            )

    def header_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("kind", "assessed_on", "subject_person", "note")
            if name in self.fields
        ]

    def domains(self) -> list[tuple[str, list[forms.BoundField]]]:
        grouped: dict[int, tuple[str, list[forms.BoundField]]] = {}
        for question in self.questions:
            grouped.setdefault(question.domain_id, (question.domain.title, []))[1].append(
                self[question_field(question)]
            )
        return list(grouped.values())

    def answers(self) -> dict[Any, Any]:
        return {q.pk: self.cleaned_data.get(question_field(q)) or None for q in self.questions}


class ReportForm(forms.ModelForm[ComprehensiveReport]):
    class Meta:
        model = ComprehensiveReport
        fields = list(ComprehensiveReport.SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ComprehensiveReport.SECTIONS}
