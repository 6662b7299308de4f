"""The assessments' part of the authorization matrix (kurator/assessments).

An assessment and a comprehensive report hang off the world's case: visible exactly to the
case's scope (a supervision share opens neither). Reading needs ``cases.case:read``; recording
an assessment and starting, editing and finalizing a report need ``cases.case:write``. The
instruments list is open to whoever reads cases.
"""

from __future__ import annotations

from typing import Any

from kurator.assessments.models import Instrument
from kurator.assessments.services import instrument_questions, record_assessment, start_report
from tests.test_access_matrix import (
    CASE_READ,
    CASE_SCOPE,
    CASE_WRITE,
    CURATOR,
    GP,
    G,
    Rule,
    listing,
    on,
)

ON_CASE = {"case_pk": "case"}

VISIBLE: dict[str, frozenset[str]] = {
    "assessment": CASE_SCOPE,
    "assessment_report": CASE_SCOPE,
}

RULES: dict[str, Rule] = {
    "assessments:case_assessments": on("case", CASE_READ, kwargs=ON_CASE),
    "assessments:compare": on("case", CASE_READ, kwargs=ON_CASE),
    "assessments:create": on(
        "case",
        CASE_WRITE,
        GP,
        kwargs={"case_pk": "case", "instrument_pk": "family_instrument"},
    ),
    "assessments:detail": on("assessment", CASE_READ),
    "assessments:report_start": on("case", CASE_WRITE, GP, kwargs=ON_CASE),
    "assessments:report_detail": on("assessment_report", CASE_READ),
    "assessments:report_edit": on("assessment_report", CASE_WRITE, GP),
    "assessments:report_finalize": on("assessment_report", CASE_WRITE, GP),
    "api-assessment-instruments": listing(CASE_READ),
    "api-case-assessments": on("case", CASE_READ, GP, post_perm=CASE_WRITE),
    "api-assessment-detail": on("assessment", CASE_READ, G),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    curator = users[CURATOR]
    case = records["case"]
    instrument = Instrument.objects.get(code="family-wellbeing", version=1)
    answers = {q.pk: q.scale.options.all()[0].pk for q in instrument_questions(instrument)}
    assessment = record_assessment(
        case=case, instrument=instrument, kind="entry", answers=answers, by=curator
    )
    report = start_report(case=case, by=curator)
    return {
        "family_instrument": instrument,
        "assessment": assessment,
        "assessment_report": report,
    }
