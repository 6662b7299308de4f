"""TOTP secrets sealed with a key kept outside the database: the secrets django-otp stored in
clear (hex) are sealed in place; backwards, opened again.

Self-contained, as migrations are: the format is ``kurator.accounts.sealed``'s as of this
migration — ``s1$`` + base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag), the key derived by
HKDF-SHA256 from the first of ``KURATOR_FIELD_KEYS`` (else ``SECRET_KEY``)."""

import base64
import os
from binascii import hexlify, unhexlify

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations

PREFIX = "s1$"
PURPOSE = b"totp"


def _keys():
    materials = dict.fromkeys([*settings.KURATOR_FIELD_KEYS, settings.SECRET_KEY])
    return [
        HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"kurator sealed field v1: " + PURPOSE,
        ).derive(material.encode("utf-8"))
        for material in materials
    ]


def seal_secrets(apps, schema_editor):
    device_model = apps.get_model("otp_totp", "TOTPDevice")
    devices = device_model.objects.using(schema_editor.connection.alias)
    key = _keys()[0]
    for device in devices.only("key"):
        if device.key.startswith(PREFIX):
            continue
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, unhexlify(device.key.encode()), PURPOSE)
        text = PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
        devices.filter(pk=device.pk).update(key=text)


def open_secrets(apps, schema_editor):
    device_model = apps.get_model("otp_totp", "TOTPDevice")
    devices = device_model.objects.using(schema_editor.connection.alias)
    keys = _keys()
    for device in devices.only("key"):
        if not device.key.startswith(PREFIX):
            continue
        body = device.key[len(PREFIX) :]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        for key in keys:
            try:
                secret = AESGCM(key).decrypt(raw[:12], raw[12:], PURPOSE)
            except InvalidTag:  # sealed with another key: try the next
                continue
            devices.filter(pk=device.pk).update(key=hexlify(secret).decode())
            break


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_intake_scripts"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="SecondFactorDevice",
            fields=[],
            options={
                "verbose_name": "приложение-аутентификатор",
                "verbose_name_plural": "приложения-аутентификаторы",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("otp_totp.totpdevice",),
        ),
        migrations.RunPython(seal_secrets, open_secrets),
    ]
