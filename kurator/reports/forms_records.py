"""Forms of the reports app's records: a staff norm entry, a complaint or suggestion and its
answer, a child's leaving a shelter, and the filters of their lists. They check shape; the
services check the rules (style.md #10). Ids of cases, families and children are resolved
through ``access`` for the user — an id out of her scope reads «не найден»."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.accounts.models import Team, User
from kurator.core.api import MAX_ID
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry
from kurator.reports.services import REASON_MAX

DATE_INPUT = ["%d.%m.%Y", "%Y-%m-%d"]
YEAR_MIN, YEAR_MAX = 2000, 2100


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "дд.мм.гггг"}),
        error_messages={
            "invalid": _("Укажите дату в формате дд.мм.гггг."),
            "required": _("Укажите дату в формате дд.мм.гггг."),
        },
    )


def _id_field(label: Any, help_text: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=help_text,
        error_messages={
            "invalid": _("Номер — целое число."),
            "min_value": _("Номер — целое положительное число."),
            "max_value": _("Такого номера нет."),
        },
    )


def _visible_by_number(queryset: QuerySet[Any], number: int | None, missing: Any) -> Any:
    """The record numbered ``number`` among those the user may see; a form error naming it
    missing otherwise (out of scope looks exactly like «does not exist»). None stays None."""
    if number is None:
        return None
    record = queryset.filter(pk=number).first()
    if record is None:
        raise forms.ValidationError(missing)
    return record


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- staff norms -------------------------------------------------------------------------------


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Год"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    def year_or_current(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


class NormEntryForm(forms.Form):
    """One training, supervision or leave of one specialist (chosen by the page's URL)."""

    kind = forms.ChoiceField(
        label=_("Что"),
        choices=StaffNormEntry.Kind.choices,
        error_messages={
            "required": _("Выберите: обучение, супервизия или отпуск."),
            "invalid_choice": _("Выберите: обучение, супервизия или отпуск."),
        },
    )
    started_on = _date_field(_("Дата"), help_text=_("Для отпуска — первый день."))
    amount = forms.DecimalField(
        label=_("Часов обучения / дней отпуска"),
        required=False,
        max_digits=6,
        decimal_places=1,
        help_text=_("Для супервизии не нужно: она считается одна."),
        error_messages={
            "invalid": _("Укажите число, например 4 или 1,5."),
            "max_digits": _("Слишком большое число."),
            "max_decimal_places": _("Не больше одного знака после запятой."),
            "max_whole_digits": _("Слишком большое число."),
        },
    )
    note = forms.CharField(
        label=_("Тема, где, кто проводил"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Не длиннее 300 символов.")},
    )

    def __init__(self, *args: Any, correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if correction:
            self.fields["reason"] = _reason_field(
                _("Что было не так (необязательно)"),
                _("Останется в истории изменений записи рядом со старым и новым значением."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == StaffNormEntry.Kind.SUPERVISION:
            data["amount"] = Decimal(1)
        elif kind and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Укажите часы обучения или дни отпуска."))
        return data

    def to_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "started_on": data["started_on"],
            "amount": data["amount"],
            "note": data["note"],
        }


def _reason_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=REASON_MAX,
        help_text=help_text,
        error_messages={"max_length": _("Не длиннее %(limit_value)d символов.")},
    )


class NormEntryDeleteForm(forms.Form):
    """The confirmation of a deletion: the reason is optional and kept in the history."""

    reason = _reason_field(
        _("Причина удаления (необязательно)"),
        _("Например: «внесено дважды» или «не тому специалисту». Останется в истории записи."),
    )


# --- appeals -----------------------------------------------------------------------------------


class AppealForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=Appeal.Kind.choices,
        error_messages={
            "required": _("Выберите: жалоба или предложение."),
            "invalid_choice": _("Выберите: жалоба или предложение."),
        },
    )
    received_on = _date_field(_("Поступило"))
    author = forms.CharField(
        label=_("От кого"),
        required=False,
        max_length=200,
        help_text=_("Можно оставить пустым, если обращение анонимное."),
        error_messages={"max_length": _("Не длиннее 200 символов.")},
    )
    text = forms.CharField(
        label=_("Суть обращения"),
        widget=_area(5),
        max_length=10_000,
        error_messages={
            "required": _("Опишите суть обращения."),
            "max_length": _("Не длиннее 10 000 символов."),
        },
    )
    case_number = _id_field(
        _("Номер случая"), _("Если обращение касается работы по случаю (необязательно).")
    )
    team = forms.ModelChoiceField(
        label=_("Команда"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("— вся организация —"),
        error_messages={"invalid_choice": _("Выберите команду из списка.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        staff = access.active_staff(user)
        if staff is not None and access.has_org_scope(staff):
            self.fields["team"].queryset = access.teams_visible_to(user).order_by("name")  # type: ignore[attr-defined]
        else:
            del self.fields["team"]
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_case_number(self) -> Any:
        return _visible_by_number(
            access.cases_visible_to(self.user),
            self.cleaned_data.get("case_number"),
            _("Случай не найден."),
        )

    def to_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "received_on": data["received_on"],
            "author": data["author"],
            "text": data["text"],
            "case": data["case_number"],
            "team": data.get("team"),
        }


class AppealAnswerForm(forms.Form):
    answered_on = _date_field(_("Дата ответа"))
    answer = forms.CharField(
        label=_("Ответ, принятые меры"),
        widget=_area(5),
        max_length=10_000,
        error_messages={
            "required": _("Напишите ответ."),
            "max_length": _("Не длиннее 10 000 символов."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())


class AppealFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("все")),
        ("open", _("без ответа")),
        ("answered", _("с ответом")),
    ]
    status = forms.ChoiceField(
        label=_("Статус"),
        choices=STATUS_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=[("", _("все")), *Appeal.Kind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filter(self, appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
        if not self.is_valid():
            return appeals
        status = self.cleaned_data.get("status")
        if status == "open":
            appeals = appeals.filter(answered_on__isnull=True)
        elif status == "answered":
            appeals = appeals.filter(answered_on__isnull=False)
        if self.cleaned_data.get("kind"):
            appeals = appeals.filter(kind=self.cleaned_data["kind"])
        return appeals


# --- shelter exits -----------------------------------------------------------------------------


class ShelterExitForm(forms.Form):
    shelter = forms.CharField(
        label=_("Учреждение"),
        max_length=300,
        help_text=_("Социальный приют, социально-реабилитационный центр."),
        error_messages={
            "required": _("Укажите учреждение, из которого выбыл ребёнок."),
            "max_length": _("Не длиннее 300 символов."),
        },
    )
    left_on = _date_field(_("Дата выбытия"))
    destination = forms.ChoiceField(
        label=_("Куда выбыл"),
        choices=ShelterExit.Destination.choices,
        error_messages={
            "required": _("Выберите, куда выбыл ребёнок."),
            "invalid_choice": _("Выберите, куда выбыл ребёнок."),
        },
    )
    family_number = _id_field(
        _("Номер родной семьи"), _("Если семья есть в системе (необязательно).")
    )
    child_number = _id_field(_("Номер ребёнка"), _("Если ребёнок есть в системе (необязательно)."))
    team = forms.ModelChoiceField(
        label=_("Команда"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("— вся организация —"),
        error_messages={"invalid_choice": _("Выберите команду из списка.")},
    )
    note = forms.CharField(
        label=_("Примечание"),
        required=False,
        widget=_area(3),
        max_length=5000,
        error_messages={"max_length": _("Не длиннее 5000 символов.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        staff = access.active_staff(user)
        if staff is not None and access.has_org_scope(staff):
            self.fields["team"].queryset = access.teams_visible_to(user).order_by("name")  # type: ignore[attr-defined]
        else:
            del self.fields["team"]

    def clean_family_number(self) -> Any:
        return _visible_by_number(
            access.families_visible_to(self.user),
            self.cleaned_data.get("family_number"),
            _("Семья не найдена."),
        )

    def clean_child_number(self) -> Any:
        return _visible_by_number(
            access.persons_visible_to(self.user),
            self.cleaned_data.get("child_number"),
            _("Ребёнок не найден."),
        )

    def to_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "shelter": data["shelter"],
            "left_on": data["left_on"],
            "destination": data["destination"],
            "family": data["family_number"],
            "child": data["child_number"],
            "team": data.get("team"),
            "note": data["note"],
        }


class PeriodForm(forms.Form):
    """A period of the shelter exits list: from–to, the current year by default."""

    start = _date_field(_("С"), required=False)
    end = _date_field(_("По"), required=False)

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        if self.is_valid():
            start = self.cleaned_data.get("start") or start
            end = self.cleaned_data.get("end") or end
        if end < start:
            start, end = end, start
        return start, end
