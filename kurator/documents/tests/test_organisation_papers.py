"""The organisation's own documents — the instruction for keeping the case folder and the
rules of the consilium — filled from its settings and norms, downloaded from the templates
page, never offered where papers of a case or a signal are generated."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from kurator.accounts.models import Norms, User
from kurator.cases.models import Case
from kurator.documents.catalogue import TEMPLATES
from kurator.documents.errors import DocumentError
from kurator.documents.forms.generation import GenerateForm
from kurator.documents.models import CaseDocument
from kurator.documents.services.generation import generate_document
from kurator.documents.services.organisation_papers import generate_organisation_document
from kurator.documents.services.templates import upload_template
from kurator.people.models import Person

ORGANISATION_CODES = ("case_folder_instruction", "consilium_rules")


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture
def norms(administrator: User) -> Norms:
    """Figures no default has, so the paper can only have them from the organisation."""
    norms = Norms.objects.get(organisation_id=administrator.organisation_id)
    norms.caseload_min = 9
    norms.caseload_optimal = 11
    norms.caseload_max = 17
    norms.complexity_medium_max = 10
    norms.cumulative_delay_max_days = 21
    norms.duration_max_months = 24
    norms.intensity_days = 9
    norms.supervisions_min = 4
    norms.save()
    return norms


def test_the_case_folder_instruction_carries_the_organisation_and_its_norms(
    administrator: User, norms: Norms
) -> None:
    assert administrator.organisation is not None
    text = text_of(
        generate_organisation_document(
            organisation=administrator.organisation,
            code="case_folder_instruction",
            by=administrator,
        )
    )
    assert "ИНСТРУКЦИЯ ПО ВЕДЕНИЮ ПАПКИ СЛУЧАЯ" in text
    assert administrator.organisation.name in text
    assert "не позднее 3-го рабочего дня после открытия случая" in text
    assert "— договор благотворительной помощи;" in text
    assert "— согласие на обработку ПДн (ребёнок);" in text
    assert "не реже чем раз в 9 дней" in text
    assert "от 9 до 17 активных случаев на куратора (оптимально 11)" in text
    assert "{{" not in text


def test_the_consilium_rules_carry_the_organisation_and_its_norms(
    curator: User, norms: Norms
) -> None:
    assert curator.organisation is not None
    text = text_of(
        generate_organisation_document(
            organisation=curator.organisation, code="consilium_rules", by=curator
        )
    )
    assert "РЕГЛАМЕНТ КОНСИЛИУМА" in text
    assert curator.organisation.name in text
    assert "сумма баллов сложности от 11" in text
    assert "превысила 21 дней" in text
    assert "дольше 24 месяцев" in text
    assert "не менее 4 супервизий в год" in text
    assert "Риск изъятия ребёнка отсутствует или минимален" in text
    assert "без консилиума случай не закрывается" in text


def test_the_organisations_uploaded_consilium_rules_are_used(
    administrator: User, curator: User, norms: Norms
) -> None:
    own = Document()
    own.add_paragraph(
        "Наш регламент: {{ organisation.name }}, супервизий {{ norms.supervisions_min }}"
    )
    out = io.BytesIO()
    own.save(out)
    upload_template(
        code="consilium_rules",
        file=SimpleUploadedFile("регламент.docx", out.getvalue()),
        by=administrator,
    )
    assert curator.organisation is not None
    text = text_of(
        generate_organisation_document(
            organisation=curator.organisation, code="consilium_rules", by=curator
        )
    )
    assert text == f"Наш регламент: {curator.organisation.name}, супервизий 4"


def test_another_organisations_member_gets_nothing(administrator: User, outsider: User) -> None:
    assert administrator.organisation is not None
    with pytest.raises(PermissionDenied):
        generate_organisation_document(
            organisation=administrator.organisation, code="consilium_rules", by=outsider
        )


def test_a_case_template_is_not_an_organisation_document(administrator: User) -> None:
    assert administrator.organisation is not None
    with pytest.raises(DocumentError):
        generate_organisation_document(
            organisation=administrator.organisation, code="contract", by=administrator
        )


def test_the_templates_page_lists_them_and_downloads_them(
    client: Client, curator: User, norms: Norms
) -> None:
    client.force_login(curator)
    page = client.get(reverse("documents:templates")).content.decode()
    for code in ORGANISATION_CODES:
        assert f'data-testid="template-{code}"' in page
        url = reverse("documents:organisation_document", args=[code])
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml"
        )
        assert "attachment" in response["Content-Disposition"]
        assert curator.organisation is not None
        assert curator.organisation.name in text_of(response.content)
    contract = reverse("documents:organisation_document", args=["contract"])
    assert client.get(contract).status_code == 404


def test_the_case_generate_form_and_api_do_not_offer_them(case: Case, curator: User) -> None:
    form = GenerateForm(members=Person.objects.none())
    offered = {code for code, _title in form.fields["template"].choices}  # type: ignore[attr-defined]
    assert offered
    assert not offered & set(ORGANISATION_CODES)
    assert {s.code for s in TEMPLATES if s.scope == "organisation"} == set(ORGANISATION_CODES)
    for code in ORGANISATION_CODES:
        with pytest.raises(DocumentError):
            generate_document(case=case, template=code, by=curator)
        client = APIClient()
        client.force_authenticate(curator)
        response = client.post(
            f"/api/v1/cases/{case.pk}/documents/generate/", {"template": code}, format="json"
        )
        assert response.status_code == 400
    assert not CaseDocument.objects.filter(template_code__in=ORGANISATION_CODES).exists()
