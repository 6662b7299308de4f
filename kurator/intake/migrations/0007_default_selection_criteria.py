from django.db import migrations

# A copy of kurator.intake.criteria.DEFAULT_CRITERIA as it was when this migration was
# written: a migration does not import the application's code.
DEFAULTS = (
    "В семье есть дети до 18 лет, семья живёт на территории, где работает программа.",
    "Семья в трудной жизненной ситуации, с которой работает программа: риск отобрания "
    "ребёнка или ограничения в родительских правах, бедность, болезнь родителя, жильё.",
    "Семья согласна работать с куратором случая и выполнять совместный план.",
    "Случай не ведёт другая служба или организация.",
    "Риск для ребёнка можно снизить поддержкой семьи: нет угрозы жизни и здоровью, "
    "при которой ребёнка нужно немедленно защитить.",
)


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    SelectionCriterion = apps.get_model("intake", "SelectionCriterion")
    for organisation in Organisation.objects.all():
        if SelectionCriterion.objects.filter(organisation=organisation).exists():
            continue
        SelectionCriterion.objects.bulk_create(
            SelectionCriterion(organisation=organisation, title=title, position=n * 10)
            for n, title in enumerate(DEFAULTS, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_selection_criteria"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
