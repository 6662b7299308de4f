# Purposes of consent become data: each organisation's list (ConsentPurpose), and a consent
# names one or more of them (Consent.purposes). The single ``purpose`` column stays until
# 0003 has copied it into the new table; 0004 drops it.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_tokens_hashed"),
        ("privacy", "0001_consents_requests_destruction_from_people"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConsentPurpose",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, verbose_name="код")),
                ("title", models.CharField(max_length=300, verbose_name="название")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("case_work", "обработка данных для оказания помощи"),
                            ("transfer", "передача данных третьим лицам"),
                            ("supervision", "обсуждение на внешней супервизии"),
                            ("photo", "фото- и видеосъёмка"),
                            ("publication", "публикация"),
                            ("other", "другое"),
                        ],
                        max_length=20,
                        verbose_name="что разрешает",
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        blank=True,
                        help_text="Для передачи данных: категория агентов ресурсной сети.",
                        max_length=20,
                        verbose_name="категория агентов",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="порядок")),
                ("is_active", models.BooleanField(default=True, verbose_name="действует")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="consent_purposes",
                        to="accounts.organisation",
                        verbose_name="организация",
                    ),
                ),
            ],
            options={
                "verbose_name": "цель согласия",
                "verbose_name_plural": "цели согласий",
                "db_table": "people_consentpurpose",
                "ordering": ["organisation", "position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "code"), name="people_consent_purpose_code_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "transfer"), models.Q(("category", ""), _negated=True)),
                            models.Q(models.Q(("kind", "transfer"), _negated=True), ("category", "")),
                            _connector="OR",
                        ),
                        name="people_consent_purpose_transfer_has_category",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="consent",
            name="purposes",
            field=models.ManyToManyField(
                related_name="consents", to="privacy.consentpurpose", verbose_name="цели"
            ),
        ),
    ]
