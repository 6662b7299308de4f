"""The two instruments the organisation starts with (seed 004's list of forms: «Система оценки
уровня благополучия», «Методика расчета интегрального показателя благополучия ребенка»).

The domains and questions use the seed's own words for a family's difficulties (risk of the
child's removal, housing safe for children, food and basic needs, documents, benefits and
employment, parents' skills, the child's schooling and emotional state, the family's
self-reliance). Idempotent: an instrument already present (by code and version) is left as it
is, so an administrator's edits survive. Self-contained (no kurator imports).
"""

from decimal import Decimal

from django.db import migrations

FAMILY_SCALE = (
    "Уровень благополучия семьи (1–4)",
    [
        ("Критическое положение: нужна срочная помощь", 1),
        ("Неблагополучие: серьёзные трудности", 2),
        ("Относительное благополучие: справляется с поддержкой", 3),
        ("Благополучие: семья справляется сама", 4),
    ],
)
CHILD_SCALE = (
    "Состояние ребёнка (1–5)",
    [
        ("Угроза жизни или здоровью: нужна немедленная помощь", 1),
        ("Значительные трудности", 2),
        ("Есть трудности", 3),
        ("В целом хорошо", 4),
        ("Полностью благополучно", 5),
    ],
)

FAMILY = {
    "code": "family-wellbeing",
    "name": "Оценка уровня благополучия семьи",
    "description": (
        "Система оценки уровня благополучия: входная оценка при открытии случая, "
        "промежуточные при мониторинге, выходная диагностика перед закрытием. Каждый пункт — "
        "от 1 (критическое положение) до 4 (семья справляется сама); балл сферы и итог — "
        "сумма баллов."
    ),
    "subject": "family",
    "aggregation": "sum",
    "scale": FAMILY_SCALE,
    "domains": [
        (
            "Безопасность ребёнка",
            "Безопасность",
            [
                "Риск отобрания ребёнка органами опеки и попечительства",
                "Употребление алкоголя / ПАВ взрослыми членами семьи",
                "Конфликты и насилие в семье",
            ],
        ),
        (
            "Жилищно-бытовые условия",
            "Жильё и быт",
            [
                "Условия, пригодные для безопасного проживания детей (крыша, печь, "
                "электропроводка)",
                "Продукты питания, одежда и предметы первой необходимости",
            ],
        ),
        (
            "Материальное положение и занятость",
            "Доход и работа",
            [
                "Доход семьи, получение положенных пособий и льгот",
                "Трудоустройство взрослых членов семьи",
                "Документы членов семьи оформлены",
            ],
        ),
        (
            "Родительские компетенции",
            "Родители",
            [
                "Забота о здоровье, питании и режиме детей",
                "Включённость детей в образовательный процесс",
                "Привязанность и отношения между родителями и детьми",
            ],
        ),
        (
            "Социальное окружение и ресурсы",
            "Окружение",
            [
                "Поддержка родственников, соседей, друзей",
                "Отношения с органами опеки, школой и другими службами",
                "Собственные ресурсы семьи (приусадебное хозяйство, навыки)",
            ],
        ),
        (
            "Самостоятельность семьи",
            "Самостоятельность",
            [
                "Инициатива родителей в выполнении плана совместных действий",
                "Способность семьи обратиться за помощью при острой нужде",
            ],
        ),
    ],
    "bands": [
        ("16", "31.99", "кризисный уровень", "Высокий риск для детей; нужна экстренная помощь."),
        ("32", "43.99", "неблагополучие", "Семье нужна плановая поддержка по нескольким сферам."),
        (
            "44",
            "55.99",
            "относительное благополучие",
            "Трудности остаются, но семья решает их с поддержкой.",
        ),
        (
            "56",
            "64",
            "благополучие",
            "Семья справляется сама; возможен переход к постсопровождению.",
        ),
    ],
}

CHILD = {
    "code": "child-wellbeing-index",
    "name": "Интегральный показатель благополучия ребёнка",
    "description": (
        "Методика расчёта интегрального показателя благополучия ребёнка: каждый пункт — "
        "от 1 до 5; балл сферы — среднее её пунктов, интегральный показатель — среднее "
        "баллов сфер."
    ),
    "subject": "child",
    "aggregation": "mean",
    "scale": CHILD_SCALE,
    "domains": [
        (
            "Здоровье",
            "Здоровье",
            [
                "Физическое здоровье и доступ к медицинской помощи",
                "Питание и режим дня",
            ],
        ),
        (
            "Образование и развитие",
            "Развитие",
            [
                "Посещение детского сада или школы",
                "Развитие по возрасту (речь, навыки, успеваемость)",
                "Доступ к образованию и современным коммуникациям (компьютер, интернет)",
            ],
        ),
        (
            "Эмоциональное состояние",
            "Эмоции",
            [
                "Эмоциональное состояние (тревога, стресс, самооценка)",
                "Поведение дома и в коллективе",
            ],
        ),
        (
            "Отношения в семье",
            "Семья",
            [
                "Привязанность к родителям (лицам, их замещающим)",
                "Внимание и забота взрослых о потребностях ребёнка",
            ],
        ),
        (
            "Безопасность",
            "Безопасность",
            [
                "Безопасность жилья для ребёнка",
                "Защищённость от насилия и пренебрежения нуждами",
            ],
        ),
        (
            "Социальные связи и досуг",
            "Досуг",
            [
                "Отношения со сверстниками",
                "Досуг, кружки, интересы",
            ],
        ),
    ],
    "bands": [
        ("1", "1.99", "критический уровень", "Угроза благополучию ребёнка; нужна срочная помощь."),
        ("2", "2.99", "низкий уровень", "Значительные трудности в нескольких сферах."),
        ("3", "3.99", "средний уровень", "Отдельные трудности; план помощи их адресует."),
        ("4", "5", "высокий уровень", "Ребёнок в целом благополучен."),
    ],
}


def load(apps, schema_editor):
    AnswerScale = apps.get_model("assessments", "AnswerScale")
    AnswerOption = apps.get_model("assessments", "AnswerOption")
    Instrument = apps.get_model("assessments", "Instrument")
    Domain = apps.get_model("assessments", "Domain")
    Question = apps.get_model("assessments", "Question")
    Band = apps.get_model("assessments", "Band")
    for spec in (FAMILY, CHILD):
        if Instrument.objects.filter(code=spec["code"], version=1).exists():
            continue
        scale_name, options = spec["scale"]
        scale, created = AnswerScale.objects.get_or_create(name=scale_name)
        if created:
            for order, (label, score) in enumerate(options, start=1):
                AnswerOption.objects.create(
                    scale=scale, order=order, label=label, score=Decimal(score)
                )
        instrument = Instrument.objects.create(
            code=spec["code"],
            version=1,
            name=spec["name"],
            description=spec["description"],
            subject=spec["subject"],
            aggregation=spec["aggregation"],
            is_active=True,
        )
        for d_order, (title, short, questions) in enumerate(spec["domains"], start=1):
            domain = Domain.objects.create(
                instrument=instrument, order=d_order, title=title, short_title=short
            )
            for q_order, text in enumerate(questions, start=1):
                Question.objects.create(domain=domain, order=q_order, text=text, scale=scale)
        for low, high, label, interpretation in spec["bands"]:
            Band.objects.create(
                instrument=instrument,
                min_score=Decimal(low),
                max_score=Decimal(high),
                label=label,
                interpretation=interpretation,
            )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_instruments_assessments_reports")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
