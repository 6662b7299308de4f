"""HTML forms of the case folder: they check shape; ``services.py`` checks files and rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.documents.models import CaseDocument, DocumentType
from kurator.documents.services.folder import MAX_UPLOAD_BYTES
from kurator.people.models import Person

ACCEPT = ".pdf,.docx,.doc,.xlsx,.jpg,.jpeg,.png"


class ReplacesField(forms.ModelChoiceField[CaseDocument]):
    def label_from_instance(self, obj: CaseDocument) -> str:
        return f"{obj.get_document_type_display()}: {obj.title} ({obj.uploaded_at:%d.%m.%Y})"


class DocumentUploadForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Вид документа"), choices=DocumentType.choices)
    title = forms.CharField(
        label=_("Название"),
        required=False,
        max_length=300,
        help_text=_("Если не указать — по виду документа."),
    )
    file = forms.FileField(
        label=_("Файл"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, DOC, XLSX, JPG или PNG, не больше %(mb)s МБ.")
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )
    person = forms.ModelChoiceField(
        label=_("Кто на фото или видео"),
        required=False,
        queryset=Person.objects.none(),
        help_text=_("Только для фото и видео: нужно согласие этого человека на съёмку."),
    )
    replaces = ReplacesField(
        label=_("Новая версия документа"),
        required=False,
        queryset=CaseDocument.objects.none(),
        empty_label=_("нет, это новый документ"),
    )

    def __init__(
        self,
        *args: Any,
        replaceable: QuerySet[CaseDocument],
        members: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["replaces"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = replaceable
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = members


class DocumentCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина аннулирования"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Документ не удаляется: он останется в папке с пометкой и причиной."),
    )
