# Adds Family.search_address (normalised address for the family search) and fills it.

from django.db import migrations, models


def _normalise(value):
    # A copy of kurator.people.names.normalize_name: migrations never import app code.
    return " ".join(value.replace("ё", "е").replace("Ё", "Е").lower().split())


def fill_search_address(apps, schema_editor):
    Family = apps.get_model("people", "Family")
    batch = []
    for family in Family.objects.only("pk", "address").iterator(chunk_size=2000):
        family.search_address = _normalise(family.address)
        batch.append(family)
        if len(batch) >= 2000:
            Family.objects.bulk_update(batch, ["search_address"])
            batch = []
    if batch:
        Family.objects.bulk_update(batch, ["search_address"])


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="family",
            name="search_address",
            field=models.CharField(default="", editable=False, max_length=500),
        ),
        migrations.RunPython(fill_search_address, migrations.RunPython.noop),
    ]
