"""Rules of the case folder (kurator/documents/services/folder.py): limits, types, versions,
cancelling, nothing deleted; the folder's completeness and the reopened case's inheritance."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case, TimelineEvent
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.documents.errors import DocumentError
from kurator.documents.models import REQUIRED_DOCUMENT_TYPES, CaseDocument, DocumentType
from kurator.documents.queries.folder import folder_status
from kurator.documents.services import folder as services
from kurator.documents.tests.files import (
    DOC_BYTES,
    DOCX_BYTES,
    JPG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    upload,
    zip_bomb,
)


def add(case: Case, by: User, document_type: str = "application", **kwargs: object) -> CaseDocument:
    params: dict[str, object] = {"title": "", "file": upload()} | kwargs
    return services.upload_document(case=case, by=by, document_type=document_type, **params)  # type: ignore[arg-type]


def test_required_documents_are_the_case_folder_minimum() -> None:
    assert set(REQUIRED_DOCUMENT_TYPES) == {
        "application",
        "first_visit_report",
        "contract",
        "consent_parent",
        "consent_child",
    }


def test_upload_stores_the_file_under_a_random_path(
    case: Case, curator: User, media_root: Path
) -> None:
    document = add(case, curator, file=upload("Заявление Ивановой.pdf"))
    assert document.title == "заявление семьи"  # by the type when no title is given
    assert document.original_name == "Заявление Ивановой.pdf"
    assert document.size == len(PDF_BYTES)
    assert document.content_type == "application/pdf"
    assert document.uploaded_by == curator
    name = Path(document.file.name)
    assert name.parts[0] == "case-folders"
    assert len(name.stem) == 32  # 128 random bits, nothing about the case or the family
    int(name.stem, 16)
    assert "Иванов" not in document.file.name
    assert add(case, curator, file=upload("Заявление Ивановой.pdf")).file.name != document.file.name
    assert (media_root / document.file.name).read_bytes() == PDF_BYTES


def test_upload_writes_the_history(case: Case, curator: User) -> None:
    add(case, curator, document_type="contract", title="Договор №5")
    event = TimelineEvent.objects.get(case=case, kind="case.document_uploaded")
    assert event.data["title"] == "Договор №5"
    assert event.data["document_type"] == "договор благотворительной помощи"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", PDF_BYTES),
        ("a.docx", DOCX_BYTES),
        ("a.DOC", DOC_BYTES),
        ("a.xlsx", DOCX_BYTES),
        ("a.jpg", JPG_BYTES),
        ("a.jpeg", JPG_BYTES),
        ("a.png", PNG_BYTES),
    ],
)
def test_allowed_types_are_accepted(case: Case, curator: User, name: str, content: bytes) -> None:
    assert add(case, curator, file=upload(name, content)).pk


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ" + b"\x00" * 30, "Такой тип файла не принимается"),
        ("script.pdf.html", PDF_BYTES, "Такой тип файла не принимается"),
        ("noext", PDF_BYTES, "Такой тип файла не принимается"),
        ("renamed.pdf", b"MZ" + b"\x00" * 30, "Содержимое файла не похоже на PDF"),
        ("fake.png", JPG_BYTES, "Содержимое файла не похоже на PNG"),
        ("empty.pdf", b"", "Файл пустой"),
    ],
)
def test_bad_files_are_refused_in_russian(
    case: Case, curator: User, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(DocumentError) as exc:
        add(case, curator, file=upload(name, content))
    assert exc.value.field == "file"
    assert message in exc.value.message
    assert not CaseDocument.objects.exclude(template_code="visit_report").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.docx", zip_bomb(), "Файл DOCX распаковывается в 300 МБ — больше допустимых 100 МБ"),
        ("swarm.xlsx", zip_bomb(entries=2001, entry_mb=0), "состоит из 2001 частей"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 60, "Содержимое файла не похоже на DOCX"),
    ],
)
def test_a_zip_bomb_or_broken_package_is_refused_before_it_is_kept(
    case: Case, curator: User, name: str, content: bytes, message: str
) -> None:
    assert len(content) < 400 * 1024  # the upload itself is small: only its unpacked size is not
    with pytest.raises(DocumentError) as exc:
        add(case, curator, file=upload(name, content))
    assert exc.value.field == "file"
    assert message in exc.value.message
    assert not CaseDocument.objects.exclude(template_code="visit_report").exists()


def test_files_over_20_mb_are_refused(case: Case, curator: User, media_root: Path) -> None:
    big = upload("big.pdf", PDF_BYTES + b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(DocumentError, match="больше 20 МБ"):
        add(case, curator, file=big)
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))


def test_exactly_20_mb_is_accepted(case: Case, curator: User) -> None:
    content = PDF_BYTES + b"\x00" * (20 * 1024 * 1024 - len(PDF_BYTES))
    assert add(case, curator, file=upload("max.pdf", content)).size == 20 * 1024 * 1024


def test_unknown_document_type_or_long_title_is_refused(case: Case, curator: User) -> None:
    with pytest.raises(DocumentError) as exc:
        add(case, curator, document_type="passport")
    assert exc.value.field == "document_type"
    with pytest.raises(DocumentError) as exc:
        add(case, curator, title="х" * 301)
    assert exc.value.field == "title"


def test_upload_needs_the_write_permission(case: Case, director: User) -> None:
    with pytest.raises(PermissionDenied):
        add(case, director)


def test_another_organisation_cannot_upload(case: Case, outsider: User) -> None:
    with pytest.raises(DocumentError, match="не найден"):
        add(case, outsider)


def test_closed_case_folder_takes_no_new_documents(case: Case, curator: User) -> None:
    lifecycle.close_case(
        case=case, by=curator, reason="goals_met", criteria=dict.fromkeys(CLOSURE_CRITERIA, True)
    )
    with pytest.raises(DocumentError, match="закрыт"):
        add(case, curator)


def test_post_support_case_still_takes_documents(case: Case, curator: User) -> None:
    lifecycle.close_case(
        case=case,
        by=curator,
        reason="goals_met",
        criteria=dict.fromkeys(CLOSURE_CRITERIA, True),
        post_support=True,
        post_support_frequency_days=30,
    )
    assert add(case, curator, document_type="consilium_minutes").pk


def test_new_version_supersedes_the_old_which_stays(case: Case, curator: User) -> None:
    old = add(case, curator, document_type="contract", title="Договор v1")
    new = add(case, curator, document_type="contract", title="Договор v2", replaces=old)
    old.refresh_from_db()
    assert old.status == CaseDocument.Status.SUPERSEDED
    assert old.superseded_by == new
    assert CaseDocument.objects.filter(case=case).exclude(template_code="visit_report").count() == 2
    assert old.file.storage.exists(old.file.name)


def test_new_version_must_be_of_the_same_type_and_active(case: Case, curator: User) -> None:
    old = add(case, curator, document_type="contract")
    with pytest.raises(DocumentError) as exc:
        add(case, curator, document_type="application", replaces=old)
    assert exc.value.field == "document_type"
    add(case, curator, document_type="contract", replaces=old)
    with pytest.raises(DocumentError, match="уже заменён"):
        add(case, curator, document_type="contract", replaces=old)


def test_cancelled_document_stays_with_its_reason(case: Case, curator: User) -> None:
    document = add(case, curator)
    services.cancel_document(document=document, by=curator, reason="Загружен не тот файл")
    document.refresh_from_db()
    assert document.status == CaseDocument.Status.CANCELLED
    assert document.cancelled_reason == "Загружен не тот файл"
    assert document.cancelled_by == curator
    assert document.file.storage.exists(document.file.name)
    assert document.history.count() == 2  # created, then cancelled — by whom is kept
    assert document.history.first().history_user == curator  # type: ignore[union-attr]


def test_cancelling_needs_a_reason_and_happens_once(case: Case, curator: User) -> None:
    document = add(case, curator)
    with pytest.raises(DocumentError) as exc:
        services.cancel_document(document=document, by=curator, reason="  ")
    assert exc.value.field == "reason"
    services.cancel_document(document=document, by=curator, reason="Ошибка")
    with pytest.raises(DocumentError, match="уже заменён или аннулирован"):
        services.cancel_document(document=document, by=curator, reason="Ошибка")


# --- the folder ----------------------------------------------------------------------------


def test_a_new_folder_misses_every_required_document_but_the_visit_report(case: Case) -> None:
    folder = folder_status(case)
    # The first-visit report was filed when the case opened from its signal.
    assert [code for code, _label in folder.missing] == [
        code for code in REQUIRED_DOCUMENT_TYPES if code != "first_visit_report"
    ]
    assert not folder.complete
    assert not folder.overdue  # the deadline is working day 3 after opening


def test_folder_is_complete_with_the_required_documents(case: Case, curator: User) -> None:
    for code in REQUIRED_DOCUMENT_TYPES:
        add(case, curator, document_type=code)
    folder = folder_status(case)
    assert folder.complete
    assert folder.missing == []


def test_cancelled_document_does_not_count(case: Case, curator: User) -> None:
    for code in REQUIRED_DOCUMENT_TYPES:
        add(case, curator, document_type=code)
    contract = CaseDocument.objects.get(case=case, document_type="contract")
    services.cancel_document(document=contract, by=curator, reason="Не подписан")
    assert [code for code, _label in folder_status(case).missing] == ["contract"]


def test_incomplete_folder_past_its_deadline_is_overdue(case: Case) -> None:
    later = (case.folder_due or timezone.localdate()) + timedelta(days=1)
    assert folder_status(case, today=later).overdue
    assert not folder_status(case, today=case.folder_due).overdue


def test_reopened_case_inherits_the_earlier_documents(case: Case, curator: User) -> None:
    for code in REQUIRED_DOCUMENT_TYPES:
        add(case, curator, document_type=code)
    lifecycle.close_case(
        case=case, by=curator, reason="goals_met", criteria=dict.fromkeys(CLOSURE_CRITERIA, True)
    )
    new = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    folder = folder_status(new)
    assert folder.complete
    assert folder.previous_case_ids == [case.pk]
    assert {d.case_id for g in folder.groups for d in g.documents} == {case.pk}


def test_documents_of_every_earlier_case_are_inherited(case: Case, curator: User) -> None:
    add(case, curator, document_type="application")
    criteria = dict.fromkeys(CLOSURE_CRITERIA, True)
    lifecycle.close_case(case=case, by=curator, reason="goals_met", criteria=criteria)
    second = lifecycle.reopen_case(case=case, by=curator, reason="Ухудшение")
    add(second, curator, document_type="contract")
    lifecycle.close_case(case=second, by=curator, reason="goals_met", criteria=criteria)
    third = lifecycle.reopen_case(case=second, by=curator, reason="Снова")
    assert [c.pk for c in access.folder_chain(third)] == [third.pk, second.pk, case.pk]
    types = {d.document_type for d in access.folder_documents(third)}
    assert types == {"application", "contract", "first_visit_report"}
    assert DocumentType.APPLICATION not in {c for c, _ in folder_status(third).missing}
