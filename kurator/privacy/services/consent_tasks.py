"""The tasks consents give the team («Мои задачи», ``kurator.tasks.services``):

- ``case_consent:{case}`` — an emergency case opened without the legal representative's
  consent to processing: its curator obtains it within 3 working days (``CONSENT_DUE_DAYS``);
  missed, the daily digest escalates it to the team head at once (``kurator.tasks.digest``:
  ``ESCALATE_WHEN_MISSED``). Done when a representative's consent is recorded.
- ``consent_withdrawn:{consent}:{case}`` — a consent was withdrawn: the curator of each open
  case of the person's families decides what becomes of the case (due in 3 working days).
- ``consent_expiring:{consent}`` — a live consent ends within 30 days: the curator of the
  person's open case renews it by its last day (the daily job, ``schedule_expiring``). Done
  when a new consent for the same purposes is recorded; an expired consent counts as none.

Titles name the case and the purpose, never a person (a task may reach an e-mail digest).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core import workdays
from kurator.people.models import FamilyMembership
from kurator.privacy.models import Consent, PurposeKind
from kurator.privacy.queries.coverage import EXPIRING_DAYS, family_coverage
from kurator.tasks.models import Task, TaskKind
from kurator.tasks.services import cancel_task, complete_task, schedule_task

__all__ = [
    "CONSENT_DUE_DAYS",
    "consent_recorded",
    "consent_withdrawn",
    "schedule_case_consent",
    "schedule_expiring",
]

CONSENT_DUE_DAYS = 3  # working days to obtain the consent after an emergency opening


def case_consent_key(case: Case) -> str:
    return f"case_consent:{case.pk}"


def _open_cases_of(person_id: int) -> list[Case]:
    families = FamilyMembership.objects.filter(person_id=person_id).values("family_id")
    return list(
        Case.objects.filter(family_id__in=families, status=Case.Status.OPEN).select_related(
            "curator"
        )
    )


def schedule_case_consent(*, case: Case, by: User | None) -> Task:
    """An emergency case opened without the consent: the curator's task to obtain it."""
    opened_on = timezone.localdate(case.opened_at)
    return schedule_task(
        key=case_consent_key(case),
        user=case.curator,
        title=_(
            "Получить согласие на обработку данных от законного представителя (экстренный "
            "случай №%(n)s)"
        )
        % {"n": case.pk},
        due_on=workdays.add_working_days(opened_on, CONSENT_DUE_DAYS),
        kind=TaskKind.CONSENT,
        case=case,
        url=reverse("cases:case_detail", args=[case.pk]),
        by=by,
    )


def consent_recorded(*, consent: Consent, by: User) -> None:
    """A consent was recorded: it completes the tasks it answers."""
    kinds = {p.kind for p in consent.purposes.all()}
    codes = {p.code for p in consent.purposes.all()}
    if PurposeKind.CASE_WORK in kinds:
        for case in _open_cases_of(consent.person_id):
            if family_coverage(case.family_id).represented(PurposeKind.CASE_WORK):
                complete_task(key=case_consent_key(case), by=by)
    # A renewal: the older consents of the person it covers stop being «истекает».
    for older in (
        Consent.objects.filter(
            person_id=consent.person_id, withdrawn_on__isnull=True, valid_until__isnull=False
        )
        .exclude(pk=consent.pk)
        .prefetch_related("purposes")
    ):
        if {p.code for p in older.purposes.all()} <= codes:
            complete_task(key=f"consent_expiring:{older.pk}", by=by)


def consent_withdrawn(*, consent: Consent, by: User) -> None:
    """A consent was withdrawn: each open case of the person's families gets the curator's
    task to decide on the case; the consent's expiry task is cancelled."""
    cancel_task(key=f"consent_expiring:{consent.pk}", by=by)
    names = "; ".join(p.title for p in consent.purposes.all())
    due = workdays.add_working_days(timezone.localdate(), CONSENT_DUE_DAYS)
    for case in _open_cases_of(consent.person_id):
        schedule_task(
            key=f"consent_withdrawn:{consent.pk}:{case.pk}",
            user=case.curator,
            title=_("Отозвано согласие («%(purposes)s»): решите, как быть со случаем №%(n)s")
            % {"purposes": names, "n": case.pk},
            due_on=due,
            kind=TaskKind.CONSENT,
            case=case,
            url=reverse("cases:case_detail", args=[case.pk]),
            by=by,
        )


def schedule_expiring(*, today: date | None = None) -> int:
    """The daily step (``manage.py kurator_daily``): a live consent ending within 30 days
    becomes a task for the curator of the person's open case, due on its last day. Returns
    how many tasks were scheduled (idempotent)."""
    today = today or timezone.localdate()
    count = 0
    ending = Consent.objects.filter(
        withdrawn_on__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=EXPIRING_DAYS),
    ).prefetch_related("purposes")
    for consent in ending:
        assert consent.valid_until is not None
        names = "; ".join(p.title for p in consent.purposes.all())
        for case in _open_cases_of(consent.person_id)[:1]:
            schedule_task(
                key=f"consent_expiring:{consent.pk}",
                user=case.curator,
                title=_("Продлить согласие («%(purposes)s»), случай №%(n)s")
                % {"purposes": names, "n": case.pk},
                due_on=consent.valid_until,
                kind=TaskKind.CONSENT,
                case=case,
                url=reverse("people:person_privacy", args=[consent.person_id]),
            )
            count += 1
    return count
