"""TOTP secrets sealed with a key kept outside the database (``kurator.accounts.sealed``):
the secrets django-otp stored in clear (hex) are sealed in place; backwards, opened again."""

from binascii import hexlify, unhexlify

from django.db import migrations


def seal_secrets(apps, schema_editor):
    from kurator.accounts import sealed

    device_model = apps.get_model("otp_totp", "TOTPDevice")
    devices = device_model.objects.using(schema_editor.connection.alias)
    for device in devices.only("key"):
        if sealed.is_sealed(device.key):
            continue
        key = sealed.seal(unhexlify(device.key.encode()), purpose=sealed.TOTP)
        devices.filter(pk=device.pk).update(key=key)


def open_secrets(apps, schema_editor):
    from kurator.accounts import sealed

    device_model = apps.get_model("otp_totp", "TOTPDevice")
    devices = device_model.objects.using(schema_editor.connection.alias)
    for device in devices.only("key"):
        if sealed.is_sealed(device.key):
            secret = sealed.unseal(device.key, purpose=sealed.TOTP)
            devices.filter(pk=device.pk).update(key=hexlify(secret).decode())


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
