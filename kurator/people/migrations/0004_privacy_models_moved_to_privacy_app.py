# Consents, destruction clocks and acts, anonymisations and subject requests now belong to the
# privacy app (kurator/privacy/models.py). Only Django's state changes: the tables keep their
# names and their rows; privacy.0001 takes the same tables over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_consents_and_subject_requests'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Anonymisation'),
                migrations.DeleteModel(name='HistoricalDestructionClock'),
                migrations.DeleteModel(name='DestructionClock'),
                migrations.DeleteModel(name='DestructionAct'),
                migrations.DeleteModel(name='HistoricalConsent'),
                migrations.DeleteModel(name='Consent'),
                migrations.DeleteModel(name='HistoricalSubjectRequest'),
                migrations.DeleteModel(name='SubjectRequest'),
            ],
            database_operations=[],
        ),
    ]
