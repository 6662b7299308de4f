"""Consents recorded before the cases demo opens cases (see kurator/core/demo.py): a planned
case opens only with the legal representative's consent to processing (152-FZ), so the
families of the accepted signals consent first — all but the first, whose case opens as an
emergency without it (its curator gets the task «получить согласие»).

Which family consents to what, so that the demo has families with and without each consent:
the second family to everything (case work, transfer to every category of the resource
network, supervision, photo and video, publication); the others to case work, every other
one also to transfer to state bodies (``agency``: the guardianship authority of ``agent1``)
and supervision; the rest have no transfer consent, so their referrals go depersonalised.
Children's consents come later (``consents``), signed by the parent.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from kurator.accounts.models import User
from kurator.core.demo import DemoContext
from kurator.intake.models import Signal
from kurator.people.errors import PeopleError
from kurator.people.models import Family, FamilyMembership
from kurator.privacy.models import ConsentPurpose, PurposeKind
from kurator.privacy.queries.coverage import representatives
from kurator.privacy.services.consents import record_consent
from kurator.privacy.services.purposes import transfer_code

SCOPE = (
    "ФИО, дата рождения, адрес, телефоны, сведения о семье, здоровье, обучении и "
    "материальном положении — сбор, запись, хранение, уточнение, использование для оказания "
    "помощи."
)
EVERYTHING, SOME, CASE_WORK_ONLY = "everything", "some", "case_work"


def _codes(family: Family, what: str) -> list[str]:
    if what == EVERYTHING:
        return list(
            ConsentPurpose.objects.filter(organisation_id=family.organisation_id, is_active=True)
            .exclude(kind=PurposeKind.OTHER)
            .values_list("code", flat=True)
        )
    if what == SOME:
        return [PurposeKind.CASE_WORK, transfer_code("agency"), PurposeKind.SUPERVISION]
    return [PurposeKind.CASE_WORK]


def consent_for_case_work(
    demo: DemoContext, family: Family, by: User, *, what: str = CASE_WORK_ONLY, given_on: date
) -> None:
    """The family's legal representatives consent to ``what`` (signing themselves)."""
    members = list(FamilyMembership.objects.filter(family=family).select_related("person"))
    today = min(demo.today, timezone.localdate())
    for person in representatives(members, today):
        try:
            record_consent(
                person=person,
                by=by,
                purposes=_codes(family, what),
                scope=SCOPE,
                given_on=min(max(given_on, person.birth_date or given_on), today),
            )
        except PeopleError as error:
            demo.say(f"Согласие {person.full_name} не записано: {error.message}")


def build(demo: DemoContext) -> None:
    signals: list[Signal] = list(demo.extra.get("accepted_signals") or [])
    today = min(demo.today, timezone.localdate())
    made = 0
    for i, signal in enumerate(signals):
        if i == 0 or signal.family is None:
            continue  # the first opens as an emergency, without the consent
        head = (
            demo.users.get("head1") if signal.team.name == "Смоленск" else demo.users.get("head2")
        )
        if head is None:
            continue
        what = EVERYTHING if i == 1 else SOME if i % 2 == 1 else CASE_WORK_ONLY
        consent_for_case_work(
            demo, signal.family, head, what=what, given_on=today - timedelta(days=20 + i)
        )
        made += 1
    demo.say(f"Согласия до открытия случаев: {made} семей; первая семья — без согласия.")
