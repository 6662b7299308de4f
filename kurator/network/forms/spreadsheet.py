"""The form of the directory's XLSX import: the file, then the confirmation of its preview."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Файл Excel (.xlsx)"), required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
