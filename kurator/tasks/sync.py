"""The lifecycle deadlines already stored on records, turned into tasks.

Each ``sync_*`` function looks at one record's current state, works out which tasks it should
have open (who, what, by when) and reconciles them with the stored ones through
``kurator.tasks.services``: missing ones are scheduled, changed ones updated, ones the record
no longer needs are closed — *done* when the step was taken, *cancelled* otherwise (the
record was closed, refused, or the work went to somebody else). Running one twice changes
nothing, so ``manage.py kurator_tasks_rebuild`` simply runs them all.

Who gets what (docs/domain.md, Deadlines):

- a new signal: the team's senior curators name the first-visit team (``team_due``);
- a team named: both specialists make the first visit (``visit_due``);
- a visit made: the future curator hands in the report (``report_due``);
- a report in: whoever decides at the signal's level decides (``decision_due``): the team's
  senior curators, the team head (coordinator) or the programme director;
- an open case: its curator completes the folder (``folder_due``; done when every required
  document is in) and agrees the plan (``plan_due``; done by the plans app:
  ``complete_task(key=f"case_plan:{case.pk}")``), and the reviews from the opening date — the
  quarterly ones at 3, 6, 9 months, the annual one at 12 (then 15, 18, 21 and 24 …), a year
  ahead — and her monthly monitoring form (due the last working day of each month);
- a case in post-support: the next contact (``post_support_next_due``);
- a subject request: the curator of the person's case, else the team head, else the
  programme director, answers by ``due_on``;
- a destruction clock: the team head destroys the data by ``destroy_by``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.core import workdays
from kurator.core.dates import month_name
from kurator.intake.models import DecisionLevel, FirstVisit, Signal
from kurator.privacy.models import DestructionClock, SubjectRequest
from kurator.tasks.models import Task, TaskKind
from kurator.tasks.services import schedule_task

logger = logging.getLogger(__name__)

# How far ahead reviews are scheduled, and how far back a missed one is still shown.
REVIEW_HORIZON_DAYS = 365
REVIEW_MISSED_WINDOW_DAYS = 92

# Tasks that follow the case's curator when the case changes hands.
CURATOR_KINDS = frozenset(
    {
        TaskKind.CASE_FOLDER,
        TaskKind.CASE_PLAN,
        TaskKind.QUARTERLY_REVIEW,
        TaskKind.ANNUAL_REVIEW,
        TaskKind.POST_SUPPORT_CONTACT,
    }
)


@dataclass(frozen=True)
class Wanted:
    key: str
    user: User
    title: str
    due_on: date
    kind: str
    url: str = ""
    case: Case | None = None
    team: Team | None = None
    reopen: bool = False


def _staff(organisation_id: int, *roles: str, team_id: int | None = None) -> list[User]:
    users = User.objects.filter(
        organisation_id=organisation_id, is_active=True, roles__code__in=roles
    )
    if team_id is not None:
        users = users.filter(team_id=team_id)
    return list(users.distinct().order_by("pk"))


def _reconcile(
    *, source: str, wanted: Iterable[Wanted], achieved: frozenset[str] = frozenset()
) -> None:
    """Schedule ``wanted``; close the source's other open tasks (done if their kind is in
    ``achieved``, else cancelled)."""
    keys: set[str] = set()
    for w in wanted:
        keys.add(w.key)
        schedule_task(
            key=w.key,
            user=w.user,
            title=w.title,
            due_on=w.due_on,
            kind=w.kind,
            case=w.case,
            url=w.url,
            team=w.team,
            source=source,
            reopen=w.reopen,
        )
    leftover = Task.objects.filter(source=source, status=Task.Status.OPEN).exclude(key__in=keys)
    now = timezone.now()
    for kind in set(leftover.values_list("kind", flat=True)):
        status = Task.Status.DONE if kind in achieved else Task.Status.CANCELLED
        leftover.filter(kind=kind).update(status=status, completed_at=now, updated_at=now)


def _safely(what: str, pk: object, func: object) -> None:
    """Run a sync inside a savepoint: a failure is logged, never breaks the user's action."""
    try:
        with transaction.atomic():
            func()  # type: ignore[operator]
    except Exception:  # a task is a convenience; the record itself must be saved
        if getattr(settings, "KURATOR_TASKS_STRICT", False):  # the tasks app's own tests
            raise
        logger.exception("tasks: could not sync %s %s", what, pk)


# --- signals --------------------------------------------------------------------------------


def _signal_label(signal: Signal) -> str:
    who = signal.family.name if signal.family_id and signal.family else signal.subject_name
    n = _("сигнал №%(n)s") % {"n": signal.pk}
    return f"{n} ({who})" if who else n


def _deciders(signal: Signal) -> list[User]:
    if signal.decision_level == DecisionLevel.PROGRAMME_HEAD:
        return _staff(signal.organisation_id, RoleCode.PROGRAMME_DIRECTOR)
    if signal.decision_level == DecisionLevel.COORDINATOR:
        heads = _staff(signal.organisation_id, RoleCode.TEAM_HEAD, team_id=signal.team_id)
        return heads or _staff(signal.organisation_id, RoleCode.PROGRAMME_DIRECTOR)
    seniors = _staff(signal.organisation_id, RoleCode.SENIOR_CURATOR, team_id=signal.team_id)
    return seniors or _staff(signal.organisation_id, RoleCode.TEAM_HEAD, team_id=signal.team_id)


def wanted_for_signal(signal: Signal) -> tuple[list[Wanted], frozenset[str]]:
    S = Signal.Status
    url = reverse("intake:signal_detail", args=[signal.pk])
    label = _signal_label(signal)
    visit = FirstVisit.objects.filter(signal=signal).first()
    wanted: list[Wanted] = []
    team = signal.team
    if signal.status == S.NEW and signal.team_due:
        seniors = _staff(signal.organisation_id, RoleCode.SENIOR_CURATOR, team_id=signal.team_id)
        seniors = seniors or _staff(
            signal.organisation_id, RoleCode.TEAM_HEAD, team_id=signal.team_id
        )
        wanted.extend(
            Wanted(
                key=f"first_visit_team:{signal.pk}:{user.pk}",
                user=user,
                title=_("Назначить команду первичного выезда — %(s)s") % {"s": label},
                due_on=signal.team_due,
                kind=TaskKind.FIRST_VISIT_TEAM,
                url=url,
                team=team,
            )
            for user in seniors
        )
    if signal.status == S.TEAM_ASSIGNED and visit is not None:
        due = signal.visit_due or visit.planned_date
        members = [visit.future_curator, visit.psychologist]
        wanted.extend(
            Wanted(
                key=f"first_visit:{signal.pk}:{user.pk}",
                user=user,
                title=_("Первичный выезд (план: %(d)s) — %(s)s")
                % {"d": visit.planned_date.strftime("%d.%m.%Y"), "s": label},
                due_on=due,
                kind=TaskKind.FIRST_VISIT,
                url=url,
                team=team,
            )
            for user in [u for u in members if u is not None]
        )
    if signal.status == S.VISITED and visit is not None:
        if visit.report_submitted_at is None and signal.report_due:
            wanted.append(
                Wanted(
                    key=f"visit_report:{signal.pk}",
                    user=visit.future_curator,
                    title=_("Сдать отчёт о первичном выезде — %(s)s") % {"s": label},
                    due_on=timezone.localdate(signal.report_due),
                    kind=TaskKind.VISIT_REPORT,
                    url=url,
                    team=team,
                )
            )
        elif visit.report_submitted_at is not None and signal.decision_due:
            wanted.extend(
                Wanted(
                    key=f"decision:{signal.pk}:{user.pk}",
                    user=user,
                    title=_("Решение о взятии в работу — %(s)s") % {"s": label},
                    due_on=signal.decision_due,
                    kind=TaskKind.DECISION,
                    url=url,
                    team=team,
                )
                for user in _deciders(signal)
            )
    achieved: set[str] = set()
    if visit is not None:
        achieved.add(TaskKind.FIRST_VISIT_TEAM)
        if visit.visited_at is not None:
            achieved.add(TaskKind.FIRST_VISIT)
        if visit.report_submitted_at is not None:
            achieved.add(TaskKind.VISIT_REPORT)
    if signal.status not in {S.NEW, S.TEAM_ASSIGNED, S.VISITED}:
        achieved.add(TaskKind.DECISION)
    return wanted, frozenset(achieved)


def sync_signal(signal: Signal) -> None:
    signal = Signal.objects.select_related("family", "team").get(pk=signal.pk)
    wanted, achieved = wanted_for_signal(signal)
    _reconcile(source=f"intake.signal:{signal.pk}", wanted=wanted, achieved=achieved)


# --- cases ----------------------------------------------------------------------------------


def first_working_day_from(day: date) -> date:
    """``day`` itself when it is a working day, else the next working day."""
    return workdays.add_working_days(day - timedelta(days=1), 1)


def last_working_day_of_month(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return workdays.add_working_days(first_of_next, -1)


def review_of_quarter(n: int) -> tuple[str, int]:
    """(kind, number) of the review that ends the n-th quarter of support: every 4th quarter
    the annual review of year n/4, else the quarterly review n (n = 1, 2, 3, 5 …)."""
    if n % 4:
        return TaskKind.QUARTERLY_REVIEW, n
    return TaskKind.ANNUAL_REVIEW, n // 4


def review_schedule(opened_on: date, *, until: date) -> list[tuple[str, int, date]]:
    """(kind, number, anniversary) of the reviews of a case opened on ``opened_on`` up to
    ``until``: quarterly n = 1, 2, 3, 5 … at 3·n months; annual y at 12·y months."""
    from kurator.cases.services.lifecycle import add_months

    schedule: list[tuple[str, int, date]] = []
    n = 1
    while True:
        anniversary = add_months(opened_on, 3 * n)
        if anniversary > until:
            return schedule
        schedule.append((*review_of_quarter(n), anniversary))
        n += 1


class ReviewTask(NamedTuple):
    key: str
    title: str
    due_on: date


def review_task(case: Case, kind: str, number: int) -> ReviewTask:
    """Key, title and due date of the ``number``-th quarterly or annual review task of
    ``case``: due the first working day on or after 3·n (quarterly) or 12·y (annual) months
    from the opening. This module schedules them a year ahead, ``kurator.monitoring``
    completes them (and schedules the next year's when a case is extended)."""
    from kurator.cases.services.lifecycle import add_months

    opened_on = timezone.localdate(case.opened_at)
    words = {"n": number, "c": _case_label(case)}
    if kind == TaskKind.QUARTERLY_REVIEW:
        return ReviewTask(
            key=f"quarterly_review:{case.pk}:{number}",
            title=_("Ежеквартальный мониторинг (%(n)s-й квартал) — %(c)s") % words,
            due_on=first_working_day_from(add_months(opened_on, 3 * number)),
        )
    return ReviewTask(
        key=f"annual_review:{case.pk}:{number}",
        title=_("Ежегодный мониторинг: продлить или закрыть (%(n)s-й год) — %(c)s") % words,
        due_on=first_working_day_from(add_months(opened_on, 12 * number)),
    )


def monthly_form_key(user_id: int, month: date) -> str:
    """The key of a worker's monthly monitoring form task of ``month``'s month."""
    return f"monthly_form:{user_id}:{month:%Y-%m}"


def _folder_complete(case: Case) -> bool:
    from kurator.documents.queries.folder import folder_status

    return not folder_status(case).missing


def _case_label(case: Case) -> str:
    return _("случай №%(n)s (%(family)s)") % {"n": case.pk, "family": case.family.name}


def wanted_for_case(
    case: Case, *, today: date | None = None
) -> tuple[list[Wanted], frozenset[str]]:
    today = today or timezone.localdate()
    label = _case_label(case)
    url = reverse("cases:case_detail", args=[case.pk])
    curator = case.curator
    wanted: list[Wanted] = []
    achieved: set[str] = set()
    existing = dict(
        Task.objects.filter(source=f"cases.case:{case.pk}").values_list("key", "status")
    )

    def closed(key: str) -> bool:
        return existing.get(key, Task.Status.OPEN) != Task.Status.OPEN

    if case.status == Case.Status.OPEN:
        key = f"case_folder:{case.pk}"
        if case.folder_due and not closed(key):
            if _folder_complete(case):
                achieved.add(TaskKind.CASE_FOLDER)
            else:
                wanted.append(
                    Wanted(
                        key=key,
                        user=curator,
                        title=_("Собрать электронную папку — %(c)s") % {"c": label},
                        due_on=case.folder_due,
                        kind=TaskKind.CASE_FOLDER,
                        url=reverse("documents:folder", args=[case.pk]),
                        case=case,
                    )
                )
        if case.plan_due:
            wanted.append(
                Wanted(
                    key=f"case_plan:{case.pk}",
                    user=curator,
                    title=_("Согласовать план помощи с семьёй — %(c)s") % {"c": label},
                    due_on=case.plan_due,
                    kind=TaskKind.CASE_PLAN,
                    url=url,
                    case=case,
                )
            )
        opened_on = timezone.localdate(case.opened_at)
        horizon = max(today, opened_on) + timedelta(days=REVIEW_HORIZON_DAYS)
        for kind, number, anniversary in review_schedule(opened_on, until=horizon):
            if anniversary < today - timedelta(days=REVIEW_MISSED_WINDOW_DAYS):
                continue
            task = review_task(case, kind, number)
            wanted.append(
                Wanted(
                    key=task.key,
                    user=curator,
                    title=task.title,
                    due_on=task.due_on,
                    kind=kind,
                    url=url,
                    case=case,
                )
            )
    elif case.status == Case.Status.POST_SUPPORT:
        from kurator.cases.services.lifecycle import post_support_next_due

        next_due = post_support_next_due(case)
        if next_due is not None:
            wanted.append(
                Wanted(
                    key=f"post_support_contact:{case.pk}",
                    user=curator,
                    title=_("Контакт постсопровождения — %(c)s") % {"c": label},
                    due_on=next_due,
                    kind=TaskKind.POST_SUPPORT_CONTACT,
                    url=url,
                    case=case,
                    reopen=True,
                )
            )
    return wanted, frozenset(achieved)


def sync_case(case: Case, *, today: date | None = None) -> None:
    case = Case.objects.select_related("family", "curator").get(pk=case.pk)
    wanted, achieved = wanted_for_case(case, today=today)
    _reconcile(source=f"cases.case:{case.pk}", wanted=wanted, achieved=achieved)
    # The curator's own tasks of the case follow her when it changes hands.
    Task.objects.filter(case=case, status=Task.Status.OPEN, kind__in=CURATOR_KINDS).exclude(
        user=case.curator
    ).update(user=case.curator, updated_at=timezone.now())
    if case.status == Case.Status.OPEN:
        sync_monthly_form(case.curator, today=today)


def sync_monthly_form(user: User, *, today: date | None = None) -> None:
    """The worker's monthly monitoring form for this month, while she has open cases."""
    today = today or timezone.localdate()
    if not user.is_active or user.organisation_id is None:
        return
    key = monthly_form_key(user.pk, today)
    if Task.objects.filter(organisation_id=user.organisation_id, key=key).exists():
        return
    if not Case.objects.filter(curator=user, status=Case.Status.OPEN).exists():
        return
    schedule_task(
        key=key,
        user=user,
        title=_("Форма ежемесячного мониторинга за %(month)s %(year)s")
        % {"month": month_name(today.month), "year": today.year},
        due_on=last_working_day_of_month(today.year, today.month),
        kind=TaskKind.MONTHLY_FORM,
        source=f"accounts.user:{user.pk}",
    )


# --- privacy --------------------------------------------------------------------------------


def _person_team_and_case(person_id: int) -> tuple[Team | None, Case | None]:
    case = (
        Case.objects.filter(
            family__memberships__person_id=person_id,
            status__in=[Case.Status.OPEN, Case.Status.POST_SUPPORT],
        )
        .select_related("curator", "team")
        .order_by("-opened_at", "-pk")
        .first()
    )
    if case is not None:
        return case.team, case
    team = Team.objects.filter(families__memberships__person_id=person_id).order_by("pk").first()
    return team, None


def _heads(organisation_id: int, team: Team | None) -> list[User]:
    heads = _staff(organisation_id, RoleCode.TEAM_HEAD, team_id=team.pk) if team is not None else []
    return heads or _staff(organisation_id, RoleCode.PROGRAMME_DIRECTOR)


def sync_subject_request(request: SubjectRequest) -> None:
    request = SubjectRequest.objects.select_related("person").get(pk=request.pk)
    wanted: list[Wanted] = []
    if request.answered_on is None:
        team, case = _person_team_and_case(request.person_id)
        if case is not None and case.curator.is_active:
            users = [case.curator]
        else:
            users = _heads(request.organisation_id, team)[:1]
        wanted.extend(
            Wanted(
                key=f"subject_request:{request.pk}",
                user=user,
                title=_("Ответить на обращение «%(kind)s» — %(person)s")
                % {"kind": request.get_kind_display(), "person": request.person.full_name},
                due_on=request.due_on,
                kind=TaskKind.SUBJECT_REQUEST,
                url=reverse("people:subject_request_list"),
                case=case,
                team=team,
            )
            for user in users
        )
    _reconcile(
        source=f"people.subject_request:{request.pk}",
        wanted=wanted,
        achieved=frozenset({TaskKind.SUBJECT_REQUEST}),
    )


def sync_clock(clock: DestructionClock) -> None:
    clock = DestructionClock.objects.select_related("person").get(pk=clock.pk)
    wanted: list[Wanted] = []
    if clock.is_running:
        team, _case = _person_team_and_case(clock.person_id)
        wanted.extend(
            Wanted(
                key=f"consent_destruction:{clock.pk}:{user.pk}",
                user=user,
                title=_("Уничтожить данные (согласие отозвано) — %(person)s")
                % {"person": clock.person.full_name},
                due_on=clock.destroy_by,
                kind=TaskKind.CONSENT_DESTRUCTION,
                url=reverse("people:destruction_list"),
                team=team,
            )
            for user in _heads(clock.organisation_id, team)
        )
    achieved = frozenset({TaskKind.CONSENT_DESTRUCTION}) if clock.destroyed_at else frozenset()
    _reconcile(source=f"people.clock:{clock.pk}", wanted=wanted, achieved=achieved)


# --- everything -----------------------------------------------------------------------------


def rebuild(*, organisation_id: int | None = None, today: date | None = None) -> dict[str, int]:
    """Re-derive every lifecycle task (idempotent): the backfill for existing data."""
    scope = Q() if organisation_id is None else Q(organisation_id=organisation_id)
    counts = {"signals": 0, "cases": 0, "subject_requests": 0, "clocks": 0}
    for signal in Signal.objects.filter(scope).order_by("pk").iterator():
        with transaction.atomic():
            sync_signal(signal)
        counts["signals"] += 1
    for case in Case.objects.filter(scope).order_by("pk").iterator():
        with transaction.atomic():
            sync_case(case, today=today)
        counts["cases"] += 1
    for request in SubjectRequest.objects.filter(scope).order_by("pk").iterator():
        with transaction.atomic():
            sync_subject_request(request)
        counts["subject_requests"] += 1
    for clock in DestructionClock.objects.filter(scope).order_by("pk").iterator():
        with transaction.atomic():
            sync_clock(clock)
        counts["clocks"] += 1
    return counts


def roll_forward(*, today: date | None = None) -> int:
    """The daily step: each open case's reviews a year ahead and its curator's monthly form
    for the new month (``manage.py kurator_daily``). Returns the number of cases."""
    count = 0
    for case in Case.objects.filter(status=Case.Status.OPEN).order_by("pk").iterator():
        with transaction.atomic():
            sync_case(case, today=today)
        count += 1
    return count
