# The single ``purpose`` column, copied into Consent.purposes by 0003, goes (and its index and
# the «other needs words» check with it; the history table drops its copy too).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_default_purposes_and_consents_copied")]

    operations = [
        migrations.RemoveIndex(model_name="consent", name="people_consent_person_idx"),
        migrations.RemoveConstraint(
            model_name="consent", name="people_consent_other_purpose_named"
        ),
        migrations.RemoveField(model_name="consent", name="purpose"),
        migrations.RemoveField(model_name="historicalconsent", name="purpose"),
    ]
