"""Demo of the later lifecycle, run after the cases demo (``demo.extra["cases"]``).

Every part of the lifecycle gets something to show, made through the services exactly as a
user would: folders with small generated PDF/DOCX files (some complete, some missing
documents), a case closed to post-support with two contacts, one closed because the contract
was broken, one closed and reopened as a new case that inherits its documents, emergency
steps (one approved, one waiting for the team head), and one-off help for two families, one
of which grew into a case. Deterministic: the same cases give the same result.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import timedelta
from html import escape

from django.core.files.base import ContentFile
from django.utils import timezone

from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.errors import CaseError
from kurator.cases.models import Case, CaseClosure
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA
from kurator.core.demo import DemoContext
from kurator.documents.errors import DocumentError
from kurator.documents.models import REQUIRED_DOCUMENT_TYPES, CaseDocument, DocumentType
from kurator.documents.services import folder as documents
from kurator.meetings.models import Meeting
from kurator.meetings.queries.meetings import had_consilium
from kurator.meetings.services.meetings import schedule_meeting
from kurator.people.models import Family
from kurator.people.services import create_family
from kurator.privacy.demo.before_cases import consent_for_case_work

ALL_CRITERIA = dict.fromkeys(CLOSURE_CRITERIA, True)


# --- tiny generated files ------------------------------------------------------------------


def demo_pdf(text: str) -> bytes:
    """A one-page PDF with one line of ASCII text, with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def demo_docx(text: str) -> bytes:
    """A minimal Word document (one paragraph) that Word and LibreOffice open."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in files.items():
            # A fixed timestamp keeps the demo deterministic.
            package.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def _file(case: Case, document_type: str) -> ContentFile[bytes]:
    label = str(DocumentType(document_type).label)
    if document_type in {DocumentType.CONTRACT, DocumentType.INDIVIDUAL_PLAN}:
        return ContentFile(demo_docx(f"{label}. Случай №{case.pk}. Демо."), name="demo.docx")
    return ContentFile(demo_pdf(f"Kurator demo: {document_type}, case {case.pk}"), name="demo.pdf")


def _upload(demo: DemoContext, case: Case, by: User, types: Iterable[str]) -> int:
    """Upload a scan of each type the folder does not hold yet (a case opened from a signal
    has its first-visit report filed already)."""
    count = 0
    held = set(
        CaseDocument.objects.filter(case=case, status=CaseDocument.Status.ACTIVE).values_list(
            "document_type", flat=True
        )
    )
    for document_type in types:
        if document_type in held:
            continue
        try:
            documents.upload_document(
                case=case,
                by=by,
                document_type=document_type,
                title="",
                file=_file(case, document_type),
            )
        except DocumentError as error:
            demo.say(f"Документ в папку случая №{case.pk} не добавлен: {error.message}")
            continue
        count += 1
    return count


# --- people --------------------------------------------------------------------------------


def _team_member(case: Case, role: str) -> User | None:
    return (
        User.objects.filter(team_id=case.team_id, is_active=True, roles__code=role)
        .order_by("pk")
        .first()
    )


def _consilium(case: Case) -> list[User]:
    people = [case.curator]
    for role in (RoleCode.SENIOR_CURATOR, RoleCode.PSYCHOLOGIST):
        member = _team_member(case, role)
        if member is not None:
            people.append(member)
    return people


def _consilium_if_complex(case: Case) -> None:
    """A complex case closes only after a consilium held on it (seed 004): the demo holds the
    closing one as a meeting of the case."""
    if case.complexity_level != Case.Complexity.HIGH or had_consilium(case):
        return
    schedule_meeting(
        case=case,
        kind=Meeting.Kind.CONSILIUM,
        held_on=timezone.localdate(),
        by=case.curator,
        agenda="Итоги работы со случаем, выходная диагностика, закрытие случая",
        staff=_consilium(case),
    )


# --- the steps -----------------------------------------------------------------------------


def _emergency(demo: DemoContext, cases: list[Case]) -> None:
    case = next((c for c in cases if c.scenario == Case.Scenario.EMERGENCY), None)
    if case is None or not case.in_active_work:
        return
    head = _team_member(case, RoleCode.TEAM_HEAD)
    now = timezone.now()
    first = lifecycle.record_emergency_step(
        case=case,
        by=case.curator,
        description="Ночью отвезли детей к бабушке: в доме отключили отопление, −25 °C.",
        taken_at=now - timedelta(hours=20),
    )
    lifecycle.record_emergency_step(
        case=case,
        by=case.curator,
        description="Купили обогреватель и дрова на неделю (чек сохранён).",
        taken_at=now - timedelta(hours=3),
    )
    if head is not None:
        lifecycle.approve_emergency_step(step=first, by=head)
    demo.say(f"Экстренные шаги: случай №{case.pk}, один согласован, один ждёт согласования.")


def _close_to_post_support(demo: DemoContext, case: Case) -> None:
    _consilium_if_complex(case)
    _upload(demo, case, case.curator, REQUIRED_DOCUMENT_TYPES)
    lifecycle.close_case(
        case=case,
        by=case.curator,
        reason=CaseClosure.Reason.GOALS_MET,
        criteria=ALL_CRITERIA,
        consilium_participants=_consilium(case),
        consilium_decision="Закрыть случай, перевести семью в постсопровождение.",
        exit_diagnostics="Риск изъятия минимален, долги погашены, дети ходят в школу.",
        family_feedback="Спасибо, что были рядом в трудное время.",
        post_support=True,
        post_support_frequency_days=30,
    )
    today = timezone.localdate()
    lifecycle.record_post_support_contact(
        case=case,
        by=case.curator,
        contact_date=today,
        summary="Созвонились с мамой: всё спокойно, работает, дети здоровы.",
    )
    lifecycle.record_post_support_contact(
        case=case,
        by=case.curator,
        contact_date=today,
        summary="Встреча в школе: старший сын без пропусков.",
        seasonal_help="Канцтовары к 1 сентября",
    )
    demo.say(f"Постсопровождение: случай №{case.pk}, два контакта.")


def _close_contract_broken(demo: DemoContext, case: Case) -> None:
    _consilium_if_complex(case)
    _upload(demo, case, case.curator, [DocumentType.APPLICATION, DocumentType.CONTRACT])
    lifecycle.close_case(
        case=case,
        by=case.curator,
        reason=CaseClosure.Reason.CONTRACT_BROKEN,
        criteria={"no_unresolved_tasks": False},
        consilium_participants=_consilium(case),
        consilium_decision="Договор расторгнуть: родители трижды не выполнили договорённости.",
    )
    demo.say(f"Закрыт полностью (договор расторгнут): случай №{case.pk}.")


def _close_and_reopen(demo: DemoContext, case: Case) -> None:
    _consilium_if_complex(case)
    _upload(
        demo,
        case,
        case.curator,
        [DocumentType.APPLICATION, DocumentType.FIRST_VISIT_REPORT, DocumentType.CONTRACT],
    )
    lifecycle.close_case(
        case=case,
        by=case.curator,
        reason=CaseClosure.Reason.GOALS_MET,
        criteria=ALL_CRITERIA,
        consilium_participants=_consilium(case),
        consilium_decision="Цели плана достигнуты.",
    )
    new = lifecycle.reopen_case(
        case=case,
        by=case.curator,
        reason="Отец вернулся из заключения, снова конфликты и долги за свет.",
    )
    demo.extra.setdefault("lifecycle_cases", {})["reopened"] = new
    demo.say(f"Открыт заново: случай №{case.pk} → №{new.pk} (документы видны в новом).")


def _families_without_cases(demo: DemoContext, by: User, team: Team, needed: int) -> list[Family]:
    families = list(
        Family.objects.filter(
            organisation=demo.organisation, team=team, cases__isnull=True
        ).order_by("pk")[:needed]
    )
    spare = [("Кузьмины", "г. Смоленск, ул. Дзержинского, 9"), ("Яковлевы", "д. Талашкино")]
    for name, address in spare[: needed - len(families)]:
        families.append(create_family(by=by, team=team, name=name, address=address))
    return families


def _one_off_help(demo: DemoContext) -> None:
    curator = demo.users.get("curator1")
    head = demo.users.get("head1")
    if curator is None or head is None or curator.team is None:
        return
    families = _families_without_cases(demo, head, curator.team, 2)
    today = timezone.localdate()
    helps = [
        lifecycle.record_one_off_help(
            family=family,
            by=curator,
            given_on=today - timedelta(days=7 * (i + 1)),
            description=description,
        )
        for i, (family, description) in enumerate(
            zip(
                families,
                ["Продуктовый набор и консультация по пособиям.", "Дрова на зиму (2 куб. м)."],
                strict=False,
            )
        )
    ]
    if len(helps) == 2:
        # The family consents to case work first: a planned case needs it (152-FZ).
        consent_for_case_work(demo, helps[1].family, head, given_on=today - timedelta(days=1))
        try:
            case = lifecycle.convert_one_off_help(help=helps[1], by=head, curator=curator)
        except CaseError as error:
            demo.say(f"Разовая помощь не переросла в случай: {error.message}")
        else:
            _upload(demo, case, curator, [DocumentType.APPLICATION])
            demo.say(f"Разовая помощь: 2 семьи, одна переросла в случай №{case.pk}.")


def build(demo: DemoContext) -> None:
    cases: list[Case] = [Case.objects.get(pk=c.pk) for c in demo.extra.get("cases") or []]
    if not cases:
        demo.say("Закрытие и постсопровождение: случаев нет, пропущено.")
        return
    _emergency(demo, cases)
    planned = [c for c in cases if c.scenario == Case.Scenario.PLANNED]
    steps = [_close_to_post_support, _close_contract_broken, _close_and_reopen]
    for step, case in zip(steps, planned, strict=False):
        step(demo, case)
    # The rest keep their folders partly filled: the case page shows what is missing.
    for case in cases:
        case.refresh_from_db()
        if (
            case.in_active_work
            and not CaseDocument.objects.filter(case=case)
            .exclude(document_type=DocumentType.FIRST_VISIT_REPORT)
            .exists()
        ):
            _upload(demo, case, case.curator, [DocumentType.APPLICATION])
    complete = next((c for c in planned[3:] if c.in_active_work), None)
    if complete is not None:
        _upload(demo, complete, complete.curator, REQUIRED_DOCUMENT_TYPES[1:])
    _one_off_help(demo)
