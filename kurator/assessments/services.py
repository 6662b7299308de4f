"""The assessment actions: record an assessment; start, edit and finalize the
comprehensive assessment report. Each validates, writes in one transaction with the case's
timeline row, and returns the record; a broken rule raises ``AssessmentError`` before
anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.assessments import scoring
from kurator.assessments.errors import AssessmentError
from kurator.assessments.models import (
    Answer,
    Assessment,
    Band,
    ComprehensiveReport,
    DomainScore,
    Instrument,
    Question,
)
from kurator.cases import timeline
from kurator.cases.models import Case
from kurator.people.models import Family, FamilyMembership, Person

WRITE = "cases.case:write"


def _check_date(case: Case, assessed_on: date) -> None:
    opened = timezone.localdate(case.opened_at)
    if assessed_on > timezone.localdate():
        raise AssessmentError(_("Дата оценки не может быть в будущем."), field="assessed_on")
    if assessed_on < opened:
        raise AssessmentError(
            _("Дата оценки раньше открытия случая (%(d)s).") % {"d": f"{opened:%d.%m.%Y}"},
            field="assessed_on",
        )
    if not case.accepts_records and case.closed_at is not None:
        closed = timezone.localdate(case.closed_at)
        if assessed_on > closed:
            raise AssessmentError(
                _(
                    "Случай закрыт %(d)s: оценку можно внести только датой не позже закрытия "
                    "(например, выходную диагностику перед закрытием)."
                )
                % {"d": f"{closed:%d.%m.%Y}"},
                field="assessed_on",
            )


def _subject(
    case: Case, instrument: Instrument, family: Family | None, person: Person | None
) -> Person | None:
    if instrument.subject == Instrument.Subject.FAMILY:
        if person is not None:
            raise AssessmentError(
                _("«%(i)s» оценивает семью, а не одного человека.") % {"i": instrument.name},
                field="subject_person",
            )
        if family is not None and family.pk != case.family_id:
            raise AssessmentError(_("Можно оценить только семью этого случая."), field="family")
        return None
    if person is None:
        raise AssessmentError(
            _("Выберите ребёнка, которого оценивает «%(i)s».") % {"i": instrument.name},
            field="subject_person",
        )
    in_family = FamilyMembership.objects.filter(family_id=case.family_id, person=person)
    if not in_family.exists():
        raise AssessmentError(
            _("%(p)s — не член семьи этого случая.") % {"p": person.full_name},
            field="subject_person",
        )
    return person


def _parse_answers(questions: list[Question], answers: Mapping[Any, Any]) -> dict[int, int]:
    """Question id → option id, or AssessmentError naming every bad question."""
    by_id = {q.pk: q for q in questions}
    given: dict[int, Any] = {}
    errors: dict[int, str] = {}
    for key, value in answers.items():
        try:
            question_id = int(key)
        except (TypeError, ValueError):
            raise AssessmentError(
                _("Неизвестный вопрос «%(k)s».") % {"k": key}, field="answers"
            ) from None
        if question_id not in by_id:
            raise AssessmentError(
                _("Вопрос №%(k)s не из этого инструмента оценки.") % {"k": question_id},
                field="answers",
            )
        given[question_id] = value
    chosen: dict[int, int] = {}
    for question in questions:
        value = given.get(question.pk)
        if value is None or value == "":
            errors[question.pk] = _("Не отвечен вопрос «%(q)s».") % {"q": question.text}
            continue
        allowed = {option.pk for option in question.scale.options.all()}
        try:
            option_id = int(str(value))
        except ValueError:
            option_id = -1
        if option_id not in allowed:
            errors[question.pk] = _("Вопрос «%(q)s»: выберите ответ из шкалы «%(s)s».") % {
                "q": question.text,
                "s": question.scale.name,
            }
            continue
        chosen[question.pk] = option_id
    if errors:
        first = next(iter(errors.values()))
        more = len(errors) - 1
        message = (
            first
            if not more
            else _("%(first)s И ещё вопросов без верного ответа: %(n)s.")
            % {
                "first": first,
                "n": more,
            }
        )
        raise AssessmentError(message, field="answers", answers=errors)
    return chosen


def instrument_questions(instrument: Instrument) -> list[Question]:
    """The instrument's questions in order, with their domain and scale options loaded."""
    return list(
        Question.objects.filter(domain__instrument=instrument)
        .select_related("domain", "scale")
        .prefetch_related("scale__options")
        .order_by("domain__order", "domain_id", "order", "pk")
    )


def record_assessment(
    *,
    case: Case,
    instrument: Instrument,
    kind: str,
    answers: Mapping[Any, Any],
    by: User,
    subject_person: Person | None = None,
    family: Family | None = None,
    assessed_on: date | None = None,
    note: str = "",
) -> Assessment:
    """Record one entry, periodic or exit assessment of the case's family or one child.

    ``answers`` maps each question's id to the chosen option's id; every question of the
    instrument needs an option of its scale. The scores are computed by the instrument's rule
    (``scoring``) and stored with the answers."""
    access.require(by, WRITE)
    if kind not in Assessment.Kind.values:
        raise AssessmentError(
            _("Выберите вид оценки: входная, промежуточная или выходная."), field="kind"
        )
    if not instrument.is_active:
        raise AssessmentError(
            _("Инструмент «%(i)s» больше не используется.") % {"i": instrument.name},
            field="instrument",
        )
    assessed_on = assessed_on or timezone.localdate()
    _check_date(case, assessed_on)
    person = _subject(case, instrument, family, subject_person)
    questions = instrument_questions(instrument)
    if not questions:
        raise AssessmentError(
            _("В инструменте «%(i)s» нет вопросов.") % {"i": instrument.name}, field="instrument"
        )
    chosen = _parse_answers(questions, answers)

    options = {o.pk: o for q in questions for o in q.scale.options.all()}
    per_domain: dict[int, list[Decimal]] = {}
    best: dict[int, list[Decimal]] = {}
    for question in questions:
        per_domain.setdefault(question.domain_id, []).append(options[chosen[question.pk]].score)
        best.setdefault(question.domain_id, []).append(
            max(o.score for o in question.scale.options.all())
        )
    bands = [
        scoring.BandRange(b.domain_id, b.min_score, b.max_score, b.label)
        for b in Band.objects.filter(instrument=instrument)
    ]
    domains, total, max_total, band = scoring.score(
        aggregation=instrument.aggregation, answers=per_domain, best=best, bands=bands
    )
    with transaction.atomic():
        # The case row is locked so that a closure cannot slip in between the date check
        # and the write.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != case.status:
            case = locked
            _check_date(case, assessed_on)
        assessment = Assessment.objects.create(
            case=case,
            family_id=case.family_id,
            person=person,
            instrument=instrument,
            kind=kind,
            assessed_on=assessed_on,
            total_score=total,
            max_total=max_total,
            band_label=band,
            note=note.strip(),
            created_by=by,
        )
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                question=question,
                option_id=chosen[question.pk],
                score=options[chosen[question.pk]].score,
            )
            for question in questions
        )
        DomainScore.objects.bulk_create(
            DomainScore(
                assessment=assessment,
                domain_id=d.domain_id,
                score=d.score,
                max_score=d.max_score,
                band_label=d.band,
            )
            for d in domains
        )
        timeline.record(
            kind="assessment.recorded",
            actor=by,
            case=case,
            data={
                "kind": str(Assessment.Kind(kind).label),
                "instrument": instrument.name,
                "subject": person.full_name if person else str(_("семья")),
                "date": f"{assessed_on:%d.%m.%Y}",
                "total": _number(total),
                "max": _number(max_total),
                "band": band or "—",
            },
        )
    return assessment


def _number(value: Decimal) -> str:
    """12.50 → «12,5», 12.00 → «12»."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


# --- the comprehensive assessment report ----------------------------------------------------


def report_facts(case: Case) -> str:
    """The latest assessment of each instrument and subject, in words, to pre-fill a draft."""
    latest: dict[tuple[int, int | None], Assessment] = {}
    rows = (
        Assessment.objects.filter(case=case)
        .select_related("instrument", "person")
        .prefetch_related("domain_scores__domain")
        .order_by("-assessed_on", "-pk")
    )
    for assessment in rows:
        latest.setdefault((assessment.instrument_id, assessment.person_id), assessment)
    lines = []
    for assessment in latest.values():
        subject = assessment.person.full_name if assessment.person else _("семья")
        lines.append(
            _(
                "%(instrument)s (%(subject)s), %(kind)s оценка от %(date)s: "
                "%(total)s из %(max)s%(band)s."
            )
            % {
                "instrument": assessment.instrument.name,
                "subject": subject,
                "kind": assessment.get_kind_display(),
                "date": f"{assessment.assessed_on:%d.%m.%Y}",
                "total": _number(assessment.total_score),
                "max": _number(assessment.max_total),
                "band": f" — {assessment.band_label}" if assessment.band_label else "",
            }
        )
        lines.extend(
            f"  • {ds.domain.title}: {_number(ds.score)} / {_number(ds.max_score)}"
            + (f" ({ds.band_label})" if ds.band_label else "")
            for ds in assessment.domain_scores.all()
        )
    return "\n".join(lines)


def section_title(name: str) -> str:
    field = ComprehensiveReport._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def start_report(*, case: Case, by: User) -> ComprehensiveReport:
    """A new draft, pre-filled: the facts of the latest assessments in «ситуация семьи», the
    other sections from the last final report (if any), which the new one will supersede."""
    access.require(by, WRITE)
    if not case.accepts_records:
        raise AssessmentError(_("Случай закрыт: новый отчёт о комплексной оценке не начать."))
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        reports = ComprehensiveReport.objects.filter(case=case)
        if reports.filter(status=ComprehensiveReport.Status.DRAFT).exists():
            raise AssessmentError(
                _("У случая уже есть черновик отчёта о комплексной оценке: продолжите его.")
            )
        previous = reports.filter(status=ComprehensiveReport.Status.FINAL).first()
        number = (reports.aggregate(n=Max("number"))["n"] or 0) + 1
        facts = report_facts(case)
        situation = _("Данные оценок благополучия:\n%(facts)s") % {"facts": facts} if facts else ""
        sections = (
            {name: getattr(previous, name) for name in ComprehensiveReport.SECTIONS}
            if previous
            else {}
        )
        if situation:
            sections["family_situation"] = (
                f"{situation}\n\n{sections['family_situation']}".strip()
                if sections.get("family_situation")
                else situation
            )
        try:
            with transaction.atomic():
                report = ComprehensiveReport.objects.create(
                    case=case,
                    family_id=case.family_id,
                    number=number,
                    supersedes=previous,
                    created_by=by,
                    **sections,
                )
        except IntegrityError:
            raise AssessmentError(
                _("У случая уже есть черновик отчёта о комплексной оценке: продолжите его.")
            ) from None
        timeline.record(
            kind="assessment.report_started", actor=by, case=case, data={"number": number}
        )
    return report


def check_report_draft(report: ComprehensiveReport, *, finalizing: bool = False) -> None:
    """Only a draft is edited or finalized; a final (or superseded) report is read-only."""
    if report.status == ComprehensiveReport.Status.DRAFT:
        return
    if finalizing:
        raise AssessmentError(_("Этот отчёт уже утверждён."))
    raise AssessmentError(
        _("Отчёт утверждён и не меняется. Чтобы дополнить его, начните новый отчёт.")
    )


def update_report(*, report: ComprehensiveReport, by: User, **sections: str) -> ComprehensiveReport:
    """Save the sections of a draft; a final report is read-only."""
    access.require(by, WRITE)
    unknown = set(sections) - set(ComprehensiveReport.SECTIONS)
    if unknown:
        raise ValueError(f"unknown report sections: {sorted(unknown)}")
    with transaction.atomic():
        locked = ComprehensiveReport.objects.select_for_update().get(pk=report.pk)
        check_report_draft(locked)
        for name, value in sections.items():
            setattr(locked, name, value.strip())
        locked.save()
    return locked


def finalize_report(*, report: ComprehensiveReport, by: User) -> ComprehensiveReport:
    """Approve the draft: read-only from now; the earlier final report is superseded."""
    access.require(by, WRITE)
    with transaction.atomic():
        locked = ComprehensiveReport.objects.select_for_update().get(pk=report.pk)
        check_report_draft(locked, finalizing=True)
        empty = [
            section_title(name)
            for name in ("family_situation", "conclusion")
            if not getattr(locked, name).strip()
        ]
        if empty:
            raise AssessmentError(
                _("Перед утверждением заполните разделы: %(list)s.") % {"list": ", ".join(empty)}
            )
        ComprehensiveReport.objects.filter(
            case_id=locked.case_id, status=ComprehensiveReport.Status.FINAL
        ).update(status=ComprehensiveReport.Status.SUPERSEDED)
        locked.status = ComprehensiveReport.Status.FINAL
        locked.finalized_at = timezone.now()
        locked.finalized_by = by
        locked.save()
        timeline.record(
            kind="assessment.report_finalized",
            actor=by,
            case=locked.case,
            data={"number": locked.number},
        )
    return locked
