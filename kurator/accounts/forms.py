"""Forms of the sign-in steps (``two_factor`` checks the code itself) and of the intake
scripts (``services.save_intake_script`` checks the text): they check shape."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Код из приложения"),
        max_length=12,
        help_text=_("6 цифр из приложения-аутентификатора; код меняется каждые 30 секунд."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class IntakeScriptForm(forms.Form):
    """The questions of one channel's script, one per line."""

    questions = forms.CharField(
        label=_("Вопросы"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Один вопрос или подсказка на строке, в том порядке, в каком их задают. Текст "
            "виден оператору рядом с формой приёма сигнала."
        ),
        error_messages={"required": _("Напишите хотя бы один вопрос.")},
    )


class RoleRequestRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отказа"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Её увидит администратор в журнале изменений прав."),
    )
