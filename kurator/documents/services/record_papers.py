"""Papers made from one record of a case, filled but not filed: the first-visit report and
the take-in decision (from the signal the case grew from), the complaint about a state service
delivered short (from a check of it), the acts of goods and of services (from an act).
``generation.generate_document`` files them into the case folder; the case network pages
download them as they are. Also the helpers every generated paper shares: the template's
spec, the person's recorded sex, the title.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.cases.models import Case
from kurator.documents import contexts, rendering
from kurator.documents.catalogue import TemplateSpec, spec_for
from kurator.documents.errors import DocumentError
from kurator.documents.queries.templates import active_template
from kurator.intake.models import FirstVisit, TakeInDecision
from kurator.network.models import Act, EntitlementCheck
from kurator.people.models import Person

__all__ = [
    "RECORD_PAPERS",
    "Draft",
    "check_sex",
    "draft_record_paper",
    "paper_title",
    "template_spec",
]


def template_spec(code: str, scope: str) -> TemplateSpec:
    spec = spec_for(code or "")
    if spec is None or spec.scope != scope:
        raise DocumentError(
            _("Шаблона «%(code)s» нет. Выберите документ из списка.") % {"code": code},
            field="template",
        )
    return spec


def check_sex(person: Person) -> None:
    if person.sex not in ("F", "M"):
        raise DocumentError(
            _(
                "Укажите пол человека «%(name)s» в его карточке: без него имя нельзя "
                "просклонять в документе."
            )
            % {"name": person.full_name},
            field="person",
        )


def paper_title(spec: TemplateSpec, person: Person | None, number: str) -> str:
    title = str(spec.title)
    if number:
        title = f"{title} № {number}"
    if person is not None:
        title = f"{title}: {person.full_name}"
    return title[:300]


# --- papers made from one record of the case --------------------------------------------------

RECORD_PAPERS = ("visit_report", "take_in_decision", "complaint", "act_goods", "act_services")
_ACT_KINDS = {"act_goods": Act.Kind.GOODS, "act_services": Act.Kind.SERVICES}


@dataclass(frozen=True)
class Draft:
    """A paper filled from one record of the case, not filed (yet)."""

    code: str
    content: bytes
    version: int
    title: str
    person: Person | None
    number: str
    details: dict[str, Any]


def _visit_of(case: Case) -> FirstVisit:
    if case.signal_id is None:
        raise DocumentError(
            _(
                "Случай открыт не по сигналу: первичного выезда и решения о приёме в Кураторе "
                "нет. Загрузите скан документа в папку."
            ),
            field="template",
        )
    visit = (
        FirstVisit.objects.select_related(
            "signal", "signal__family", "future_curator", "psychologist"
        )
        .filter(signal_id=case.signal_id)
        .first()
    )
    if visit is None or visit.visited_at is None:
        raise DocumentError(
            _("По сигналу этого случая первичный выезд не отмечен: отчёт не из чего составить."),
            field="template",
        )
    if visit.report_submitted_at is None:
        raise DocumentError(
            _("Отчёт о первичном выезде по сигналу № %(n)s ещё не сдан.") % {"n": case.signal_id},
            field="template",
        )
    return visit


def _decision_of(case: Case) -> TakeInDecision:
    decision = (
        TakeInDecision.objects.select_related("signal", "signal__family", "decided_by")
        .filter(signal_id=case.signal_id)
        .first()
        if case.signal_id is not None
        else None
    )
    if decision is None:
        raise DocumentError(
            _(
                "Решение о приёме по сигналу этого случая в Кураторе не записано (случай открыт "
                "без сигнала или без решения). Загрузите скан решения в папку."
            ),
            field="template",
        )
    return decision


def _check_of(case: Case, check: EntitlementCheck | None) -> EntitlementCheck:
    """The named check of a state service of the case, or its latest one with a shortfall."""
    checks = EntitlementCheck.objects.select_related("entitlement", "entitlement__person").filter(
        entitlement__case_id=case.pk
    )
    if check is not None:
        found = checks.filter(pk=check.pk).first()
        if found is None:
            raise DocumentError(_("Проверка госуслуги не найдена в этом случае."), field="check")
        if found.shortfall == 0:
            raise DocumentError(
                _("За этот период услуга оказана полностью: жаловаться не на что."),
                field="check",
            )
        return found
    latest = checks.filter(expected__gt=F("delivered")).order_by("-created_at", "-pk").first()
    if latest is None:
        raise DocumentError(
            _(
                "В случае не записано, что положенная госуслуга оказана не полностью: жалобу "
                "не из чего составить. Запишите, сколько оказано, на странице ресурсной сети "
                "случая."
            ),
            field="template",
        )
    return latest


def _act_of(case: Case, code: str, act: Act | None) -> Act:
    """The named act of the case (of the template's kind), or its latest one of that kind."""
    kind = _ACT_KINDS[code]
    acts = Act.objects.select_related("case", "recipient", "created_by").filter(case_id=case.pk)
    if act is not None:
        found = acts.filter(pk=act.pk).first()
        if found is None:
            raise DocumentError(_("Акт не найден в этом случае."), field="act")
        if found.kind != kind:
            raise DocumentError(
                _("Акт № %(n)s — %(kind)s: выберите шаблон этого вида акта.")
                % {"n": found.number, "kind": found.get_kind_display()},
                field="act",
            )
        return found
    latest = acts.filter(kind=kind).order_by("-issued_on", "-pk").first()
    if latest is None:
        raise DocumentError(
            _("В случае нет акта этого вида («%(kind)s»): сначала составьте акт.")
            % {"kind": Act.Kind(kind).label},
            field="act",
        )
    return latest


def draft_record_paper(
    *,
    case: Case,
    template: str,
    check: EntitlementCheck | None = None,
    act: Act | None = None,
) -> Draft:
    """Fill the template of a paper made from one record of ``case`` (``RECORD_PAPERS``) with
    the organisation's newest version of it, or Kurator's default. Nothing is filed: the
    network pages download it so, ``generate_document`` files it. ``case`` (and the ``check``
    or ``act`` named) come through ``kurator.access``; each must belong to the case."""
    spec = template_spec(template, "case")
    if spec.code not in RECORD_PAPERS:
        raise DocumentError(
            _("Шаблона «%(code)s» нет. Выберите документ из списка.") % {"code": template},
            field="template",
        )
    today = timezone.localdate()
    person: Person | None = None
    number = ""
    if spec.code == "visit_report":
        visit = _visit_of(case)
        context = contexts.visit_report_context(case=case, visit=visit, today=today)
        title = _("%(title)s по сигналу № %(n)s") % {"title": spec.title, "n": visit.signal_id}
        details: dict[str, Any] = {"signal": visit.signal_id, "visit": visit.pk}
    elif spec.code == "take_in_decision":
        decision = _decision_of(case)
        context = contexts.decision_context(case=case, decision=decision, today=today)
        title = _("%(title)s по сигналу № %(n)s") % {"title": spec.title, "n": decision.signal_id}
        details = {"signal": decision.signal_id, "decision": decision.pk}
    elif spec.code == "complaint":
        found = _check_of(case, check)
        person = found.entitlement.person
        check_sex(person)
        context = contexts.complaint_context(check=found, today=today)
        title = _("%(title)s «%(service)s»: %(name)s") % {
            "title": spec.title,
            "service": found.entitlement.title,
            "name": person.full_name,
        }
        details = {"check": found.pk, "entitlement": found.entitlement_id}
    else:
        found_act = _act_of(case, spec.code, act)
        person = found_act.recipient
        check_sex(person)
        number = found_act.number
        context = contexts.act_context(act=found_act, today=today)
        title = paper_title(spec, person, number)
        details = {"act": found_act.pk}
    details["person"] = person.pk if person is not None else None
    source, version = active_template(case.organisation_id, spec.code)
    content = rendering.render_docx(source, context)  # DocumentError: nothing filed
    return Draft(
        code=spec.code,
        content=content,
        version=version,
        title=str(title)[:300],
        person=person,
        number=number,
        details=details,
    )
