"""Demo data of the reports app's records part, all through the services:

- staff norms of 2025 and 2026 for the staff of both teams, entered by the team heads and by
  the specialists themselves — most meet the norms, a few fall short (Громов's training in
  2025, Морозова's supervisions, Ковалёва's leave; in 2026 several are still short, and one
  leave is planned for December); this year curator1 typed 40 hours of a seminar instead of
  4 and her team head corrected it, and a supervision she entered twice was deleted by the
  head — both with their reasons in the entry's «История изменений» (the deleted one is
  listed under the year's entries);
- complaints and suggestions of 2025 and 2026, answered in 2 to 15 days, two still open
  (an answered one's history shows who recorded it and who answered, and the answer);
- children leaving shelters and rehabilitation centres: 22 in 2025 (9 returned to their birth
  families) and 19 in 2026 up to today (12 returned), two of them children of demo families.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.people.models import Family, FamilyMembership, FamilyRole, Person
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry
from kurator.reports.services.records import (
    answer_appeal,
    correct_norm_entry,
    delete_norm_entry,
    record_appeal,
    record_norm_entry,
    record_shelter_exit,
)

Kind = StaffNormEntry.Kind
Destination = ShelterExit.Destination

TRAININGS = [
    "Вебинар «Кейс-менеджмент в работе с семьёй»",
    "Курс повышения квалификации «Профилактика социального сиротства»",
    "Семинар по оценке благополучия ребёнка",
    "Тренинг «Мотивационное интервью»",
    "Школа кураторов фонда, модуль 2",
    "Конференция «Семья в центре»",
]
SUPERVISION_NOTE = "Групповая супервизия, супервизор Орлова В. К."


@dataclass(frozen=True)
class Year:
    """A specialist's year: training hours (split into entries), supervisions, leave."""

    training: tuple[int, ...]
    supervisions: int
    leave: tuple[int, ...]


# Who → (2025, 2026). Short of the norms: curator2's training and head1's leave in 2025,
# senior1's supervisions; in 2026 (up to November) curator2, intake1 and curator3 are behind.
PLAN: dict[str, tuple[Year, Year]] = {
    "curator1": (Year((6, 8), 2, (14, 14)), Year((4, 8), 2, (14, 14))),
    "curator2": (Year((6,), 2, (28,)), Year((4, 4), 1, (14,))),
    "psychologist1": (Year((8, 8), 3, (14, 14)), Year((6, 6), 2, (28,))),
    "senior1": (Year((12,), 1, (14, 14)), Year((10,), 2, (21, 7))),
    "head1": (Year((16,), 2, (21,)), Year((8, 4), 2, (14, 14))),
    "intake1": (Year((4, 6), 2, (28,)), Year((6,), 2, (14,))),
    "head2": (Year((10,), 2, (28,)), Year((12,), 2, (14, 14))),
    "curator3": (Year((8, 4), 2, (14, 14)), Year((4,), 1, (28,))),
}
HEADS = {"Смоленск": "head1", "Волгоград": "head2"}


def build(demo: DemoContext) -> None:
    entries = _norms(demo)
    appeals = _appeals(demo)
    exits = _shelter_exits(demo)
    demo.say(
        f"Нормы специалистов: {entries} записей за 2025–2026 годы; жалоб и предложений "
        f"{appeals}; выбытий детей из учреждений {exits}."
    )


def _head_of(demo: DemoContext, user: User) -> User:
    for team_name, head in HEADS.items():
        team = demo.teams.get(team_name)
        if team is not None and team.pk == user.team_id and head in demo.users:
            return demo.users[head]
    return user


def _norms(demo: DemoContext) -> int:
    count = 0
    for username, years in PLAN.items():
        user = demo.users.get(username)
        if user is None:
            continue
        head = _head_of(demo, user)
        for year, plan in zip((2025, 2026), years, strict=True):
            if year > demo.today.year:
                continue
            count += _year(demo, user, head, year, plan)
    return count + _corrections(demo)


def _corrections(demo: DemoContext) -> int:
    """A typo corrected and a double entry deleted by the team head, each with its reason:
    the norms page then shows an entry's history with the old and new hours, and a deleted
    entry's (the specialist still meets the norms: the corrected seminar adds 4 hours)."""
    curator, head = demo.users.get("curator1"), demo.users.get("head1")
    if curator is None or head is None:
        return 0
    year = demo.today.year
    typo = record_norm_entry(
        specialist=curator,
        kind=Kind.TRAINING,
        started_on=_on(demo, year, 10, 2),
        amount=Decimal(40),
        note="Семинар «Подросток в кризисе»",
        by=curator,
    )
    correct_norm_entry(
        entry=typo,
        kind=typo.kind,
        started_on=typo.started_on,
        amount=Decimal(4),
        note=typo.note,
        reason="Опечатка: семинар шёл 4 часа, не 40",
        by=head,
    )
    twice = record_norm_entry(
        specialist=curator,
        kind=Kind.SUPERVISION,
        started_on=_on(demo, year, 2, 20),
        amount=Decimal(1),
        note=SUPERVISION_NOTE,
        by=curator,
    )
    delete_norm_entry(entry=twice, by=head, reason="Внесено дважды")
    return 1


def _on(demo: DemoContext, year: int, month: int, day: int) -> date:
    """A date of the plan; this year's are moved back before today (not later)."""
    wanted = date(year, month, day)
    if year == demo.today.year and wanted > demo.today:
        return demo.today - timedelta(days=3 + (month + day) % 20)
    return wanted


def _year(demo: DemoContext, user: User, head: User, year: int, plan: Year) -> int:
    count = 0
    for n, hours in enumerate(plan.training):
        record_norm_entry(
            specialist=user,
            kind=Kind.TRAINING,
            started_on=_on(demo, year, 3 + 4 * n, 12 + n),
            amount=Decimal(hours),
            note=TRAININGS[(user.pk + n + year) % len(TRAININGS)],
            by=user if n % 2 else head,
        )
        count += 1
    for n in range(plan.supervisions):
        record_norm_entry(
            specialist=user,
            kind=Kind.SUPERVISION,
            started_on=_on(demo, year, 2 + 5 * n, 20),
            amount=Decimal(1),
            note=SUPERVISION_NOTE,
            by=head,
        )
        count += 1
    for n, days in enumerate(plan.leave):
        # The second part of this year's leave is planned for December.
        started = date(year, 12, 14) if n == 1 else _on(demo, year, 7, 1 + 10 * (user.pk % 2))
        record_norm_entry(
            specialist=user,
            kind=Kind.LEAVE,
            started_on=started,
            amount=Decimal(days),
            note="Ежегодный оплачиваемый отпуск",
            by=head,
        )
        count += 1
    return count


# --- appeals -----------------------------------------------------------------------------------

# (kind, days before today it came, author, text, days to answer or None, answer, who)
APPEALS = [
    (
        Appeal.Kind.COMPLAINT,
        420,
        "Мать семьи, г. Смоленск",
        "Куратор дважды переносила встречу, о переносе сообщили в последний момент.",
        7,
        "Провели беседу с куратором, график встреч согласован с семьёй заранее на месяц.",
        "head1",
    ),
    (
        Appeal.Kind.SUGGESTION,
        380,
        "Волонтёр фонда",
        "Сделать общий чат волонтёров, развозящих продуктовые наборы, чтобы не дублировать "
        "поездки.",
        3,
        "Чат создан, координатор — старший куратор команды.",
        "director",
    ),
    (
        Appeal.Kind.COMPLAINT,
        200,
        "Бабушка ребёнка, г. Волжский",
        "Не получили обещанный обогреватель в срок.",
        15,
        "Обогреватель доставлен, поставщик сменён. Семье принесены извинения.",
        "head2",
    ),
    (
        Appeal.Kind.SUGGESTION,
        120,
        "Специалист органа опеки",
        "Приглашать специалиста опеки на квартальные встречи рабочей группы по семьям в СОП.",
        10,
        "Согласовано: приглашение направляется вместе с повесткой встречи.",
        "director",
    ),
    (
        Appeal.Kind.COMPLAINT,
        60,
        "Отец семьи",
        "Психолог не пришёл на консультацию ребёнка.",
        2,
        "Консультация проведена на следующий день; введено напоминание о встречах.",
        "head1",
    ),
    (
        Appeal.Kind.SUGGESTION,
        25,
        "Родители, анкета обратной связи",
        "Проводить консультации юриста по вечерам.",
        6,
        "С декабря — вечерние консультации юриста по четвергам.",
        "head1",
    ),
    (
        Appeal.Kind.COMPLAINT,
        6,
        "Анонимно, через сайт",
        "Долго не отвечают на звонки на горячую линию по выходным.",
        None,
        "",
        "director",
    ),
    (
        Appeal.Kind.SUGGESTION,
        2,
        "Приёмная мама, г. Волгоград",
        "Организовать группу поддержки для замещающих семей.",
        None,
        "",
        "head2",
    ),
]


def _appeals(demo: DemoContext) -> int:
    count = 0
    cases: list[Case] = list(demo.extra.get("cases") or [])
    for n, (kind, ago, author, text, answer_days, answer, who) in enumerate(APPEALS):
        by = demo.users.get(who)
        if by is None:
            continue
        received = demo.today - timedelta(days=ago)
        # The psychologist's missed consultation concerns a demo case of Смоленск.
        case = next(
            (c for c in cases if n == 4 and c.team_id == by.team_id),
            None,
        )
        appeal = record_appeal(
            kind=kind, received_on=received, author=author, text=text, case=case, by=by
        )
        if answer_days is not None:
            answer_appeal(
                appeal=appeal,
                answered_on=received + timedelta(days=answer_days),
                answer=answer,
                by=by,
            )
        count += 1
    return count


# --- shelter exits -----------------------------------------------------------------------------

SHELTERS = {
    "Смоленск": [
        "ОГКУ СРЦН «Радуга» (г. Смоленск)",
        "СОГБУ «Вяземский СРЦН «Журавушка»",
        "Социальный приют для детей и подростков, г. Сафоново",
    ],
    "Волгоград": [
        "ГКУ СО «Волгоградский СРЦ для несовершеннолетних»",
        "ГКУ СО «Волжский СРЦ «Гармония»",
    ],
}
# Per year: returned to birth families, and the others (substitute family, another
# institution, other) — 2025: 9 of 22; 2026: 12 of 19.
EXITS = {
    2025: (9, (8, 4, 1)),
    2026: (12, (5, 1, 1)),
}


def _shelter_exits(demo: DemoContext) -> int:
    heads = [demo.users[h] for h in HEADS.values() if h in demo.users]
    if not heads:
        return 0
    children = _demo_children(demo, heads[0])
    count = 0
    for year, (birth, others) in EXITS.items():
        if year > demo.today.year:
            continue
        destinations: list[str] = [Destination.BIRTH_FAMILY] * birth
        for kind, number in zip(
            (Destination.SUBSTITUTE_FAMILY, Destination.INSTITUTION, Destination.OTHER),
            others,
            strict=True,
        ):
            destinations += [kind] * number
        last = date(year, 12, 20) if year < demo.today.year else demo.today - timedelta(days=5)
        step = max((last - date(year, 1, 10)).days // len(destinations), 1)
        for n, destination in enumerate(_interleave(destinations)):
            head = heads[n % len(heads)]
            team_name = next((t for t, h in HEADS.items() if demo.users.get(h) == head), "")
            shelters = SHELTERS.get(team_name) or ["Социальный приют"]
            child: Person | None = None
            family: Family | None = None
            named = year == demo.today.year and destination == Destination.BIRTH_FAMILY
            if named and children and head == heads[0]:
                child, family = children.pop()
            record_shelter_exit(
                shelter=shelters[n % len(shelters)],
                left_on=date(year, 1, 10) + timedelta(days=n * step),
                destination=destination,
                child=child,
                family=family,
                note=(
                    "Возвращён в семью после восстановления условий проживания."
                    if destination == Destination.BIRTH_FAMILY and n % 3 == 0
                    else ""
                ),
                by=head,
            )
            count += 1
    return count


def _interleave(destinations: list[str]) -> list[str]:
    """Spread the destinations over the year (every other from the front and the back)."""
    result: list[str] = []
    front, back = 0, len(destinations) - 1
    while front <= back:
        result.append(destinations[front])
        if front != back:
            result.append(destinations[back])
        front, back = front + 1, back - 1
    return result


def _demo_children(demo: DemoContext, head: User) -> list[tuple[Person, Family]]:
    """Two children of the head's team's demo families (for the exits that name a child)."""
    families = (demo.extra.get("families_by_team") or {}).get("Смоленск") or []
    found: list[tuple[Person, Family]] = []
    for family in families[:6]:
        membership = (
            FamilyMembership.objects.filter(family=family, role=FamilyRole.CHILD)
            .select_related("person")
            .first()
        )
        if membership is not None and family.team_id == head.team_id:
            found.append((membership.person, family))
        if len(found) == 2:
            break
    return found
