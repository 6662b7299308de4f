"""HTML forms of the register: commission resolutions, the working group, removal from the
register. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator.meetings.forms.meetings import DATE_WIDGET, TEXT
from kurator.meetings.models import CommissionResolution, RegisterEntry, WorkingGroupMember


class ResolutionForm(forms.Form):
    commission = forms.CharField(
        label=_("Комиссия"),
        max_length=300,
        initial=_("Комиссия по делам несовершеннолетних и защите их прав"),
    )
    number = forms.CharField(label=_("Номер постановления"), max_length=50)
    resolution_date = forms.DateField(label=_("Дата постановления"), widget=DATE_WIDGET)
    decision = forms.ChoiceField(
        label=_("Решение комиссии"), choices=CommissionResolution.Decision.choices
    )
    removal_reason = forms.ChoiceField(
        label=_("Причина снятия с учёта"),
        choices=[("", "—"), *RegisterEntry.RemovalReason.choices],
        required=False,
        help_text=_("Только для решения «снять семью с учёта»."),
    )
    plan_ordered = forms.CharField(
        label=_("Что поручено (программа ИПР)"), widget=TEXT, required=False
    )
    plan_due = forms.DateField(
        label=_("Срок реализации программы ИПР"), widget=DATE_WIDGET, required=False
    )
    notes = forms.CharField(label=_("Примечание"), widget=TEXT, required=False)


class WorkingGroupMemberForm(forms.Form):
    agency = forms.ChoiceField(label=_("Ведомство"), choices=WorkingGroupMember.Agency.choices)
    agency_name = forms.CharField(label=_("Учреждение"), max_length=300)
    person_name = forms.CharField(label=_("ФИО"), max_length=200)
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    contact = forms.CharField(label=_("Контакты"), max_length=200, required=False)


class RegisterRemoveForm(forms.Form):
    removed_on = forms.DateField(
        label=_("Дата снятия с учёта"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    reason = forms.ChoiceField(label=_("Причина"), choices=RegisterEntry.RemovalReason.choices)
    note = forms.CharField(label=_("Подробности"), widget=TEXT, required=False)
