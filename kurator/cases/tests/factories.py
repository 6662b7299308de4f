"""Building blocks for the cases tests: signals through the intake services, exactly as the
journal, the first visit and the take-in consilium make them; cases through ours."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import opening
from kurator.core.testing import give_consents
from kurator.intake import services as intake
from kurator.intake.models import Signal
from kurator.people.models import Family


def make_signal(*, by: User, family: Family | None = None) -> Signal:
    """A new signal in ``by``'s team (``by`` needs ``intake.signal:write``)."""
    return intake.record_signal(
        by=by,
        received_at=timezone.now() - timedelta(days=3),
        channel=Signal.Channel.PHONE,
        source=Signal.Source.SCHOOL,
        description="Ребёнок часто пропускает школу, дома холодно.",
        family=family,
    )


def make_visited_signal(
    *, senior: User, family: Family, future_curator: User, psychologist: User
) -> Signal:
    """A signal whose first visit is made and reported, awaiting the decision."""
    signal = make_signal(by=senior, family=family)
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=future_curator,
        psychologist=psychologist,
        planned_date=None,
    )
    intake.record_visit(
        signal=signal,
        by=future_curator,
        visited_at=timezone.now() - timedelta(days=2),
        report="Семья нуждается в сопровождении: долги за свет, ребёнок не ходит в школу.",
    )
    return signal


def make_accepted_signal(
    *, senior: User, family: Family, future_curator: User, psychologist: User
) -> Signal:
    signal = make_visited_signal(
        senior=senior, family=family, future_curator=future_curator, psychologist=psychologist
    )
    intake.decide_signal(signal=signal, by=senior, decision="accept")
    return signal


def make_refused_signal(
    *, senior: User, family: Family, future_curator: User, psychologist: User
) -> Signal:
    signal = make_visited_signal(
        senior=senior, family=family, future_curator=future_curator, psychologist=psychologist
    )
    intake.decide_signal(
        signal=signal, by=senior, decision="refuse", reason="Семья не нуждается в сопровождении."
    )
    return signal


def open_case_for(
    *,
    senior: User,
    curator: User,
    psychologist: User,
    family: Family,
    scenario: str = Case.Scenario.PLANNED,
    consents: bool = True,
) -> Case:
    """An accepted signal for ``family`` (``curator`` visited) and a case opened by ``senior``.

    By default every member of the family first consents to every purpose
    (``core.testing.give_consents``: the gates of case work, referrals and supervision pass);
    ``consents=False`` opens on the family as it is (a planned case is then refused)."""
    if consents:
        give_consents(by=senior, family=family)
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    return opening.open_case(signal=signal, curator=curator, by=senior, scenario=scenario)
