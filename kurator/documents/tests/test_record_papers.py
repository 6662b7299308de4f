"""Papers made from one record of the case (kurator/documents/services/record_papers.py), filed
by ``generate_document`` and served by the API: the complaint names the person in the dative,
the acts hold their table and the recipient's initials, the first-visit report and the
take-in decision come from the case's signal; a missing or foreign record is refused with a
message, values stay literal, an organisation's own template is used."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import fresh_token, make_family, make_person
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, DocumentType
from kurator.documents.queries.folder import folder_status
from kurator.documents.services.generation import generate_document
from kurator.documents.services.templates import upload_template
from kurator.documents.tests.factories import Household, household
from kurator.network.models import Act, EntitlementCheck, Service
from kurator.network.services import agents, aid, entitlements
from kurator.people.models import Family, FamilyRole, Person
from kurator.people.services import update_person


@pytest.fixture
def home(senior: User, family: Family) -> Household:
    return household(by=senior, family=family)


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, home: Household) -> Case:
    """The household's case, opened on a signal whose visit was reported and accepted."""
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


def shortfall(case: Case, curator: User, person: Person, *, delivered: int = 8) -> EntitlementCheck:
    entitlement = entitlements.add_entitlement(
        case=case,
        by=curator,
        person=person,
        title="Социальный работник на дому",
        department="КЦСОН «Вяземский»",
        department_address="г. Вязьма, ул. Ленина, д. 9",
        per_week=5,
        starts_on=date(2026, 1, 1),
    )
    return entitlements.record_check(
        entitlement=entitlement,
        by=curator,
        period_start=date(2026, 3, 2),
        period_end=date(2026, 3, 29),
        delivered=delivered,
        note="Соцработник приходит по понедельникам и средам",
    )


def goods_act(case: Case, curator: User, head: User, person: Person, name: str = "") -> Act:
    food = agents.create_service(by=head, name=name or "Продуктовый набор", group="material")
    delivery = aid.record_delivery(
        case=case,
        by=curator,
        service=food,
        delivered_on=timezone.localdate(),
        persons=[person],
        quantity=2,
        unit_cost="1500.50",
        provider="volunteer",
        funding="grant",
    )
    return aid.issue_act(
        case=case, by=curator, kind="goods", deliveries=[delivery], recipient=person
    )


def services_act(case: Case, curator: User, head: User, person: Person) -> Act:
    lawyer: Service = agents.create_service(by=head, name="Консультация юриста", group="legal")
    delivery = aid.record_delivery(
        case=case,
        by=curator,
        service=lawyer,
        delivered_on=timezone.localdate(),
        persons=[person],
        quantity=1,
        unit_cost=0,
        provider="staff",
        funding="own",
    )
    return aid.issue_act(
        case=case, by=curator, kind="services", deliveries=[delivery], recipient=person
    )


def text_of(content: bytes) -> tuple[str, list[str]]:
    """The paragraphs' text and the cells of the first table, if any."""
    docx = Document(io.BytesIO(content))
    cells = [c.text for row in docx.tables[0].rows for c in row.cells] if docx.tables else []
    return "\n".join(p.text for p in docx.paragraphs), cells


def filed_text(document: CaseDocument) -> tuple[str, list[str]]:
    with document.file.open("rb") as handle:
        return text_of(handle.read())


def rename(person: Person, by: User, **changes: str) -> None:
    fields = {
        name: getattr(person, name)
        for name in (
            "last_name",
            "first_name",
            "middle_name",
            "birth_date",
            "sex",
            "phones",
            "address",
            "notes",
        )
    }
    update_person(person=person, by=by, **(fields | changes))  # type: ignore[arg-type]


# --- the complaint ---------------------------------------------------------------------------


def test_the_complaint_says_to_whom_the_service_is_due_in_the_dative(
    case: Case, curator: User, home: Household
) -> None:
    check = shortfall(case, curator, home.mother)
    document = generate_document(case=case, template="complaint", by=curator)
    text, _cells = filed_text(document)
    assert "Руководителю КЦСОН «Вяземский»" in text
    assert f"от {case.organisation.name}" in text
    assert "Жалоба на неполное оказание социальной услуги" in text
    assert "Ивановой Ольге Петровне положена услуга «Социальный работник на дому»" in text
    assert "5 раз в неделю" in text
    assert "с 02.03.2026 по 29.03.2026" in text
    assert "должна была быть оказана 20 раз, фактически оказана 8 раз; недопоставлено 12" in text
    assert "Что мы видели: Соцработник приходит по понедельникам и средам" in text
    assert "в течение 30 дней" in text
    assert f"Куратор случая: ____________ / {curator.short_name} /" in text
    assert document.document_type == DocumentType.OTHER
    assert document.template_code == "complaint"
    assert document.person == home.mother
    assert document.details["check"] == check.pk
    assert document.paper_status == "generated"


def test_a_complaint_for_a_man_uses_the_male_dative(
    case: Case, curator: User, senior: User, family: Family, home: Household
) -> None:
    father = make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Иванов",
        first_name="Пётр",
        middle_name="Сергеевич",
        birth_date=date(1985, 1, 1),
        sex="M",
    )
    check = shortfall(case, curator, father, delivered=2)
    document = generate_document(case=case, template="complaint", check=check, by=curator)
    text, _cells = filed_text(document)
    assert "Иванову Петру Сергеевичу положена услуга" in text
    assert "оказана 20 раз, фактически оказана 2 раза; недопоставлено 18" in text


def test_a_complaint_needs_a_shortfall_of_this_case(
    case: Case, curator: User, senior: User, psychologist: User, home: Household
) -> None:
    with pytest.raises(DocumentError, match="жалобу не из чего составить") as error:
        generate_document(case=case, template="complaint", by=curator)
    assert error.value.field == "template"
    full = shortfall(case, curator, home.mother, delivered=20)
    with pytest.raises(DocumentError, match="жалобу не из чего составить"):
        generate_document(case=case, template="complaint", by=curator)
    with pytest.raises(DocumentError, match="оказана полностью") as error:
        generate_document(case=case, template="complaint", check=full, by=curator)
    assert error.value.field == "check"
    other_family = make_family(by=senior, name="Петровы")
    other_mother = make_person(
        by=senior, family=other_family, role=FamilyRole.PARENT, last_name="Петрова"
    )
    other = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=other_family
    )
    foreign = shortfall(other, curator, other_mother)
    with pytest.raises(DocumentError, match="не найдена в этом случае") as error:
        generate_document(case=case, template="complaint", check=foreign, by=curator)
    assert error.value.field == "check"
    assert not CaseDocument.objects.filter(case=case).exclude(template_code="visit_report").exists()


def test_template_syntax_in_a_name_stays_literal_in_the_complaint_and_the_act(
    case: Case, curator: User, senior: User, head: User, home: Household
) -> None:
    rename(home.mother, senior, first_name="{{7*7}}", last_name="<w:p>Иванова")
    shortfall(case, curator, home.mother)
    text, _cells = filed_text(generate_document(case=case, template="complaint", by=curator))
    assert "<w:p>Ивановой {{7*7}} Петровне положена услуга" in text
    assert "Ивановой 49" not in text
    act = goods_act(case, curator, head, home.mother, name="Набор {{7*7}} <w:t>")
    text, cells = filed_text(generate_document(case=case, template="act_goods", by=curator))
    assert "Благополучатель: <w:p>Иванова {{7*7}} Петровна." in text
    assert "Набор {{7*7}} <w:t>" in cells
    assert "Иванова 49" not in text and "Набор 49" not in "".join(cells)
    assert act.number in text


# --- the acts --------------------------------------------------------------------------------


def test_the_act_of_goods_has_its_table_the_instrumental_and_the_initials(
    case: Case, curator: User, head: User, home: Household
) -> None:
    act = goods_act(case, curator, head, home.mother)
    document = generate_document(case=case, template="act_goods", act=act, by=curator)
    text, cells = filed_text(document)
    assert f"АКТ ПРИЁМА-ПЕРЕДАЧИ ТОВАРОВ № {act.number}" in text
    assert "Благополучатель: Иванова Ольга Петровна." in text
    assert "Товары получены Ивановой Ольгой Петровной в полном объёме" in text
    assert "Получил: ____________ / Иванова О. П. /" in text
    assert f"Передал: ____________ / {curator.short_name} /" in text
    assert "Итого: 3 001,00 ₽" in text
    assert cells[7:9] == ["1", "Продуктовый набор"]
    assert "3 001,00" in cells and "1 500,50" in cells
    assert document.document_type == DocumentType.ACT_GOODS
    assert document.number == act.number
    assert document.person == home.mother
    assert document.details["act"] == act.pk


def test_the_act_of_services_is_its_own_template(
    case: Case, curator: User, head: User, home: Household
) -> None:
    goods = goods_act(case, curator, head, home.mother)
    with pytest.raises(DocumentError, match="составьте акт") as error:
        generate_document(case=case, template="act_services", by=curator)
    assert error.value.field == "act"
    with pytest.raises(DocumentError, match="выберите шаблон этого вида акта") as error:
        generate_document(case=case, template="act_services", act=goods, by=curator)
    assert error.value.field == "act"
    act = services_act(case, curator, head, home.mother)
    document = generate_document(case=case, template="act_services", by=curator)  # the latest
    text, cells = filed_text(document)
    assert f"АКТ ОКАЗАННЫХ УСЛУГ № {act.number}" in text
    assert "Консультация юриста" in cells
    assert document.document_type == DocumentType.ACT_SERVICES


def test_an_act_downloads_from_the_network_page_with_the_organisations_own_template(
    client: Client, case: Case, curator: User, head: User, administrator: User, home: Household
) -> None:
    act = goods_act(case, curator, head, home.mother)
    own = Document()
    own.add_paragraph("Наш акт № {{ number }}: передано {{ recipient|dative }}")
    table = own.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for row in rows %}"
    table.rows[1].cells[0].text = "{{ row.name }}"
    table.rows[1].cells[1].text = "{{ row.total }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    out = io.BytesIO()
    own.save(out)
    upload_template(
        code="act_goods", file=SimpleUploadedFile("акт.docx", out.getvalue()), by=administrator
    )
    client.force_login(curator)
    response = client.get(reverse("network:act_download", args=[act.pk]))
    assert response.status_code == 200
    text, cells = text_of(response.content)
    assert f"Наш акт № {act.number}: передано Ивановой Ольге Петровне" in text
    assert cells == ["Продуктовый набор", "3 001,00"]
    # A download files nothing (the folder holds only the visit report filed on opening).
    assert not CaseDocument.objects.filter(case=case, template_code="act_goods").exists()
    document = generate_document(case=case, template="act_goods", by=curator)
    assert document.template_version == 1


# --- the first-visit report and the take-in decision ----------------------------------------


def test_the_first_visit_report_comes_from_the_cases_signal_and_counts_at_once(
    case: Case, curator: User, psychologist: User, home: Household
) -> None:
    document = generate_document(case=case, template="visit_report", by=curator)
    text, _cells = filed_text(document)
    assert f"о первичном выезде в семью по сигналу № {case.signal_id}" in text
    assert f"Будущий куратор случая: {curator.full_name}." in text
    assert f"Психолог: {psychologist.full_name}." in text
    assert "Семья нуждается в сопровождении: долги за свет" in text
    assert "— Шевченко Никита Андреевич (ребёнок)" in text
    assert f"Психолог: ____________ / {psychologist.short_name} /" in text
    assert document.document_type == DocumentType.FIRST_VISIT_REPORT
    assert document.details["signal"] == case.signal_id
    # The team's own paper: no signature of the family to wait for.
    assert document.counts_in_folder


def test_opening_the_case_files_the_structured_visit_report_into_the_folder(
    senior: User, curator: User, psychologist: User, family: Family, home: Household
) -> None:
    from kurator.cases.services import opening
    from kurator.cases.tests.factories import make_signal
    from kurator.core.testing import give_consents
    from kurator.intake import services as intake

    give_consents(by=senior, family=family)
    signal = make_signal(by=senior, family=family)
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    intake.record_visit(
        signal=signal,
        by=curator,
        visited_at=timezone.now() - timedelta(days=2),
        report=intake.VisitReport(
            living_conditions="Частный дом, печное отопление.",
            children=[
                {"person": home.son.pk, "health": "Здоров.", "own_words": "«Хочу на футбол»."},
                {"person": home.daughter.pk, "schooling": "9 класс, готовится к ОГЭ."},
            ],
            needs="Дрова.",
            risks="Холод зимой.",
            immediate_danger=True,
            recommendation="accept",
            recommendation_comment="Мама готова работать.",
        ),
    )
    intake.decide_signal(signal=signal, by=senior, decision="accept")
    case = opening.open_case(signal=signal, curator=curator, by=senior)
    document = CaseDocument.objects.get(case=case, document_type=DocumentType.FIRST_VISIT_REPORT)
    assert document.template_code == "visit_report"
    assert document.uploaded_by == senior
    text, _cells = filed_text(document)
    assert "1. Условия проживания\nЧастный дом, печное отопление." in text
    assert "Шевченко Никита Андреевич\nЗдоровье: Здоров." in text
    assert "Что говорит сам ребёнок: «Хочу на футбол»." in text
    assert "Иванова Любовь Андреевна\nШкола, детский сад: 9 класс, готовится к ОГЭ." in text
    assert "Рекомендуем: взять в работу." in text
    assert "непосредственную угрозу" in text
    status = folder_status(case)
    assert DocumentType.FIRST_VISIT_REPORT not in dict(status.missing)
    assert DocumentType.APPLICATION in dict(status.missing)


def test_the_take_in_decision_comes_from_the_cases_signal(
    case: Case, curator: User, senior: User, home: Household
) -> None:
    document = generate_document(case=case, template="take_in_decision", by=curator)
    text, _cells = filed_text(document)
    assert f"о приёме семьи на сопровождение по сигналу № {case.signal_id}" in text
    assert "Принято решение: взять в работу." in text
    assert f"Случай № {case.pk} открыт" in text
    assert f"Подпись принявшего решение: ____________ / {senior.short_name} /" in text
    assert document.document_type == DocumentType.TAKE_IN_DECISION


def test_the_take_in_decision_prints_the_criteria_with_ticks(
    senior: User, curator: User, psychologist: User, family: Family, home: Household
) -> None:
    from kurator.cases.services import opening
    from kurator.cases.tests.factories import make_visited_signal
    from kurator.core.testing import give_consents
    from kurator.intake import services as intake
    from kurator.intake.criteria import active_criteria

    give_consents(by=senior, family=family)
    signal = make_visited_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    criteria = list(active_criteria(signal.organisation_id))
    intake.decide_signal(
        signal=signal, by=senior, decision="accept", criteria_met=[c.pk for c in criteria[:-1]]
    )
    case = opening.open_case(signal=signal, curator=curator, by=senior)
    document = generate_document(case=case, template="take_in_decision", by=curator)
    text, _cells = filed_text(document)
    assert "Критерии отбора семей в программу" in text
    for criterion in criteria[:-1]:
        assert f"☑ {criterion.title}" in text
    assert f"☐ {criteria[-1].title}" in text


def test_a_case_without_a_signal_has_no_visit_report_nor_decision(
    senior: User, curator: User, family: Family, home: Household
) -> None:
    from kurator.core.testing import give_consents

    give_consents(by=senior, family=family)
    help_ = lifecycle.record_one_off_help(
        family=family,
        by=senior,
        given_on=timezone.localdate() - timedelta(days=1),
        description="Продуктовый набор",
    )
    case = lifecycle.convert_one_off_help(help=help_, by=senior, curator=curator)
    for code in ("visit_report", "take_in_decision"):
        with pytest.raises(DocumentError, match="Загрузите скан") as error:
            generate_document(case=case, template=code, by=curator)
        assert error.value.field == "template"


# --- the API ---------------------------------------------------------------------------------


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token=fresh_token(user))
    return client


def generate(user: User, case: Case, **body: object) -> object:
    return api(user).post(f"/api/v1/cases/{case.pk}/documents/generate/", body, format="json")


def downloaded_text(user: User, data: dict[str, object]) -> tuple[str, list[str]]:
    response = api(user).get(data["download_url"])
    assert response.status_code == 200
    return text_of(b"".join(response.streaming_content))  # type: ignore[attr-defined]


def test_the_api_generates_each_record_paper(
    case: Case, curator: User, head: User, home: Household
) -> None:
    check = shortfall(case, curator, home.mother)
    goods = goods_act(case, curator, head, home.mother)
    services = services_act(case, curator, head, home.mother)
    expected = {
        "complaint": ({"check": check.pk}, "Ивановой Ольге Петровне положена услуга"),
        "act_goods": ({"act": goods.pk}, "Товары получены Ивановой Ольгой Петровной"),
        "act_services": ({}, f"АКТ ОКАЗАННЫХ УСЛУГ № {services.number}"),
        "visit_report": ({}, "Семья нуждается в сопровождении"),
        "take_in_decision": ({}, "Принято решение: взять в работу."),
    }
    for code, (body, phrase) in expected.items():
        response = generate(curator, case, template=code, **body)
        assert response.status_code == 201, (code, response.data)  # type: ignore[attr-defined]
        data = response.data  # type: ignore[attr-defined]
        assert data["template"] == code
        assert data["status"] == "generated"
        text, _cells = downloaded_text(curator, data)
        assert phrase in text, code
    assert CaseDocument.objects.filter(case=case).count() == len(expected) + 1  # + on opening


def test_the_api_refuses_a_paper_without_its_record(
    case: Case, curator: User, head: User, home: Household
) -> None:
    response = generate(curator, case, template="complaint")
    assert response.status_code == 400
    assert "жалобу не из чего составить" in response.data["template"][0]  # type: ignore[attr-defined]
    response = generate(curator, case, template="act_goods")
    assert response.status_code == 400
    assert "составьте акт" in response.data["act"][0]  # type: ignore[attr-defined]
    response = generate(curator, case, template="complaint_letter")
    assert response.status_code == 400
    assert "template" in response.data  # type: ignore[attr-defined]
    assert not CaseDocument.objects.filter(case=case).exclude(template_code="visit_report").exists()


def test_the_api_refuses_records_of_another_case_as_not_found(
    case: Case, curator: User, senior: User, psychologist: User, head: User, home: Household
) -> None:
    other_family = make_family(by=senior, name="Петровы")
    mother = make_person(
        by=senior, family=other_family, role=FamilyRole.PARENT, last_name="Петрова"
    )
    other = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=other_family
    )
    check = shortfall(other, curator, mother)
    act = goods_act(other, curator, head, mother)
    response = generate(curator, case, template="complaint", check=check.pk)
    assert response.status_code == 400
    assert response.data == {"check": ["Проверка госуслуги не найдена в этом случае."]}  # type: ignore[attr-defined]
    response = generate(curator, case, template="act_goods", act=act.pk)
    assert response.status_code == 400
    assert response.data == {"act": ["Акт не найден в этом случае."]}  # type: ignore[attr-defined]
    response = generate(curator, case, template="act_goods", act=999999)
    assert response.status_code == 400
    assert "act" in response.data  # type: ignore[attr-defined]


def test_the_web_form_offers_the_visit_report_and_decision_not_the_complaint_or_acts(
    client: Client, case: Case, curator: User, home: Household
) -> None:
    client.force_login(curator)
    page = client.get(reverse("documents:generate", args=[case.pk])).content.decode()
    assert 'value="visit_report"' in page and 'value="take_in_decision"' in page
    assert 'value="complaint"' not in page and 'value="act_goods"' not in page
    response = client.post(
        reverse("documents:generate", args=[case.pk]), {"template": "visit_report"}
    )
    assert response.status_code == 302
    # A second one, beside the report filed when the case opened.
    assert CaseDocument.objects.filter(case=case, template_code="visit_report").count() == 2
