"""The public page's forms: the report of a family in need and the status lookup.

They check shape and the page's protections — the honeypot field a person never sees, the
signed moment the form was shown (too fast is a program, too old is a stale page), every
field's length; ``services.submit_public_signal`` checks the rules (consent, settlement) again
for the API. The signed token also carries the submission id that makes sending the same form
twice harmless."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from kurator.intake.models import Settlement
from kurator.intake.public import services

_SALT = "kurator.intake.public.form"
# A person reads the page and types for longer than this; a program posts at once.
MIN_FILL_SECONDS = 4
# A page open longer than this is stale: it is shown again with a fresh token.
MAX_FORM_AGE_SECONDS = 6 * 60 * 60

TOO_FAST = _(
    "Форма отправлена слишком быстро — так делают программы, а не люди. Проверьте, что всё "
    "заполнено, и нажмите «Отправить» ещё раз."
)
STALE = _(
    "Страница была открыта слишком давно. Мы сохранили то, что вы написали: проверьте и "
    "нажмите «Отправить» ещё раз."
)
ROBOT = _("Сообщение не принято: похоже, форму заполнила программа. Обновите страницу.")


TOO_LONG = _("Не больше %(limit_value)d символов: сейчас %(show_value)d.")


def new_token() -> str:
    """The hidden token of a freshly shown form: when it was shown, and its submission id."""
    return signing.dumps({"t": int(time.time()), "s": secrets.token_urlsafe(16)}, salt=_SALT)


def _min_seconds() -> int:
    return int(getattr(settings, "KURATOR_PUBLIC_FORM_MIN_SECONDS", MIN_FILL_SECONDS))


class ProtectedForm(forms.Form):
    """A public form's protections: the honeypot a person never sees, the signed token (when
    the form was shown, and its submission id), and a text cut to its limit when the form is
    shown again."""

    # The honeypot: hidden from people (``d-none``, out of the tab order); a program fills it.
    website = forms.CharField(
        label=_("Не заполняйте это поле"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    # Their «Не больше N символов» instead of Django's wording.
    limited: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.limited:
            self.fields[name].error_messages["max_length"] = TOO_LONG
        if not self.is_bound:
            self.initial["token"] = new_token()
        self.submission = ""

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and self.errors:
            # Shown again, a text longer than its field (10 MB pasted in) is cut to the
            # limit: the page never echoes a megabyte back.
            data = dict(self.data.items())
            for name, field in self.fields.items():
                limit = getattr(field, "max_length", None)
                value = data.get(name)
                if limit and isinstance(value, str) and len(value) > limit:
                    data[name] = value[:limit]
            self.data = data

    def refresh_token(self) -> None:
        """Show the form again with a fresh token (it was stale or sent too fast)."""
        data = dict(self.data.items())
        data["token"] = new_token()
        self.data = data

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(ROBOT, code="honeypot")
        try:
            token = signing.loads(
                self.data.get("token", ""), salt=_SALT, max_age=MAX_FORM_AGE_SECONDS
            )
        except signing.SignatureExpired:
            self.refresh_token()
            raise forms.ValidationError(STALE, code="stale") from None
        except signing.BadSignature:
            self.refresh_token()
            raise forms.ValidationError(ROBOT, code="token") from None
        if not isinstance(token, dict) or not isinstance(token.get("t"), int):
            raise forms.ValidationError(ROBOT, code="token")
        if time.time() - token["t"] < _min_seconds():
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        self.submission = str(token.get("s") or "")
        return data

    def check_consent(self, data: dict[str, Any], *names: str) -> None:
        """Whoever leaves her own data ticks the consent to their processing."""
        if any(data.get(name) for name in names) and not data.get("consent"):
            self.add_error("consent", services.CONSENT_MISSING)


CONSENT_LABEL = _(
    "Я согласна (согласен) на обработку моего имени и контакта, чтобы со мной связались по "
    "этому сообщению"
)


class PublicSignalForm(ProtectedForm):
    limited = ("address", "family_name", "description", "reporter_name", "reporter_contact")

    settlement = forms.ModelChoiceField(
        label=_("Где живёт семья"),
        queryset=Settlement.objects.none(),
        empty_label=_("— выберите населённый пункт или район —"),
        error_messages={
            "required": services.SETTLEMENT_MISSING,
            "invalid_choice": services.SETTLEMENT_MISSING,
        },
    )
    address = forms.CharField(
        label=_("Улица, дом — или как найти семью"),
        required=False,
        max_length=services.ADDRESS_MAX,
    )
    family_name = forms.CharField(
        label=_("Фамилия семьи, если знаете"),
        required=False,
        max_length=services.FAMILY_NAME_MAX,
    )
    description = forms.CharField(
        label=_("Что происходит с семьёй"),
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.DESCRIPTION_MAX}),
        help_text=_("Кто в семье, что случилось, какая нужна помощь. Не больше %(n)s знаков.")
        % {"n": services.DESCRIPTION_MAX},
        error_messages={"required": services.DESCRIPTION_MISSING},
    )
    urgent = forms.BooleanField(
        label=_("Ребёнку угрожает опасность прямо сейчас"),
        required=False,
    )
    relation = forms.ChoiceField(
        label=_("Кем вы приходитесь семье"),
        choices=[("", _("— не скажу —")), *services.RELATIONS],
        required=False,
        error_messages={"invalid_choice": _("Выберите из списка.")},
    )
    reporter_name = forms.CharField(
        label=_("Ваше имя"),
        required=False,
        max_length=services.NAME_MAX,
        help_text=_("Можно не указывать: сообщение примут и без имени."),
    )
    reporter_contact = forms.CharField(
        label=_("Телефон или e-mail для связи"),
        required=False,
        max_length=services.CONTACT_MAX,
        help_text=_("Если оставите, мы сможем уточнить подробности и сказать, чем всё кончилось."),
    )
    consent = forms.BooleanField(label=CONSENT_LABEL, required=False)

    def __init__(self, *args: Any, settlements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["settlement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = settlements

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.check_consent(data, "reporter_name", "reporter_contact")
        return data

    def reporter_fields(self) -> list[forms.BoundField]:
        names = ("relation", "reporter_name", "reporter_contact", "consent")
        return [self[name] for name in names]

    def family_fields(self) -> list[forms.BoundField]:
        names = ("settlement", "address", "family_name", "description", "urgent")
        return [self[name] for name in names]


class PublicAppealForm(ProtectedForm):
    """A complaint or suggestion about the organisation's work (59-FZ: answered in 30 days to
    the contact left)."""

    limited = ("text", "author", "contact")

    kind = forms.ChoiceField(
        label=_("Это"),
        choices=[("complaint", _("жалоба")), ("suggestion", _("предложение"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": services.APPEAL_KIND_MISSING,
            "invalid_choice": services.APPEAL_KIND_MISSING,
        },
    )
    text = forms.CharField(
        label=_("Суть обращения"),
        max_length=services.APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.APPEAL_TEXT_MAX}),
        error_messages={"required": services.APPEAL_TEXT_MISSING},
    )
    author = forms.CharField(
        label=_("Ваше имя (фамилия, имя, отчество)"), required=False, max_length=services.NAME_MAX
    )
    contact = forms.CharField(
        label=_("Куда прислать ответ: телефон, e-mail или адрес"),
        required=False,
        max_length=services.CONTACT_MAX,
        help_text=_("Без контакта обращение рассмотрят, но ответ прислать будет некуда."),
    )
    consent = forms.BooleanField(label=CONSENT_LABEL, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.check_consent(data, "author", "contact")
        return data


class StatusForm(forms.Form):
    number = forms.CharField(
        label=_("Номер сообщения"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Укажите номер сообщения.")},
    )
    code = forms.CharField(
        label=_("Код"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Укажите код, который вы получили вместе с номером.")},
    )
