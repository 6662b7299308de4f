"""Last year's work, so that the demo's indicator report has a year to compare with.

The rest of the demo happens "now" (November 2026). Here families come to the programme
through 2025 and the first months of 2026: signals from their sources and channels, first
visits, take-in decisions (accepted, refused, redirected), cases with a plan, help delivered,
well-being assessments at entry and later, closures with their reasons, and families on the
state register (put on it and taken off, one for deprivation of parental rights). Children
leaving shelters and complaints of both years come from ``demo/records.py``.

Everything is made through the services, exactly as a user would, and then moved back in
time with ``.update()`` where a service stamps "now" and allows no other date (a signal's
decision, the visit team's assignment, a case's opening and closing, a delivery's day before
the case was backdated; the timeline rows of those steps). Dates a service accepts in the
past (register, plan agreement, assessments, actions done) are given directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from kurator.accounts.models import User
from kurator.assessments.models import Assessment, Instrument
from kurator.assessments.services import instrument_questions, record_assessment
from kurator.cases.models import Case, CaseClosure, TimelineEvent
from kurator.cases.services import lifecycle
from kurator.cases.services import opening as services
from kurator.core.demo import DemoContext
from kurator.core.errors import DomainError
from kurator.intake import services as intake
from kurator.intake.models import FirstVisit, Signal, TakeInDecision
from kurator.meetings.services.register import register_family, remove_from_register
from kurator.network.models import Delivery, ResourceAgent, Service
from kurator.network.services.aid import record_delivery
from kurator.people.services import create_family, create_person
from kurator.plans import services as plans
from kurator.plans.models import PlanAction
from kurator.privacy.services.consents import record_consent
from kurator.tasks.models import Task

S, C = Signal.Source, Signal.Channel
R = CaseClosure.Reason
IMPROVED, DEPRIVATION = "improved", "deprivation"


@dataclass(frozen=True)
class Story:
    """One family's way through the programme."""

    received: date
    family: str
    source: str
    channel: str
    decision: str = "accept"
    closed: date | None = None
    reason: str = R.GOALS_MET
    # (registered on, removed on or None, removal reason)
    register: tuple[date, date | None, str] | None = None
    # Well-being: answers scored 2 at entry; the later assessment's share of answers scored 3.
    later_threes: int | None = None


STORIES = [
    Story(
        date(2025, 2, 11),
        "Лаптевы",
        S.FAMILY,
        C.PHONE,
        closed=date(2025, 9, 15),
        register=(date(2025, 3, 3), date(2025, 10, 1), IMPROVED),
        later_threes=14,
    ),
    Story(date(2025, 2, 25), "Гусевы", S.SCHOOL, C.PHONE, closed=date(2025, 8, 29)),
    Story(
        date(2025, 3, 4),
        "Тарасовы",
        S.SCHOOL,
        C.PHONE,
        closed=date(2025, 12, 10),
        later_threes=9,
    ),
    Story(
        date(2025, 3, 19),
        "Орловы",
        S.GUARDIANSHIP,
        C.LETTER,
        register=(date(2025, 4, 10), date(2026, 6, 15), IMPROVED),
        later_threes=13,
    ),
    Story(date(2025, 4, 8), "Яковлевы", S.NEIGHBOURS, C.HOTLINE, decision="refuse"),
    Story(
        date(2025, 5, 14),
        "Жуковы",
        S.POLICE,
        C.LETTER,
        closed=date(2026, 3, 20),
        reason=R.CONTRACT_BROKEN,
        register=(date(2025, 6, 2), date(2026, 2, 10), DEPRIVATION),
        later_threes=1,
    ),
    Story(
        date(2025, 5, 27),
        "Медведевы",
        S.FAMILY,
        C.HOTLINE,
        closed=date(2026, 1, 30),
        register=(date(2025, 6, 10), date(2025, 12, 19), IMPROVED),
    ),
    Story(date(2025, 6, 2), "Фроловы", S.MEDICAL, C.PHONE, later_threes=4),
    Story(date(2025, 7, 21), "Киселёвы", S.RELATIVES, C.MESSENGER, decision="redirect"),
    Story(
        date(2025, 8, 5),
        "Белоусовы",
        S.KINDERGARTEN,
        C.EMAIL,
        closed=date(2025, 11, 28),
        reason=R.FAMILY_DECLINED,
    ),
    Story(
        date(2025, 9, 9),
        "Комаровы",
        S.COMMISSION,
        C.LETTER,
        closed=date(2026, 4, 30),
        # The commission removes the family first: a case closes only off the register.
        register=(date(2025, 10, 1), date(2026, 4, 21), IMPROVED),
        later_threes=10,
    ),
    Story(date(2025, 9, 16), "Носовы", S.NGO, C.EMAIL, decision="redirect"),
    Story(date(2025, 10, 13), "Ершовы", S.FAMILY, C.IN_PERSON, decision="refuse"),
    Story(date(2025, 11, 11), "Зуевы", S.GUARDIANSHIP, C.LETTER, later_threes=11),
    Story(
        date(2026, 2, 10),
        "Панины",
        S.SCHOOL,
        C.PHONE,
        closed=date(2026, 9, 30),
        later_threes=12,
    ),
    Story(date(2026, 3, 23), "Рябовы", S.FAMILY, C.WEB_FORM, decision="refuse"),
    Story(
        date(2026, 4, 14),
        "Дроздовы",
        S.GUARDIANSHIP,
        C.LETTER,
        register=(date(2026, 5, 4), None, ""),
    ),
    Story(date(2026, 6, 9), "Кудрявцевы", S.RELATIVES, C.PHONE),
    Story(date(2026, 8, 18), "Волковы", S.ANONYMOUS, C.HOTLINE, decision="redirect"),
]

# The Смоленск team: its head, its two curators in turn, and the psychologist on the visit
# (the Волгоград team has no psychologist for a first visit).
TEAM = "Смоленск"
HEAD, CURATORS, PSYCHOLOGIST = "head1", ("curator1", "curator2"), "psychologist1"
ACTIONS = (
    "Оформить пособия и льготы",
    "Договориться со школой о посещении и кружках",
    "Подготовить дом к зиме: печь и проводка",
)
DESCRIPTION = "Семья в трудной ситуации: долги за свет, дети пропускают школу, дома холодно."
REASONS = {
    "refuse": "Семья справляется сама, риска для детей нет; рассказали, куда обратиться.",
    "redirect": "Нужна помощь профильной организации: передали контакты партнёра.",
}
CRITERIA = {key: True for key in lifecycle.CLOSURE_CRITERIA}


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _shift_signal(signal: Signal, days: int) -> None:
    """Move a signal's recorded moments and deadlines ``days`` back (the services stamp
    now)."""
    delta = timedelta(days=days)
    Signal.objects.filter(pk=signal.pk).update(
        received_at=F("received_at") - delta,
        created_at=F("created_at") - delta,
        team_due=F("team_due") - delta,
        visit_due=F("visit_due") - delta,
        report_due=F("report_due") - delta,
        decision_due=F("decision_due") - delta,
    )
    FirstVisit.objects.filter(signal=signal).update(
        assigned_at=F("assigned_at") - delta,
        planned_date=F("planned_date") - delta,
        visited_at=F("visited_at") - delta,
        report_submitted_at=F("report_submitted_at") - delta,
    )
    TakeInDecision.objects.filter(signal=signal).update(decided_at=F("decided_at") - delta)
    TimelineEvent.objects.filter(signal=signal).update(created_at=F("created_at") - delta)


def _shift_case(case: Case, days: int) -> Case:
    delta = timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(
        opened_at=F("opened_at") - delta,
        folder_due=F("folder_due") - delta,
        plan_due=F("plan_due") - delta,
    )
    TimelineEvent.objects.filter(case=case).update(created_at=F("created_at") - delta)
    case.refresh_from_db()
    # The folder was completed on the second day (the tasks demo ran before this step).
    opened = timezone.localdate(case.opened_at)
    Task.objects.filter(case=case, status=Task.Status.OPEN).update(
        status=Task.Status.DONE, completed_at=_at(opened + timedelta(days=2), 17)
    )
    return case


def _answers(instrument: Instrument, threes: int) -> dict[int, int]:
    chosen: dict[int, int] = {}
    for n, question in enumerate(instrument_questions(instrument)):
        score = 3 if n < threes else 2
        chosen[question.pk] = next(o.pk for o in question.scale.options.all() if o.score == score)
    return chosen


class _History:
    def __init__(self, demo: DemoContext) -> None:
        self.demo = demo
        self.today = demo.today
        organisation = demo.organisation
        assert organisation is not None
        services_ = Service.objects.filter(organisation=organisation, is_active=True)
        self.services = {s.group: s for s in services_.order_by("-pk")}
        self.instrument = Instrument.objects.filter(
            subject=Instrument.Subject.FAMILY, is_active=True
        ).first()

    def user(self, name: str) -> User | None:
        return self.demo.users.get(name)

    def tell(self, story: Story, n: int) -> None:
        head, curator, second = (
            self.user(u) for u in (HEAD, CURATORS[n % len(CURATORS)], PSYCHOLOGIST)
        )
        team = self.demo.teams.get(TEAM)
        if head is None or curator is None or second is None or team is None:
            return
        family = create_family(by=head, name=story.family, team=team, address="")
        parent = create_person(
            by=head,
            last_name=story.family[:-1] + "а" if story.family.endswith("ы") else story.family,
            first_name=["Ирина", "Светлана", "Ольга", "Наталья", "Марина"][n % 5],
            sex="F",  # generated papers decline her name
            family=family,
            family_role="parent",
        )
        now = timezone.now()
        signal = intake.record_signal(
            by=head,
            received_at=now - timedelta(hours=3),
            channel=story.channel,
            source=story.source,
            description=DESCRIPTION,
            team=team,
            family=family,
        )
        intake.assign_visit_team(
            signal=signal, by=head, future_curator=curator, psychologist=second, planned_date=None
        )
        intake.record_visit(
            signal=signal,
            by=curator,
            visited_at=now - timedelta(hours=1),
            report="Побывали дома у семьи, поговорили с мамой и детьми.",
        )
        # A refusal or a redirect always names where the family can turn (informed refusal).
        alternatives = (
            list(ResourceAgent.objects.filter(organisation_id=signal.organisation_id)[:2])
            if story.decision != "accept"
            else []
        )
        intake.decide_signal(
            signal=signal,
            by=head,
            decision=story.decision,
            reason=REASONS.get(story.decision, ""),
            alternatives=alternatives,
        )
        # The visit two days after the signal, the decision a day after the report — now and
        # then a week late.
        back = (self.today - story.received).days
        _shift_signal(signal, back)
        two_days = timedelta(days=2)
        FirstVisit.objects.filter(signal=signal).update(
            visited_at=F("visited_at") + two_days,
            report_submitted_at=F("report_submitted_at") + two_days,
        )
        Signal.objects.filter(pk=signal.pk).update(decision_due=F("decision_due") + two_days)
        TakeInDecision.objects.filter(signal=signal).update(
            decided_at=F("decided_at") + timedelta(days=10 if n % 4 == 3 else 3)
        )
        if story.decision != "accept":
            return
        signal.refresh_from_db()
        record_consent(  # a planned case opens with the parent's consent (152-FZ)
            person=parent,
            by=head,
            purposes=["case_work"],
            scope="ФИО, адрес, сведения о семье — для оказания помощи",
            given_on=min(story.received, timezone.localdate()),
        )
        case = services.open_case(signal=signal, curator=curator, by=head)
        case = _shift_case(case, back - 5)
        opened = timezone.localdate(case.opened_at)
        self.plan(case, curator, opened, story)
        self.help(case, curator, parent, opened, story)
        self.assess(case, curator, opened, story)
        if story.register is not None:
            registered, removed, reason = story.register
            register_family(case=case, registered_on=registered, by=head)
            if removed is not None:
                remove_from_register(
                    case=case,
                    removed_on=removed,
                    reason=reason,
                    note="Постановление КДНиЗП",
                    by=head,
                )
        if story.closed is not None:
            lifecycle.close_case(case=case, by=curator, reason=story.reason, criteria=CRITERIA)
            Case.objects.filter(pk=case.pk).update(closed_at=_at(story.closed, 15))
            CaseClosure.objects.filter(case=case).update(closed_at=_at(story.closed, 15))
            TimelineEvent.objects.filter(case=case, kind__startswith="case.closed").update(
                created_at=_at(story.closed, 15)
            )

    def plan(self, case: Case, curator: User, opened: date, story: Story) -> None:
        plan = plans.create_plan(case=case, by=curator)
        goal = plans.add_goal(
            plan=plan, text="Дети ходят в школу, дома тепло и безопасно", by=curator
        )
        actions = [
            plans.add_action(
                goal=goal,
                text=text,
                responsible_kind=PlanAction.Responsible.STAFF,
                responsible_user=curator,
                by=curator,
            )
            for text in ACTIONS
        ]
        plans.agree_plan_with_family(plan=plan, agreed_on=opened + timedelta(days=30), by=curator)
        last = min(story.closed or self.today, self.today)
        for k, action in enumerate(actions):
            done_on = opened + timedelta(days=35 + 30 * k)
            if done_on <= last:
                plans.update_action_status(
                    action=action,
                    status=PlanAction.Status.DONE,
                    by=curator,
                    result="Сделано вместе с семьёй",
                    done_on=done_on,
                )

    def help(self, case: Case, curator: User, parent: object, opened: date, story: Story) -> None:
        last = min(story.closed or self.today, self.today)
        for k, (group, cost) in enumerate((("legal", 3000), ("repairs", 38000))):
            service = self.services.get(group)
            day = opened + timedelta(days=20 + 50 * k)
            if service is None or day > last:
                continue
            delivery = record_delivery(
                case=case,
                by=curator,
                service=service,
                delivered_on=self.today,
                persons=[parent],  # type: ignore[list-item]
                quantity=1,
                unit_cost=Decimal(cost),
                provider=Delivery.Provider.STAFF,
                funding=Delivery.Funding.DONATION,
            )
            Delivery.objects.filter(pk=delivery.pk).update(delivered_on=day)
        # Seasonal food sets for the families still supported in 2026.
        food = self.services.get("material")
        for day in (date(2026, 3, 16), date(2026, 9, 14)):
            if food is None or not opened + timedelta(days=80) < day <= last:
                continue
            delivery = record_delivery(
                case=case,
                by=curator,
                service=food,
                delivered_on=self.today,
                persons=[parent],  # type: ignore[list-item]
                quantity=2,
                unit_cost=Decimal(2800),
                provider=Delivery.Provider.VOLUNTEER,
                funding=Delivery.Funding.DONATION,
            )
            Delivery.objects.filter(pk=delivery.pk).update(delivered_on=day)

    def assess(self, case: Case, curator: User, opened: date, story: Story) -> None:
        if self.instrument is None or story.later_threes is None:
            return
        record_assessment(
            case=case,
            instrument=self.instrument,
            kind=Assessment.Kind.ENTRY,
            answers=_answers(self.instrument, 0),
            by=curator,
            assessed_on=opened + timedelta(days=7),
        )
        later = (story.closed or self.today) - timedelta(days=3)
        record_assessment(
            case=case,
            instrument=self.instrument,
            kind=Assessment.Kind.EXIT if story.closed else Assessment.Kind.PERIODIC,
            answers=_answers(self.instrument, story.later_threes),
            by=curator,
            assessed_on=min(later, self.today),
        )


def build(demo: DemoContext) -> None:
    if demo.organisation is None:
        return
    history = _History(demo)
    told = 0
    for n, story in enumerate(STORIES):
        if story.received >= demo.today:
            continue
        try:
            history.tell(story, n)
        except DomainError as error:
            demo.say(f"История: семья {story.family} не добавлена: {error}")
            continue
        told += 1
    demo.say(f"История 2025–2026 для отчёта о показателях: {told} семей.")
