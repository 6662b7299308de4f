"""Opening a case and its working record: opening from an accepted signal, the one writer of
a new case (reopening and one-off help in ``lifecycle`` open through it too), the curator's
checks, the suggested curator and the caseload warning, handing a case over, scoring its
complexity (the bands are in ``kurator.cases.norms``), linking cases.

Each public action validates, writes in one transaction, appends its timeline row and
returns the object; the ``check_…`` functions are its refusals, which the views also ask
before showing a form.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.cases.errors import CaseError
from kurator.cases.models import Case, CaseLink, ComplexityAssessment
from kurator.cases.norms import complexity_level, distance_points, norms_for
from kurator.cases.timeline import record
from kurator.core import workdays
from kurator.intake.models import FirstVisit, Signal
from kurator.people.models import Family
from kurator.privacy.queries.coverage import case_work_refusal

__all__ = [
    "ACTIVE_STATUSES",
    "CURATOR_ROLES",
    "caseload_warning",
    "check_curator",
    "check_signal_not_opened",
    "create_case",
    "link_cases",
    "lock_case",
    "open_case",
    "record_opened",
    "score_complexity",
    "signal_in_scope",
    "suggest_curator",
    "transfer_case",
]

# Who may be appointed a case's curator.
CURATOR_ROLES = (RoleCode.CURATOR,)
# The statuses in which a case still counts towards a curator's load and may be worked on.
ACTIVE_STATUSES = (Case.Status.OPEN,)
_DISTANCE_MAX = Decimal("99999.9")  # ComplexityAssessment.distance_km: 6 digits, 1 decimal


def _name(user: User) -> str:
    return user.full_name or user.username


def lock_case(case: Case, by: User) -> Case:
    """The case row, locked for the transaction and re-read (never trust a stale instance);
    a case of another organisation than ``by``'s is «not found»."""
    try:
        locked = (
            Case.objects.select_for_update()
            .select_related("family", "curator", "organisation")
            .get(pk=case.pk)
        )
    except Case.DoesNotExist as exc:
        raise CaseError(_("Случай не найден.")) from exc
    if locked.organisation_id != access.organisation_id_of(by):
        raise CaseError(_("Случай не найден."))
    return locked


# --- curators ------------------------------------------------------------------------------


def check_curator(curator: User, *, team_id: int, organisation_id: int) -> User:
    """Refused unless ``curator`` is an active curator of the case's team."""
    if not curator.is_active:
        raise CaseError(_("Этот сотрудник больше не работает в системе."), field="curator")
    if curator.organisation_id != organisation_id or curator.team_id != team_id:
        raise CaseError(_("Куратор должен быть из команды этого случая."), field="curator")
    if not curator.has_role(*CURATOR_ROLES):
        raise CaseError(_("У этого сотрудника нет роли куратора случая."), field="curator")
    return curator


def suggest_curator(signal: Signal) -> User | None:
    """The first visit's future curator (docs/domain.md, Deadlines: the visit's future curator
    first, unless load or complexity forbids it — the load is shown as a warning, not a block)."""
    try:
        visit = signal.first_visit
    except FirstVisit.DoesNotExist:
        return None
    curator = visit.future_curator
    return curator if curator.is_active else None


def caseload_warning(*, curator: User) -> str | None:
    """A warning (never a block) when one more case would take the curator past the norms."""
    if curator.organisation_id is None:
        return None
    norms = norms_for(curator.organisation_id)
    active = Case.objects.filter(curator=curator, status__in=ACTIVE_STATUSES)
    counts = {
        "active": active.count(),
        "high": active.filter(complexity_level=Case.Complexity.HIGH).count(),
    }
    warnings = []
    if counts["active"] + 1 > norms.caseload_max:
        warnings.append(
            _("Активных случаев у куратора: %(n)s; с этим станет больше норматива (до %(max)s).")
            % {"n": counts["active"], "max": norms.caseload_max}
        )
    if counts["high"] >= norms.high_complexity_max:
        warnings.append(
            _("Случаев высокой сложности у куратора: %(n)s (норматив — не более %(max)s).")
            % {"n": counts["high"], "max": norms.high_complexity_max}
        )
    return " ".join(warnings) if warnings else None


# --- a new case ----------------------------------------------------------------------------


def check_case_choices(*, scenario: str, target_group: str) -> None:
    """Refused unless the scenario and the target group are of their lists."""
    if scenario not in Case.Scenario.values:
        raise CaseError(_("Выберите сценарий из списка."), field="scenario")
    if target_group not in Case.TargetGroup.values:
        raise CaseError(_("Выберите целевую группу из списка."), field="target_group")


def _signal_already_opened() -> CaseError:
    return CaseError(_("По этому сигналу случай уже открыт."), field="signal")


def check_signal_not_opened(signal: Signal) -> None:
    """Refused when the signal already has its case (at most one: ``Case.signal`` is unique)."""
    if Case.objects.filter(signal_id=signal.pk).exists():
        raise _signal_already_opened()


def signal_in_scope(by: User, pk: int) -> Signal:
    """The signal ``pk`` if ``by`` may see it (a team head opens her team's signals only);
    otherwise «Сигнал не найден.» on the field, as if it did not exist."""
    signal = access.signals_visible_to(by).filter(pk=pk).first()
    if signal is None:
        raise CaseError(_("Сигнал не найден."), field="signal")
    return signal


def create_case(
    *,
    family_id: int,
    organisation_id: int,
    team_id: int,
    curator: User,
    by: User,
    scenario: str,
    target_group: str,
    signal: Signal | None = None,
    previous_case: Case | None = None,
) -> Case:
    """The one writer of a new case: from a signal (``open_case``), reopened
    (``lifecycle.reopen_case``) or grown from one-off help (``lifecycle.convert_one_off_help``).

    Not an action of its own: the caller has checked the permission and the choices and calls
    it inside its transaction. One family, one open case, one curator: a new signal about a
    family already in work belongs to that case (post-support and closed cases do not block a
    new one). The family row is locked so two openings for one family cannot both pass.
    A planned (or permanent) case needs a live consent to processing from the family's legal
    representative (``privacy.queries.coverage.case_work_refusal``); an emergency case opens
    without it and gives its curator the task to obtain it.
    """
    list(Family.objects.select_for_update().filter(pk=family_id).values_list("pk"))
    current = (
        Case.objects.filter(family_id=family_id, status=Case.Status.OPEN)
        .select_related("curator")
        .first()
    )
    if current is not None:
        raise CaseError(
            _("У этой семьи уже есть открытый случай №%(n)s (куратор %(curator)s).")
            % {"n": current.pk, "curator": current.curator.short_name},
            field="signal" if signal is not None else None,
        )
    check_curator(curator, team_id=team_id, organisation_id=organisation_id)
    # 152-FZ: a planned case needs the legal representative's consent to processing; an
    # emergency one opens without it and its curator obtains it within 3 working days.
    missing_consent = case_work_refusal(family_id)
    if missing_consent is not None and scenario != Case.Scenario.EMERGENCY:
        raise CaseError(missing_consent, field="consent")
    opened_at = timezone.now()
    opened_on = timezone.localdate(opened_at)
    case = Case(
        organisation_id=organisation_id,
        team_id=team_id,
        family_id=family_id,
        signal=signal,
        previous_case=previous_case,
        curator=curator,
        status=Case.Status.OPEN,
        scenario=scenario,
        target_group=target_group,
        opened_at=opened_at,
        folder_due=workdays.case_folder_due(opened_on),
        plan_due=workdays.plan_due(opened_on),
    )
    case._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
    try:
        # A savepoint, so a lost race leaves the outer transaction usable on PostgreSQL.
        with transaction.atomic():
            case.save(force_insert=True)
    except IntegrityError as exc:
        if signal is None:
            raise
        raise _signal_already_opened() from exc
    if missing_consent is not None:
        from kurator.privacy.services.consent_tasks import schedule_case_consent

        schedule_case_consent(case=case, by=by)
    return case


def record_opened(*, case: Case, by: User, **extra: Any) -> None:
    """The «case.opened» row of a case opened from a signal or from one-off help."""
    record(
        kind="case.opened",
        actor=by,
        case=case,
        signal=case.signal,
        data={
            "curator": _name(case.curator),
            "curator_id": case.curator_id,
            "scenario": str(case.get_scenario_display()),
            "scenario_code": case.scenario,
            "target_group": case.target_group,
            "folder_due": case.folder_due.isoformat() if case.folder_due else None,
            "plan_due": case.plan_due.isoformat() if case.plan_due else None,
            **extra,
        },
    )


def open_case(
    *,
    signal: Signal,
    curator: User,
    by: User,
    scenario: str = Case.Scenario.PLANNED,
    target_group: str = Case.TargetGroup.FAMILY_WITH_CHILDREN,
) -> Case:
    """Open a case from an accepted signal with a family, appointing one curator; the
    first-visit report is filed into the new case's folder.

    Race: two clicks (or two people) opening from the same signal. The signal row is locked
    for the transaction, and ``Case.signal`` is a one-to-one, so the database refuses a second
    case even where the lock is a no-op (SQLite serialises writers instead).
    """
    access.require(by, "cases.case:open")
    check_case_choices(scenario=scenario, target_group=target_group)
    with transaction.atomic():
        # The opener's own scope (a team head opens her team's signals only), as in the views.
        signal = signal_in_scope(by, signal.pk)
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        check_signal_not_opened(signal)
        if signal.status != Signal.Status.ACCEPTED:
            raise CaseError(
                _(
                    "Случай открывается только по сигналу, который решено взять в работу "
                    "(сейчас: «%(status)s»)."
                )
                % {"status": signal.get_status_display()},
                field="signal",
            )
        if signal.family_id is None:
            raise CaseError(
                _("Сначала свяжите сигнал с семьёй: случай открывается на семью."),
                field="signal",
            )
        case = create_case(
            family_id=signal.family_id,
            organisation_id=signal.organisation_id,
            team_id=signal.team_id,
            curator=curator,
            by=by,
            scenario=scenario,
            target_group=target_group,
            signal=signal,
        )
        record_opened(case=case, by=by)
        # The folder starts with the first-visit report, filled from its sections; when it
        # cannot be filled the folder asks for an upload of it instead.
        from kurator.documents.services.generation import file_visit_report

        file_visit_report(case=case, by=by)
    return case


# --- handing over --------------------------------------------------------------------------


def transfer_case(*, case: Case, new_curator: User, reason: str, by: User) -> Case:
    """Hand the case to another curator of its team; the reason is required and kept."""
    access.require(by, "cases.case:transfer")
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Укажите причину передачи случая."), field="reason")
    with transaction.atomic():
        locked = lock_case(case, by)
        if not locked.accepts_records:
            raise CaseError(_("Закрытый случай нельзя передать другому куратору."))
        if new_curator.pk == locked.curator_id:
            raise CaseError(_("Случай уже ведёт этот куратор."), field="new_curator")
        check_curator(new_curator, team_id=locked.team_id, organisation_id=locked.organisation_id)
        old_curator = locked.curator
        locked.curator = new_curator
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        locked.save(update_fields=["curator"])
        from kurator.tasks.services import move_case_tasks  # «Мои задачи» follow the case

        move_case_tasks(case=locked, old_user=old_curator, new_user=new_curator, by=by)
        record(
            kind="case.transferred",
            actor=by,
            case=locked,
            data={
                "old_curator": _name(old_curator),
                "old_curator_id": old_curator.pk,
                "new_curator": _name(new_curator),
                "new_curator_id": new_curator.pk,
                "reason": reason,
            },
        )
    case.curator = new_curator
    return locked


# --- complexity ----------------------------------------------------------------------------


def _check_points(value: object, field: str) -> int:
    # bool is an int in Python; True must not pass for «1 балл».
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
        raise CaseError(_("Оценка — целое число от 1 до 3."), field=field)
    return value


def _check_distance(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise CaseError(_("Укажите расстояние в километрах."), field="distance_km")
    try:
        distance = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise CaseError(_("Укажите расстояние в километрах."), field="distance_km") from exc
    if not distance.is_finite():
        raise CaseError(_("Укажите расстояние в километрах."), field="distance_km")
    if distance < 0:
        raise CaseError(_("Расстояние не может быть отрицательным."), field="distance_km")
    if distance > _DISTANCE_MAX:
        raise CaseError(_("Проверьте расстояние: слишком большое."), field="distance_km")
    return distance.quantize(Decimal("0.1"))


def score_complexity(
    *,
    case: Case,
    by: User,
    distance_km: Decimal | int | float | str,
    guardianship_tension: int,
    resource_deficit: int,
    removal_risk: int,
    substance_use: int,
) -> ComplexityAssessment:
    """Score the five criteria (docs/domain.md, Complexity scoring); every scoring is kept, the
    case shows the newest."""
    access.require(by, "cases.case:write")
    distance = _check_distance(distance_km)
    points = {
        "guardianship_tension": _check_points(guardianship_tension, "guardianship_tension"),
        "resource_deficit": _check_points(resource_deficit, "resource_deficit"),
        "removal_risk": _check_points(removal_risk, "removal_risk"),
        "substance_use": _check_points(substance_use, "substance_use"),
    }
    with transaction.atomic():
        locked = lock_case(case, by)
        if not locked.accepts_records:
            raise CaseError(_("Сложность закрытого случая не оценивается."))
        norms = norms_for(locked.organisation_id)
        dist_points = distance_points(distance, norms)
        score = dist_points + sum(points.values())
        level = complexity_level(score, norms)
        assessment = ComplexityAssessment.objects.create(
            case=locked,
            distance_km=distance,
            distance_points=dist_points,
            score=score,
            level=level,
            scored_by=by,
            **points,
        )
        locked.complexity_score = score
        locked.complexity_level = level
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        locked.save(update_fields=["complexity_score", "complexity_level"])
        record(
            kind="case.complexity_scored",
            actor=by,
            case=locked,
            data={
                "score": score,
                "level": str(Case.Complexity(level).label),
                "level_code": level,
                "distance_km": str(distance),
                "distance_points": dist_points,
                **points,
            },
        )
    case.complexity_score = score
    case.complexity_level = level
    return assessment


# --- links ---------------------------------------------------------------------------------


def link_cases(*, case: Case, related_case: Case, by: User, note: str = "") -> CaseLink:
    """Link two related cases (e.g. an abandoned child's and the birth parents'); both
    histories get a row. A link is symmetric: B–A is refused when A–B exists."""
    access.require(by, "cases.case:write")
    note = (note or "").strip()
    if len(note) > CaseLink._meta.get_field("note").max_length:  # type: ignore[operator]
        raise CaseError(_("Слишком длинное пояснение."), field="note")
    if related_case.pk == case.pk:
        raise CaseError(_("Случай нельзя связать с самим собой."), field="related_case")
    organisation_id = access.organisation_id_of(by)
    if case.organisation_id != organisation_id or related_case.organisation_id != organisation_id:
        raise CaseError(_("Случай не найден."), field="related_case")
    with transaction.atomic():
        exists = CaseLink.objects.filter(
            Q(case=case, related_case=related_case) | Q(case=related_case, related_case=case)
        ).exists()
        if exists:
            raise CaseError(_("Эти случаи уже связаны."), field="related_case")
        try:
            with transaction.atomic():
                link = CaseLink.objects.create(
                    case=case, related_case=related_case, note=note, created_by=by
                )
        except IntegrityError as exc:
            raise CaseError(_("Эти случаи уже связаны."), field="related_case") from exc
        for this, other in ((case, related_case), (related_case, case)):
            record(
                kind="case.linked",
                actor=by,
                case=this,
                data={"other_case": other.pk, "note": note},
            )
    return link
