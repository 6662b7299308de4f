"""The demo's hotline journal (see kurator/core/demo.py): a month of calls.

Every working day of the last month intake1 (team «Смоленск») takes three to seven calls and
the head of «Волгоград» one or two: mostly consultations, some callers sent on to another
service (which one is written down), a few complaints. Two calls became signals with the one
click «Создать сигнал»; the last call of today is still to be filled in (a telephony system
posted it bare). The same month a year ago has fewer calls, so the report's «год назад»
column is not empty. Everything goes through ``hotline.services``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kurator.accounts.models import User
from kurator.core import workdays
from kurator.core.demo import DemoContext
from kurator.intake.hotline import services
from kurator.intake.hotline.models import HotlineCall

C, T, R = HotlineCall.CallerKind, HotlineCall.Topic, HotlineCall.Outcome

# (caller, topic, what was said, outcome, where to) — the month's repertoire.
CALLS: list[tuple[str, str, str, str, str]] = [
    (
        C.PARENT,
        T.BENEFITS,
        "Спрашивала, как оформить единое пособие на троих детей.",
        R.CONSULTATION,
        "",
    ),
    (
        C.PARENT,
        T.MATERIAL_AID,
        "Нужна зимняя одежда для двоих сыновей 7 и 10 лет.",
        R.CONSULTATION,
        "",
    ),
    (
        C.RELATIVE,
        T.LEGAL,
        "Бабушка хочет оформить опеку над внучкой, спрашивала документы.",
        R.REDIRECTED,
        "Отдел опеки и попечительства Смоленского района",
    ),
    (
        C.SELF,
        T.PSYCHOLOGICAL,
        "Девочка 15 лет: ссоры с мамой, не хочет жить дома.",
        R.CONSULTATION,
        "",
    ),
    (
        C.SCHOOL,
        T.EDUCATION,
        "Классный руководитель: ученик 3-го класса третью неделю не ходит в школу.",
        R.CONSULTATION,
        "",
    ),
    (
        C.PARENT,
        T.HOUSING,
        "Протекает крыша, управляющая компания не отвечает.",
        R.REDIRECTED,
        "Государственная жилищная инспекция, горячая линия",
    ),
    (
        C.NEIGHBOUR,
        T.PARENTING,
        "Соседка жалуется, что за стеной кричат на детей по вечерам.",
        R.CONSULTATION,
        "",
    ),
    (
        C.PARENT,
        T.HEALTH,
        "Ребёнку нужна консультация невролога, очередь на два месяца.",
        R.REDIRECTED,
        "Областная детская поликлиника, запись через регистратуру",
    ),
    (
        C.AGENCY,
        T.ONGOING_CASE,
        "Специалист опеки уточняла дату совместного выезда к семье.",
        R.CONSULTATION,
        "",
    ),
    (
        C.PARENT,
        T.BENEFITS,
        "Мама-одиночка: не пришла выплата за прошлый месяц.",
        R.REDIRECTED,
        "МФЦ «Мои документы», окно социальных выплат",
    ),
    (
        C.ANONYMOUS,
        T.OTHER,
        "Спрашивали, чем занимается фонд и как к нам попасть.",
        R.CONSULTATION,
        "",
    ),
    (
        C.PARENT,
        T.MATERIAL_AID,
        "Просит продуктовый набор до зарплаты, в семье четверо детей.",
        R.CONSULTATION,
        "",
    ),
    (C.PARENT, T.OTHER, "Недовольна, что куратор две недели не перезванивает.", R.COMPLAINT, ""),
    (
        C.RELATIVE,
        T.LEGAL,
        "Отец спрашивал, как восстановиться в родительских правах.",
        R.REDIRECTED,
        "Бесплатная юридическая помощь при областной коллегии адвокатов",
    ),
    (
        C.MEDICAL,
        T.HEALTH,
        "Медсестра участка: мама с младенцем отказывается от патронажа.",
        R.CONSULTATION,
        "",
    ),
    (
        C.SELF,
        T.OTHER,
        "Мужчина ищет работу, чтобы платить алименты.",
        R.REDIRECTED,
        "Центр занятости населения, отдел трудоустройства",
    ),
]

# Two calls that became signals with the one click (caller, topic, summary, name, phone).
TO_SIGNALS: list[tuple[str, str, str, str, str]] = [
    (
        C.NEIGHBOUR,
        T.CHILD_SAFETY,
        "Соседи: в квартире напротив двое малышей, мать третий день не появляется, дети "
        "плачут, дверь не открывают.",
        "Светлана",
        "+7 910 444-21-07",
    ),
    (
        C.PARENT,
        T.MATERIAL_AID,
        "Многодетная мама из Починка: после пожара в доме нет мебели и детских вещей, "
        "просит помощи и совета, куда обращаться.",
        "Ольга Игоревна",
        "+7 915 300-82-14",
    ),
]


def _moment(day: date, minutes: int, now: datetime) -> datetime:
    at = timezone.make_aware(datetime.combine(day, time(9, 0)) + timedelta(minutes=minutes))
    return min(at, now - timedelta(minutes=10))


def _month(
    demo: DemoContext,
    operator: User,
    days: list[date],
    per_day: tuple[int, int],
    now: datetime,
) -> int:
    made = 0
    for day in days:
        for n in range(demo.rng.randint(*per_day)):
            caller, topic, summary, outcome, where = demo.rng.choice(CALLS)
            services.record_call(
                by=operator,
                direction=HotlineCall.Direction.OUTGOING
                if demo.rng.random() < 0.15
                else HotlineCall.Direction.INCOMING,
                started_at=_moment(day, 40 * n + demo.rng.randint(0, 30), now),
                duration_seconds=demo.rng.randint(2, 18) * 60 + demo.rng.randint(0, 59),
                caller_kind=caller,
                topic=topic,
                summary=summary,
                outcome=outcome,
                redirected_to=where,
            )
            made += 1
    return made


def build(demo: DemoContext) -> None:
    intake1, head2 = demo.users["intake1"], demo.users["head2"]
    now = timezone.now()
    today = demo.today
    month = [workdays.add_working_days(today, -n) for n in range(21, 0, -1)]
    year_ago = [
        day.replace(year=day.year - 1) for day in month if not (day.month == 2 and day.day == 29)
    ]
    made = _month(demo, intake1, month, (3, 7), now)
    made += _month(demo, head2, month, (1, 2), now)
    made += _month(demo, intake1, year_ago, (1, 4), now)
    signals = []
    for n, (caller, topic, summary, name, phone) in enumerate(TO_SIGNALS):
        call = services.record_call(
            by=intake1,
            direction=HotlineCall.Direction.INCOMING,
            started_at=_moment(month[-1 - n], 300, now),
            duration_seconds=11 * 60 + 20,
            caller_kind=caller,
            caller_name=name,
            caller_phone=phone,
            topic=topic,
            summary=summary,
        )
        signals.append(services.create_signal_from_call(call=call, by=intake1))
    # Posted by the telephony system a few minutes ago, not filled in yet.
    services.record_call(
        by=intake1,
        direction=HotlineCall.Direction.INCOMING,
        started_at=min(
            timezone.make_aware(datetime.combine(today, time(10, 5))), now - timedelta(minutes=7)
        ),
        duration_seconds=245,
        caller_phone="+7 920 111-45-67",
        external_id="demo-pbx-000145",
    )
    made += len(TO_SIGNALS) + 1
    demo.extra["hotline_signals"] = signals
    demo.say(
        f"Горячая линия: звонков — {made} (месяц и тот же месяц год назад), по двум созданы "
        f"сигналы (№{signals[0].pk}, №{signals[1].pk}), один ждёт заполнения."
    )
