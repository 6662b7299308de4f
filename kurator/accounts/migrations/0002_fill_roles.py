"""One Role row per role code of product.md (self-contained: no app imports)."""

from django.db import migrations

ROLE_CODES = [
    "intake_operator",
    "senior_curator",
    "curator",
    "psychologist",
    "specialist",
    "team_head",
    "programme_director",
    "operations_manager",
    "supervisor",
    "quality_officer",
    "resource_agent",
    "administrator",
]


def forward(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
