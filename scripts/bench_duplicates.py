"""How fast is the duplicate check with many persons? (target: 200 ms per call)

    .venv/bin/python scripts/bench_duplicates.py [--persons 100000] [--queries 50] [--keep]

Uses ``DATABASE_URL`` when set (PostgreSQL: a separate database ``kurator_bench`` is created
beside the configured one and dropped afterwards), otherwise a temporary SQLite file. Builds
the data deterministically with ``bulk_create`` — families of 1–6 persons with realistic
Russian names (a few very common surnames, a long tail of rarer ones), birth dates over
eighty years, a case for every eighth family — then runs ``--queries`` varied look-ups
(exact, lower case, ё/е, one typo in the surname or first name, names swapped, patronymic
missing, with and without the birth date, unknown people) for an intake operator (the whole
organisation) and a curator (her team only), and prints p50/p95/max in milliseconds, the
number of SQL queries per call, and how often the person looked for came out first.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMON_SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
    "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
    "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
    "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв",
    "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов",
    "Пономарёв", "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв",
    "Овчинников", "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров",
    "Емельянов", "Никифоров", "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов", "Громов",
    "Кириллов", "Малышев", "Панов", "Моисеев", "Румянцев", "Акимов", "Кондратьев", "Бирюков",
    "Горбунов", "Анисимов", "Ерёмин", "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов",
    "Юдин", "Белоусов", "Нестеров", "Симонов", "Прокофьев", "Харитонов", "Князев", "Цветков",
    "Левин", "Митрофанов", "Воронов", "Аксёнов", "Софронов", "Мальцев", "Логинов", "Горшков",
    "Савин", "Краснов", "Майоров", "Демидов", "Елисеев", "Рыбаков", "Сафонов", "Плотников",
    "Ткаченко", "Шевченко", "Бондаренко", "Кравченко", "Коваленко", "Шевчук", "Полищук",
    "Ким", "Ли", "Пак", "Цой", "Лях", "Гладких", "Долгих", "Седых", "Черных",
    "Высоцкий", "Успенский", "Вознесенский", "Покровский", "Троицкий", "Рождественский",
    "Толстой", "Трубецкой", "Горный", "Садовый",
]  # fmt: skip
# Roots and endings for the long tail of rarer surnames.
ROOTS = [
    "Бел", "Бор", "Вет", "Вих", "Глад", "Горн", "Гриб", "Дуб", "Жар", "Зим", "Иль", "Кал",
    "Кедр", "Клен", "Кос", "Крут", "Лап", "Лис", "Луг", "Мак", "Мал", "Мох", "Нес", "Обл",
    "Ог", "Пес", "Пил", "Пух", "Рож", "Рус", "Сал", "Сев", "Сит", "Снег", "Сок", "Стр",
    "Суш", "Тал", "Тес", "Тол", "Тур", "Уш", "Хол", "Цар", "Чай", "Чуд", "Шад", "Шум",
    "Щег", "Юр", "Яр", "Верх", "Кур", "Дроб", "Пан", "Рог", "Сем", "Буб", "Гал", "Дер",
]  # fmt: skip
MIDDLES = ["", "ан", "ен", "уш", "ич", "ал", "ор", "ин", "ук", "ес", "ят", "ог"]
ENDINGS = ["ов", "ев", "ин", "ский", "енко", "ук", "ых", "ёв", "ник", "ец"]

MALE_NAMES = [
    ("Александр", "Александрович", "Александровна"), ("Алексей", "Алексеевич", "Алексеевна"),
    ("Андрей", "Андреевич", "Андреевна"), ("Антон", "Антонович", "Антоновна"),
    ("Артём", "Артёмович", "Артёмовна"), ("Борис", "Борисович", "Борисовна"),
    ("Вадим", "Вадимович", "Вадимовна"), ("Василий", "Васильевич", "Васильевна"),
    ("Виктор", "Викторович", "Викторовна"), ("Владимир", "Владимирович", "Владимировна"),
    ("Владислав", "Владиславович", "Владиславовна"), ("Геннадий", "Геннадьевич", "Геннадьевна"),
    ("Григорий", "Григорьевич", "Григорьевна"), ("Денис", "Денисович", "Денисовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"), ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Егор", "Егорович", "Егоровна"), ("Иван", "Иванович", "Ивановна"),
    ("Игорь", "Игоревич", "Игоревна"), ("Илья", "Ильич", "Ильинична"),
    ("Кирилл", "Кириллович", "Кирилловна"), ("Константин", "Константинович", "Константиновна"),
    ("Максим", "Максимович", "Максимовна"), ("Матвей", "Матвеевич", "Матвеевна"),
    ("Михаил", "Михайлович", "Михайловна"), ("Никита", "Никитич", "Никитична"),
    ("Николай", "Николаевич", "Николаевна"), ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"), ("Пётр", "Петрович", "Петровна"),
    ("Роман", "Романович", "Романовна"), ("Сергей", "Сергеевич", "Сергеевна"),
    ("Степан", "Степанович", "Степановна"), ("Тимофей", "Тимофеевич", "Тимофеевна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"), ("Юрий", "Юрьевич", "Юрьевна"),
    ("Ярослав", "Ярославович", "Ярославовна"), ("Руслан", "Русланович", "Руслановна"),
]  # fmt: skip
FEMALE_NAMES = [
    "Анастасия", "Анна", "Алёна", "Алина", "Валентина", "Валерия", "Вера", "Виктория",
    "Галина", "Дарья", "Диана", "Ева", "Екатерина", "Елена", "Елизавета", "Жанна",
    "Зоя", "Инна", "Ирина", "Кристина", "Ксения", "Лариса", "Любовь", "Людмила",
    "Маргарита", "Марина", "Мария", "Надежда", "Наталья", "Нина", "Оксана", "Ольга",
    "Полина", "Светлана", "София", "Таисия", "Татьяна", "Ульяна", "Юлия", "Яна",
]  # fmt: skip
TYPO_LETTERS = "абвгдежзийклмнопрстуфхцчшщыьэюя"


def female_surname(male: str) -> str:
    """«Иванов» → «Иванова», «Высоцкий» → «Высоцкая», «Толстой» → «Толстая»."""
    for ending, female in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая")):
        if male.endswith(ending):
            return male[: -len(ending)] + female
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male  # Ткаченко, Шевчук, Ким, Седых …


def normalise(value: str) -> str:
    return " ".join(value.replace("ё", "е").replace("Ё", "Е").lower().split())


def make_surname_pool(rng: random.Random) -> list[str]:
    tail = sorted({r + m + e for r in ROOTS for m in MIDDLES for e in ENDINGS})
    rng.shuffle(tail)
    return tail


def pick_surname(rng: random.Random, tail: list[str]) -> str:
    # A few surnames are very common (Zipf over the common list), most are rare.
    # Weights 1/(rank + 10) put ~2% of everyone under the commonest surname, as in Russia.
    if rng.random() < 0.55:
        return rng.choices(COMMON_SURNAMES, cum_weights=COMMON_WEIGHTS)[0]
    return tail[rng.randrange(len(tail))]


COMMON_WEIGHTS = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(COMMON_SURNAMES))))


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


# --- data --------------------------------------------------------------------------------


def build_data(n_persons: int, seed: int) -> dict[str, Any]:
    from kurator.accounts.roles import RoleCode
    from kurator.accounts.services import create_organisation, create_team, create_user
    from kurator.cases.models import Case
    from kurator.people.models import Family, FamilyMembership, Person

    rng = random.Random(seed)
    today = date(2026, 6, 1)
    org = create_organisation(name="БФ «Бенчмарк»")
    teams = [create_team(organisation=org, name=n) for n in ("Смоленск", "Волгоград")]
    intake = create_user(
        username="bench_intake", password=None, organisation=org, team=teams[0],
        roles=[RoleCode.INTAKE_OPERATOR], last_name="Зайцева", first_name="Мария",
    )  # fmt: skip
    curator = create_user(
        username="bench_curator", password=None, organisation=org, team=teams[0],
        roles=[RoleCode.CURATOR], last_name="Белова", first_name="Ольга",
    )  # fmt: skip
    tail = make_surname_pool(rng)

    persons: list[Person] = []
    family_members: list[list[tuple[int, str]]] = []  # per family: (person index, role)
    families: list[Family] = []
    while len(persons) < n_persons:
        surname = pick_surname(rng, tail)
        team = teams[0] if rng.random() < 0.7 else teams[1]
        families.append(
            Family(
                organisation=org, team=team, name=female_surname(surname) + "ы"
                if surname.endswith(("ов", "ев", "ёв", "ин")) else surname,
                address=f"г. Смоленск, ул. Тестовая, {rng.randint(1, 200)}",
                search_address="", distance_km=rng.randint(0, 160),
            )
        )  # fmt: skip
        members: list[tuple[int, str]] = []
        father_name, patronymic_m, patronymic_f = rng.choice(MALE_NAMES)
        mother_birth = random_date(rng, date(1955, 1, 1), date(2004, 1, 1))
        adults = rng.choice([1, 2, 2, 2])
        if adults == 2 or rng.random() < 0.3:  # the father
            persons.append(
                make_person(org, surname, father_name, rng.choice(MALE_NAMES)[1], "M",
                            mother_birth - timedelta(days=rng.randint(-1500, 3000)))
            )  # fmt: skip
            members.append((len(persons) - 1, "parent"))
        persons.append(
            make_person(org, female_surname(surname), rng.choice(FEMALE_NAMES),
                        rng.choice(MALE_NAMES)[2], "F", mother_birth)
        )  # fmt: skip
        members.append((len(persons) - 1, "parent"))
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            earliest = max(
                mother_birth + timedelta(days=18 * 365), today - timedelta(days=17 * 365)
            )
            if earliest >= today:
                break
            birth = random_date(rng, earliest, today)
            if rng.random() < 0.5:
                first, middle, sex, last = rng.choice(MALE_NAMES)[0], patronymic_m, "M", surname
            else:
                first, middle, sex, last = (
                    rng.choice(FEMALE_NAMES),
                    patronymic_f,
                    "F",
                    female_surname(surname),
                )
            persons.append(make_person(org, last, first, middle, sex, birth))
            members.append((len(persons) - 1, "child"))
        family_members.append(members)

    Family.objects.bulk_create(families, batch_size=2000)
    Person.objects.bulk_create(persons, batch_size=2000)
    memberships = [
        FamilyMembership(family=families[f], person=persons[i], role=role)
        for f, members in enumerate(family_members)
        for i, role in members
    ]
    FamilyMembership.objects.bulk_create(memberships, batch_size=5000)
    opened = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    cases = [
        Case(
            organisation=org, team=family.team, family=family, curator=curator,
            status=rng.choice(["open", "open", "closed", "post_support"]), opened_at=opened,
        )
        for family in families[::8]
    ]  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=2000)
    return {"intake": intake, "curator": curator, "persons": len(persons), "seed": seed}


def make_person(org: Any, last: str, first: str, middle: str, sex: str, birth: date) -> Any:
    from kurator.people.models import Person

    return Person(
        organisation=org, last_name=last, first_name=first, middle_name=middle, sex=sex,
        birth_date=birth, search_last=normalise(last), search_first=normalise(first),
        search_middle=normalise(middle),
    )  # fmt: skip


# --- queries -----------------------------------------------------------------------------


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word)) if len(word) > 1 else 0
    kind = rng.choice(["insert", "delete", "substitute", "transpose"])
    if kind == "insert":
        return word[:i] + rng.choice(TYPO_LETTERS) + word[i:]
    if kind == "delete" and len(word) > 2:
        return word[:i] + word[i + 1 :]
    if kind == "transpose" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letters = [c for c in TYPO_LETTERS if c != word[i]]
    return word[:i] + rng.choice(letters) + word[i + 1 :]


def make_queries(n: int, seed: int, persons: list[Any]) -> list[tuple[str, dict[str, Any], int]]:
    rng = random.Random(seed + 1)
    kinds = [
        "exact", "lower", "yo", "typo_last", "typo_first", "swapped", "no_middle",
        "no_birth", "typo_no_birth", "unknown",
    ]  # fmt: skip
    queries = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        p = rng.choice(persons)
        q = {
            "last_name": p.last_name,
            "first_name": p.first_name,
            "middle_name": p.middle_name,
            "birth_date": p.birth_date,
        }
        if kind == "lower":
            q = {k: v.lower() if isinstance(v, str) else v for k, v in q.items()}
        elif kind == "yo":
            q["last_name"] = q["last_name"].replace("е", "ё", 1)
            q["first_name"] = q["first_name"].replace("ё", "е")
        elif kind == "typo_last":
            q["last_name"] = typo(rng, q["last_name"])
        elif kind == "typo_first":
            q["first_name"] = typo(rng, q["first_name"])
        elif kind == "swapped":
            q["last_name"], q["first_name"] = q["first_name"], q["last_name"]
        elif kind == "no_middle":
            q["middle_name"] = ""
        elif kind == "no_birth":
            q["birth_date"] = None
        elif kind == "typo_no_birth":
            q["last_name"] = typo(rng, q["last_name"])
            q["birth_date"] = None
        elif kind == "unknown":
            q = {
                "last_name": "Неизвестнова",
                "first_name": rng.choice(["Ефросинья", "Аграфена", "Пелагея"]),
                "middle_name": "Харлампиевна",
                "birth_date": date(1931, 2, 29 - 1),
            }
        queries.append((kind, q, p.pk if kind != "unknown" else 0))
    return queries


def run(user: Any, queries: list[tuple[str, dict[str, Any], int]]) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kurator import access
    from kurator.people.duplicates import find_duplicates

    # Recall counts only the persons this user may find at all.
    findable = set(
        access.persons_searchable_for_duplicates(user)
        .filter(pk__in=[pk for _k, _q, pk in queries if pk])
        .values_list("pk", flat=True)
    )

    for _kind, q, _pk in queries[:5]:  # warm the caches and the connection
        find_duplicates(user=user, **q)
    timings, query_counts, first_hits, found, expected = [], [], 0, 0, 0
    for _kind, q, pk in queries:
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            matches = find_duplicates(user=user, **q)
            timings.append((time.perf_counter() - start) * 1000)
        query_counts.append(len(ctx.captured_queries))
        if pk in findable:
            ids = [m.person.pk for m in matches]
            expected += 1
            found += pk in ids
            first_hits += bool(ids) and ids[0] == pk
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[max(0, int(len(timings) * 0.95) - 1)],
        "max": timings[-1],
        "queries": sorted(set(query_counts)),
        "found": (found, expected),
        "first": (first_hits, expected),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    args = parser.parse_args()

    tmpdir = None
    if not os.environ.get("DATABASE_URL"):
        tmpdir = Path(tempfile.mkdtemp(prefix="kurator-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir / 'bench.sqlite3'}"
    os.environ.setdefault("KURATOR_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurator.settings")
    try:
        bench(args)
    finally:
        if tmpdir is not None and not args.keep:
            shutil.rmtree(tmpdir, ignore_errors=True)


def bench(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connection

    settings_dict = connection.settings_dict
    vendor = connection.vendor
    if vendor == "postgresql":
        settings_dict["TEST"].update(NAME="kurator_bench")
    else:  # beside the configured file, never the file itself
        settings_dict["TEST"].update(NAME=str(Path(settings_dict["NAME"]).with_suffix(".bench")))
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        from kurator.accounts.models import User
        from kurator.people.models import Person

        started = time.perf_counter()
        if args.keep and Person.objects.exists():
            data = {
                "intake": User.objects.get(username="bench_intake"),
                "curator": User.objects.get(username="bench_curator"),
                "persons": Person.objects.count(),
            }
            print(f"{vendor}: reusing {data['persons']} persons")
        else:
            data = build_data(args.persons, args.seed)
            print(
                f"{vendor}: built {data['persons']} persons in "
                f"{time.perf_counter() - started:.1f} s"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        sample = list(Person.objects.order_by("pk")[:: max(1, data["persons"] // 2000)])
        queries = make_queries(args.queries, args.seed, sample)
        for label, key in (
            ("intake operator, organisation", "intake"),
            ("curator, team", "curator"),
        ):
            r = run(data[key], queries)
            print(
                f"  {label:<31} p50 {r['p50']:6.1f} ms   p95 {r['p95']:6.1f} ms   "
                f"max {r['max']:6.1f} ms   SQL queries/call {r['queries']}   "
                f"found {r['found'][0]}/{r['found'][1]}, first {r['first'][0]}/{r['first'][1]}"
            )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
