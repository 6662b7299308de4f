"""Every change to a case goes through these functions (style.md #1).

Opening, handing over, complexity scoring and linking live here; closure, post-support,
reopening, one-off help and emergency steps live in ``kurator/cases/lifecycle*.py``. Each
public function validates, writes in one transaction, appends its timeline row and returns
the object. Views, the API, the demo and the tests all call them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Norms, User
from kurator.accounts.roles import RoleCode
from kurator.cases.errors import CaseError
from kurator.cases.models import Case, CaseLink, ComplexityAssessment
from kurator.cases.timeline import record
from kurator.core import workdays
from kurator.intake.models import FirstVisit, Signal
from kurator.people.models import Family

__all__ = [
    "CURATOR_ROLES",
    "caseload_warning",
    "complexity_level",
    "distance_points",
    "link_cases",
    "norms_for",
    "open_case",
    "score_complexity",
    "suggest_curator",
    "transfer_case",
]

# Who may be appointed a case's curator.
CURATOR_ROLES = (RoleCode.CURATOR,)
# The statuses in which a case still counts towards a curator's load and may be worked on.
ACTIVE_STATUSES = (Case.Status.OPEN,)
_DISTANCE_MAX = Decimal("99999.9")  # ComplexityAssessment.distance_km: 6 digits, 1 decimal


# --- norms ---------------------------------------------------------------------------------


def norms_for(organisation_id: int) -> Norms:
    """The organisation's norms; product.md's defaults if it has none saved."""
    norms = Norms.objects.filter(organisation_id=organisation_id).first()
    return norms if norms is not None else Norms(organisation_id=organisation_id)


def distance_points(distance_km: Decimal, norms: Norms) -> int:
    """≤ band 1 → 1 point, ≤ band 2 → 2, farther → 3 (defaults 80 and 110 km)."""
    if distance_km <= norms.distance_band_1_km:
        return 1
    if distance_km <= norms.distance_band_2_km:
        return 2
    return 3


def complexity_level(score: int, norms: Norms) -> str:
    """Sum 5–7 low, 8–12 medium, 13–15 high (bands from the organisation's norms)."""
    if score <= norms.complexity_low_max:
        return Case.Complexity.LOW
    if score <= norms.complexity_medium_max:
        return Case.Complexity.MEDIUM
    return Case.Complexity.HIGH


# --- curators ------------------------------------------------------------------------------


def _check_curator(curator: User, *, team_id: int, organisation_id: int) -> User:
    if not curator.is_active:
        raise CaseError(_("Этот сотрудник больше не работает в системе."), field="curator")
    if curator.organisation_id != organisation_id or curator.team_id != team_id:
        raise CaseError(_("Куратор должен быть из команды этого случая."), field="curator")
    if not curator.has_role(*CURATOR_ROLES):
        raise CaseError(_("У этого сотрудника нет роли куратора случая."), field="curator")
    return curator


def suggest_curator(signal: Signal) -> User | None:
    """The first visit's future curator (product.md, stage 5: "the visit's future curator
    first, unless load/complexity forbids" — the load is shown as a warning, not a block)."""
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


# --- opening -------------------------------------------------------------------------------


def open_case(
    *,
    signal: Signal,
    curator: User,
    by: User,
    scenario: str = Case.Scenario.PLANNED,
    target_group: str = Case.TargetGroup.FAMILY_WITH_CHILDREN,
) -> Case:
    """Open a case from an accepted signal with a family, appointing one curator.

    Race: two clicks (or two people) opening from the same signal. The signal row is locked
    for the transaction, and ``Case.signal`` is a one-to-one, so the database refuses a second
    case even where the lock is a no-op (SQLite serialises writers instead).
    """
    access.require(by, "cases.case:open")
    if scenario not in Case.Scenario.values:
        raise CaseError(_("Выберите сценарий из списка."), field="scenario")
    if target_group not in Case.TargetGroup.values:
        raise CaseError(_("Выберите целевую группу из списка."), field="target_group")
    with transaction.atomic():
        try:
            signal = Signal.objects.select_for_update().get(pk=signal.pk)
        except Signal.DoesNotExist as exc:
            raise CaseError(_("Сигнал не найден."), field="signal") from exc
        # The opener's own scope (a team head opens her team's signals only), as in the views.
        if not access.signals_visible_to(by).filter(pk=signal.pk).exists():
            raise CaseError(_("Сигнал не найден."), field="signal")
        if Case.objects.filter(signal_id=signal.pk).exists():
            raise CaseError(_("По этому сигналу случай уже открыт."), field="signal")
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
        # One family, one open case, one curator: a new signal about a family already in work
        # belongs to that case. (Post-support and closed cases do not block a new one.) The
        # family row is locked so two signals of one family cannot both pass this check.
        list(Family.objects.select_for_update().filter(pk=signal.family_id).values_list("pk"))
        current = Case.objects.filter(family_id=signal.family_id, status=Case.Status.OPEN).first()
        if current is not None:
            raise CaseError(
                _("У этой семьи уже есть открытый случай №%(n)s (куратор %(curator)s).")
                % {"n": current.pk, "curator": current.curator.short_name},
                field="signal",
            )
        _check_curator(curator, team_id=signal.team_id, organisation_id=signal.organisation_id)
        opened_at = timezone.now()
        opened_on = timezone.localdate(opened_at)
        try:
            # A savepoint, so a lost race leaves the outer transaction usable on PostgreSQL.
            with transaction.atomic():
                case = Case.objects.create(
                    organisation_id=signal.organisation_id,
                    team_id=signal.team_id,
                    family_id=signal.family_id,
                    signal=signal,
                    curator=curator,
                    status=Case.Status.OPEN,
                    scenario=scenario,
                    target_group=target_group,
                    opened_at=opened_at,
                    folder_due=workdays.case_folder_due(opened_on),
                    plan_due=workdays.plan_due(opened_on),
                )
        except IntegrityError as exc:
            raise CaseError(_("По этому сигналу случай уже открыт."), field="signal") from exc
        record(
            kind="case.opened",
            actor=by,
            case=case,
            signal=signal,
            data={
                "curator": curator.full_name or curator.username,
                "curator_id": curator.pk,
                "scenario": str(case.get_scenario_display()),
                "scenario_code": scenario,
                "target_group": target_group,
                "folder_due": case.folder_due.isoformat() if case.folder_due else None,
                "plan_due": case.plan_due.isoformat() if case.plan_due else None,
            },
        )
    return case


# --- handing over --------------------------------------------------------------------------


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def transfer_case(*, case: Case, new_curator: User, reason: str, by: User) -> Case:
    """Hand the case to another curator of its team; the reason is required and kept."""
    access.require(by, "cases.case:transfer")
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Укажите причину передачи случая."), field="reason")
    with transaction.atomic():
        locked = _lock(case)
        if locked.organisation_id != access.organisation_id_of(by):
            raise CaseError(_("Случай не найден."))
        if locked.status == Case.Status.CLOSED:
            raise CaseError(_("Закрытый случай нельзя передать другому куратору."))
        if new_curator.pk == locked.curator_id:
            raise CaseError(_("Случай уже ведёт этот куратор."), field="new_curator")
        _check_curator(new_curator, team_id=locked.team_id, organisation_id=locked.organisation_id)
        old_curator = locked.curator
        locked.curator = new_curator
        locked.save(update_fields=["curator"])
        from kurator.tasks.services import move_case_tasks  # «Мои задачи» follow the case

        move_case_tasks(case=locked, old_user=old_curator, new_user=new_curator, by=by)
        record(
            kind="case.transferred",
            actor=by,
            case=locked,
            data={
                "old_curator": old_curator.full_name or old_curator.username,
                "old_curator_id": old_curator.pk,
                "new_curator": new_curator.full_name or new_curator.username,
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
    """Score the five criteria (product.md); every scoring is kept, the case shows the newest."""
    access.require(by, "cases.case:write")
    distance = _check_distance(distance_km)
    points = {
        "guardianship_tension": _check_points(guardianship_tension, "guardianship_tension"),
        "resource_deficit": _check_points(resource_deficit, "resource_deficit"),
        "removal_risk": _check_points(removal_risk, "removal_risk"),
        "substance_use": _check_points(substance_use, "substance_use"),
    }
    with transaction.atomic():
        locked = _lock(case)
        if locked.organisation_id != access.organisation_id_of(by):
            raise CaseError(_("Случай не найден."))
        if locked.status == Case.Status.CLOSED:
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
