# Every organisation gets the default purposes of consent, and every consent's single
# ``purpose`` is copied into its purposes, so no record loses what it allowed:
#   case_work → processing for case work;
#   photo («фото- и видеосъёмка, публикация») → photo and video, and publication;
#   partners («передача данных партнёрам», no category) → transfer to every category;
#   other → «другое» (the words stay in purpose_other).
# The defaults are frozen here as they were written (kurator/privacy/services/purposes.py
# holds the living list).

from django.db import migrations

CATEGORIES = [
    ("agency", "министерство или ведомство"),
    ("ngo", "социально ориентированная НКО"),
    ("religious", "религиозная организация"),
    ("media", "СМИ"),
    ("business", "бизнес"),
    ("professional", "профессиональное сообщество"),
    ("volunteers", "волонтёрская группа"),
    ("specialist", "частный специалист"),
    ("other", "другое"),
]

DEFAULTS = (
    [("case_work", "обработка персональных данных для оказания помощи", "case_work", "")]
    + [(f"transfer_{c}", f"передача данных: {label}", "transfer", c) for c, label in CATEGORIES]
    + [
        ("supervision", "обсуждение случая на внешней супервизии", "supervision", ""),
        ("photo", "фото- и видеосъёмка", "photo", ""),
        ("publication", "публикация (сайт, социальные сети, СМИ)", "publication", ""),
        ("other", "другое", "other", ""),
    ]
)

OLD_TO_CODES = {
    "case_work": ["case_work"],
    "photo": ["photo", "publication"],
    "partners": [f"transfer_{c}" for c, _label in CATEGORIES],
    "other": ["other"],
}


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    ConsentPurpose = apps.get_model("privacy", "ConsentPurpose")
    Consent = apps.get_model("privacy", "Consent")
    Through = Consent.purposes.through
    for organisation in Organisation.objects.order_by("pk"):
        have = set(
            ConsentPurpose.objects.filter(organisation=organisation).values_list("code", flat=True)
        )
        ConsentPurpose.objects.bulk_create(
            [
                ConsentPurpose(
                    organisation=organisation,
                    code=code,
                    title=title,
                    kind=kind,
                    category=category,
                    position=position,
                )
                for position, (code, title, kind, category) in enumerate(DEFAULTS, start=1)
                if code not in have
            ]
        )
    ids = {
        (p.organisation_id, p.code): p.pk
        for p in ConsentPurpose.objects.all().only("pk", "organisation_id", "code")
    }
    rows = []
    for consent in Consent.objects.only("pk", "organisation_id", "purpose").iterator():
        for code in OLD_TO_CODES.get(consent.purpose, ["other"]):
            rows.append(
                Through(consent_id=consent.pk, consentpurpose_id=ids[(consent.organisation_id, code)])
            )
    Through.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def backwards(apps, schema_editor):
    """Each consent's single purpose back from its purposes (the first that maps)."""
    Consent = apps.get_model("privacy", "Consent")
    for consent in Consent.objects.prefetch_related("purposes").iterator(chunk_size=500):
        kinds = {p.kind for p in consent.purposes.all()}
        if "case_work" in kinds:
            purpose = "case_work"
        elif "transfer" in kinds:
            purpose = "partners"
        elif kinds & {"photo", "publication"}:
            purpose = "photo"
        else:
            purpose = "other"
        if purpose == "other" and not consent.purpose_other:
            consent.purpose_other = "другое"
        consent.purpose = purpose
        consent.save(update_fields=["purpose", "purpose_other"])


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_consent_purposes_as_data")]

    operations = [migrations.RunPython(forwards, backwards)]
