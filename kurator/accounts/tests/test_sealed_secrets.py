"""TOTP secrets at rest are sealed with a key kept outside the database: the table (and so a
backup) holds no secret a code could be made from; the key may be replaced without locking
anybody out; an unopenable secret is a clear message, never a 500."""

from __future__ import annotations

import importlib
from binascii import hexlify
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurator.accounts import sealed, two_factor
from kurator.accounts.models import SecondFactorDevice, User
from kurator.accounts.tests.signin import code_for, enrolled_device, sign_in
from kurator.core.settings_checks import check_field_keys

NEW_KEY = "n" * 40
OLD_KEY = "o" * 40


def _stored_key(device: TOTPDevice) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return str(cursor.fetchone()[0])


def test_the_table_holds_no_totp_secret_only_a_sealed_one(curator: User) -> None:
    device = enrolled_device(curator)
    stored = _stored_key(device)
    secret = device.bin_key
    assert stored.startswith("s1$") and len(stored) <= 80
    assert hexlify(secret).decode() not in stored.lower()
    # The code of the user's phone is still accepted.
    two_factor.check_code(device=device, code=code_for(device))


def test_without_the_key_the_database_alone_gives_no_secret(curator: User, settings: Any) -> None:
    device = enrolled_device(curator)
    settings.SECRET_KEY = "a thief with the backup but not the key, 50 characters"
    with pytest.raises(sealed.UnsealError):
        SecondFactorDevice.objects.get(pk=device.pk).bin_key  # noqa: B018


def test_a_device_saved_through_django_otps_own_model_is_sealed_too(curator: User) -> None:
    plain = TOTPDevice.objects.create(user=curator, name="Kurator", confirmed=True)
    assert sealed.is_sealed(_stored_key(plain))
    device = SecondFactorDevice.objects.get(pk=plain.pk)
    assert totp(device.bin_key) >= 0


def test_the_migration_seals_secrets_stored_in_clear(curator: User) -> None:
    device = enrolled_device(curator)
    secret = device.bin_key
    TOTPDevice.objects.filter(pk=device.pk).update(key=hexlify(secret).decode())  # as before
    migration = importlib.import_module("kurator.accounts.migrations.0005_seal_totp_secrets")
    editor = SimpleNamespace(connection=SimpleNamespace(alias="default"))
    migration.seal_secrets(apps, editor)
    assert sealed.is_sealed(_stored_key(device))
    device.refresh_from_db()
    assert device.bin_key == secret
    migration.seal_secrets(apps, editor)  # a second run changes nothing
    assert SecondFactorDevice.objects.get(pk=device.pk).bin_key == secret


def test_a_new_field_key_keeps_old_secrets_working_and_reseal_moves_them(
    curator: User, settings: Any
) -> None:
    settings.KURATOR_FIELD_KEYS = [OLD_KEY]
    device = enrolled_device(curator)
    secret = device.bin_key
    settings.KURATOR_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    assert SecondFactorDevice.objects.get(pk=device.pk).bin_key == secret
    out = StringIO()
    call_command("kurator_reseal_secrets", stdout=out)
    assert "sealed again: 1" in out.getvalue()
    settings.KURATOR_FIELD_KEYS = [NEW_KEY]  # the old key dropped
    assert SecondFactorDevice.objects.get(pk=device.pk).bin_key == secret


def test_an_unopenable_secret_is_a_clear_message_at_sign_in(
    client: Client, curator: User, settings: Any
) -> None:
    settings.KURATOR_REQUIRE_2FA = True
    device = enrolled_device(curator)
    code = code_for(device)
    settings.KURATOR_FIELD_KEYS = [NEW_KEY]
    settings.SECRET_KEY = "another secret key entirely, at least fifty characters"
    sign_in(client, "curator")
    response = client.post("/accounts/two-factor/", {"code": code})
    assert response.status_code == 200
    assert "ключ шифрования на сервере сменился" in response.content.decode()
    assert not SecondFactorDevice.objects.get(pk=device.pk).throttling_failure_count


def test_no_admin_page_shows_a_totp_secret(client: Client, curator: User) -> None:
    enrolled_device(curator)
    root = User.objects.create_superuser("root", password="x-long-password-1")
    client.force_login(root)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_a_short_field_key_fails_the_checks(settings: Any) -> None:
    settings.KURATOR_FIELD_KEYS = ["short"]
    [error] = check_field_keys()
    assert error.id == "kurator.E022"
    settings.KURATOR_FIELD_KEYS = [NEW_KEY]
    assert check_field_keys() == []
