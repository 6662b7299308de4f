"""An organisation's own templates (kurator/documents/services/templates.py): checked against
the demo family first, refused with the line and the placeholder; the newest version is used."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from kurator.accounts.models import User
from kurator.documents.catalogue import TEMPLATES, default_path
from kurator.documents.errors import DocumentError
from kurator.documents.queries.templates import active_template, template_rows
from kurator.documents.services.templates import upload_template
from kurator.documents.tests.files import zip_bomb


def docx(*paragraphs: str) -> SimpleUploadedFile:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("шаблон.docx", out.getvalue())


def test_every_default_template_passes_its_own_check(administrator: User) -> None:
    for spec in TEMPLATES:
        with default_path(spec.code).open("rb") as handle:
            upload = SimpleUploadedFile(f"{spec.code}.docx", handle.read())
        assert upload_template(code=spec.code, file=upload, by=administrator).version == 1


def test_an_accepted_upload_is_the_next_version_and_is_used(administrator: User) -> None:
    first = upload_template(
        code="application", file=docx("Заявление от {{ person|genitive }}"), by=administrator
    )
    second = upload_template(
        code="application", file=docx("Просит {{ person|initials }}"), by=administrator
    )
    assert (first.version, second.version) == (1, 2)
    _source, version = active_template(administrator.organisation_id, "application")
    assert version == 2
    [row] = [
        r for r in template_rows(administrator.organisation_id) if r.spec.code == "application"
    ]
    assert row.version == 2


def test_an_unknown_placeholder_is_refused_with_its_line_and_name(administrator: User) -> None:
    with pytest.raises(DocumentError) as error:
        upload_template(
            code="application",
            file=docx("Заявление", "от {{ person|genitive }}", "адрес: {{ adress }}"),
            by=administrator,
        )
    assert error.value.field == "file"
    assert "Строка 3" in error.value.message
    assert "«adress»" in error.value.message


def test_broken_syntax_is_refused_with_its_line(administrator: User) -> None:
    with pytest.raises(DocumentError) as error:
        upload_template(
            code="application", file=docx("Заявление", "от {{ person|genitive }"), by=administrator
        )
    assert "Строка 2" in error.value.message
    assert "ошибка в разметке" in error.value.message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{% import 'x' as y %}", "import"),
        ("{% include 'x' %}", "import"),
        ("{{ person.__class__ }}", "закрытое"),
        ("{{ person._meta }}", "закрытое"),
        ("{{ person|frobnicate }}", "неизвестный фильтр «frobnicate»"),
    ],
)
def test_imports_private_names_and_unknown_filters_are_refused(
    administrator: User, text: str, says: str
) -> None:
    with pytest.raises(DocumentError, match=says):
        upload_template(code="application", file=docx(text), by=administrator)


def test_a_placeholder_of_another_template_is_unknown_here(administrator: User) -> None:
    with pytest.raises(DocumentError, match="«signal»"):
        upload_template(code="contract", file=docx("{{ signal.number }}"), by=administrator)


def test_not_a_docx_is_refused(administrator: User) -> None:
    with pytest.raises(DocumentError, match="DOCX"):
        upload_template(
            code="application",
            file=SimpleUploadedFile("a.docx", b"PK\x03\x04junk"),
            by=administrator,
        )
    with pytest.raises(DocumentError, match="DOCX"):
        upload_template(
            code="application", file=SimpleUploadedFile("a.pdf", b"%PDF"), by=administrator
        )


def test_a_zip_bomb_template_is_refused_before_it_is_read(administrator: User) -> None:
    with pytest.raises(DocumentError, match="распаковывается в 300 МБ") as exc:
        upload_template(
            code="application",
            file=SimpleUploadedFile("bomb.docx", zip_bomb()),
            by=administrator,
        )
    assert exc.value.field == "file"


def test_only_an_administrator_uploads(curator: User) -> None:
    with pytest.raises(PermissionDenied):
        upload_template(code="application", file=docx("{{ person }}"), by=curator)


def test_examples_are_the_demo_familys_values() -> None:
    [row] = [r for r in template_rows(None) if r.spec.code == "consent_representative"]
    examples = {name: example for name, _d, example in row.examples}
    assert examples["person|genitive"] == "Ивановой Ольги Петровны"
    assert examples["person|initials('genitive')"] == "Ивановой О. П."
