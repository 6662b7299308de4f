"""Recording assessments (exact scores, validation messages, nothing half-written) and the
comprehensive report (draft → final → superseded)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator.accounts.models import User
from kurator.assessments import services
from kurator.assessments.errors import AssessmentError
from kurator.assessments.models import (
    Answer,
    Assessment,
    ComprehensiveReport,
    DomainScore,
    Instrument,
)
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.services import lifecycle
from kurator.cases.timeline import describe
from kurator.core.testing import make_person
from kurator.people.models import Person

D = Decimal
Answers = Callable[..., dict[int, int]]


def _counts() -> tuple[int, int, int, int]:
    return (
        Assessment.objects.count(),
        Answer.objects.count(),
        DomainScore.objects.count(),
        TimelineEvent.objects.filter(kind__startswith="assessment.").count(),
    )


def test_family_assessment_scores_each_domain_and_the_total(
    case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    # domains: safety (3 q) 1, housing (2) 2, income (3) 2, parents (3) 3, circle (3) 3,
    # self-reliance (2) 4 → 3 + 4 + 6 + 9 + 9 + 8 = 39: «неблагополучие» (32–43.99)
    chosen = answers(family_instrument, {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 4})
    a = services.record_assessment(
        case=case, instrument=family_instrument, kind="entry", answers=chosen, by=curator
    )
    scores = [(s.domain.title, s.score, s.max_score) for s in a.domain_scores.all()]
    assert scores == [
        ("Безопасность ребёнка", D(3), D(12)),
        ("Жилищно-бытовые условия", D(4), D(8)),
        ("Материальное положение и занятость", D(6), D(12)),
        ("Родительские компетенции", D(9), D(12)),
        ("Социальное окружение и ресурсы", D(9), D(12)),
        ("Самостоятельность семьи", D(8), D(8)),
    ]
    assert (a.total_score, a.max_total, a.band_label) == (D(39), D(64), "неблагополучие")
    assert a.answers.count() == 16
    assert a.person is None and a.family_id == case.family_id


def test_child_index_is_the_mean_of_domain_means(
    case: Case, curator: User, child_instrument: Instrument, child: Person, answers: Answers
) -> None:
    # domain means 2, 3, 4, 5, 1, 3 → (2+3+4+5+1+3)/6 = 3: «средний уровень»
    chosen = answers(child_instrument, {1: 2, 2: 3, 3: 4, 4: 5, 5: 1, 6: 3})
    a = services.record_assessment(
        case=case,
        instrument=child_instrument,
        kind="entry",
        answers=chosen,
        by=curator,
        subject_person=child,
    )
    assert [s.score for s in a.domain_scores.all()] == [D(2), D(3), D(4), D(5), D(1), D(3)]
    assert (a.total_score, a.max_total, a.band_label) == (D(3), D(5), "средний уровень")
    assert a.person == child


def test_the_timeline_says_what_was_assessed(
    case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    services.record_assessment(
        case=case,
        instrument=family_instrument,
        kind="exit",
        answers=answers(family_instrument, 4),
        by=curator,
    )
    event = TimelineEvent.objects.get(kind="assessment.recorded")
    today = f"{timezone.localdate():%d.%m.%Y}"
    assert describe(event) == (
        f"Оценка «Оценка уровня благополучия семьи» (семья), выходная, {today}: "
        "64 из 64 — благополучие"
    )


def test_a_missing_answer_names_the_question_and_writes_nothing(
    case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    chosen = answers(family_instrument, 3)
    first, second = list(chosen)[:2]
    del chosen[first]
    chosen[second] = None  # type: ignore[assignment]
    before = _counts()
    with pytest.raises(AssessmentError) as error:
        services.record_assessment(
            case=case, instrument=family_instrument, kind="entry", answers=chosen, by=curator
        )
    assert error.value.answers[first] == (
        "Не отвечен вопрос «Риск отобрания ребёнка органами опеки и попечительства»."
    )
    assert error.value.answers[second] == (
        "Не отвечен вопрос «Употребление алкоголя / ПАВ взрослыми членами семьи»."
    )
    assert "И ещё вопросов без верного ответа: 1" in error.value.message
    assert error.value.as_api_dict() == {
        "answers": {
            str(first): [error.value.answers[first]],
            str(second): [error.value.answers[second]],
        }
    }
    assert _counts() == before


def test_an_option_of_another_scale_is_refused(
    case: Case,
    curator: User,
    family_instrument: Instrument,
    child_instrument: Instrument,
    answers: Answers,
) -> None:
    chosen = answers(family_instrument, 2)
    question = next(iter(chosen))
    chosen[question] = next(iter(answers(child_instrument, 5).values()))  # a 1–5 option
    before = _counts()
    with pytest.raises(AssessmentError) as error:
        services.record_assessment(
            case=case, instrument=family_instrument, kind="entry", answers=chosen, by=curator
        )
    assert error.value.answers == {
        question: "Вопрос «Риск отобрания ребёнка органами опеки и попечительства»: выберите "
        "ответ из шкалы «Уровень благополучия семьи (1–4)»."
    }
    assert _counts() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "final"}, "Выберите вид оценки: входная, промежуточная или выходная."),
        ({"assessed_on": timedelta(days=1)}, "Дата оценки не может быть в будущем."),
        ({"assessed_on": timedelta(days=-400)}, "Дата оценки раньше открытия случая"),
    ],
)
def test_bad_header_is_refused_with_a_message(
    case: Case,
    curator: User,
    family_instrument: Instrument,
    answers: Answers,
    change: dict[str, Any],
    message: str,
) -> None:
    kwargs: dict[str, Any] = {"kind": "entry"}
    if "assessed_on" in change:
        kwargs["assessed_on"] = timezone.localdate() + change["assessed_on"]
    else:
        kwargs.update(change)
    before = _counts()
    with pytest.raises(AssessmentError, match=message):
        services.record_assessment(
            case=case,
            instrument=family_instrument,
            answers=answers(family_instrument, 2),
            by=curator,
            **kwargs,
        )
    assert _counts() == before


def test_a_child_index_needs_a_child_of_the_case_family(
    case: Case, curator: User, senior: User, child_instrument: Instrument, answers: Answers
) -> None:
    chosen = answers(child_instrument, 3)
    with pytest.raises(AssessmentError, match="Выберите ребёнка"):
        services.record_assessment(
            case=case, instrument=child_instrument, kind="entry", answers=chosen, by=curator
        )
    stranger = make_person(by=senior, first_name="Пётр", last_name="Чужой")
    with pytest.raises(AssessmentError, match="не член семьи этого случая"):
        services.record_assessment(
            case=case,
            instrument=child_instrument,
            kind="entry",
            answers=chosen,
            by=curator,
            subject_person=stranger,
        )


def test_an_inactive_instrument_cannot_be_used(
    case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    chosen = answers(family_instrument, 2)
    Instrument.objects.filter(pk=family_instrument.pk).update(is_active=False)
    family_instrument.refresh_from_db()
    with pytest.raises(AssessmentError, match="больше не используется"):
        services.record_assessment(
            case=case, instrument=family_instrument, kind="entry", answers=chosen, by=curator
        )


def test_a_closed_case_takes_assessments_dated_up_to_its_closing_only(
    case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    lifecycle.close_case(case=case, by=curator, reason="other", criteria={})
    case.refresh_from_db()
    closed = timezone.localdate(case.closed_at)
    chosen = answers(family_instrument, 4)
    a = services.record_assessment(
        case=case,
        instrument=family_instrument,
        kind="exit",
        answers=chosen,
        by=curator,
        assessed_on=closed,
    )
    assert a.kind == "exit"
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=3))
    case.refresh_from_db()
    with pytest.raises(AssessmentError, match="Случай закрыт"):
        services.record_assessment(
            case=case, instrument=family_instrument, kind="exit", answers=chosen, by=curator
        )


def test_recording_needs_the_write_permission(
    case: Case, director: User, family_instrument: Instrument, answers: Answers
) -> None:
    with pytest.raises(PermissionDenied):
        services.record_assessment(
            case=case,
            instrument=family_instrument,
            kind="entry",
            answers=answers(family_instrument, 2),
            by=director,
        )


# --- the comprehensive report ---------------------------------------------------------------


def test_a_report_starts_prefilled_from_the_latest_assessments(
    case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    for kind, score in (("entry", 2), ("periodic", 3)):
        services.record_assessment(
            case=case,
            instrument=family_instrument,
            kind=kind,
            answers=answers(family_instrument, score),
            by=curator,
        )
    report = services.start_report(case=case, by=curator)
    assert report.status == "draft" and report.number == 1
    assert "промежуточная оценка" in report.family_situation
    assert "48 из 64 — относительное благополучие" in report.family_situation
    assert "Безопасность ребёнка: 9 / 12" in report.family_situation
    with pytest.raises(AssessmentError, match="уже есть черновик"):
        services.start_report(case=case, by=curator)


def test_a_final_report_is_read_only_and_a_new_one_supersedes_it(case: Case, curator: User) -> None:
    first = services.start_report(case=case, by=curator)
    with pytest.raises(AssessmentError, match="заполните разделы: ситуация семьи, заключение"):
        services.finalize_report(report=first, by=curator)
    services.update_report(
        report=first, by=curator, family_situation="Мама одна с тремя детьми.", conclusion="Да."
    )
    first = services.finalize_report(report=first, by=curator)
    assert first.status == "final" and first.finalized_by == curator
    with pytest.raises(AssessmentError, match="не меняется"):
        services.update_report(report=first, by=curator, conclusion="Иначе.")
    with pytest.raises(AssessmentError, match="уже утверждён"):
        services.finalize_report(report=first, by=curator)
    second = services.start_report(case=case, by=curator)
    assert second.supersedes == first and second.number == 2
    assert second.conclusion == "Да."  # carried over to edit
    services.finalize_report(report=second, by=curator)
    statuses = dict(ComprehensiveReport.objects.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "final"}
    kinds = list(
        TimelineEvent.objects.filter(kind__startswith="assessment.report").values_list(
            "kind", flat=True
        )
    )
    assert sorted(kinds) == sorted(
        ["assessment.report_started"] * 2 + ["assessment.report_finalized"] * 2
    )
