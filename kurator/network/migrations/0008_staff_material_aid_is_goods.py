"""Material aid handed over by the organisation's own staff was booked as a staff cost; it is
material aid (goods). Deliveries not yet on an act are re-booked; those already signed on an
act of services stay as signed."""

from django.db import migrations


def rebook_staff_material_aid(apps, schema_editor):
    Delivery = apps.get_model("network", "Delivery")
    Delivery.objects.filter(
        provider="staff", service__group="material", cost_kind="staff", act__isnull=True
    ).update(cost_kind="aid")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_referral_depersonalised"),
    ]

    operations = [
        migrations.RunPython(rebook_staff_material_aid, migrations.RunPython.noop),
    ]
