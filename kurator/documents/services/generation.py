"""Papers generated from templates: the family's application, contract and consents, the
family card, the papers made from one record of the case — the first-visit report and the
take-in decision (from the case's signal), the complaint about a state service delivered short
(from a check of it), the acts of goods and of services (from an act) — into the case folder,
and the first-visit team's instruction (from a signal).

A generated paper is a ``CaseDocument`` with its template code and version, its number (a
contract: per organisation and year, «7/2026»), who generated it and when, and the person it
is for. It goes generated → signed (the family's signed scan attached, with the date) or
cancelled with a reason (``folder.cancel_document``); only a signed one counts in the folder's
required list. Signing a consent records the consents it gives (``kurator.privacy``). Nothing
is filed when rendering fails: the file is written only after the template filled, and the
row and the history entry are one transaction.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Organisation, User
from kurator.cases.models import Case
from kurator.cases.timeline import record
from kurator.documents import contexts, rendering
from kurator.documents.catalogue import TemplateSpec
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, SignalDocument
from kurator.documents.queries.templates import active_template
from kurator.documents.services.folder import check_accepts_documents, check_file
from kurator.documents.services.record_papers import (
    RECORD_PAPERS,
    Draft,
    check_sex,
    draft_record_paper,
    paper_title,
    template_spec,
)
from kurator.intake.models import Signal
from kurator.network.models import Act, EntitlementCheck
from kurator.people.errors import PeopleError
from kurator.people.models import FamilyMembership, FamilyRole, Person

__all__ = [
    "DOCX_TYPE",
    "MINOR_FROM_AGE",
    "file_visit_report",
    "generate_document",
    "generate_signal_document",
    "pdf_for",
    "sign_document",
]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MINOR_FROM_AGE = 14  # 152-FZ with the Civil Code art. 26: from 14 a minor signs herself
ADULT_AGE = 18
_ADULT_ROLES = (FamilyRole.PARENT, FamilyRole.GUARDIAN)


def _person_for(
    spec: TemplateSpec, case: Case, person: Person | None, today: date
) -> Person | None:
    """The person the paper is for, checked against the template's rule."""
    if not spec.person:
        return None
    roles = dict(
        FamilyMembership.objects.filter(family_id=case.family_id).values_list("person_id", "role")
    )
    if person is None and spec.person == "adult":
        person = (
            Person.objects.filter(
                memberships__family_id=case.family_id, memberships__role__in=_ADULT_ROLES
            )
            .order_by("memberships__role", "pk")
            .first()
        )
        if person is None:
            raise DocumentError(
                _("В семье нет родителя или опекуна: добавьте его в состав семьи."),
                field="person",
            )
    if person is None:
        raise DocumentError(_("Выберите, для кого этот документ."), field="person")
    if person.pk not in roles:
        raise DocumentError(_("Выберите человека из состава семьи этого случая."), field="person")
    if spec.person == "adult" and roles[person.pk] not in _ADULT_ROLES:
        raise DocumentError(
            _("Этот документ подписывает родитель или опекун: выберите его."), field="person"
        )
    if spec.person == "minor":
        if person.birth_date is None:
            raise DocumentError(
                _("Укажите дату рождения ребёнка: согласие подписывает ребёнок от 14 до 18 лет."),
                field="person",
            )
        age = contexts.age_on(person.birth_date, today)
        if age < MINOR_FROM_AGE:
            raise DocumentError(
                _(
                    "Ребёнку %(age)s: своё согласие подписывает ребёнок от 14 до 18 лет. За "
                    "ребёнка младше 14 лет согласие даёт законный представитель — документ "
                    "«Согласие законного представителя»."
                )
                % {"age": _years(age)},
                field="person",
            )
        if age >= ADULT_AGE:
            raise DocumentError(
                _(
                    "Человеку уже 18 лет: согласие несовершеннолетнего не нужно, он подписывает "
                    "согласие как взрослый."
                ),
                field="person",
            )
    check_sex(person)
    return person


def _years(age: int) -> str:
    if age % 10 == 1 and age % 100 != 11:
        word = _("год")
    elif 2 <= age % 10 <= 4 and not 12 <= age % 100 <= 14:
        word = _("года")
    else:
        word = _("лет")
    return f"{age} {word}"


def _next_number(organisation_id: int, year: int) -> tuple[int, str]:
    """The next contract number of the organisation in ``year``; the organisation's row is
    locked so two contracts never get one number."""
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()
    last = CaseDocument.objects.filter(
        case__organisation_id=organisation_id, template_code="contract", number_year=year
    ).aggregate(m=Max("number_seq"))["m"]
    seq = (last or 0) + 1
    return seq, f"{seq}/{year}"


def generate_document(
    *,
    case: Case,
    template: str,
    person: Person | None = None,
    check: EntitlementCheck | None = None,
    act: Act | None = None,
    by: User,
) -> CaseDocument:
    """Fill the template ``template`` (a code of ``catalogue.TEMPLATES``) from the case's
    records and file it in the case's folder, status «generated». A complaint is made from
    ``check`` and an act from ``act`` (each the case's latest when not named)."""
    access.require(by, "cases.case:write")
    spec = template_spec(template, "case")
    today = timezone.localdate()
    with transaction.atomic():
        locked = _lock_case(case, by)
        check_accepts_documents(locked)
        seq: int | None = None
        if spec.code in RECORD_PAPERS:
            draft = draft_record_paper(case=locked, template=spec.code, check=check, act=act)
        else:
            draft, seq = _draft_case_paper(spec, locked, person, today)
        return _file_paper(locked, spec, draft, seq, by=by, today=today)


def file_visit_report(*, case: Case, by: User) -> CaseDocument | None:
    """File the first-visit report of the signal ``case`` was opened from into its folder,
    filled from the report's sections («отчёт о первичном выезде»): the folder does not ask
    for an upload of it. Called by ``cases.services.opening.open_case`` inside its
    transaction, so the right checked is the opener's right to open the case. Returns None,
    filing nothing, when the case has no signal or visit report, or the organisation's own
    template cannot be filled: the folder then asks for the report as an upload."""
    spec = template_spec("visit_report", "case")
    today = timezone.localdate()
    try:
        with transaction.atomic():  # a savepoint: a refusal leaves the opening whole
            locked = _lock_case(case, by)
            draft = draft_record_paper(case=locked, template=spec.code)
            return _file_paper(locked, spec, draft, None, by=by, today=today)
    except DocumentError:
        return None


def _lock_case(case: Case, by: User) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("family", "organisation", "curator")
        .get(pk=case.pk)
    )
    if locked.organisation_id != access.organisation_id_of(by):
        raise DocumentError(_("Случай не найден."))
    return locked


def _file_paper(
    locked: Case, spec: TemplateSpec, draft: Draft, seq: int | None, *, by: User, today: date
) -> CaseDocument:
    """Write the filled paper into the folder with its history row. Assumes a locked case
    that accepts documents (called by ``generate_document`` and ``file_visit_report``)."""
    document = CaseDocument(
        case=locked,
        document_type=spec.document_type,
        title=draft.title,
        original_name=f"{spec.code}.docx",
        size=len(draft.content),
        content_type=DOCX_TYPE,
        uploaded_by=by,
        template_code=spec.code,
        template_version=draft.version,
        number=draft.number,
        number_year=today.year if seq is not None else None,
        number_seq=seq,
        person=draft.person,
        details=draft.details,
    )
    document.file.save(f"{secrets.token_hex(16)}.docx", ContentFile(draft.content), save=False)
    try:
        document._history_user = by  # type: ignore[attr-defined]
        document.save()
        record(
            kind="case.document_generated",
            actor=by,
            case=locked,
            data={
                "title": draft.title,
                "template": spec.code,
                "version": draft.version,
                "number": draft.number,
                "document": document.pk,
            },
        )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def _draft_case_paper(
    spec: TemplateSpec, locked: Case, person: Person | None, today: date
) -> tuple[Draft, int | None]:
    """A paper filled from the case and its family (the contract numbered: the sequence number
    is returned with it). Runs inside ``generate_document``'s transaction, the case locked."""
    person = _person_for(spec, locked, person, today)
    seq: int | None = None
    number = ""
    if spec.code == "contract":
        seq, number = _next_number(locked.organisation_id, today.year)
    context, details = contexts.case_context(
        case=locked, code=spec.code, person=person, number=number, today=today
    )
    if spec.code == "consent_minor":
        if context["representative"] is None:
            raise DocumentError(
                _(
                    "В семье нет родителя или опекуна: согласие несовершеннолетнего "
                    "подписывается вместе с законным представителем."
                ),
                field="person",
            )
        details["representative"] = next(
            m.person_id
            for m in FamilyMembership.objects.filter(
                family_id=locked.family_id, role__in=_ADULT_ROLES
            )
            .exclude(person=person)
            .order_by("role", "person__birth_date", "person__pk")
        )
    source, version = active_template(locked.organisation_id, spec.code)
    content = rendering.render_docx(source, context)  # DocumentError: nothing filed
    draft = Draft(
        code=spec.code,
        content=content,
        version=version,
        title=paper_title(spec, person, number),
        person=person,
        number=number,
        details=details,
    )
    return draft, seq


def _record_consents(document: CaseDocument, by: User, signed_on: date) -> int:
    """Record the consents a signed consent paper gives (kurator.privacy): the representative
    for herself and for each child named, or the minor together with her representative.
    Returns how many were recorded."""
    from kurator.privacy.models import ConsentPurpose
    from kurator.privacy.services.consents import record_consent

    codes = list(document.details.get("purposes") or [])
    purposes = list(
        ConsentPurpose.objects.filter(
            organisation_id=document.case.organisation_id, is_active=True, code__in=codes
        )
    )
    if not purposes or document.person is None:
        return 0
    scope = _("Согласие по документу «%(title)s»: данные и действия, перечисленные в нём.") % {
        "title": document.title
    }
    signer = document.person
    given: list[tuple[Person, Person | None]] = []
    if document.template_code == "consent_representative":
        given.append((signer, None))
        children = Person.objects.filter(pk__in=document.details.get("children") or [])
        given += [(child, signer) for child in children]
    elif document.template_code == "consent_minor":
        representative = Person.objects.filter(pk=document.details.get("representative")).first()
        given.append((signer, representative))
    for person, signed_by in given:
        try:
            record_consent(
                person=person,
                by=by,
                scope=scope,
                given_on=signed_on,
                purposes=purposes,
                signed_by=signed_by,
                document=document,
            )
        except PeopleError as error:
            raise DocumentError(
                _("Согласие %(name)s не записано: %(error)s")
                % {"name": person.full_name, "error": error.message},
                field="file",
            ) from error
    return len(given)


def sign_document(
    *, document: CaseDocument, by: User, file: File[bytes] | None, signed_on: date | None
) -> CaseDocument:
    """Attach the family's signed scan to a generated paper: it becomes «signed» and counts in
    the folder. A signed consent records the consents it gives."""
    access.require(by, "cases.case:write")
    if signed_on is None or not isinstance(signed_on, date):
        raise DocumentError(_("Укажите дату подписания."), field="signed_on")
    if signed_on > timezone.localdate():
        raise DocumentError(_("Дата подписания не может быть в будущем."), field="signed_on")
    extension, kind, _size = check_file(file)
    assert file is not None
    with transaction.atomic():
        locked = (
            CaseDocument.objects.select_for_update(of=("self",))
            .select_related("case", "person")
            .filter(pk=document.pk)
            .first()
        )
        if locked is None or locked.case.organisation_id != access.organisation_id_of(by):
            raise DocumentError(_("Документ не найден."))
        if not locked.is_generated:
            raise DocumentError(
                _("Подписанный скан прикладывают к документу, сформированному в Куратор.")
            )
        if locked.status != CaseDocument.Status.ACTIVE:
            raise DocumentError(_("Этот документ аннулирован или заменён."))
        if locked.signed_on is not None:
            raise DocumentError(_("Подписанный скан к этому документу уже приложен."))
        if not locked.case.accepts_records:
            raise DocumentError(_("Случай закрыт: документы его папки не меняются."))
        if signed_on < timezone.localdate(locked.uploaded_at):
            raise DocumentError(
                _("Документ не мог быть подписан раньше, чем сформирован."), field="signed_on"
            )
        locked.signed_file.save(f"{secrets.token_hex(16)}{extension}", file, save=False)
        try:
            locked.signed_content_type = kind.content_type
            locked.signed_on = signed_on
            locked.signed_by = by
            locked._history_user = by  # type: ignore[attr-defined]
            locked.save(
                update_fields=["signed_file", "signed_content_type", "signed_on", "signed_by"]
            )
            consents = 0
            if locked.template_code in ("consent_representative", "consent_minor"):
                consents = _record_consents(locked, by, signed_on)
            record(
                kind="case.document_signed",
                actor=by,
                case=locked.case,
                data={
                    "title": locked.title,
                    "signed_on": signed_on.strftime("%d.%m.%Y"),
                    "document": locked.pk,
                    "consents": consents,
                },
            )
        except Exception:
            locked.signed_file.delete(save=False)
            raise
    return locked


def pdf_for(document: CaseDocument | SignalDocument) -> bytes:
    """The paper as PDF (LibreOffice converting its DOCX), made on first request and kept
    beside the DOCX. A derived file, not a change of the record: no history."""
    if document.pdf_file:
        try:
            with document.pdf_file.open("rb") as handle:
                return bytes(handle.read())
        except FileNotFoundError:
            pass
    with document.file.open("rb") as handle:
        pdf = rendering.to_pdf(bytes(handle.read()))
    document.pdf_file.save(f"{secrets.token_hex(16)}.pdf", ContentFile(pdf), save=False)
    type(document).objects.filter(pk=document.pk).update(pdf_file=document.pdf_file.name)
    return pdf


def generate_signal_document(*, signal: Signal, template: str, by: User) -> SignalDocument:
    """The first-visit team's instruction from a signal whose team is named, with the
    deadlines counted when the signal came in."""
    access.require(by, "intake.visit:assign")
    spec = template_spec(template, "signal")
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            Signal.objects.select_for_update(of=("self",))
            .select_related("organisation", "family")
            .get(pk=signal.pk)
        )
        if locked.organisation_id != access.organisation_id_of(by):
            raise DocumentError(_("Сигнал не найден."))
        if getattr(locked, "first_visit", None) is None:
            raise DocumentError(
                _("Сначала назначьте команду первичного выезда: поручение пишется ей."),
                field="template",
            )
        context = contexts.signal_context(signal=locked, by=by, today=today)
        source, version = active_template(locked.organisation_id, spec.code)
        content = rendering.render_docx(source, context)
        title = _("%(title)s по сигналу № %(n)s") % {"title": spec.title, "n": locked.pk}
        paper = SignalDocument(
            signal=locked,
            template_code=spec.code,
            template_version=version,
            title=title,
            generated_by=by,
        )
        paper.file.save(f"{secrets.token_hex(16)}.docx", ContentFile(content), save=False)
        try:
            paper.save()
            record(
                kind="signal.document_generated",
                actor=by,
                signal=locked,
                data={"title": title, "template": spec.code, "document": paper.pk},
            )
        except Exception:
            paper.file.delete(save=False)
            raise
    return paper
