"""The second factor: a TOTP code (django-otp) after the password, for every user, when
``KURATOR_REQUIRE_2FA`` is on; and the "recently confirmed" stamp that step-up checks.

A session is *verified* once ``django_otp.login`` has stored the device in it
(``request.user.is_verified()``, set by ``OTPMiddleware``). Enrolment is allowed only while the
user has no confirmed device: a password alone must never be enough to add a second one —
an administrator resets a lost phone (``reset_second_factor``).

The device's secret is sealed before it is saved (``seal_secret``, a ``pre_save`` receiver on
django-otp's model and ours): the database and its backups hold it only encrypted with a key
kept outside them (``kurator.accounts.sealed``); ``SecondFactorDevice.bin_key`` opens it.
"""

from __future__ import annotations

import logging
import re
from base64 import b32encode
from binascii import unhexlify
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models.signals import pre_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurator.accounts import clock, sealed
from kurator.accounts.errors import AccountsError
from kurator.accounts.models import SecondFactorDevice, User

log = logging.getLogger(__name__)

# When the user last proved it is her (epoch seconds) and with what: "totp" or "password".
REAUTH_AT = "kurator_reauth_at"
REAUTH_FACTOR = "kurator_reauth_factor"
TOTP = "totp"
PASSWORD = "password"  # noqa: S105 — the name of a factor, not a password

CODE_RE = re.compile(r"\d{6}")


def is_required() -> bool:
    return bool(settings.KURATOR_REQUIRE_2FA)


def confirmed_device(user: AbstractBaseUser) -> SecondFactorDevice | None:
    return SecondFactorDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> SecondFactorDevice:
    """The device being enrolled. Made once and reused: reloading the page must not change
    the secret the user may already have scanned."""
    device = SecondFactorDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = SecondFactorDevice.objects.create(user=user, name="Kurator", confirmed=False)
    return device


def seal_secret(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    """``pre_save`` of a TOTP device: a secret still in clear (hex) is sealed."""
    if not sealed.is_sealed(instance.key):
        instance.key = sealed.seal(unhexlify(instance.key.encode()), purpose=sealed.TOTP)


def connect_signals() -> None:
    for model in (TOTPDevice, SecondFactorDevice):
        pre_save.connect(seal_secret, sender=model, dispatch_uid=f"accounts_seal_{model.__name__}")


def reseal_secrets() -> tuple[int, list[int]]:
    """Seal every device's secret again with the first key of ``KURATOR_FIELD_KEY`` (after a
    new key was put first). Returns how many changed, and the users whose secret no key opens
    (left as they are: their second factor must be reset)."""
    changed, unreadable = 0, []
    for device in SecondFactorDevice.objects.order_by("pk"):
        if sealed.sealed_with_first_key(device.key, purpose=sealed.TOTP):
            continue
        try:
            secret = device.bin_key
        except sealed.UnsealError:
            log.error("The TOTP secret of user %s opens with no key", device.user_id)
            unreadable.append(device.user_id)
            continue
        key = sealed.seal(secret, purpose=sealed.TOTP)
        SecondFactorDevice.objects.filter(pk=device.pk).update(key=key)
        changed += 1
    return changed, unreadable


def secret_text(device: SecondFactorDevice) -> str:
    """The base32 secret in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: SecondFactorDevice) -> str:
    """The ``otpauth://`` URL as an inline SVG QR code: drawn here, never fetched from a
    QR service (the URL carries the secret)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2))


def check_code(*, device: SecondFactorDevice, code: str) -> None:
    """Accept a 6-digit code from ``device`` or raise ``AccountsError`` (field ``code``).

    The row is locked while checking, so two requests cannot both accept the same code:
    django-otp remembers the last accepted time step, and a code is good only once.
    Wrong codes slow the device down exponentially (django-otp's throttling: 1, 2, 4 … s).
    """
    code = re.sub(r"\s", "", code)
    if not CODE_RE.fullmatch(code):
        raise AccountsError(_("Введите 6 цифр из приложения-аутентификатора."), field="code")
    with transaction.atomic():
        locked = SecondFactorDevice.objects.select_for_update().get(pk=device.pk)
        allowed, data = locked.verify_is_allowed()
        try:
            locked.bin_key  # noqa: B018 — opened before verify_token, which must not raise
        except sealed.UnsealError:
            log.error("The TOTP secret of user %s opens with no key", device.user_id)
            raise AccountsError(
                _(
                    "Код нельзя проверить: ключ шифрования на сервере сменился. Обратитесь к "
                    "администратору — он сбросит двухфакторную проверку."
                ),
                field="code",
            ) from None
        # verify_token saves the failure count itself: nothing may raise inside this block.
        accepted = allowed and locked.verify_token(code)
    if not allowed:
        until = (data or {}).get("locked_until")
        when = time_format(timezone.localtime(until), "H:i:s") if until else ""
        raise AccountsError(
            _("Слишком много неверных кодов. Следующая попытка — после %(time)s.") % {"time": when},
            field="code",
        )
    if not accepted:
        raise AccountsError(
            _("Код не подошёл. Проверьте время на телефоне и введите новый код."), field="code"
        )
    device.refresh_from_db()


def confirm_enrolment(*, request: HttpRequest, device: SecondFactorDevice, code: str) -> None:
    """The first good code confirms the scanned device and verifies this session."""
    check_code(device=device, code=code)
    SecondFactorDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    log.info("Second factor enrolled for user %s", device.user_id)
    mark_verified(request, device)


def verify(*, request: HttpRequest, device: SecondFactorDevice, code: str) -> None:
    check_code(device=device, code=code)
    mark_verified(request, device)


def mark_verified(request: HttpRequest, device: SecondFactorDevice) -> None:
    otp_login(request, device)
    # Fully signed in now: a new session id, so one planted before sign-in is worthless.
    request.session.cycle_key()
    record_reauth(request, TOTP)


def record_reauth(request: HttpRequest, factor: str) -> None:
    request.session[REAUTH_AT] = clock.now()
    request.session[REAUTH_FACTOR] = factor


def reauthenticated_within(request: HttpRequest, seconds: int) -> bool:
    """Has the user proved it is her in the last ``seconds``? With the second factor on, only
    a TOTP code counts; without it, a password (at sign-in or on the confirmation page)."""
    at = request.session.get(REAUTH_AT)
    if not isinstance(at, int | float):
        return False
    if is_required() and request.session.get(REAUTH_FACTOR) != TOTP:
        return False
    return 0 <= clock.now() - at <= seconds


def api_code_shape(code: object) -> str | None:
    """With the second factor on, the token request must carry a 6-digit ``otp_token``; it is
    checked for shape before the password, so the answer never tells a right password from a
    wrong one. Returns the code (None when the second factor is off)."""
    if not is_required():
        return None
    text = re.sub(r"\s", "", code) if isinstance(code, str) else ""
    if not CODE_RE.fullmatch(text):
        raise AccountsError(
            _("Введите 6 цифр из приложения-аутентификатора (поле otp_token)."), field="otp_token"
        )
    return text


API_REFUSED = _(
    "Неверное имя пользователя, пароль или код. Если вы ещё не настроили двухфакторную "
    "проверку, сначала войдите в Kurator через браузер."
)


def api_check(*, user: User, code: str | None) -> None:
    """The API's token endpoint asks for the code too when the second factor is on:
    otherwise a password alone would open everything through the API. A missing device, a
    wrong code and a slowed-down device all get one answer, the same as a wrong password."""
    if not is_required():
        return
    device = confirmed_device(user)
    if device is None:
        raise AccountsError(API_REFUSED, field="non_field_errors")
    try:
        check_code(device=device, code=code or "")
    except AccountsError as error:
        raise AccountsError(API_REFUSED, field="non_field_errors") from error


def reset_second_factor(*, user: User, by: User) -> int:
    """Remove the user's devices (a lost phone): she enrols again at her next sign-in.
    Returns how many devices were removed."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    log.warning("Second factor reset for user %s by user %s (%s devices)", user.pk, by.pk, count)
    return count
