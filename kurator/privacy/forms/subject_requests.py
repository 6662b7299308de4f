"""HTML forms for a data subject's requests and their answers: they check the input's shape;
the rules are the services' (``kurator.privacy.services.subject_requests``), and so are the
messages both show."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kurator.privacy.forms.consents import DATE_ERRORS, DATE_WIDGET
from kurator.privacy.models import SubjectRequestKind
from kurator.privacy.services.subject_requests import (
    ANSWER_REQUIRED,
    ANSWERED_ON_REQUIRED,
    KIND_UNKNOWN,
    RECEIVED_ON_REQUIRED,
    TEXT_MAX,
)


class SubjectRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Что просит человек"),
        choices=SubjectRequestKind.choices,
        error_messages={"invalid_choice": KIND_UNKNOWN},
    )
    received_on = forms.DateField(
        label=_("Дата получения"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": RECEIVED_ON_REQUIRED},
    )
    text = forms.CharField(
        label=_("Содержание обращения"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Ответ"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": ANSWER_REQUIRED},
    )
    answered_on = forms.DateField(
        label=_("Дата ответа"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": ANSWERED_ON_REQUIRED},
    )


class RequestFilterForm(forms.Form):
    SHOW_CHOICES = [
        ("open", _("без ответа")),
        ("overdue", _("просроченные")),
        ("all", _("все")),
    ]
    show = forms.ChoiceField(label=_("Показать"), choices=SHOW_CHOICES, required=False)
