"""Papers generated from templates (kurator/documents/services/generation.py): the names in the
case each sentence needs, the contract's number, the consent's 152-FZ contents and age rule,
literal values, nothing filed on failure, signing and the folder's required list, the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from kurator.accounts.models import User
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.tests.factories import open_case_for
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, DocumentType
from kurator.documents.queries.folder import folder_status
from kurator.documents.services.folder import cancel_document
from kurator.documents.services.generation import generate_document, pdf_for, sign_document
from kurator.documents.tests.factories import Household, household
from kurator.documents.tests.files import PDF_BYTES, upload
from kurator.people.models import Family, Person
from kurator.people.services import update_person
from kurator.privacy.models import Consent


def edit(person: Person, by: User, **changes: str) -> None:
    """Change some of a person's fields through the service (it takes them all)."""
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


@pytest.fixture
def home(senior: User, family: Family) -> Household:
    return household(by=senior, family=family)


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family, home: Household) -> Case:
    """The household's open case (the family is complete before the case opens)."""
    return open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)


def text_of(document: CaseDocument) -> str:
    with document.file.open("rb") as handle:
        docx = Document(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in docx.paragraphs)


def test_the_application_is_from_the_mother_in_the_genitive(
    case: Case, curator: User, home: Household
) -> None:
    document = generate_document(case=case, template="application", by=curator)
    text = text_of(document)
    assert "от Ивановой Ольги Петровны," in text
    assert "проживающей по адресу" in text
    assert "Шевченко Никита Андреевич" in text
    assert document.document_type == DocumentType.APPLICATION
    assert document.template_code == "application"
    assert document.template_version == 0
    assert document.paper_status == "generated"
    assert document.person == home.mother
    assert document.uploaded_by == curator
    generated = TimelineEvent.objects.filter(case=case, kind="case.document_generated")
    assert sorted(e.data["template"] for e in generated) == ["application", "visit_report"]


def test_contracts_are_numbered_per_organisation_and_year(
    case: Case, curator: User, home: Household
) -> None:
    year = timezone.localdate().year
    first = generate_document(case=case, template="contract", by=curator)
    second = generate_document(case=case, template="contract", by=curator)
    assert (first.number, second.number) == (f"1/{year}", f"2/{year}")
    text = text_of(second)
    assert f"ДОГОВОР № 2/{year}" in text
    assert "с Ивановой Ольгой Петровной" in text
    assert "систематически нарушает" in text  # what breaks it: the closure reason refers to it
    assert generate_document(case=case, template="application", by=curator).number == ""


def test_the_representatives_consent_names_each_child_in_the_genitive_with_152_fz_contents(
    case: Case, curator: User, home: Household
) -> None:
    document = generate_document(case=case, template="consent_representative", by=curator)
    text = text_of(document)
    assert "моего ребёнка Шевченко Никиты Андреевича" in text
    assert "моего ребёнка Ивановой Любови Андреевны" in text
    assert "152-ФЗ" in text
    for heading in (
        "Цели обработки",
        "Перечень персональных данных",
        "Действия с персональными данными",
        "Третьи лица",
        "Срок действия согласия",
        "Порядок отзыва",
    ):
        assert heading in text
    assert case.organisation.name in text  # the operator
    assert sorted(document.details["children"]) == sorted([home.son.pk, home.daughter.pk])


def test_a_minors_own_consent_is_for_14_to_18(case: Case, curator: User, home: Household) -> None:
    document = generate_document(
        case=case, template="consent_minor", person=home.daughter, by=curator
    )
    assert document.document_type == DocumentType.CONSENT_CHILD
    text = text_of(document)
    assert "Я, Иванова Любовь Андреевна" in text
    assert "законного представителя Ивановой Ольги Петровны" in text
    with pytest.raises(DocumentError, match="от 14 до 18 лет") as error:
        generate_document(case=case, template="consent_minor", person=home.son, by=curator)
    assert error.value.field == "person"
    assert "10 лет" in error.value.message


def test_a_person_without_sex_is_refused_asking_for_it(
    case: Case, curator: User, senior: User, home: Household
) -> None:
    edit(home.mother, senior, sex="")
    with pytest.raises(DocumentError, match="Укажите пол") as error:
        generate_document(case=case, template="application", by=curator)
    assert error.value.field == "person"
    assert not CaseDocument.objects.filter(case=case).exclude(template_code="visit_report").exists()


def test_nothing_is_filed_when_rendering_fails(
    case: Case, curator: User, senior: User, home: Household, media_root: Path
) -> None:
    edit(home.son, senior, sex="")  # declined in the consent, not checked first
    with pytest.raises(DocumentError, match="Шевченко Никита Андреевич"):
        generate_document(case=case, template="consent_representative", by=curator)
    assert not CaseDocument.objects.filter(case=case).exclude(template_code="visit_report").exists()
    generated = TimelineEvent.objects.filter(kind="case.document_generated")
    assert [e.data["template"] for e in generated] == ["visit_report"]  # filed on opening
    assert len(list(media_root.rglob("*.docx"))) == 1


def test_template_syntax_in_a_name_stays_literal_text(
    case: Case, curator: User, senior: User, home: Household
) -> None:
    edit(home.mother, senior, first_name="{{7*7}}", last_name="<w:p>Иванова")
    document = generate_document(case=case, template="application", by=curator)
    text = text_of(document)
    assert "{{7*7}}" in text
    assert "Ивановой 49" not in text and "Иванова 49" not in text
    assert "<w:p>Ивановой" in text


def test_unknown_template_is_refused(case: Case, curator: User, home: Household) -> None:
    with pytest.raises(DocumentError) as error:
        generate_document(case=case, template="passport", by=curator)
    assert error.value.field == "template"


def test_only_a_signed_paper_counts_in_the_folder(
    case: Case, curator: User, home: Household
) -> None:
    contract = generate_document(case=case, template="contract", by=curator)
    assert DocumentType.CONTRACT in dict(folder_status(case).missing)
    signed = sign_document(
        document=contract, by=curator, file=upload("скан.pdf"), signed_on=timezone.localdate()
    )
    assert signed.paper_status == "signed"
    assert DocumentType.CONTRACT not in dict(folder_status(case).missing)
    assert TimelineEvent.objects.filter(case=case, kind="case.document_signed").count() == 1
    with pytest.raises(DocumentError, match="уже приложен"):
        sign_document(
            document=contract, by=curator, file=upload("скан.pdf"), signed_on=timezone.localdate()
        )


def test_the_representatives_signed_consent_covers_the_children_and_records_consents(
    case: Case, curator: User, home: Household
) -> None:
    consent = generate_document(case=case, template="consent_representative", by=curator)
    missing = dict(folder_status(case).missing)
    assert DocumentType.CONSENT_PARENT in missing and DocumentType.CONSENT_CHILD in missing
    sign_document(
        document=consent, by=curator, file=upload("согласие.pdf"), signed_on=timezone.localdate()
    )
    missing = dict(folder_status(case).missing)
    assert DocumentType.CONSENT_PARENT not in missing
    assert DocumentType.CONSENT_CHILD not in missing
    recorded = {c.person_id: c.signed_by_id for c in Consent.objects.filter(document=consent)}
    assert recorded == {
        home.mother.pk: None,
        home.son.pk: home.mother.pk,
        home.daughter.pk: home.mother.pk,
    }


def test_the_set_is_complete_once_signed(case: Case, curator: User, home: Household) -> None:
    from kurator.documents.services.folder import upload_document

    upload_document(
        case=case, by=curator, document_type="first_visit_report", title="", file=upload()
    )
    today = timezone.localdate()
    for code, person in [
        ("application", None),
        ("contract", None),
        ("consent_representative", None),
        ("consent_minor", home.daughter),
    ]:
        paper = generate_document(case=case, template=code, person=person, by=curator)
        sign_document(document=paper, by=curator, file=upload(), signed_on=today)
    assert folder_status(case).complete


def test_a_cancelled_paper_stays_with_its_reason(
    case: Case, curator: User, home: Household
) -> None:
    paper = generate_document(case=case, template="application", by=curator)
    cancelled = cancel_document(document=paper, by=curator, reason="ошибка в адресе")
    assert cancelled.paper_status == "cancelled"
    with pytest.raises(DocumentError):
        sign_document(document=cancelled, by=curator, file=upload(), signed_on=timezone.localdate())


def test_the_pdf_has_the_declined_name(case: Case, curator: User, home: Household) -> None:
    paper = generate_document(case=case, template="application", by=curator)
    pdf = pdf_for(paper)
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ивановой Ольги Петровны" in text
    paper.refresh_from_db()
    assert paper.pdf_file  # kept: the next download does not convert again
    assert pdf_for(paper) == pdf


def test_the_family_card_lists_members(case: Case, curator: User, home: Household) -> None:
    text = text_of(generate_document(case=case, template="family_card", by=curator))
    assert "Шевченко Никита Андреевич (ребёнок)" in text
    assert "КАРТА СЕМЬИ" in text


def test_persons_of_another_family_are_refused(
    case: Case, curator: User, senior: User, home: Household
) -> None:
    from kurator.core.testing import make_family, make_person

    stranger = make_person(by=senior, family=make_family(by=senior, name="Петровы"), role="parent")
    with pytest.raises(DocumentError, match="из состава семьи"):
        generate_document(case=case, template="application", person=stranger, by=curator)
    assert isinstance(stranger, Person)
    assert PDF_BYTES
