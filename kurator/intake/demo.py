"""Demo signals in every stage of intake (see kurator/core/demo.py).

Team «Смоленск»: a new urgent signal, a new overdue one, new, two with the visit team named,
visited with and without the report (the latter overdue), one escalated to the coordinator,
six accepted (left in ``demo.extra["accepted_signals"]`` for the cases demo to open), one
refused and one redirected with the other places to get help. Team «Волгоград»: a few.
Dates count back from ``demo.today`` in working days; everything goes through the services.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from unittest import mock

from django.utils import timezone

from kurator.accounts.models import Team, User
from kurator.core import workdays
from kurator.core.demo import DemoContext
from kurator.intake import services
from kurator.intake.criteria import active_criteria
from kurator.intake.models import Signal
from kurator.network.matching import rank_agents
from kurator.network.models import ResourceAgent
from kurator.people.models import Family, FamilyMembership, FamilyRole, Person
from kurator.people.services import create_family

S, Ch = Signal.Source, Signal.Channel

# Used only when the people demo left fewer families of a team than the signals need.
SPARE_FAMILIES = {
    "Смоленск": [
        ("Петровы", "Смоленский р-н, д. Михновка, ул. Центральная, 3", "18"),
        ("Соколовы", "г. Смоленск, ул. Кирова, 41, кв. 17", "4"),
        ("Орловы", "Починковский р-н, с. Лучеса, ул. Школьная, 2", "62"),
        ("Фёдоровы", "Кардымовский р-н, п. Кардымово, ул. Ленина, 11", "38"),
        ("Васильевы", "Вяземский р-н, г. Вязьма, ул. Загородная, 7", "152"),
        ("Николаевы", "г. Смоленск, ул. Нахимова, 14, кв. 3", "6"),
        ("Захаровы", "Рославльский р-н, г. Рославль, ул. Пролетарская, 30", "118"),
        ("Павловы", "Смоленский р-н, д. Катынь, ул. Лесная, 9", "21"),
        ("Семёновы", "г. Смоленск, ул. Багратиона, 5, кв. 40", "3"),
        ("Голубевы", "Починковский р-н, г. Починок, ул. Советская, 19", "55"),
        ("Виноградовы", "Кардымовский р-н, д. Шестаково, д. 4", "47"),
        ("Богдановы", "Смоленский р-н, п. Печерск, ул. Минская, 12", "12"),
        ("Киселёвы", "г. Смоленск, ул. Лавочкина, 50, кв. 9", "7"),
        ("Тарасовы", "Смоленский р-н, д. Талашкино, ул. Садовая, 6", "17"),
    ],
    "Волгоград": [
        ("Медведевы", "г. Волжский, ул. Мира, 22, кв. 8", "24"),
        ("Ершовы", "Среднеахтубинский р-н, р. п. Средняя Ахтуба, ул. Ленина, 3", "38"),
    ],
}


def _families_of(demo: DemoContext, team: Team, needed: int, by: User) -> list[Family]:
    known: Any = demo.extra.get("families") or []
    candidates: Iterable[Any] = known.values() if isinstance(known, dict) else known
    families = [f for f in candidates if isinstance(f, Family) and f.team_id == team.pk]
    spare = iter(SPARE_FAMILIES.get(team.name, []))
    while len(families) < needed:
        try:
            name, address, distance = next(spare)
        except StopIteration:
            break
        families.append(
            create_family(
                by=by, name=name, team=team, address=address, distance_km=Decimal(distance)
            )
        )
    return families


def _known_person(families: list[Family]) -> Person | None:
    """A parent of the first family no other demo signal is about, if there is one."""
    for family in families:
        membership = (
            FamilyMembership.objects.filter(family=family, role=FamilyRole.PARENT)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return membership.person
    return None


class _Clock:
    """Demo moments: N working days before ``today``, never later than the real now."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.now = timezone.now()

    def day(self, working_days_ago: int) -> date:
        return workdays.add_working_days(self.today, -working_days_ago)

    def cap(self, moment: datetime) -> datetime:
        return min(moment, self.now - timedelta(minutes=5))

    def on(self, day: date, hour: int, minute: int = 0) -> datetime:
        return self.cap(timezone.make_aware(datetime.combine(day, time(hour, minute))))

    def at(self, working_days_ago: int, hour: int, minute: int = 0) -> datetime:
        return self.on(self.day(working_days_ago), hour, minute)

    @contextmanager
    def frozen(self, moment: datetime) -> Iterator[None]:
        """Run a service as if at ``moment``, so its history row, its ``*_at`` stamps and its
        «not in the future» checks agree with the story (demo data only)."""
        with mock.patch.object(timezone, "now", return_value=moment):
            yield


def _alternatives(agents: list[ResourceAgent], signal: Signal, n: int = 3) -> list[ResourceAgent]:
    address = signal.family.address if signal.family else signal.address or signal.team.territory
    ranked = rank_agents(agents, address=address, need=signal.description)
    return [m.agent for m in ranked[:n]]


# Living conditions, needs, risks and the team's comment of the accepted families' reports,
# one per story below.
ACCEPTED_REPORTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Двухкомнатная квартира в старом фонде, сырость, на кухне протекает крыша. Спальных "
        "мест на всех детей не хватает, двое спят на одном диване.",
        "Ремонт кровли через управляющую компанию, кровать, юридическая помощь в переписке с "
        "опекой.",
        "Опека рассматривает отобрание из-за условий жилья; мама боится и закрывается.",
        "Мама готова к сотрудничеству, условия можно исправить за 2–3 месяца.",
    ),
    (
        "Частный дом с печным отоплением, дров до конца месяца. В доме чисто, продукты на 2–3 дня.",
        "Дрова, оформление пенсии по потере кормильца, психолог для мамы и старшего сына.",
        "Мама в остром горе, старший сын перестал ходить на тренировки.",
        "Семья просит помощи сама, мама открыта к контакту.",
    ),
    (
        "Комната в общежитии 18 м², общая кухня на этаже. Вещи детей в порядке, еда есть.",
        "Программа ИПР с КДНиЗП, занятость детей после школы, помощь маме с трудоустройством.",
        "Семья на учёте в СОП; отец злоупотребляет алкоголем, живёт отдельно, но приходит.",
        "Без сопровождения программа ИПР не будет выполнена; мама готова работать.",
    ),
    (
        "Однокомнатная съёмная квартира, тепло, но холодильник почти пуст. Зимней одежды "
        "у детей нет.",
        "Зимняя одежда и обувь, продуктовые наборы до выплаты пособия, льготное питание в школе.",
        "Дети недоедают; школа готова сообщить в опеку, если ничего не изменится.",
        "Нужна быстрая материальная помощь и оформление мер поддержки.",
    ),
    (
        "Семья снимает половину дома, вещей минимум, документы частично утеряны при переезде.",
        "Восстановление документов, прописка, место в детском саду, психологическая помощь "
        "детям после переезда.",
        "Младший ребёнок плохо спит и пугается громких звуков.",
        "Семья мотивирована, но без документов не может получить меры поддержки.",
    ),
    (
        "Двухкомнатная квартира бабушки, чисто, тесно; бабушка ходит с палочкой.",
        "Помощь по дому, летний лагерь для внуков, консультация по опекунскому пособию.",
        "Бабушке 71 год, болеет; при её госпитализации детям некуда пойти.",
        "Бабушка держится из последних сил, нужна поддержка, чтобы дети остались в семье.",
    ),
)


def _child_state(child: Person, today: date, n: int) -> dict[str, Any]:
    """One child's block in a demo report, believable for the child's age."""
    age = None
    if child.birth_date is not None:
        age = today.year - child.birth_date.year
    block: dict[str, Any] = {"person": child.pk}
    if age is not None and age < 3:
        block.update(
            health="Часто болеет ОРВИ, на учёте у невролога.",
            development="Ходит, говорит отдельные слова; немного отстаёт по речи.",
            schooling="В детский сад не ходит: очередь.",
            care="Ухожен, одет по погоде, режим сна сбит.",
        )
    elif age is not None and age < 7:
        block.update(
            health="Здоров, прививки по календарю.",
            development="По возрасту; любит рисовать.",
            schooling="Детский сад, посещает с пропусками.",
            care="Опрятный, но в осенней куртке не по сезону.",
            own_words="«Я люблю маму, у нас дома холодно».",
        )
    else:
        schooling = (
            "Учится в 5 классе, двойки по математике, пропуски."
            if n % 2
            else "Учится в 8 классе средне, классный руководитель на связи с мамой."
        )
        block.update(
            health="Жалоб нет, носит очки.",
            development="По возрасту; замкнут с незнакомыми.",
            schooling=schooling,
            care="Сам собирается в школу, помогает с младшими.",
            own_words="«Хочу ходить на футбол, но нет формы»." if n % 2 else "",
        )
    return block


def _accepted_report(s: Signal, n: int, today: date) -> services.VisitReport:
    living, needs, risks, comment = ACCEPTED_REPORTS[n % len(ACCEPTED_REPORTS)]
    return services.VisitReport(
        living_conditions=living,
        children=[_child_state(child, today, n) for child in services.visit_children(s)],
        needs=needs,
        risks=risks,
        recommendation="accept",
        recommendation_comment=comment,
    )


def _criteria_ids(s: Signal, *, skip: int | None = None) -> list[int]:
    """The ids of the organisation's criteria, all ticked or one left unticked."""
    ids = list(active_criteria(s.organisation_id).values_list("pk", flat=True))
    return [pk for i, pk in enumerate(ids) if i != skip]


def build(demo: DemoContext) -> None:
    users = demo.users
    smolensk, volgograd = demo.teams["Смоленск"], demo.teams["Волгоград"]
    intake1, senior1 = users["intake1"], users["senior1"]
    curators = [users["curator1"], users["curator2"]]
    psychologist = users["psychologist1"]
    head2 = users["head2"]
    agents: list[ResourceAgent] = list(demo.extra.get("agents", []))
    clock = _Clock(demo.today)
    families = _families_of(demo, smolensk, 14, intake1)
    family = iter(families)
    signals: list[Signal] = []

    def signal(
        ago: int,
        hour: int,
        *,
        by: User = intake1,
        linked: bool = True,
        team: Team | None = None,
        **kwargs: Any,
    ) -> Signal:
        received = clock.at(ago, hour, 15)
        with clock.frozen(clock.cap(received + timedelta(minutes=3))):
            made = services.record_signal(
                by=by,
                received_at=received,
                team=team,
                family=next(family, None) if linked else None,
                **kwargs,
            )
        signals.append(made)
        return made

    def visit(s: Signal, *, n: int, ago: int, report: str | services.VisitReport = "") -> None:
        """Name the team on the team deadline's morning; visit ``ago`` working days ago at
        14:00 and (with ``report``) hand the report in at 17:30 the same day."""
        assert s.team_due is not None
        named = max(s.received_at + timedelta(minutes=40), clock.on(s.team_due, 9, 30))
        with clock.frozen(clock.cap(named)):
            services.assign_visit_team(
                signal=s,
                by=senior1,
                future_curator=curators[n % 2],
                psychologist=psychologist,
                planned_date=s.visit_due,
            )
        if ago >= 0:
            visited = clock.at(ago, 14)
            with clock.frozen(clock.cap(visited + timedelta(hours=3, minutes=30))):
                services.record_visit(
                    signal=s, by=curators[n % 2], visited_at=visited, report=report
                )

    def next_morning(s: Signal) -> datetime:
        """The consilium meets the working morning after the report."""
        reported = s.first_visit.report_submitted_at if hasattr(s, "first_visit") else None
        day = workdays.add_working_days(reported or s.received_at, 1)
        return clock.on(day, 11)

    # --- new ---
    signal(
        0,
        9,
        channel=Ch.HOTLINE,
        source=S.SCHOOL,
        urgent=True,
        reporter_name="Классный руководитель 3 «Б», школа № 12",
        reporter_contact="+7 (4812) 61-22-10",
        description="Ребёнок пришёл в школу с синяками, говорит, что дома нет еды второй день. "
        "Мама не отвечает на звонки.",
    )
    signal(
        5,
        11,
        linked=False,
        channel=Ch.PHONE,
        source=S.NEIGHBOURS,
        reporter_name="Соседка, не представилась",
        description="В квартире напротив часто кричит маленький ребёнок, отец выпивает. "
        "Фамилия, кажется, Лаптевы. Подъезд 2, этаж 4.",
        subject_last_name="Лаптева",
        subject_first_name="Светлана",
        address="г. Смоленск, ул. Нормандия-Неман, 27",
    )
    # A known person, named without the patronymic and birth date: the signal page suggests
    # linking her family — the duplicate check at work.
    known = _known_person(families[14:])
    signal(
        1,
        16,
        linked=False,
        channel=Ch.WEB_FORM,
        source=S.FAMILY,
        reporter_name=f"{known.first_name} {known.last_name}" if known else "Крылова Наталья",
        reporter_contact="mama.pishet@example.org",
        description="Одна воспитываю троих детей, младшему 2 года. Нужна помощь с продуктами и "
        "зимней одеждой, не хватает на оплату коммунальных.",
        subject_last_name=known.last_name if known else "Крылова",
        subject_first_name=known.first_name if known else "Наталья",
    )

    # --- first-visit team named ---
    visit(
        signal(
            1,
            10,
            channel=Ch.LETTER,
            source=S.GUARDIANSHIP,
            description="Письмо органа опеки: семья в трудной жизненной ситуации, просят "
            "провести обследование и подключить сопровождение.",
        ),
        n=0,
        ago=-1,
    )
    visit(
        signal(
            2,
            13,
            channel=Ch.PHONE,
            source=S.MEDICAL,
            reporter_name="Участковый педиатр",
            description="Ребёнок 8 месяцев с недобором веса, мама одна, не справляется.",
        ),
        n=1,
        ago=-1,
    )

    # --- visited ---
    visit(
        signal(
            3,
            12,
            channel=Ch.IN_PERSON,
            source=S.FAMILY,
            description="Мама пришла в офис: после пожара живут у родственников, нужны вещи "
            "и помощь с восстановлением документов.",
        ),
        n=0,
        ago=1,
        report=services.VisitReport(
            living_conditions="Семья из 4 человек временно живёт у бабушки в двухкомнатной "
            "квартире. После пожара остались без вещей.",
            needs="Одежда и обувь детям, восстановление документов, временное жильё.",
            risks="Теснота и напряжение в семье бабушки; дети пропускают школу без формы.",
            recommendation="accept",
            recommendation_comment="Мама готова к сотрудничеству.",
        ),
    )
    visit(
        signal(
            4,
            10,
            channel=Ch.MESSENGER,
            source=S.RELATIVES,
            reporter_name="Тётя ребёнка",
            description="Сестра после развода перестала выходить из дома, дети пропускают школу.",
        ),
        n=1,
        ago=2,
    )
    escalated = signal(
        7,
        15,
        channel=Ch.PHONE,
        source=S.POLICE,
        description="ПДН: подросток 14 лет состоит на учёте, мать просит помощи.",
    )
    visit(
        escalated,
        n=0,
        ago=5,
        report="Мать и подросток в конфликте, есть риск ухода из дома. Мнения консилиума "
        "разделились: психолог за сопровождение, куратор считает, что достаточно ПДН.",
    )
    with clock.frozen(next_morning(escalated)):
        services.escalate_signal(
            signal=escalated,
            by=senior1,
            reason="Психолог за сопровождение, будущий куратор против: нужно решение координатора.",
        )

    # --- accepted: the cases demo opens cases from these ---
    accepted = []
    stories = [
        (Ch.PHONE, S.GUARDIANSHIP, "Опека: многодетная семья, риск изъятия из-за условий жилья."),
        (Ch.HOTLINE, S.FAMILY, "Мама троих детей, муж погиб, нужна помощь и поддержка."),
        (Ch.LETTER, S.COMMISSION, "Постановление КДНиЗП: семья в социально опасном положении."),
        (Ch.PHONE, S.SCHOOL, "Школа: дети часто без обеда, зимой без тёплой одежды."),
        (Ch.EMAIL, S.NGO, "Партнёрская НКО передаёт семью, переехавшую из зоны СВО."),
        (Ch.IN_PERSON, S.RELATIVES, "Бабушка-опекун двоих внуков, не справляется одна."),
    ]
    for n, (channel, source, description) in enumerate(stories):
        ago = 9 + 3 * n
        s = signal(ago, 10 + n, channel=channel, source=source, description=description)
        visit(
            s,
            n=n,
            ago=ago - 2,
            report=_accepted_report(s, n, demo.today),
        )
        with clock.frozen(next_morning(s)):
            services.decide_signal(
                signal=s,
                by=senior1,
                decision="accept",
                reason="Соответствует критериям отбора.",
                participants=[curators[n % 2], psychologist],
                criteria_met=_criteria_ids(s),
            )
        accepted.append(s)

    # --- refused and redirected: informed refusals ---
    refused = signal(
        12,
        11,
        channel=Ch.PHONE,
        source=S.FAMILY,
        description="Просят денег на погашение долга по кредиту.",
    )
    visit(
        refused,
        n=1,
        ago=10,
        report=services.VisitReport(
            living_conditions="Своя трёхкомнатная квартира, ремонт, продукты есть.",
            needs="Погасить кредит — фонд этого не делает; консультация юриста о реструктуризации.",
            risks="Риска для детей нет.",
            recommendation="refuse",
            recommendation_comment="Семья справляется сама; нужна юридическая помощь, не "
            "сопровождение.",
        ),
    )
    with clock.frozen(next_morning(refused)):
        services.decide_signal(
            signal=refused,
            by=senior1,
            decision="refuse",
            reason="Фонд не выдаёт деньги и не оплачивает долги. Риска для детей нет. Юридическая "
            "клиника поможет с реструктуризацией долга.",
            participants=[curators[1], psychologist],
            alternatives=_alternatives(agents, refused),
            criteria_met=_criteria_ids(refused, skip=1),
        )
    redirected = signal(
        14,
        9,
        channel=Ch.PHONE,
        source=S.NEIGHBOURS,
        description="Пожилой мужчина живёт один, детей нет, нужна помощь по дому и продукты.",
    )
    with clock.frozen(next_morning(redirected)):
        services.decide_signal(
            signal=redirected,
            by=senior1,
            decision="redirect",
            reason="Детей в семье нет: это не наша целевая группа. Помощь на дому оказывает "
            "центр социального обслуживания.",
            alternatives=_alternatives(agents, redirected),
        )

    # --- Волгоград ---
    volgograd_families = iter(_families_of(demo, volgograd, 2, head2))
    volgograd_stories: tuple[tuple[int, dict[str, Any]], ...] = (
        (
            1,
            {
                "channel": Ch.HOTLINE,
                "source": S.FAMILY,
                "description": "Мама двоих детей просит помочь с продуктами до выплаты пособия.",
            },
        ),
        (
            4,
            {
                "channel": Ch.PHONE,
                "source": S.KINDERGARTEN,
                "description": "Ребёнка трижды не забрали из детского сада вовремя.",
            },
        ),
    )
    for ago, kwargs in volgograd_stories:
        received = clock.at(ago, 12)
        with clock.frozen(clock.cap(received + timedelta(minutes=3))):
            made = services.record_signal(
                by=head2,
                received_at=received,
                family=next(volgograd_families, None),
                **kwargs,
            )
        signals.append(made)
    received = clock.at(6, 10)
    with clock.frozen(clock.cap(received + timedelta(minutes=3))):
        volgograd_redirect = services.record_signal(
            by=head2,
            received_at=received,
            channel=Ch.EMAIL,
            source=S.OTHER,
            description="Просят юридическую консультацию по разделу имущества, дети взрослые.",
            address="г. Волгоград, Дзержинский район",
        )
    with clock.frozen(next_morning(volgograd_redirect)):
        services.decide_signal(
            signal=volgograd_redirect,
            by=head2,
            decision="redirect",
            reason="Нужна юридическая консультация, сопровождение не требуется.",
            alternatives=_alternatives(agents, volgograd_redirect),
        )
    signals.append(volgograd_redirect)

    demo.extra["signals"] = signals
    demo.extra["accepted_signals"] = accepted
    demo.say(f"Сигналы: {len(signals)}, из них взято в работу {len(accepted)}.")
