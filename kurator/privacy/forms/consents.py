"""HTML forms for consents, withdrawals and subject requests: they check the input's shape;
the rules (a child under 14, a date in the future, a consent already withdrawn …) are the
services' (``kurator.privacy.services.consents``), and so are the messages both show."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.documents.models import CaseDocument
from kurator.people.models import Person
from kurator.privacy.common import INVALID_DATE
from kurator.privacy.models import ConsentPurpose
from kurator.privacy.services.consents import (
    GIVEN_ON_REQUIRED,
    LEGAL_BASIS_MAX,
    PURPOSE_OTHER_MAX,
    SCOPE_MAX,
    SCOPE_REQUIRED,
    TEXT_MAX,
    WITHDRAWN_ON_REQUIRED,
)
from kurator.privacy.services.purposes import PURPOSE_UNKNOWN, PURPOSES_REQUIRED

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": INVALID_DATE}


class DocumentChoiceField(forms.ModelChoiceField[CaseDocument]):
    def label_from_instance(self, obj: CaseDocument) -> str:
        return str(
            _("%(title)s — случай №%(case)s, загружен %(date)s")
            % {"title": obj.title, "case": obj.case_id, "date": f"{obj.uploaded_at:%d.%m.%Y}"}
        )


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class PurposeChoiceField(forms.ModelMultipleChoiceField[ConsentPurpose]):
    def label_from_instance(self, obj: ConsentPurpose) -> str:
        return obj.title


class ConsentForm(forms.Form):
    purposes = PurposeChoiceField(
        label=_("Цели"),
        queryset=ConsentPurpose.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Передача данных агентам — по категориям ресурсной сети: направление с именем "
            "уходит только агентам отмеченных категорий."
        ),
        error_messages={"invalid_choice": PURPOSE_UNKNOWN, "required": PURPOSES_REQUIRED},
    )
    purpose_other = forms.CharField(
        label=_("Цель своими словами"),
        max_length=PURPOSE_OTHER_MAX,
        required=False,
        help_text=_("Если отмечено «другое»."),
    )
    scope = forms.CharField(
        label=_("Какие данные и какие действия"),
        max_length=SCOPE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Например: ФИО, дата рождения, адрес, сведения о здоровье и семье — сбор, "
            "хранение, использование для помощи, передача в органы опеки."
        ),
        error_messages={"required": SCOPE_REQUIRED},
    )
    given_on = forms.DateField(
        label=_("Дата согласия"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": GIVEN_ON_REQUIRED},
    )
    valid_until = forms.DateField(
        label=_("Действует до"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Оставьте пустым, если согласие дано до отзыва."),
        error_messages=DATE_ERRORS,
    )
    signed_by = PersonChoiceField(
        label=_("Подписал законный представитель"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— сам человек —"),
        help_text=_("Для ребёнка младше 14 лет согласие подписывает родитель или опекун."),
        error_messages={"invalid_choice": _("Выберите родителя или опекуна из списка.")},
    )
    document = DocumentChoiceField(
        label=_("Подписанный документ из папки случая"),
        queryset=CaseDocument.objects.none(),
        required=False,
        empty_label=_("— нет или загружу файл —"),
        help_text=_("Отдельный документ-согласие, не пункт договора."),
        error_messages={"invalid_choice": _("Выберите документ из списка.")},
    )
    file = forms.FileField(
        label=_("Или скан подписанного согласия"),
        required=False,
        help_text=_("Файл попадёт в папку открытого случая семьи. PDF, DOCX, DOC, JPG, PNG."),
    )

    def __init__(
        self,
        *args: Any,
        representatives: QuerySet[Person],
        documents: QuerySet[CaseDocument],
        purposes: QuerySet[ConsentPurpose],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: PurposeChoiceField = self.fields["purposes"]  # type: ignore[assignment]
        choices.queryset = purposes
        signed_by: PersonChoiceField = self.fields["signed_by"]  # type: ignore[assignment]
        signed_by.queryset = representatives
        document: DocumentChoiceField = self.fields["document"]  # type: ignore[assignment]
        document.queryset = documents


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Дата отзыва"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": WITHDRAWN_ON_REQUIRED},
    )
    reason = forms.CharField(
        label=_("Как и почему отозвано"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Например: «письменное заявление от 12.03». Человек не обязан объяснять."),
    )
    retention_required = forms.BooleanField(
        label=_("Хранение требуется по закону"),
        required=False,
        help_text=_("Данные будут заблокированы и уничтожены в течение 6 месяцев, а не 30 дней."),
    )
    legal_basis = forms.CharField(
        label=_("Какой закон требует хранить"),
        max_length=LEGAL_BASIS_MAX,
        required=False,
    )
