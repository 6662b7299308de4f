"""Forms of the reports app's records: a staff norm entry, a complaint or suggestion and its
answer, a child's leaving a shelter, and the filters of their lists. They check shape; the
services check the rules, and where both ask the same the message is the
service's (``services/records.py``). Numbers of cases, families and children are resolved by the
service's ``visible_*`` lookups for the user — a number out of her scope reads «не найден»."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.accounts.models import Team, User
from kurator.core.api import MAX_ID
from kurator.core.http import form_error
from kurator.reports.errors import ReportError
from kurator.reports.figures import FIRST_YEAR, LAST_YEAR
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry
from kurator.reports.queries.records import APPEAL_ANSWERED, APPEAL_OPEN, filter_appeals
from kurator.reports.services.records import (
    ANSWER_MISSING,
    APPEAL_KIND_MISSING,
    APPEAL_TEXT_MISSING,
    DESTINATION_MISSING,
    KIND_MISSING,
    ONE_DECIMAL,
    REASON_MAX,
    SHELTER_MISSING,
    norm_amount,
    visible_case,
    visible_child,
    visible_family,
)

DATE_INPUT = ["%d.%m.%Y", "%Y-%m-%d"]


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


def _visible_by_number(find: Callable[[User, int | None], Any], user: User, number: Any) -> Any:
    """The record numbered ``number`` among those the user may see (``find``: a service's
    ``visible_*``); its «не найден» as the field's error otherwise. None stays None."""
    try:
        return find(user, number)
    except ReportError as error:
        raise forms.ValidationError(error.message) from error


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _team_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Команда"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("— вся организация —"),
        error_messages={"invalid_choice": _("Выберите команду из списка.")},
    )


def _offer_teams(form: forms.Form, user: User) -> None:
    """A team-wide record's team: an organisation-wide role picks one of the organisation's
    (or none); a team role has no choice — the service takes her own team."""
    staff = access.active_staff(user)
    if staff is not None and access.has_org_scope(staff):
        form.fields["team"].queryset = access.teams_visible_to(user).order_by("name")  # type: ignore[attr-defined]
    else:
        del form.fields["team"]


# --- staff norms -------------------------------------------------------------------------------


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Год"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
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
            "required": KIND_MISSING,
            "invalid_choice": KIND_MISSING,
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
            "max_decimal_places": ONE_DECIMAL,
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
        if kind and "amount" not in self.errors:
            try:
                data["amount"] = norm_amount(kind, data.get("amount"))
            except ReportError as error:
                form_error(self, error)
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
            "required": APPEAL_KIND_MISSING,
            "invalid_choice": APPEAL_KIND_MISSING,
        },
    )
    received_on = _date_field(_("Поступило"))
    channel = forms.ChoiceField(
        label=_("Как поступило"),
        choices=[("", "—"), *Appeal.Channel.choices],
        required=False,
        error_messages={"invalid_choice": _("Выберите из списка, как поступило обращение.")},
    )
    author = forms.CharField(
        label=_("От кого"),
        required=False,
        max_length=200,
        help_text=_("Можно оставить пустым, если обращение анонимное."),
        error_messages={"max_length": _("Не длиннее 200 символов.")},
    )
    contact = forms.CharField(
        label=_("Куда сообщить ответ"),
        required=False,
        max_length=300,
        help_text=_("Телефон, e-mail или почтовый адрес заявителя."),
        error_messages={"max_length": _("Не длиннее 300 символов.")},
    )
    text = forms.CharField(
        label=_("Суть обращения"),
        widget=_area(5),
        max_length=10_000,
        error_messages={
            "required": APPEAL_TEXT_MISSING,
            "max_length": _("Не длиннее 10 000 символов."),
        },
    )
    case_number = _id_field(
        _("Номер случая"), _("Если обращение касается работы по случаю (необязательно).")
    )
    team = _team_field()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        _offer_teams(self, user)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_case_number(self) -> Any:
        return _visible_by_number(visible_case, self.user, self.cleaned_data.get("case_number"))

    def to_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "received_on": data["received_on"],
            "channel": data["channel"],
            "author": data["author"],
            "contact": data["contact"],
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
        help_text=_("Станет текстом письма заявителю."),
        error_messages={
            "required": ANSWER_MISSING,
            "max_length": _("Не длиннее 10 000 символов."),
        },
    )
    notified_on = _date_field(
        _("Ответ сообщён заявителю"),
        required=False,
        help_text=_("Когда заявителю сообщили ответ — по контакту, который он оставил."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())


class AppealFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("все")),
        (APPEAL_OPEN, _("без ответа")),
        (APPEAL_ANSWERED, _("с ответом")),
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
        data = self.cleaned_data
        return filter_appeals(appeals, status=data.get("status", ""), kind=data.get("kind", ""))


# --- shelter exits -----------------------------------------------------------------------------


class ShelterExitForm(forms.Form):
    shelter = forms.CharField(
        label=_("Учреждение"),
        max_length=300,
        help_text=_("Социальный приют, социально-реабилитационный центр."),
        error_messages={
            "required": SHELTER_MISSING,
            "max_length": _("Не длиннее 300 символов."),
        },
    )
    left_on = _date_field(_("Дата выбытия"))
    destination = forms.ChoiceField(
        label=_("Куда выбыл"),
        choices=ShelterExit.Destination.choices,
        error_messages={
            "required": DESTINATION_MISSING,
            "invalid_choice": DESTINATION_MISSING,
        },
    )
    family_number = _id_field(
        _("Номер родной семьи"), _("Если семья есть в системе (необязательно).")
    )
    child_number = _id_field(_("Номер ребёнка"), _("Если ребёнок есть в системе (необязательно)."))
    team = _team_field()
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
        _offer_teams(self, user)

    def clean_family_number(self) -> Any:
        return _visible_by_number(visible_family, self.user, self.cleaned_data.get("family_number"))

    def clean_child_number(self) -> Any:
        return _visible_by_number(visible_child, self.user, self.cleaned_data.get("child_number"))

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
