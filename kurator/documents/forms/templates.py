"""Uploading an organisation's own version of a document template."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл шаблона (DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        help_text=_(
            "Возьмите шаблон Куратора, измените текст в Word и загрузите. Поля в двойных "
            "фигурных скобках — из списка на этой странице."
        ),
    )
