"""Every change to a signal goes through these functions.

Stages 1–4 of the lifecycle (docs/domain.md, Deadlines): the signal is logged at once, the senior
curator names the first-visit team, the team visits and reports, the consilium decides — accept,
informed refusal or redirect — escalating to the coordinator and then the head of programme when it
cannot agree. Each public function validates, writes in one transaction, appends its timeline row
and returns the object; views, the API, the demo and the tests call them.

Races: every transition locks the signal row (``select_for_update``) and re-reads its status
inside the transaction, so a double click or two people deciding at once get a clear
``IntakeError`` instead of two decisions; SQLite serialises writers instead of locking rows
(``transaction_mode = IMMEDIATE``), and the one-to-one ``FirstVisit.signal`` and
``TakeInDecision.signal`` are the database's own guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.timeline import record
from kurator.core import workdays
from kurator.core.text import CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE
from kurator.intake.criteria import active_criteria
from kurator.intake.errors import IntakeError
from kurator.intake.models import (
    CHILD_SECTIONS,
    OPEN_STATUSES,
    DecisionLevel,
    FirstVisit,
    Recommendation,
    SelectionCriterion,
    Signal,
    TakeInDecision,
)
from kurator.network.models import ResourceAgent
from kurator.people.models import Family, FamilyMembership, FamilyRole, Person

__all__ = [
    "DECISION_LEVEL_ROLES",
    "PSYCHOLOGIST_ROLES",
    "VISIT_CURATOR_ROLES",
    "VisitReport",
    "assign_visit_team",
    "decide_signal",
    "escalate_signal",
    "link_signal_family",
    "may_decide_at",
    "may_report_visit",
    "next_decision_level",
    "record_signal",
    "record_visit",
    "split_visit_members",
    "submit_visit_report",
    "visit_children",
]

# Who goes on a first visit: a future curator and a psychologist (docs/domain.md, Deadlines).
VISIT_CURATOR_ROLES = (RoleCode.CURATOR,)
PSYCHOLOGIST_ROLES = (RoleCode.PSYCHOLOGIST,)
# Who may decide at each level of the take-in decision; a higher level may always decide.
DECISION_LEVEL_ROLES: dict[str, tuple[str, ...]] = {
    DecisionLevel.SENIOR_CURATOR: (
        RoleCode.SENIOR_CURATOR,
        RoleCode.TEAM_HEAD,
        RoleCode.PROGRAMME_DIRECTOR,
    ),
    DecisionLevel.COORDINATOR: (RoleCode.TEAM_HEAD, RoleCode.PROGRAMME_DIRECTOR),
    DecisionLevel.PROGRAMME_HEAD: (RoleCode.PROGRAMME_DIRECTOR,),
}
_NEXT_LEVEL = {
    DecisionLevel.SENIOR_CURATOR: DecisionLevel.COORDINATOR,
    DecisionLevel.COORDINATOR: DecisionLevel.PROGRAMME_HEAD,
}
_DECISION_STATUS = {
    TakeInDecision.Decision.ACCEPT: Signal.Status.ACCEPTED,
    TakeInDecision.Decision.REFUSE: Signal.Status.REFUSED,
    TakeInDecision.Decision.REDIRECT: Signal.Status.REDIRECTED,
}
_DECISION_KIND = {
    TakeInDecision.Decision.ACCEPT: "signal.accepted",
    TakeInDecision.Decision.REFUSE: "signal.refused",
    TakeInDecision.Decision.REDIRECT: "signal.redirected",
}
# A clock a few minutes ahead of the server's must not make «now» a time in the future.
_CLOCK_SKEW = timedelta(minutes=5)
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


# --- small checks ---------------------------------------------------------------------------


def _name(user: User) -> str:
    return user.full_name or user.username


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def _check_moment(moment: datetime, field: str, *, not_before: datetime | None = None) -> datetime:
    if not isinstance(moment, datetime):
        raise IntakeError(_("Укажите дату и время."), field=field)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + _CLOCK_SKEW:
        raise IntakeError(_("Дата и время не могут быть в будущем."), field=field)
    if moment < _EARLIEST:
        raise IntakeError(_("Проверьте год."), field=field)
    if not_before is not None and moment < not_before:
        raise IntakeError(_("Не может быть раньше, чем получен сигнал."), field=field)
    return moment


def _check_same_organisation(signal: Signal, by: User) -> None:
    if signal.organisation_id != access.organisation_id_of(by):
        raise IntakeError(_("Сигнал не найден."))


def _lock(signal: Signal) -> Signal:
    return Signal.objects.select_for_update().get(pk=signal.pk)


def _refresh(target: Signal, source: Signal) -> None:
    """Bring the caller's instance up to date with the saved one."""
    for field in (
        "status",
        "family_id",
        "team_due",
        "visit_due",
        "report_due",
        "decision_due",
        "decision_level",
    ):
        setattr(target, field, getattr(source, field))
    target._state.fields_cache.pop("family", None)
    target._state.fields_cache.pop("first_visit", None)
    target._state.fields_cache.pop("decision", None)


def _check_open(signal: Signal) -> None:
    if signal.status not in OPEN_STATUSES:
        raise IntakeError(
            _("Решение по этому сигналу уже принято: «%(status)s».")
            % {"status": signal.get_status_display()}
        )


def _check_family(family: Family, *, by: User, team_id: int) -> Family:
    if not access.families_visible_to(by).filter(pk=family.pk).exists():
        raise IntakeError(_("Семья не найдена."), field="family")
    if family.team_id != team_id:
        raise IntakeError(
            _("Семья относится к другой команде; выберите семью команды сигнала."),
            field="family",
        )
    return family


def _check_team_member(user: User, signal: Signal, field: str) -> User:
    if not user.is_active:
        raise IntakeError(_("Этот сотрудник больше не работает в системе."), field=field)
    if user.organisation_id != signal.organisation_id or user.team_id != signal.team_id:
        raise IntakeError(_("Сотрудник должен быть из команды сигнала."), field=field)
    return user


# --- stage 1: the signal ---------------------------------------------------------------------


def record_signal(
    *,
    by: User,
    received_at: datetime,
    channel: str,
    source: str,
    description: str,
    team: Team | None = None,
    reporter_name: str = "",
    reporter_contact: str = "",
    family: Family | None = None,
    urgent: bool = False,
    subject_last_name: str = "",
    subject_first_name: str = "",
    subject_middle_name: str = "",
    subject_birth_date: date | None = None,
    address: str = "",
) -> Signal:
    """Log a signal in the journal at once — a signal is never lost, even when the family is
    unknown. Its team and visit deadlines are computed here; an urgent one e-mails the
    team's senior curators as soon as the transaction commits."""
    access.require(by, "intake.signal:write")
    organisation_id = access.organisation_id_of(by)
    if channel not in Signal.Channel.values:
        raise IntakeError(_("Выберите канал из списка."), field="channel")
    if source not in Signal.Source.values:
        raise IntakeError(_("Выберите источник из списка."), field="source")
    description = (description or "").strip()
    if not description:
        raise IntakeError(_("Опишите, что сообщили."), field="description")
    received_at = _check_moment(received_at, "received_at")
    if subject_birth_date is not None and subject_birth_date > timezone.localdate():
        raise IntakeError(_("Дата рождения не может быть в будущем."), field="subject_birth_date")
    if team is None:
        team = by.team if by.team_id is not None else (family.team if family else None)
    if team is None:
        raise IntakeError(_("Укажите команду, которой передать сигнал."), field="team")
    if not access.teams_visible_to(by).filter(pk=team.pk).exists():
        raise IntakeError(_("Выберите команду своей организации."), field="team")
    if family is not None:
        _check_family(family, by=by, team_id=team.pk)
    with transaction.atomic():
        signal = _log_signal(
            organisation_id=organisation_id,
            team=team,
            by=by,
            received_at=received_at,
            channel=channel,
            source=source,
            description=description,
            reporter_name=reporter_name.strip(),
            reporter_contact=reporter_contact.strip(),
            family=family,
            urgent=bool(urgent),
            subject_last_name=subject_last_name.strip(),
            subject_first_name=subject_first_name.strip(),
            subject_middle_name=subject_middle_name.strip(),
            subject_birth_date=subject_birth_date,
            address=address.strip(),
        )
    return signal


def _log_signal(
    *,
    organisation_id: int,
    team: Team,
    by: User | None,
    received_at: datetime,
    channel: str,
    source: str,
    description: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    family: Family | None = None,
    urgent: bool = False,
    subject_last_name: str = "",
    subject_first_name: str = "",
    subject_middle_name: str = "",
    subject_birth_date: date | None = None,
    address: str = "",
) -> Signal:
    """Write a checked signal with its team and visit deadlines and its history row, and
    e-mail an urgent one's senior curators once the transaction commits. Assumes validated
    input and an open transaction: ``record_signal`` (staff) and
    ``intake.public.services.submit_public_signal`` (the public page, ``by`` None) check it."""
    deadlines = workdays.signal_deadlines(received_at)
    signal = Signal.objects.create(
        organisation_id=organisation_id,
        team=team,
        received_at=received_at,
        channel=channel,
        source=source,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        description=description,
        family=family,
        urgent=urgent,
        subject_last_name=subject_last_name,
        subject_first_name=subject_first_name,
        subject_middle_name=subject_middle_name,
        subject_birth_date=subject_birth_date,
        address=address,
        status=Signal.Status.NEW,
        team_due=deadlines["team_due"],
        visit_due=deadlines["visit_due"],
        created_by=by,
    )
    record(
        kind="signal.recorded",
        actor=by,
        signal=signal,
        data={
            "channel": str(signal.get_channel_display()),
            "channel_code": channel,
            "source": str(signal.get_source_display()),
            "source_code": source,
            "urgent": signal.urgent,
            "team_due": deadlines["team_due"].isoformat(),
            "visit_due": deadlines["visit_due"].isoformat(),
        },
    )
    if signal.urgent:
        from kurator.intake import emails

        signal_id = signal.pk
        transaction.on_commit(lambda: emails.send_urgent_signal(signal_id=signal_id))
    return signal


def link_signal_family(*, signal: Signal, family: Family, by: User) -> Signal:
    """Link the signal to a known family (found by the duplicate check), or correct the link
    while no decision is taken. The signal's earlier history rows join the family's history."""
    access.require(by, "intake.signal:write")
    _check_same_organisation(signal, by)
    _check_family(family, by=by, team_id=signal.team_id)
    with transaction.atomic():
        locked = _lock(signal)
        _check_open(locked)
        if locked.family_id == family.pk:
            raise IntakeError(_("Сигнал уже связан с этой семьёй."), field="family")
        old_family_id = locked.family_id
        locked.family = family
        locked.save(update_fields=["family"])
        # The beneficiary history is per family: the signal's rows written before the link
        # (or under a wrongly linked family) belong to this family now.
        earlier = locked.timeline.all()
        earlier = (
            earlier.filter(family__isnull=True)
            if old_family_id is None
            else earlier.filter(family_id=old_family_id)
        )
        earlier.update(family=family)
        record(
            kind="signal.family_linked",
            actor=by,
            signal=locked,
            data={"family": family.name, "family_id": family.pk, "old_family_id": old_family_id},
        )
    _refresh(signal, locked)
    signal.family = family
    return locked


# --- stages 2–3: the first visit -----------------------------------------------------------


def _check_two_specialists(members: Sequence[User], field: str) -> tuple[User, User]:
    """Two different specialists go on the first visit (docs/domain.md, Deadlines). The one check
    of this rule: the API's serializer leaves it to ``split_visit_members``, and the
    database's constraint on ``FirstVisit`` is only the last guard behind it."""
    if len(members) != 2 or members[0].pk == members[1].pk:
        raise IntakeError(
            _("Назовите двух разных специалистов: будущего куратора и психолога."), field=field
        )
    return members[0], members[1]


def split_visit_members(*, signal: Signal, members: Sequence[User]) -> tuple[User, User]:
    """The API's ``members``: exactly two of the signal's team — who has the curator role
    becomes the future curator, who has the psychologist role the psychologist."""
    first, second = _check_two_specialists(members, "members")
    for member in members:
        if member.organisation_id != signal.organisation_id or member.team_id != signal.team_id:
            raise IntakeError(_("Оба специалиста должны быть из команды сигнала."), field="members")
    for curator, psychologist in ((first, second), (second, first)):
        if curator.has_role(*VISIT_CURATOR_ROLES) and psychologist.has_role(*PSYCHOLOGIST_ROLES):
            return curator, psychologist
    raise IntakeError(
        _("Нужны куратор случая и психолог: у выбранных сотрудников нет этих ролей."),
        field="members",
    )


def assign_visit_team(
    *,
    signal: Signal,
    by: User,
    future_curator: User,
    psychologist: User,
    planned_date: date | None,
) -> FirstVisit:
    """Name the first-visit team (a future curator and a psychologist) and the visit date.

    Until the visit is made the senior curator may change the team (illness, load): the
    same visit record is updated and the history says so again."""
    access.require(by, "intake.visit:assign")
    _check_same_organisation(signal, by)
    _check_team_member(future_curator, signal, "future_curator")
    _check_team_member(psychologist, signal, "psychologist")
    if not future_curator.has_role(*VISIT_CURATOR_ROLES):
        raise IntakeError(_("У этого сотрудника нет роли куратора случая."), field="future_curator")
    if not psychologist.has_role(*PSYCHOLOGIST_ROLES):
        raise IntakeError(_("У этого сотрудника нет роли психолога."), field="psychologist")
    _check_two_specialists([future_curator, psychologist], "psychologist")
    if planned_date is None:
        planned_date = signal.visit_due or workdays.visit_due(signal.received_at)
    if planned_date < timezone.localdate(signal.received_at):
        raise IntakeError(
            _("Выезд не может быть запланирован раньше, чем получен сигнал."),
            field="planned_date",
        )
    with transaction.atomic():
        locked = _lock(signal)
        _check_open(locked)
        if locked.status == Signal.Status.VISITED:
            raise IntakeError(_("Выезд уже проведён: команду менять поздно."))
        try:
            visit = FirstVisit.objects.select_for_update().get(signal=locked)
        except FirstVisit.DoesNotExist:
            visit = FirstVisit(signal=locked)
        visit.future_curator = future_curator
        visit.psychologist = psychologist
        visit.planned_date = planned_date
        visit.assigned_by = by
        try:
            with transaction.atomic():  # a savepoint: a lost race keeps the outer one usable
                visit.save()
        except IntegrityError as exc:
            raise IntakeError(_("Команда выезда уже назначена.")) from exc
        locked.status = Signal.Status.TEAM_ASSIGNED
        locked.save(update_fields=["status"])
        record(
            kind="signal.team_assigned",
            actor=by,
            signal=locked,
            data={
                "members": f"{_name(future_curator)}, {_name(psychologist)}",
                "future_curator_id": future_curator.pk,
                "psychologist_id": psychologist.pk,
                "planned_date": planned_date.strftime("%d.%m.%Y"),
                "planned_date_iso": planned_date.isoformat(),
            },
        )
    _refresh(signal, locked)
    return visit


def may_report_visit(user: User, signal: Signal, visit: FirstVisit | None) -> bool:
    """May ``user`` mark the first visit made and hand in its report? With the permission,
    the visit team reports its own visit; a senior curator of the signal's team may enter it
    for them. The signal page asks it for its buttons; the services (so the API too) refuse
    with a 403 when it says no."""
    if visit is None or not user.has_perm("intake.visit:report"):
        return False
    if visit.has_member(user):
        return True
    return user.has_role(RoleCode.SENIOR_CURATOR) and user.team_id == signal.team_id


def _check_on_visit_team(visit: FirstVisit, by: User) -> None:
    if not may_report_visit(by, visit.signal, visit):
        raise PermissionDenied("not on the first-visit team")


def _visit_of(signal: Signal) -> FirstVisit:
    try:
        return FirstVisit.objects.select_for_update().select_related("signal").get(signal=signal)
    except FirstVisit.DoesNotExist as exc:
        raise IntakeError(_("Сначала назначьте команду выезда.")) from exc


@dataclass(frozen=True)
class VisitReport:
    """What the first-visit team hands in: the report's sections, or (as before they
    existed, still accepted from the API) a free ``text``. ``children`` are the blocks of
    the family's children, each a mapping with ``person`` (the child's id) and the keys of
    ``models.CHILD_SECTIONS``."""

    text: str = ""
    living_conditions: str = ""
    children: Sequence[Mapping[str, Any]] = ()
    needs: str = ""
    risks: str = ""
    immediate_danger: bool = False
    recommendation: str = ""
    recommendation_comment: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.text.strip()
            or self.living_conditions.strip()
            or self.children
            or self.needs.strip()
            or self.risks.strip()
            or self.immediate_danger
            or self.recommendation
            or self.recommendation_comment.strip()
        )


_REPORT_TEXTS = ("living_conditions", "needs", "risks", "recommendation_comment")


def visit_children(signal: Signal) -> list[Person]:
    """The children of the signal's family, one report block each (none without a family)."""
    if signal.family_id is None:
        return []
    return [
        m.person
        for m in FamilyMembership.objects.filter(family_id=signal.family_id, role=FamilyRole.CHILD)
        .select_related("person")
        .order_by("person__birth_date", "person__pk")
    ]


def _clean_text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise IntakeError(_("Ожидается текст."), field=field)
    if CONTROL_CHARACTERS.search(value):
        raise IntakeError(str(CONTROL_CHARACTERS_MESSAGE), field=field)
    return value.strip()


def _clean_children(signal: Signal, blocks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each block names a child of the signal's family, once; its texts are plain text."""
    children = {person.pk: person for person in visit_children(signal)}
    cleaned: list[dict[str, Any]] = []
    seen: set[int] = set()
    for block in blocks:
        if not isinstance(block, Mapping):
            raise IntakeError(_("Опишите каждого ребёнка отдельным блоком."), field="children")
        person_id = block.get("person")
        if isinstance(person_id, Person):
            person_id = person_id.pk
        if isinstance(person_id, bool) or not isinstance(person_id, int):
            raise IntakeError(_("Укажите, о каком ребёнке блок."), field="children")
        child = children.get(person_id)
        if child is None:
            raise IntakeError(
                _("Ребёнок № %(n)s не из семьи сигнала: опишите детей этой семьи.")
                % {"n": person_id},
                field="children",
            )
        if person_id in seen:
            raise IntakeError(
                _("Ребёнок «%(name)s» описан дважды.") % {"name": child.full_name},
                field="children",
            )
        seen.add(person_id)
        unknown = set(block) - {"person", "name"} - {key for key, _label in CHILD_SECTIONS}
        if unknown:
            raise IntakeError(
                _("Неизвестные поля в блоке ребёнка: %(keys)s.")
                % {"keys": ", ".join(sorted(map(str, unknown)))},
                field="children",
            )
        entry: dict[str, Any] = {"person": child.pk, "name": child.full_name}
        for key, _label in CHILD_SECTIONS:
            entry[key] = _clean_text(block.get(key), "children")
        if any(entry[key] for key, _label in CHILD_SECTIONS):
            cleaned.append(entry)
    return cleaned


def _check_report(signal: Signal, report: str | VisitReport) -> VisitReport | None:
    """The report cleaned, or None when nothing was written. A free text alone is a report
    (as the API has always accepted it); a report with sections needs the recommendation."""
    if isinstance(report, str):
        report = VisitReport(text=report)
    if report.is_empty:
        return None
    texts = {name: _clean_text(getattr(report, name), name) for name in _REPORT_TEXTS}
    text = _clean_text(report.text, "report")
    children = _clean_children(signal, report.children)
    structured = any(texts.values()) or children or report.immediate_danger
    recommendation = report.recommendation or ""
    if recommendation and recommendation not in Recommendation.values:
        raise IntakeError(_("Выберите рекомендацию из списка."), field="recommendation")
    if (structured or recommendation) and not recommendation:
        raise IntakeError(
            _("Укажите рекомендацию команды: взять в работу, отказать или перенаправить."),
            field="recommendation",
        )
    declined = recommendation and recommendation != Recommendation.ACCEPT
    if declined and not texts["recommendation_comment"]:
        raise IntakeError(
            _("Объясните в комментарии, почему команда не рекомендует брать семью."),
            field="recommendation_comment",
        )
    if not structured and not recommendation and not text:
        return None
    return VisitReport(
        text=text,
        living_conditions=texts["living_conditions"],
        children=tuple(children),
        needs=texts["needs"],
        risks=texts["risks"],
        immediate_danger=bool(report.immediate_danger),
        recommendation=recommendation,
        recommendation_comment=texts["recommendation_comment"],
    )


def _submit_report(*, signal: Signal, visit: FirstVisit, by: User, report: VisitReport) -> None:
    """Store the report and count the decision deadline from it. Assumes a report checked by
    ``_check_report`` and a locked signal (called by ``record_visit`` and
    ``submit_visit_report`` only)."""
    now = timezone.now()
    visit.report = report.text
    visit.living_conditions = report.living_conditions
    visit.children = list(report.children)
    visit.needs = report.needs
    visit.risks = report.risks
    visit.immediate_danger = report.immediate_danger
    visit.recommendation = report.recommendation
    visit.recommendation_comment = report.recommendation_comment
    visit.report_submitted_at = now
    visit._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
    visit.save(
        update_fields=[
            "report",
            "living_conditions",
            "children",
            "needs",
            "risks",
            "immediate_danger",
            "recommendation",
            "recommendation_comment",
            "report_submitted_at",
        ]
    )
    signal.decision_due = workdays.decision_due(now)
    signal.save(update_fields=["decision_due"])
    data: dict[str, Any] = {
        "late": bool(signal.report_due and now > signal.report_due),
        "decision_due": signal.decision_due.isoformat(),
    }
    if report.recommendation:
        data["recommendation"] = str(Recommendation(report.recommendation).label)
        data["recommendation_code"] = report.recommendation
        data["immediate_danger"] = report.immediate_danger
    record(kind="signal.report_submitted", actor=by, signal=signal, data=data)


def record_visit(
    *, signal: Signal, by: User, visited_at: datetime, report: str | VisitReport = ""
) -> FirstVisit:
    """Mark the first visit made. The report is due 24 hours later; a report given here
    (its sections, or a free text) submits it now. Until the report is in, the decision
    deadline counts from the report's deadline; submitting the report re-counts it from the
    real date."""
    access.require(by, "intake.visit:report")
    _check_same_organisation(signal, by)
    visited_at = _check_moment(visited_at, "visited_at", not_before=signal.received_at)
    checked = _check_report(signal, report)
    with transaction.atomic():
        locked = _lock(signal)
        visit = _visit_of(locked)
        _check_on_visit_team(visit, by)
        if locked.status == Signal.Status.VISITED:
            raise IntakeError(_("Выезд уже отмечен."))
        if locked.status != Signal.Status.TEAM_ASSIGNED:
            _check_open(locked)
            raise IntakeError(_("Сначала назначьте команду выезда."))
        visit.visited_at = visited_at
        visit._history_user = by  # type: ignore[attr-defined]
        visit.save(update_fields=["visited_at"])
        locked.status = Signal.Status.VISITED
        locked.report_due = workdays.report_due(visited_at)
        locked.decision_due = workdays.decision_due(locked.report_due)
        locked.save(update_fields=["status", "report_due", "decision_due"])
        record(
            kind="signal.visited",
            actor=by,
            signal=locked,
            data={
                "visited_at": _local(visited_at),
                "visited_at_iso": visited_at.isoformat(),
                "report_due": locked.report_due.isoformat(),
            },
        )
        if checked is not None:
            _submit_report(signal=locked, visit=visit, by=by, report=checked)
    _refresh(signal, locked)
    return visit


def submit_visit_report(*, signal: Signal, by: User, report: str | VisitReport) -> FirstVisit:
    """Hand in the first-visit report (отчёт о первичном выезде); once."""
    access.require(by, "intake.visit:report")
    _check_same_organisation(signal, by)
    checked = _check_report(signal, report)
    if checked is None:
        raise IntakeError(_("Напишите отчёт о выезде."), field="report")
    with transaction.atomic():
        locked = _lock(signal)
        visit = _visit_of(locked)
        _check_on_visit_team(visit, by)
        _check_open(locked)
        if locked.status != Signal.Status.VISITED:
            raise IntakeError(_("Сначала отметьте, что выезд проведён."))
        if visit.report_submitted_at is not None:
            raise IntakeError(_("Отчёт о выезде уже сдан."))
        _submit_report(signal=locked, visit=visit, by=by, report=checked)
    _refresh(signal, locked)
    return visit


# --- stage 4: the take-in decision ---------------------------------------------------------


def may_decide_at(user: User, level: str) -> bool:
    return user.has_perm("intake.decision:decide") and user.has_role(
        *DECISION_LEVEL_ROLES.get(level, ())
    )


def next_decision_level(level: str) -> str | None:
    return _NEXT_LEVEL.get(DecisionLevel(level))


def _check_level(signal: Signal, by: User) -> None:
    if not may_decide_at(by, signal.decision_level):
        raise IntakeError(
            _("Решение по сигналу принимает уровень «%(level)s».")
            % {"level": DecisionLevel(signal.decision_level).label}
        )


def _check_participants(participants: Iterable[User], signal: Signal) -> list[User]:
    checked = []
    for user in participants:
        if user.organisation_id != signal.organisation_id or not user.is_active:
            raise IntakeError(_("Участник не найден."), field="participants")
        in_team = user.team_id == signal.team_id
        if not in_team and not user.has_role(RoleCode.PROGRAMME_DIRECTOR):
            raise IntakeError(
                _("Участники консилиума — сотрудники команды сигнала."), field="participants"
            )
        checked.append(user)
    return checked


def _check_alternatives(
    alternatives: Iterable[ResourceAgent], signal: Signal, decision: str
) -> list[ResourceAgent]:
    agents = list(alternatives)
    if agents and decision == TakeInDecision.Decision.ACCEPT:
        raise IntakeError(
            _("Другие места помощи указывают при отказе или перенаправлении."),
            field="alternatives",
        )
    for agent in agents:
        if agent.organisation_id != signal.organisation_id or not agent.is_active:
            raise IntakeError(_("Организация не найдена в ресурсной сети."), field="alternatives")
    return agents


def _check_criteria(
    criteria_met: Iterable[SelectionCriterion | int], signal: Signal
) -> list[dict[str, Any]]:
    """The organisation's active criteria, each ticked when named in ``criteria_met``; a
    criterion not in the list (another organisation's, retired) is refused."""
    active = list(active_criteria(signal.organisation_id))
    known = {criterion.pk for criterion in active}
    met: set[int] = set()
    for item in criteria_met:
        pk = item.pk if isinstance(item, SelectionCriterion) else item
        if isinstance(pk, bool) or not isinstance(pk, int) or pk not in known:
            raise IntakeError(
                _("Критерий отбора не найден: выберите из списка организации."),
                field="criteria_met",
            )
        met.add(pk)
    return [{"id": c.pk, "title": c.title, "met": c.pk in met} for c in active]


def decide_signal(
    *,
    signal: Signal,
    by: User,
    decision: str,
    reason: str = "",
    participants: Iterable[User] = (),
    alternatives: Iterable[ResourceAgent] = (),
    criteria_met: Iterable[SelectionCriterion | int] = (),
) -> TakeInDecision:
    """The consilium's decision: accept, refuse or redirect — once.

    Accepting needs the visit report and a linked family (a case opens on a family). A
    refusal or redirect needs the reason, and is an *informed refusal*: the family gets the
    reasons and the ``alternatives`` (other places to get help) on a printable page. A signal
    that is plainly not for us may be refused or redirected before any visit. The decision
    keeps the organisation's selection criteria with those ``criteria_met`` ticked."""
    access.require(by, "intake.decision:decide")
    _check_same_organisation(signal, by)
    if decision not in TakeInDecision.Decision.values:
        raise IntakeError(_("Выберите решение из списка."), field="decision")
    reason = (reason or "").strip()
    if decision != TakeInDecision.Decision.ACCEPT and not reason:
        raise IntakeError(
            _("Укажите причину: семья получит её вместе с другими местами помощи."),
            field="reason",
        )
    people = _check_participants(participants, signal)
    agents = _check_alternatives(alternatives, signal, decision)
    criteria = _check_criteria(criteria_met, signal)
    with transaction.atomic():
        locked = _lock(signal)
        _check_open(locked)
        _check_level(locked, by)
        if decision == TakeInDecision.Decision.ACCEPT:
            _check_can_accept(locked)
        try:
            with transaction.atomic():  # a savepoint: a lost race keeps the outer one usable
                taken = TakeInDecision.objects.create(
                    signal=locked,
                    decision=decision,
                    reason=reason,
                    level=locked.decision_level,
                    criteria=criteria,
                    decided_by=by,
                )
        except IntegrityError as exc:
            raise IntakeError(_("Решение по этому сигналу уже принято.")) from exc
        taken.participants.set({u.pk for u in people} | {by.pk})
        taken.alternatives.set(agents)
        locked.status = _DECISION_STATUS[TakeInDecision.Decision(decision)]
        locked.save(update_fields=["status"])
        record(
            kind=_DECISION_KIND[TakeInDecision.Decision(decision)],
            actor=by,
            signal=locked,
            data={
                "decision": decision,
                "reason": reason or "—",
                "level": str(DecisionLevel(locked.decision_level).label),
                "level_code": locked.decision_level,
                "participants": [_name(u) for u in people],
                "alternatives": [a.name for a in agents],
                "criteria_met": [c["title"] for c in criteria if c["met"]],
            },
        )
    _refresh(signal, locked)
    return taken


def _check_can_accept(signal: Signal) -> None:
    if signal.family_id is None:
        raise IntakeError(
            _("Сначала свяжите сигнал с семьёй: случай открывается на семью."), field="family"
        )
    try:
        visit = signal.first_visit
    except FirstVisit.DoesNotExist:
        visit = None
    if visit is None or visit.report_submitted_at is None:
        raise IntakeError(_("Взять в работу можно после отчёта о первичном выезде."))


def escalate_signal(*, signal: Signal, by: User, reason: str) -> Signal:
    """The consilium disagrees: pass the decision one level up (senior curator → coordinator
    → head of programme), with the reason, recorded in the history."""
    access.require(by, "intake.decision:decide")
    _check_same_organisation(signal, by)
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError(_("Укажите, в чём разошлись мнения."), field="reason")
    with transaction.atomic():
        locked = _lock(signal)
        _check_open(locked)
        _check_level(locked, by)
        new_level = next_decision_level(locked.decision_level)
        if new_level is None:
            raise IntakeError(
                _("Решение уже на уровне руководителя программы: выше передать нельзя.")
            )
        old_level = locked.decision_level
        locked.decision_level = new_level
        locked.save(update_fields=["decision_level"])
        record(
            kind="signal.escalated",
            actor=by,
            signal=locked,
            data={
                "level": str(DecisionLevel(new_level).label),
                "level_code": new_level,
                "old_level_code": old_level,
                "reason": reason,
            },
        )
        from kurator.intake import emails

        signal_id = locked.pk
        transaction.on_commit(lambda: emails.send_signal_escalated(signal_id=signal_id))
    _refresh(signal, locked)
    return locked
