"""The assessment pages: recording through the form, access per role, the comparison page and
its chart, the case page's card, the report pages, and the Django admin of instruments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.assessments import services
from kurator.assessments.forms import question_field
from kurator.assessments.models import Assessment, ComprehensiveReport, Instrument, Question
from kurator.audit.models import ReadLogEntry
from kurator.cases.models import Case
from kurator.people.models import Person

Answers = Callable[..., dict[int, int]]


def _html(response: Any) -> str:
    return str(response.content.decode())


def _record(
    case: Case,
    by: User,
    instrument: Instrument,
    kind: str,
    chosen: dict[int, int],
    days_ago: int,
    person: Person | None = None,
) -> Assessment:
    return services.record_assessment(
        case=case,
        instrument=instrument,
        kind=kind,
        answers=chosen,
        by=by,
        subject_person=person,
        assessed_on=timezone.localdate() - timedelta(days=days_ago),
    )


@pytest.fixture
def three(
    case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> list[Assessment]:
    return [
        _record(case, curator, family_instrument, "entry", answers(family_instrument, 1), 90),
        _record(case, curator, family_instrument, "periodic", answers(family_instrument, 2), 60),
        _record(case, curator, family_instrument, "periodic", answers(family_instrument, 3), 30),
        _record(case, curator, family_instrument, "exit", answers(family_instrument, 4), 1),
    ]


def test_the_form_records_an_assessment_and_shows_its_scores(
    client: Client, case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    client.force_login(curator)
    url = reverse("assessments:create", args=[case.pk, family_instrument.pk])
    page = _html(client.get(url))
    assert "Риск отобрания ребёнка органами опеки и попечительства" in page
    data = {"kind": "entry", "assessed_on": f"{timezone.localdate():%Y-%m-%d}"}
    data |= {f"q_{q}": o for q, o in answers(family_instrument, 2).items()}
    response = client.post(url, data)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:detail", args=[assessment.pk])
    detail = _html(client.get(response["Location"]))
    assert "32</strong> из 64 — неблагополучие" in detail
    assert "Безопасность ребёнка" in detail


def test_the_form_names_each_unanswered_question_and_saves_nothing(
    client: Client, case: Case, curator: User, family_instrument: Instrument, answers: Answers
) -> None:
    client.force_login(curator)
    chosen = answers(family_instrument, 2)
    first = Question.objects.get(pk=next(iter(chosen)))
    del chosen[first.pk]
    data = {"kind": "entry", "assessed_on": f"{timezone.localdate():%Y-%m-%d}"}
    data |= {f"q_{q}": o for q, o in chosen.items()}
    response = client.post(
        reverse("assessments:create", args=[case.pk, family_instrument.pk]), data
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[question_field(first)] == [f"Не отвечен вопрос «{first.text}»."]
    assert "Ответьте на все вопросы" in _html(response)
    assert not Assessment.objects.exists()


def test_a_child_index_form_asks_which_child(
    client: Client, case: Case, curator: User, child_instrument: Instrument, child: Person
) -> None:
    client.force_login(curator)
    url = reverse("assessments:create", args=[case.pk, child_instrument.pk])
    page = _html(client.get(url))
    assert "Ребёнок" in page and child.full_name in page
    response = client.post(
        url, {"kind": "entry", "assessed_on": f"{timezone.localdate():%Y-%m-%d}"}
    )
    assert response.context["form"].errors["subject_person"] == ["Выберите ребёнка."]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("curator", 200),
        ("psychologist", 200),  # the first visit's psychologist works on the case
        ("head", 200),
        ("director", 200),
        ("colleague", 404),  # same team, not on the case
        ("other_team_curator", 404),
        ("outsider", 404),
        ("administrator", 404),  # settings, not case contents
        ("intake_operator", 404),
    ],
)
def test_the_assessment_pages_are_seen_by_the_case_scope_only(
    request: pytest.FixtureRequest,
    client: Client,
    case: Case,
    three: list[Assessment],
    who: str,
    status: int,
) -> None:
    client.force_login(request.getfixturevalue(who))
    urls = [
        reverse("assessments:case_assessments", args=[case.pk]),
        reverse("assessments:compare", args=[case.pk]),
        reverse("assessments:detail", args=[three[0].pk]),
        reverse("api-case-assessments", args=[case.pk]),
        reverse("api-assessment-detail", args=[three[0].pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [status] * len(urls)


@pytest.mark.parametrize(("who", "status"), [("director", 403), ("colleague", 404)])
def test_recording_needs_write_and_scope(
    request: pytest.FixtureRequest,
    client: Client,
    case: Case,
    family_instrument: Instrument,
    answers: Answers,
    who: str,
    status: int,
) -> None:
    client.force_login(request.getfixturevalue(who))
    data = {"kind": "entry"} | {f"q_{q}": o for q, o in answers(family_instrument, 2).items()}
    url = reverse("assessments:create", args=[case.pk, family_instrument.pk])
    assert client.post(url, data).status_code == status
    assert client.post(reverse("assessments:report_start", args=[case.pk])).status_code == status
    assert not Assessment.objects.exists() and not ComprehensiveReport.objects.exists()


def test_the_comparison_chart_draws_entry_latest_and_exit(
    client: Client, case: Case, curator: User, three: list[Assessment]
) -> None:
    client.force_login(curator)
    page = _html(client.get(reverse("assessments:compare", args=[case.pk])))
    assert page.count('data-testid="assessment-chart"') == 1
    for series in ("entry", "latest", "exit"):
        assert f'<g data-series="{series}"' in page
    # six domains per series; the latest is the newer periodic one (3 per question)
    svg = page[page.index("<svg") : page.index("</svg>")]
    latest = svg[svg.index('data-series="latest"') : svg.index('data-series="exit"')]
    assert latest.count("<rect") == 6
    assert "Безопасность ребёнка: последняя промежуточная — 9" in latest
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script" not in main and " style=" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    table = page[page.index('data-testid="comparison-table"') :]
    assert "+9" in table  # safety: 3 → 12


def test_the_comparison_page_queries_do_not_grow_with_assessments(
    client: Client,
    case: Case,
    curator: User,
    family_instrument: Instrument,
    child_instrument: Instrument,
    child: Person,
    answers: Answers,
    three: list[Assessment],
    django_assert_max_num_queries: Any,
) -> None:
    for days in (80, 50, 20):
        _record(case, curator, family_instrument, "periodic", answers(family_instrument, 2), days)
        _record(
            case, curator, child_instrument, "periodic", answers(child_instrument, 3), days, child
        )
    client.force_login(curator)
    client.get(reverse("assessments:compare", args=[case.pk]))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assessments:compare", args=[case.pk]))
    assert _html(response).count('data-testid="assessment-chart"') == 2


def test_the_case_page_has_the_assessments_card_with_the_chart(
    client: Client, case: Case, curator: User, three: list[Assessment]
) -> None:
    client.force_login(curator)
    page = _html(client.get(reverse("cases:case_detail", args=[case.pk])))
    card = page[page.index('data-testid="case-assessments-card"') :]
    assert 'data-testid="assessment-chart"' in card
    assert reverse("assessments:compare", args=[case.pk]) in card


def test_pages_log_the_read(
    client: Client, case: Case, curator: User, three: list[Assessment]
) -> None:
    client.force_login(curator)
    client.get(reverse("assessments:detail", args=[three[0].pk]))
    assert ReadLogEntry.objects.filter(user=curator, kind="assessment").exists()


def test_the_report_is_drafted_edited_and_finalized_through_the_pages(
    client: Client, case: Case, curator: User, three: list[Assessment]
) -> None:
    client.force_login(curator)
    start = reverse("assessments:report_start", args=[case.pk])
    assert "Начать черновик" in _html(client.get(start))
    response = client.post(start)
    report = ComprehensiveReport.objects.get()
    assert response["Location"] == reverse("assessments:report_edit", args=[report.pk])
    sections = {name: getattr(report, name) for name in ComprehensiveReport.SECTIONS}
    sections |= {"conclusion": "Семья справляется.", "strengths": "Бабушка рядом."}
    client.post(reverse("assessments:report_edit", args=[report.pk]), sections)
    finalize = reverse("assessments:report_finalize", args=[report.pk])
    assert "нельзя изменить" in _html(client.get(finalize))
    client.post(finalize)
    report.refresh_from_db()
    assert report.status == "final" and report.strengths == "Бабушка рядом."
    # read-only now: the edit page sends back to the report
    edit = client.get(reverse("assessments:report_edit", args=[report.pk]))
    assert edit.status_code == 302
    detail = _html(client.get(reverse("assessments:report_detail", args=[report.pk])))
    assert "утверждён" in detail and "Редактировать" not in detail


# --- the admin ----------------------------------------------------------------------------


def test_an_administrator_edits_an_instrument_in_the_admin(
    client: Client, administrator: User, family_instrument: Instrument
) -> None:
    client.force_login(administrator)
    url = reverse("admin:assessments_instrument_change", args=[family_instrument.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"name": "Оценка благополучия семьи (ред. 2026)", "is_active": "on"}
    # The inlines are left as they are (no forms submitted: existing rows untouched).
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = client.post(url, data)
    assert response.status_code == 302, [
        f.errors for f in page.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    family_instrument.refresh_from_db()
    assert family_instrument.name == "Оценка благополучия семьи (ред. 2026)"
    assert family_instrument.domains.count() == 6


def test_the_administrator_cannot_open_the_assessments_of_a_case(
    client: Client, administrator: User, case: Case, three: list[Assessment]
) -> None:
    client.force_login(administrator)
    assert client.get("/admin/assessments/").status_code == 200  # instruments only
    index = _html(client.get("/admin/assessments/"))
    assert "Инструменты оценки" in index and "Оценки благополучия" not in index
    assert client.get("/admin/assessments/assessment/").status_code == 404
    assert client.get(reverse("assessments:detail", args=[three[0].pk])).status_code == 404
    assert client.get(reverse("assessments:compare", args=[case.pk])).status_code == 404


def test_a_curator_cannot_open_the_instrument_admin(
    client: Client, curator: User, family_instrument: Instrument
) -> None:
    client.force_login(curator)
    url = reverse("admin:assessments_instrument_change", args=[family_instrument.pk])
    assert client.get(url).status_code == 302  # to the admin login
