"""The commission documents: the quarterly analytic note to the working group and the final
report to the commission, as DOCX in the case folder (state model)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.services.lifecycle import add_months
from kurator.core.dates import month_label
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument
from kurator.documents.services.generation import generate_document
from kurator.documents.services.templates import upload_template
from kurator.meetings.errors import MeetingError
from kurator.meetings.models import CommissionDocument, CommissionResolution
from kurator.meetings.services import commission_docs
from kurator.meetings.services.commission_docs import make_final_report, make_quarterly_note
from kurator.meetings.services.register import record_resolution
from kurator.network.services import agents as network_services
from kurator.network.services import aid
from kurator.people.models import Person
from kurator.plans import services as plans
from kurator.plans.models import Contact, PlanAction

pytestmark = pytest.mark.django_db


def docx_text(document: CaseDocument) -> str:
    with document.file.open("rb") as f:
        doc = Document(io.BytesIO(f.read()))
    parts = [p.text for p in doc.paragraphs]
    parts.extend(
        " | ".join(cell.text for cell in row.cells) for table in doc.tables for row in table.rows
    )
    return "\n".join(parts)


@dataclass
class World:
    case: Case
    quarter: date
    done: PlanAction
    missed: PlanAction


def last_quarter() -> date:
    return add_months(commission_docs.quarter_of(timezone.localdate()), -3)


@pytest.fixture
def world(case: Case, curator: User, senior: User, head: User, mother: Person) -> World:
    """The family registered 10 days before the last quarter; in it: month 1 — two home visits
    and a call, month 2 — one call (no home visit), month 3 — one home visit; one action
    done in the quarter and one due in it but not done; one food parcel delivered."""
    quarter = last_quarter()
    Case.objects.filter(pk=case.pk).update(
        opened_at=timezone.now() - timedelta(days=(timezone.localdate() - quarter).days + 30)
    )
    case.refresh_from_db()
    record_resolution(
        case=case,
        by=senior,
        commission="КДНиЗП Ленинского района",
        number="14/3",
        resolution_date=quarter - timedelta(days=10),
        decision=CommissionResolution.Decision.REGISTER,
        plan_ordered="Разработать программу ИПР",
    )
    plan = plans.create_plan(case=case, by=curator)
    goal = plans.add_goal(plan=plan, text="В доме тепло и безопасно", by=curator)
    done = plans.add_action(
        goal=goal,
        text="Отремонтировать печь",
        responsible_kind="staff",
        responsible_user=curator,
        due_on=quarter + timedelta(days=20),
        by=curator,
    )
    missed = plans.add_action(
        goal=goal,
        text="Оформить детское пособие",
        responsible_kind="family",
        responsible_person=mother,
        due_on=quarter + timedelta(days=50),
        by=curator,
    )
    plans.agree_plan_with_family(plan=plan, agreed_on=quarter, by=curator)
    plans.update_action_status(
        action=done,
        status=PlanAction.Status.DONE,
        result="Печь переложена, в доме тепло",
        done_on=quarter + timedelta(days=15),
        by=curator,
    )
    m1, m2, m3 = quarter, add_months(quarter, 1), add_months(quarter, 2)
    for day, kind in [
        (m1 + timedelta(days=2), Contact.Kind.HOME_VISIT),
        (m1 + timedelta(days=16), Contact.Kind.HOME_VISIT),
        (m1 + timedelta(days=20), Contact.Kind.CALL),
        (m2 + timedelta(days=5), Contact.Kind.CALL),
        (m3 + timedelta(days=9), Contact.Kind.HOME_VISIT),
    ]:
        plans.record_contact(case=case, kind=kind, happened_on=day, staff=[curator], by=curator)
    food = network_services.create_service(by=head, name="Продуктовый набор", group="material")
    aid.record_delivery(
        case=case,
        by=curator,
        service=food,
        delivered_on=m2 + timedelta(days=3),
        persons=[mother],
        quantity=2,
        unit_cost=1500,
        provider="staff",
        funding="own",
    )
    return World(case=case, quarter=quarter, done=done, missed=missed)


def test_quarterly_note_names_the_family_quarter_visits_and_action_statuses(
    world: World, curator: User
) -> None:
    row = make_quarterly_note(
        case=world.case,
        quarter_start=world.quarter,
        conclusions="Ситуация улучшилась: в доме тепло.",
        proposals="Исключить ремонт печи, включить занятость матери.",
        by=curator,
    )
    text = docx_text(row.document)
    label = commission_docs.quarter_label(world.quarter)
    assert "Ивановы" in text
    assert label in text
    assert "Посещений на дому за период: 3, всего контактов: 5" in text
    month2 = month_label(add_months(world.quarter, 1))
    assert f"{month2} | 0 | 1 | нет посещения на дому — норматив не выполнен" in text
    assert f"Месяцы без посещения на дому: {month2}." in text
    month1 = month_label(world.quarter)
    assert f"{month1} | 2 | 3 | норматив выполнен" in text
    done_on = (world.quarter + timedelta(days=15)).strftime("%d.%m.%Y")
    assert "Отремонтировать печь | " in text
    assert f"выполнено {done_on} | Печь переложена, в доме тепло" in text
    assert "Оформить детское пособие" in text and "не выполнено в срок" in text
    assert "Выполнено в периоде: 1; со сроком в периоде: 2, из них не выполнено: 1." in text
    assert "Продуктовый набор" in text and "на сумму 3000 ₽" in text
    assert "Постановление КДНиЗП Ленинского района № 14/3" in text
    assert "Исключить ремонт печи" in text
    assert row.kind == CommissionDocument.Kind.QUARTERLY
    assert row.period_start == world.quarter
    assert row.period_end == add_months(world.quarter, 3) - timedelta(days=1)
    assert row.document.case_id == world.case.pk
    assert row.document.original_name.endswith(".docx")
    assert TimelineEvent.objects.filter(
        case=world.case, kind="register.commission_document"
    ).exists()


def test_the_same_quarter_again_is_a_new_version_of_the_document(
    world: World, curator: User
) -> None:
    first = make_quarterly_note(
        case=world.case, quarter_start=world.quarter, conclusions="Первый", proposals="", by=curator
    )
    second = make_quarterly_note(
        case=world.case, quarter_start=world.quarter, conclusions="Второй", proposals="", by=curator
    )
    first.document.refresh_from_db()
    assert first.document.status == CaseDocument.Status.SUPERSEDED
    assert first.document.superseded_by_id == second.document.pk
    assert "Второй" in docx_text(second.document)


@pytest.mark.parametrize(
    ("quarter", "conclusions", "field", "message"),
    [
        (date(2026, 2, 1), "Выводы", "quarter", "Квартал начинается 1 января"),
        (None, "Выводы", "quarter", "Выберите квартал."),
        ("future", "Выводы", "quarter", "Этот квартал ещё не начался."),
        ("last", "  ", "conclusions", "Напишите выводы"),
        ("long_ago", "Выводы", "quarter", "семья не состояла на учёте"),
    ],
)
def test_bad_input_gets_a_russian_message(
    world: World,
    curator: User,
    quarter: object,
    conclusions: str,
    field: str,
    message: str,
) -> None:
    if quarter == "future":
        quarter = add_months(commission_docs.quarter_of(timezone.localdate()), 3)
    elif quarter == "last":
        quarter = world.quarter
    elif quarter == "long_ago":
        quarter = add_months(world.quarter, -12)
    with pytest.raises(MeetingError) as error:
        make_quarterly_note(
            case=world.case,
            quarter_start=quarter,  # type: ignore[arg-type]
            conclusions=conclusions,
            proposals="",
            by=curator,
        )
    assert error.value.field == field
    assert message in error.value.message
    assert not CommissionDocument.objects.exists()
    assert (
        not CaseDocument.objects.filter(case=world.case)
        .exclude(template_code="visit_report")
        .exists()
    )


def test_a_family_never_on_the_register_gets_no_document(case: Case, curator: User) -> None:
    with pytest.raises(MeetingError, match="не состоит и не состояла на учёте"):
        make_quarterly_note(
            case=case,
            quarter_start=commission_docs.quarter_of(timezone.localdate()),
            conclusions="Выводы",
            proposals="",
            by=curator,
        )
    with pytest.raises(MeetingError, match="не состоит и не состояла на учёте"):
        make_final_report(
            case=case,
            outcome="Итоги",
            recommendation="remove",
            conclusions="",
            proposals="",
            by=curator,
        )


def test_only_who_writes_the_plan_generates(world: World, director: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_quarterly_note(
            case=world.case, quarter_start=world.quarter, conclusions="В", proposals="", by=director
        )


def test_final_report_covers_the_whole_time_on_the_register(world: World, curator: User) -> None:
    row = make_final_report(
        case=world.case,
        outcome="Печь отремонтирована, дети ходят в школу.",
        recommendation=CommissionDocument.Recommendation.REMOVE,
        conclusions="Риск изъятия снят.",
        proposals="Постсопровождение раз в месяц.",
        by=curator,
    )
    text = docx_text(row.document)
    registered = world.quarter - timedelta(days=10)
    assert row.period_start == registered
    assert row.period_end == timezone.localdate()
    assert "Итоговый отчёт куратора" in text
    assert "Ивановы" in text
    assert "Посещений на дому за период: 3, всего контактов: 5" in text
    assert "Рекомендация: снять семью с учёта в связи с исправлением ситуации." in text
    assert "Печь отремонтирована" in text
    assert row.recommendation == "remove"


@pytest.mark.parametrize(
    ("outcome", "recommendation", "field"),
    [("", "remove", "outcome"), ("Итоги", "forever", "recommendation")],
)
def test_final_report_bad_input(
    world: World, curator: User, outcome: str, recommendation: str, field: str
) -> None:
    with pytest.raises(MeetingError) as error:
        make_final_report(
            case=world.case,
            outcome=outcome,
            recommendation=recommendation,
            conclusions="",
            proposals="",
            by=curator,
        )
    assert error.value.field == field


def test_the_months_decimal_helpers() -> None:
    assert commission_docs.quarter_of(date(2026, 11, 23)) == date(2026, 10, 1)
    assert commission_docs.quarter_label(date(2026, 7, 1)) == "III квартал 2026 г."
    assert commission_docs._num(Decimal("3000.00")) == "3000"


# --- pages and API ---------------------------------------------------------------------------


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_case_card_links_to_the_commission_documents_of_a_register_family(
    client: Client, world: World, curator: User
) -> None:
    client.force_login(curator)
    page = client.get(reverse("cases:case_detail", args=[world.case.pk]))
    assert reverse("meetings:commission_documents", args=[world.case.pk]) in page.text


def test_the_curator_generates_the_note_from_the_form_and_downloads_it(
    client: Client, world: World, curator: User, colleague: User
) -> None:
    client.force_login(curator)
    url = reverse("meetings:commission_quarterly", args=[world.case.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert commission_docs.quarter_label(world.quarter) in form.text
    response = client.post(
        url,
        {"quarter": world.quarter.isoformat(), "conclusions": "Динамика положительная"},
    )
    assert response.status_code == 302
    row = CommissionDocument.objects.get()
    listing = client.get(reverse("meetings:commission_documents", args=[world.case.pk]))
    download = reverse("documents:download", args=[row.document_id])
    assert download in listing.text
    file = client.get(download)
    assert file.status_code == 200
    assert b"".join(file.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]


def test_the_form_shows_a_russian_error_and_writes_nothing(
    client: Client, world: World, curator: User
) -> None:
    client.force_login(curator)
    url = reverse("meetings:commission_quarterly", args=[world.case.pk])
    response = client.post(url, {"quarter": world.quarter.isoformat(), "conclusions": " "})
    assert response.status_code == 200
    assert "Обязательное поле" in response.text or "Напишите выводы" in response.text
    assert not CommissionDocument.objects.exists()


def test_a_family_never_on_the_register_sees_a_clear_message(
    client: Client, case: Case, curator: User
) -> None:
    client.force_login(curator)
    for name in ("commission_documents", "commission_quarterly", "commission_final"):
        page = client.get(reverse(f"meetings:{name}", args=[case.pk]))
        assert page.status_code == 200
        assert "не состоит и не состояла на учёте" in page.text


def test_a_reader_lists_but_does_not_generate(
    client: Client, world: World, curator: User, director: User
) -> None:
    make_quarterly_note(
        case=world.case, quarter_start=world.quarter, conclusions="В", proposals="", by=curator
    )
    client.force_login(director)
    listing = client.get(reverse("meetings:commission_documents", args=[world.case.pk]))
    assert listing.status_code == 200
    assert "Скачать DOCX" in listing.text
    assert reverse("meetings:commission_quarterly", args=[world.case.pk]) not in listing.text
    form = client.get(reverse("meetings:commission_quarterly", args=[world.case.pk]))
    assert form.status_code == 403


def test_another_teams_curator_gets_404(
    client: Client, world: World, other_team_curator: User
) -> None:
    client.force_login(other_team_curator)
    page = client.get(reverse("meetings:commission_documents", args=[world.case.pk]))
    assert page.status_code == 404
    api = _api(other_team_curator).get(
        reverse("api-case-commission-documents", args=[world.case.pk])
    )
    assert api.status_code == 404


def test_api_generates_the_note_201_with_the_download_url(world: World, curator: User) -> None:
    api = _api(curator)
    response = api.post(
        reverse("api-case-commission-quarterly-note", args=[world.case.pk]),
        {"quarter_start": world.quarter.isoformat(), "conclusions": "Лучше", "proposals": ""},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    row = CommissionDocument.objects.get()
    assert body["id"] == row.pk
    assert body["document"] == row.document_id
    assert body["url"] == reverse("documents:download", args=[row.document_id])
    assert body["kind"] == "quarterly"
    listing = api.get(reverse("api-case-commission-documents", args=[world.case.pk])).json()
    assert [item["id"] for item in listing] == [row.pk]


def test_api_bad_input_is_a_400_with_field_errors(world: World, curator: User) -> None:
    api = _api(curator)
    bad_quarter = api.post(
        reverse("api-case-commission-quarterly-note", args=[world.case.pk]),
        {"quarter_start": "2026-02-01", "conclusions": "Лучше"},
        format="json",
    )
    assert bad_quarter.status_code == 400
    assert "quarter" in bad_quarter.json()
    bad_final = api.post(
        reverse("api-case-commission-final-report", args=[world.case.pk]),
        {"outcome": "Итоги", "recommendation": "forever"},
        format="json",
    )
    assert bad_final.status_code == 400
    assert bad_final.json() == {"recommendation": ["Выберите рекомендацию из списка."]}
    assert not CommissionDocument.objects.exists()


def test_api_final_report_201(world: World, curator: User) -> None:
    response = _api(curator).post(
        reverse("api-case-commission-final-report", args=[world.case.pk]),
        {"outcome": "Итоги", "recommendation": "continue"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["recommendation"] == "continue"


# --- the templates ---------------------------------------------------------------------------


def docx_upload(*paragraphs: str) -> SimpleUploadedFile:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("записка.docx", out.getvalue())


def test_the_note_from_the_default_template_names_the_family_curator_and_figures(
    world: World, curator: User, child: Person
) -> None:
    row = make_quarterly_note(
        case=world.case, quarter_start=world.quarter, conclusions="В", proposals="", by=curator
    )
    text = docx_text(row.document)
    registered = (world.quarter - timedelta(days=10)).strftime("%d.%m.%Y")
    assert f"Семья: Ивановы. Случай № {world.case.pk}." in text
    assert "Родители (законные представители): Иванова Светлана Петровна" in text
    assert "Дети: Иванова Маша Петровна, 20.05.2015 г. р." in text
    assert "Куратор случая: Белова Ольга." in text
    assert "Куратор случая ____________ / Белова О. /" in text
    assert (
        f"Семья поставлена на учёт как находящаяся в социально опасном положении {registered}."
        in text
    )
    assert f"Постановление КДНиЗП Ленинского района № 14/3 от {registered}" in text
    assert "Поручено: Разработать программу ИПР" in text
    assert "Выполнено в периоде: 1; со сроком в периоде: 2, из них не выполнено: 1." in text
    assert "Посещений на дому за период: 3, всего контактов: 5." in text
    assert "Итого: 1, на сумму 3000 ₽." in text
    assert "Оценки благополучия не проводились." in text
    assert "Обзоры случая за период не проводились." in text
    assert "Предложения по изменению программы ИПР:\n—" in text


def test_the_final_report_names_the_curator_in_the_genitive(world: World, curator: User) -> None:
    curator.middle_name = "Ивановна"
    curator.save(update_fields=["middle_name"])
    case = Case.objects.get(pk=world.case.pk)
    row = make_final_report(
        case=case,
        outcome="Печь отремонтирована.\nДети ходят в школу.",
        recommendation=CommissionDocument.Recommendation.CONTINUE,
        conclusions="",
        proposals="",
        by=curator,
    )
    text = docx_text(row.document)
    assert "Итоговый отчёт куратора случая Беловой Ольги Ивановны о работе с семьёй" in text
    assert "8. Итоги работы\nПечь отремонтирована.\nДети ходят в школу.\n9." in text
    assert "Куратор случая ____________ / Белова О. И. /" in text


def test_template_syntax_and_xml_typed_in_the_texts_stay_literal(
    world: World, curator: User
) -> None:
    typed = "{{7*7}} и <w:p>не разметка</w:p> & {% if true %}да{% endif %}"
    note = make_quarterly_note(
        case=world.case, quarter_start=world.quarter, conclusions=typed, proposals=typed, by=curator
    )
    lines = docx_text(note.document).splitlines()
    assert lines[lines.index("Выводы:") + 1] == typed
    assert lines[lines.index("Предложения по изменению программы ИПР:") + 1] == typed
    final = make_final_report(
        case=world.case,
        outcome=typed,
        recommendation=CommissionDocument.Recommendation.REMOVE,
        conclusions=typed,
        proposals="",
        by=curator,
    )
    lines = docx_text(final.document).splitlines()
    assert lines[lines.index("8. Итоги работы") + 1] == typed
    assert lines[lines.index("Выводы:") + 1] == typed


def test_the_organisations_own_note_template_is_used(
    world: World, curator: User, administrator: User
) -> None:
    upload_template(
        code="quarterly_note",
        file=docx_upload(
            "Записка для группы: {{ family.name }}, {{ commission.period }}",
            "Посещений: {{ home_visits.total }}; куратор {{ curator.short_name }}",
        ),
        by=administrator,
    )
    row = make_quarterly_note(
        case=world.case, quarter_start=world.quarter, conclusions="В", proposals="", by=curator
    )
    text = docx_text(row.document)
    label = commission_docs.quarter_label(world.quarter)
    assert text.splitlines() == [
        f"Записка для группы: Ивановы, {label}",
        "Посещений: 3; куратор Белова О.",
    ]


def test_an_own_template_that_does_not_fit_the_family_files_nothing(
    world: World, curator: User, administrator: User
) -> None:
    upload_template(
        code="quarterly_note",
        file=docx_upload("Рабочая группа: {{ working_group[0].name }}"),
        by=administrator,
    )
    with pytest.raises(MeetingError, match="шаблон не подходит к данным"):
        make_quarterly_note(
            case=world.case, quarter_start=world.quarter, conclusions="В", proposals="", by=curator
        )
    assert not CommissionDocument.objects.exists()
    assert (
        not CaseDocument.objects.filter(case=world.case)
        .exclude(template_code="visit_report")
        .exists()
    )


def test_the_commission_templates_are_listed_but_generated_only_from_the_register_pages(
    client: Client, world: World, curator: User, administrator: User
) -> None:
    for code in ("quarterly_note", "final_report"):
        with pytest.raises(DocumentError) as error:
            generate_document(case=world.case, template=code, by=curator)
        assert error.value.field == "template"
    client.force_login(curator)
    form = client.get(reverse("documents:generate", args=[world.case.pk])).content.decode()
    assert 'value="application"' in form
    assert 'value="quarterly_note"' not in form and 'value="final_report"' not in form
    api = _api(curator).post(
        f"/api/v1/cases/{world.case.pk}/documents/generate/",
        {"template": "quarterly_note"},
        format="json",
    )
    assert api.status_code == 400
    client.force_login(administrator)
    page = client.get(reverse("documents:templates")).content.decode()
    assert 'data-testid="template-quarterly_note"' in page
    assert 'data-testid="template-final_report"' in page


def test_an_action_not_due_yet_is_in_progress_not_overdue(world: World, curator: User) -> None:
    """In the current quarter an open action whose due date has not come is in progress; only
    one whose date passed is «не выполнено в срок», and only those count as not done."""
    today = timezone.localdate()
    start = commission_docs.quarter_of(today)
    end = add_months(start, 3) - timedelta(days=1)
    PlanAction.objects.filter(pk=world.missed.pk).update(due_on=min(today + timedelta(days=1), end))
    late = PlanAction.objects.filter(pk=world.done.pk)
    late.update(status=PlanAction.Status.PLANNED, done_on=None, due_on=start)
    data = commission_docs.collect(
        case=world.case,
        entry=commission_docs.register_entries(world.case)[0],
        kind=CommissionDocument.Kind.QUARTERLY,
        start=start,
        end=end,
    )
    rows = {row.text: row.in_period for row in data.actions}
    assert rows["Оформить детское пособие"] == "не выполнено (в работе)"
    overdue = "не выполнено в срок" if start < today else "не выполнено (в работе)"
    assert rows["Отремонтировать печь"] == overdue
    assert data.actions_due_not_done == (1 if start < today else 0)
