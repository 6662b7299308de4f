"""Destruction of personal data: anonymisation, destruction acts, the retention rule.

Two reasons to destroy (152-FZ, art. 21): the consent to processing was withdrawn and its
destruction clock ran out (or a team head destroys earlier), and the retention term ran out —
``KURATOR_RETENTION_YEARS`` (5 by default) after the last case of all the person's families
closed, with no open case and no open signal left. Destruction is anonymisation: the person
stays in the statistics, nobody can tell who they were:

- names → «Обезличено», patronymic, phones, address, notes cleared, birth date cut to
  1 January of its year, the normalised search columns recomputed;
- a family all of whose members are anonymised loses its name, address and notes too, and
  its signals the caller's and the subject's names, contacts, address (their history rows as
  well: django-simple-history keeps old values);
- every run writes a ``DestructionAct`` per organisation and team: number, date, reason, who
  (or «система»), the persons' count and ids, and the matching extract of the audit log —
  kept 3 years (``keep_until``).

``manage.py kurator_retention`` runs ``retention_candidates`` (dry run) and
``apply_retention`` + ``complete_due_destructions``; a team head destroys one person early
with ``destroy_now``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import Organisation, User
from kurator.cases.models import Case
from kurator.cases.services.lifecycle import add_months
from kurator.intake.models import OPEN_STATUSES, Signal
from kurator.people.errors import PeopleError
from kurator.people.models import Family, FamilyMembership, Person
from kurator.people.names import normalize_name
from kurator.privacy.common import can_manage_privacy, format_day
from kurator.privacy.models import Anonymisation, DestructionAct, DestructionClock
from kurator.privacy.queries.retention import clocks_visible_to

__all__ = [
    "ACT_KEEP_YEARS",
    "ANONYMISED",
    "DEFAULT_RETENTION_YEARS",
    "apply_retention",
    "audit_extract",
    "complete_due_destructions",
    "destroy_now",
    "due_clocks",
    "retention_candidates",
    "retention_years",
]

ANONYMISED = "Обезличено"  # stored data, not UI text: the same in every language
ACT_KEEP_YEARS = 3
DEFAULT_RETENTION_YEARS = 5
_BATCH = 500
# The read log of the audit app (built in parallel); a variable, not a literal, so that the
# type checker does not insist on a model that may not exist yet.
AUDIT_READ_LOG_MODEL: str = "audit.ReadLogEntry"


def retention_years() -> int:
    return int(getattr(settings, "KURATOR_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


# --- the audit-log extract -------------------------------------------------------------------


def audit_extract(*, person_ids: Iterable[int], family_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Rows of the audit app's read log about these persons or families, as JSON-ready dicts:
    reads of the person's card (``kind="person"``, ``object_id``) and of anything of their
    families (``family_id``: the family card, its cases, documents, signals).

    Written against ``kurator.audit.models.ReadLogEntry``; if the audit app has no read log
    (or it lacks those columns) the extract is an empty list rather than an error."""
    try:
        model = apps.get_model(AUDIT_READ_LOG_MODEL)
    except LookupError:
        return []
    columns = {f.attname for f in model._meta.concrete_fields}
    person_ids, family_ids = list(person_ids), list(family_ids)
    condition = Q()
    if {"kind", "object_id"} <= columns and person_ids:
        condition |= Q(kind="person", object_id__in=person_ids)
    if "family_id" in columns and family_ids:
        condition |= Q(family_id__in=family_ids)
    if not condition:
        return []
    rows = list(model._default_manager.filter(condition).order_by("pk").values())
    return list(json.loads(json.dumps(rows, cls=DjangoJSONEncoder)))


# --- anonymisation and the act ---------------------------------------------------------------


def _next_number(organisation_id: int, act_date: date) -> str:
    """«2026-7»: the year and the act's place among the organisation's acts of that year.
    Called under the organisation's row lock, so two runs cannot take the same number."""
    prefix = f"{act_date.year}-"
    taken = DestructionAct.objects.filter(
        organisation_id=organisation_id, number__startswith=prefix
    ).values_list("number", flat=True)
    last = max(
        (int(n.removeprefix(prefix)) for n in taken if n.removeprefix(prefix).isdigit()), default=0
    )
    return f"{prefix}{last + 1}"


def _team_of(person_ids: list[int]) -> dict[int, int | None]:
    """Each person's team for the act: the team of their family (the smallest id when several)."""
    teams: dict[int, int | None] = dict.fromkeys(person_ids)
    rows = FamilyMembership.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "family__team_id"
    )
    for person_id, team_id in rows:
        current = teams[person_id]
        teams[person_id] = team_id if current is None else min(current, team_id)
    return teams


def _anonymise_persons(persons: list[Person]) -> None:
    name = normalize_name(ANONYMISED)
    for person in persons:
        person.last_name = ANONYMISED
        person.first_name = ANONYMISED
        person.middle_name = ""
        if person.birth_date is not None:
            person.birth_date = date(person.birth_date.year, 1, 1)
        person.phones = ""
        person.address = ""
        person.notes = ""
        person.search_last = name
        person.search_first = name
        person.search_middle = ""
    Person.objects.bulk_update(
        persons,
        [
            "last_name",
            "first_name",
            "middle_name",
            "birth_date",
            "phones",
            "address",
            "notes",
            "search_last",
            "search_first",
            "search_middle",
        ],
        batch_size=_BATCH,
    )


_SIGNAL_WIPE: dict[str, object] = {
    "reporter_name": "",
    "reporter_contact": "",
    "subject_last_name": "",
    "subject_first_name": "",
    "subject_middle_name": "",
    "subject_birth_date": None,
    "address": "",
}


def _anonymise_families(family_ids: set[int]) -> list[int]:
    """Families whose every member is now anonymised lose name, address, notes; their
    signals (and the signals' history rows) lose the names, contacts and address."""
    if not family_ids:
        return []
    not_anonymised = FamilyMembership.objects.filter(family=OuterRef("pk")).exclude(
        Exists(Anonymisation.objects.filter(person_id=OuterRef("person_id")))
    )
    done = list(
        Family.objects.filter(pk__in=family_ids)
        .filter(Exists(FamilyMembership.objects.filter(family=OuterRef("pk"))))
        .exclude(Exists(not_anonymised))
        .values_list("pk", flat=True)
    )
    if not done:
        return []
    Family.objects.filter(pk__in=done).update(
        name=ANONYMISED,
        search_name=normalize_name(ANONYMISED),
        address="",
        search_address="",
        notes="",
    )
    # .update(): no new history row; the old rows are wiped below as well.
    Signal.objects.filter(family_id__in=done).update(**_SIGNAL_WIPE)
    Signal.history.filter(family_id__in=done).update(**_SIGNAL_WIPE)
    return done


def _destroy(
    *,
    persons: list[Person],
    reason: str,
    details: str,
    by: User | None,
    today: date,
) -> list[DestructionAct]:
    """Anonymise ``persons`` and write one act per (organisation, team). Inside a transaction."""
    if not persons:
        return []
    ids = [p.pk for p in persons]
    teams = _team_of(ids)
    groups: dict[tuple[int, int | None], list[Person]] = defaultdict(list)
    for person in persons:
        groups[(person.organisation_id, teams[person.pk])].append(person)
    acts: list[DestructionAct] = []
    for (organisation_id, team_id), group in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1] or 0)
    ):
        group_ids = sorted(p.pk for p in group)
        family_ids = set(
            FamilyMembership.objects.filter(person_id__in=group_ids).values_list(
                "family_id", flat=True
            )
        )
        # Extract before the wipe: the log rows still say whose card was read.
        extract = audit_extract(person_ids=group_ids, family_ids=family_ids)
        Organisation.objects.select_for_update().filter(pk=organisation_id).first()
        act = DestructionAct.objects.create(
            organisation_id=organisation_id,
            team_id=team_id,
            number=_next_number(organisation_id, today),
            act_date=today,
            reason=reason,
            details=details,
            persons_count=len(group_ids),
            person_ids=group_ids,
            performed_by=by,
            audit_extract=extract,
            keep_until=add_months(today, 12 * ACT_KEEP_YEARS),
        )
        _anonymise_persons(group)
        Anonymisation.objects.bulk_create(
            [Anonymisation(person_id=pk, act=act) for pk in group_ids], batch_size=_BATCH
        )
        _anonymise_families(family_ids)
        acts.append(act)
    return acts


def _complete_clocks(clocks: list[DestructionClock], acts: list[DestructionAct]) -> None:
    act_of = {pk: act for act in acts for pk in act.person_ids}
    now = timezone.now()
    for clock in clocks:
        clock.destroyed_at = now
        clock.act = act_of[clock.person_id]
        clock.save(update_fields=["destroyed_at", "act"])


# --- destruction after a withdrawal ----------------------------------------------------------


def destroy_now(*, clock: DestructionClock, by: User, today: date | None = None) -> DestructionAct:
    """A team head or the director destroys the data of a person whose consent was withdrawn
    before the clock runs out. Blocked data (a law requires keeping them) wait for their date."""
    if not can_manage_privacy(by):
        raise PeopleError(_("Уничтожить данные может руководитель команды или программы."))
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = (
            clocks_visible_to(by)
            .select_for_update()
            .select_related("person")
            .filter(pk=clock.pk)
            .first()
        )
        if locked is None:
            raise PeopleError(_("Срок уничтожения не найден."))
        if locked.lifted_at is not None:
            raise PeopleError(_("Человек дал новое согласие: уничтожать данные не нужно."))
        if locked.destroyed_at is not None:
            raise PeopleError(_("Данные этого человека уже уничтожены."))
        if locked.blocked and locked.destroy_by > today:
            raise PeopleError(
                _("Данные заблокированы: закон требует хранить их до %(date)s.")
                % {"date": format_day(locked.destroy_by)}
            )
        (act,) = _destroy(
            persons=[locked.person],
            reason=DestructionAct.Reason.CONSENT_WITHDRAWN,
            details=_("Согласие отозвано %(date)s; уничтожено досрочно по решению руководителя.")
            % {"date": format_day(locked.stopped_on)},
            by=by,
            today=today,
        )
        _complete_clocks([locked], [act])
    clock.destroyed_at, clock.act = locked.destroyed_at, act
    return act


def due_clocks(today: date) -> QuerySet[DestructionClock]:
    return DestructionClock.objects.filter(
        lifted_at__isnull=True, destroyed_at__isnull=True, destroy_by__lte=today
    )


def complete_due_destructions(
    *, today: date | None = None, by: User | None = None
) -> list[DestructionAct]:
    """Destroy the data of every person whose destruction clock has run out (the command's
    nightly job). ``by`` None: the system."""
    today = today or timezone.localdate()
    with transaction.atomic():
        clocks = list(
            due_clocks(today)
            .exclude(Exists(Anonymisation.objects.filter(person_id=OuterRef("person_id"))))
            .select_for_update()
            .select_related("person")
        )
        acts = _destroy(
            persons=[c.person for c in clocks],
            reason=DestructionAct.Reason.CONSENT_WITHDRAWN,
            details=_("Истёк срок после отзыва согласия на обработку данных."),
            by=by,
            today=today,
        )
        _complete_clocks(clocks, acts)
    return acts


# --- the retention term ----------------------------------------------------------------------


def _due_for_retention(*, years: int, now: datetime) -> QuerySet[Person]:
    cutoff = add_months(timezone.localdate(now), -12 * years)
    cutoff_at = timezone.make_aware(datetime.combine(cutoff, datetime.min.time()))
    family_of_person = FamilyMembership.objects.filter(person=OuterRef("pk"))
    family_without_cases = family_of_person.exclude(
        Exists(Case.objects.filter(family_id=OuterRef("family_id")))
    )
    live_case = family_of_person.filter(
        Exists(
            Case.objects.filter(family_id=OuterRef("family_id")).filter(
                ~Q(status=Case.Status.CLOSED)
                | Q(closed_at__isnull=True)
                | Q(closed_at__gte=cutoff_at)
            )
        )
    )
    open_signal = family_of_person.filter(
        Exists(Signal.objects.filter(family_id=OuterRef("family_id"), status__in=OPEN_STATUSES))
    )
    return (
        Person.objects.filter(Exists(family_of_person))
        .exclude(Exists(Anonymisation.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(family_without_cases))
        .exclude(Exists(live_case))
        .exclude(Exists(open_signal))
    )


def retention_candidates(*, years: int, now: datetime | None = None) -> QuerySet[Person]:
    """Persons not yet anonymised, in at least one family, all of whose families have cases,
    none of them open or in post-support, the last closed more than ``years`` ago, and no
    undecided signal. Annotated with ``last_closed_at``. One query."""
    return (
        _due_for_retention(years=years, now=now or timezone.now())
        .annotate(last_closed_at=Max("memberships__family__cases__closed_at"))
        .order_by("organisation_id", "pk")
    )


def apply_retention(
    *, years: int, now: datetime | None = None, by: User | None = None
) -> list[DestructionAct]:
    """Anonymise every retention candidate; one act per organisation and team."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the rows, then ask again under the lock: a case opened meanwhile keeps its family.
        ids = list(_due_for_retention(years=years, now=now).values_list("pk", flat=True))
        list(Person.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        persons = list(_due_for_retention(years=years, now=now).filter(pk__in=ids).order_by("pk"))
        acts = _destroy(
            persons=persons,
            reason=DestructionAct.Reason.RETENTION_EXPIRED,
            details=_("Срок хранения — %(years)s лет после закрытия последнего случая семьи.")
            % {"years": years},
            by=by,
            today=timezone.localdate(now),
        )
        # A person destroyed for retention whose consent was also withdrawn: the clock is done.
        clocks = list(
            DestructionClock.objects.filter(
                person_id__in=[p.pk for p in persons],
                lifted_at__isnull=True,
                destroyed_at__isnull=True,
            )
        )
        _complete_clocks(clocks, acts)
    return acts
