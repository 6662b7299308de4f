"""Demo of well-being assessments, run after the cases and lifecycle demos.

For the first open cases: an entry and a periodic assessment of the family (better in some
domains, unchanged in others) and, where the family has a child, the child's index too; a
closed case gets its entry and exit assessment (the exit diagnostics before closure); the
first open case gets one finalized comprehensive assessment report. Everything goes through
the services, dated within the case's life. Deterministic.
"""

from __future__ import annotations

from decimal import Decimal

from kurator.assessments import queries, services
from kurator.assessments.errors import AssessmentError
from kurator.assessments.models import Instrument
from kurator.cases.models import Case
from kurator.core.demo import DemoContext

# domain order → score of every question of that domain
FAMILY_ENTRY = {1: 2, 2: 1, 3: 2, 4: 2, 5: 2, 6: 1}
FAMILY_PERIODIC = {1: 3, 2: 2, 3: 2, 4: 3, 5: 3, 6: 2}
FAMILY_EXIT = {1: 4, 2: 3, 3: 3, 4: 3, 5: 4, 6: 3}
CHILD_ENTRY = {1: 3, 2: 2, 3: 2, 4: 3, 5: 2, 6: 2}
CHILD_PERIODIC = {1: 4, 2: 3, 3: 3, 4: 3, 5: 4, 6: 3}
OPEN_CASES = 3


def _answers(instrument: Instrument, profile: dict[int, int]) -> dict[int, int]:
    chosen = {}
    for question in services.instrument_questions(instrument):
        wanted = Decimal(profile[question.domain.order])
        option = next(o for o in question.scale.options.all() if o.score == wanted)
        chosen[question.pk] = option.pk
    return chosen


def _assess(
    demo: DemoContext, case: Case, instrument: Instrument, kind: str, profile: dict[int, int]
) -> int:
    """Records one assessment of the family, or of each child for a child instrument."""
    subjects = (
        queries.case_children(case)[:1]
        if instrument.subject == Instrument.Subject.CHILD
        else [None]
    )
    done = 0
    for child in subjects:
        try:
            services.record_assessment(
                case=case,
                instrument=instrument,
                kind=kind,
                answers=_answers(instrument, profile),
                by=case.curator,
                subject_person=child,
            )
        except AssessmentError as error:
            demo.say(f"Оценка не внесена (случай №{case.pk}): {error.message}")
        else:
            done += 1
    return done


def _ensure_default_instruments() -> None:
    """The two default instruments come with migration 0002; a database flushed since (a
    transactional test, a restore of an old dump) gets them again, as the migration would."""
    if Instrument.objects.exists():
        return
    import importlib

    from django.apps import apps

    defaults = importlib.import_module("kurator.assessments.migrations.0002_default_instruments")
    defaults.load(apps, None)


def build(demo: DemoContext) -> None:
    _ensure_default_instruments()
    cases = [Case.objects.get(pk=c.pk) for c in demo.extra.get("cases") or []]
    family = Instrument.objects.filter(code="family-wellbeing", is_active=True).first()
    child = Instrument.objects.filter(code="child-wellbeing-index", is_active=True).first()
    if not cases or family is None or child is None:
        demo.say("Оценки благополучия: нет случаев или инструментов, пропущено.")
        return
    count = 0
    open_cases = [c for c in cases if c.status == Case.Status.OPEN][:OPEN_CASES]
    for case in open_cases:
        count += _assess(demo, case, family, "entry", FAMILY_ENTRY)
        count += _assess(demo, case, family, "periodic", FAMILY_PERIODIC)
        count += _assess(demo, case, child, "entry", CHILD_ENTRY)
        count += _assess(demo, case, child, "periodic", CHILD_PERIODIC)
    closed = next((c for c in cases if c.status == Case.Status.CLOSED), None)
    if closed is not None:
        count += _assess(demo, closed, family, "entry", FAMILY_ENTRY)
        count += _assess(demo, closed, family, "exit", FAMILY_EXIT)
    if open_cases:
        case = open_cases[0]
        report = services.start_report(case=case, by=case.curator)
        services.update_report(
            report=report,
            by=case.curator,
            strengths=(
                "Мама заботится о детях, дети привязаны к ней; бабушка помогает с младшим. "
                "Семья держит огород и кур."
            ),
            needs_risks=(
                "Печь и электропроводка в аварийном состоянии — претензии органов опеки; "
                "не оформлены пособия; старший ребёнок пропускает школу."
            ),
            conclusion=(
                "Риск отобрания снижается по мере ремонта; семья готова выполнять план "
                "совместных действий."
            ),
            recommendations=(
                "Ремонт печи и проводки; помощь в оформлении пособий; консультации психолога "
                "для старшего ребёнка; промежуточная оценка через три месяца."
            ),
        )
        services.finalize_report(report=report, by=case.curator)
    demo.extra["assessed_cases"] = [c.pk for c in open_cases] + ([closed.pk] if closed else [])
    demo.say(
        f"Оценки благополучия: {count} оценок по {len(open_cases) + (closed is not None)} "
        "случаям, один утверждённый отчёт о комплексной оценке."
    )
