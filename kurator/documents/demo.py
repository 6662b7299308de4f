"""Demo papers: every demo case that still accepts records gets its family's papers generated
from the templates (application, contract, the representative's consent, a minor's own
consent for each child of 14–18, the family card) through ``services.generation``; every
other case has them signed (a scan attached), so the folder shows both states. A consent paper
is signed only where every member's consent is already in order: the families the consents
demo leaves without, with an expired, expiring or withdrawn consent keep showing it. PDFs
are made when first downloaded (LibreOffice), not here."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from kurator.cases.demo.lifecycle import demo_pdf
from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.documents import contexts
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument
from kurator.documents.services.generation import generate_document, sign_document
from kurator.people.models import FamilyMembership, FamilyRole, Person
from kurator.privacy.queries.consents import ConsentState, consent_states

PAPERS = ("application", "contract", "consent_representative", "family_card")


def _minors(case: Case) -> list[FamilyMembership]:
    today = timezone.localdate()
    return [
        m
        for m in FamilyMembership.objects.filter(
            family_id=case.family_id, role=FamilyRole.CHILD
        ).select_related("person")
        if m.person.birth_date is not None
        and 14 <= contexts.age_on(m.person.birth_date, today) < 18
    ]


def build(demo: DemoContext) -> None:
    if demo.organisation is None:
        return
    cases = list(
        Case.objects.filter(organisation=demo.organisation)
        .exclude(status=Case.Status.CLOSED)
        .select_related("curator", "family")
        .order_by("pk")
    )
    generated = signed = 0
    for index, case in enumerate(cases):
        papers: list[CaseDocument] = []
        requests: list[tuple[str, Person | None]] = [(code, None) for code in PAPERS]
        requests += [("consent_minor", m.person) for m in _minors(case)]
        for code, person in requests:
            try:
                papers.append(
                    generate_document(case=case, template=code, person=person, by=case.curator)
                )
            except DocumentError as error:
                demo.say(f"Случай №{case.pk}: «{code}» не сформирован: {error.message}")
        generated += len(papers)
        if index % 2:
            continue
        day = timezone.localdate()
        in_order = all(row.state == ConsentState.VALID for row in consent_states(case.family))
        for paper in papers:
            if paper.template_code == "family_card":
                continue
            if paper.template_code.startswith("consent_") and not in_order:
                continue
            scan = ContentFile(demo_pdf(f"Kurator demo: signed {paper.template_code}"), "scan.pdf")
            try:
                sign_document(document=paper, by=case.curator, file=scan, signed_on=day)
            except DocumentError as error:
                demo.say(f"Случай №{case.pk}: «{paper.title}» не подписан: {error.message}")
                continue
            signed += 1
    demo.say(
        f"Документы по шаблонам: {generated} сформировано для {len(cases)} случаев, "
        f"{signed} с подписанным сканом."
    )
