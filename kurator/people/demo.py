"""Demo families (see kurator/core/demo.py): about forty households of the two teams.

Team «Смоленск» has thirty families in the city (3–15 km from the office) and across the
region — Кардымово, Починок, Ярцево, Ельня, Сафоново, Рославль, Десногорск, Вязьма,
Гагарин — so that all three distance bands of the complexity score occur (≤ 80, ≤ 110,
> 110 km). Team «Волгоград» has ten in Volgograd, Volzhsky, Gorodishche and Srednyaya Akhtuba.
Households are complete families, single mothers, large families and grandmothers raising
grandchildren as guardians; children are 0 to 17 on ``demo.today``. A few relations are
recorded, and one pair of families is linked (a grandmother-guardian's household and the
children's birth mother). Everything is made through the services, by «intake1» for
Smolensk and «curator3» for Volgograd, from ``demo.rng`` — the same seed gives the same world.

Left for later steps: ``demo.extra["families"]`` (all, in creation order) and
``demo.extra["families_by_team"]`` (team name → list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from kurator.accounts.models import Team, User
from kurator.core.demo import DemoContext
from kurator.people.models import Family, FamilyRole, Person, PersonRelation, Sex
from kurator.people.services import create_family, create_person, link_families, relate_persons

# (first name, patronymic of his son, of his daughter)
MALE_NAMES = [
    ("Александр", "Александрович", "Александровна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Артём", "Артёмович", "Артёмовна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Денис", "Денисович", "Денисовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Илья", "Ильич", "Ильинична"),
    ("Максим", "Максимович", "Максимовна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"),
    ("Пётр", "Петрович", "Петровна"),
    ("Роман", "Романович", "Романовна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
]
WOMEN = [
    "Анастасия", "Анна", "Алёна", "Валентина", "Вера", "Галина", "Дарья", "Екатерина",
    "Елена", "Ирина", "Кристина", "Ксения", "Людмила", "Марина", "Мария", "Надежда",
    "Наталья", "Ольга", "Оксана", "Светлана", "Татьяна", "Юлия",
]  # fmt: skip
GRANDMOTHERS = ["Валентина", "Галина", "Зинаида", "Людмила", "Нина", "Тамара", "Раиса"]
BOYS = [
    "Артём", "Богдан", "Владислав", "Глеб", "Даниил", "Егор", "Захар", "Иван", "Кирилл",
    "Лев", "Макар", "Матвей", "Никита", "Тимофей", "Фёдор", "Ярослав", "Михаил", "Савелий",
]  # fmt: skip
GIRLS = [
    "Алиса", "Алёна", "Варвара", "Вероника", "Дарья", "Ева", "Злата", "Кира", "Ксения",
    "Милана", "Полина", "Софья", "Таисия", "Ульяна", "Василиса", "Арина", "Мария", "Есения",
]  # fmt: skip

# Household shapes: F — mother and father; M — single mother; L — large family (4+ kids);
# G — grandmother raising grandchildren as their guardian; T — mother, grandmother, kids.
SMOLENSK = [
    # surname (masculine), address, km by road to the office (ул. Ленина, 12)
    ("Иванов", "г. Смоленск, ул. Николаева, д. 12, кв. 45", 4, "F"),
    ("Семёнов", "г. Смоленск, ул. Кирова, д. 22, кв. 14", 5, "M"),
    ("Кузнецов", "г. Смоленск, пр. Гагарина, д. 40, кв. 7", 6, "L"),
    ("Соколов", "г. Смоленск, ул. Шевченко, д. 77, кв. 102", 8, "G"),
    ("Соколов", "г. Смоленск, ул. Попова, д. 15, кв. 3", 7, "M"),
    ("Фёдоров", "г. Смоленск, ул. Рыленкова, д. 54, кв. 88", 9, "F"),
    ("Новиков", "г. Смоленск, ул. Нахимова, д. 3, кв. 19", 11, "T"),
    ("Ковалёв", "г. Смоленск, пос. Тихвинка, д. 6", 13, "F"),
    ("Лебедев", "г. Смоленск, ул. Кутузова, д. 31, кв. 12", 3, "M"),
    ("Морозов", "г. Смоленск, ул. Крупской, д. 44, кв. 61", 10, "F"),
    ("Волков", "г. Смоленск, ул. Седова, д. 8, кв. 2", 12, "L"),
    ("Павлов", "г. Смоленск, Краснинское ш., д. 19, кв. 33", 15, "M"),
    ("Гусев", "Смоленская обл., пос. Кардымово, ул. Ленина, д. 9", 35, "F"),
    ("Егоров", "Смоленская обл., Кардымовский р-н, д. Шокино, д. 14", 41, "G"),
    ("Макаров", "Смоленская обл., г. Починок, ул. Советская, д. 17", 58, "F"),
    ("Захаров", "Смоленская обл., г. Починок, ул. Кирова, д. 3, кв. 5", 60, "M"),
    ("Орлов", "Смоленская обл., Починковский р-н, с. Лучесы, д. 2", 66, "L"),
    ("Андреев", "Смоленская обл., г. Ярцево, ул. Гагарина, д. 21, кв. 40", 62, "T"),
    ("Никитин", "Смоленская обл., г. Ельня, ул. Энгельса, д. 11", 84, "F"),
    ("Тарасов", "Смоленская обл., г. Сафоново, ул. Октябрьская, д. 30, кв. 8", 104, "M"),
    ("Белов", "Смоленская обл., г. Рославль, ул. Пролетарская, д. 62", 110, "F"),
    ("Комаров", "Смоленская обл., г. Рославль, 16-й мкр., д. 4, кв. 71", 112, "G"),
    ("Титов", "Смоленская обл., Рославльский р-н, д. Астапковичи, д. 5", 118, "L"),
    ("Григорьев", "Смоленская обл., г. Десногорск, 3-й мкр., д. 12, кв. 9", 150, "M"),
    ("Соловьёв", "Смоленская обл., г. Вязьма, ул. Ленина, д. 5, кв. 21", 155, "F"),
    ("Ткаченко", "Смоленская обл., г. Вязьма, ул. 25 Октября, д. 14", 157, "M"),
    ("Борисов", "Смоленская обл., Вяземский р-н, с. Андрейково, д. 8", 160, "T"),
    ("Степанов", "Смоленская обл., г. Гагарин, ул. Советская, д. 2, кв. 16", 153, "F"),
    ("Жуков", "Смоленская обл., Смоленский р-н, д. Моготово, д. 27", 24, "M"),
    ("Высоцкий", "Смоленская обл., Смоленский р-н, пос. Печерск, ул. Минская, д. 4", 14, "F"),
]
VOLGOGRAD = [
    ("Морозов", "г. Волгоград, Дзержинский р-н, ул. Землячки, д. 38, кв. 112", 6, "M"),
    ("Поляков", "г. Волгоград, Красноармейский р-н, ул. Удмуртская, д. 7", 18, "F"),
    ("Шевчук", "г. Волгоград, Тракторозаводский р-н, ул. Дегтярёва, д. 25, кв. 4", 12, "L"),
    ("Романов", "г. Волгоград, Ворошиловский р-н, ул. Козловская, д. 11, кв. 30", 3, "T"),
    ("Киселёв", "г. Волжский, ул. Мира, д. 58, кв. 77", 25, "F"),
    ("Медведев", "г. Волжский, пр. Ленина, д. 91, кв. 5", 27, "M"),
    ("Зайцев", "Волгоградская обл., р. п. Городище, ул. Пархоменко, д. 3", 22, "G"),
    ("Быков", "Волгоградская обл., р. п. Средняя Ахтуба, ул. Кузнецова, д. 16", 38, "F"),
    ("Калинин", "г. Волгоград, Кировский р-н, ул. Быстрова, д. 70, кв. 18", 15, "M"),
    ("Демидов", "г. Волгоград, Советский р-н, ул. Ангарская, д. 9, кв. 54", 10, "F"),
]


def female(surname: str) -> str:
    """«Иванов» → «Иванова», «Высоцкий» → «Высоцкая»; «Ткаченко», «Шевчук» unchanged."""
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def plural(surname: str) -> str:
    """The family's name: «Ивановы», «Высоцкие», «Ткаченко»."""
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ие"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "ы"
    return surname


@dataclass
class _Household:
    demo: DemoContext
    by: User
    family: Family
    surname: str
    mother: Person | None = None
    father: Person | None = None
    grandmother: Person | None = None
    children: list[Person] = field(default_factory=list)

    def born(self, years: int) -> date:
        """A birthday ``years`` full years ago (and up to 11 months more) on demo.today."""
        rng = self.demo.rng
        return self.demo.today - timedelta(days=years * 365 + years // 4 + rng.randint(1, 330))

    def add(self, role: str, last: str, first: str, middle: str, sex: str, years: int) -> Person:
        return create_person(
            by=self.by,
            family=self.family,
            family_role=role,
            last_name=last,
            first_name=first,
            middle_name=middle,
            sex=sex,
            birth_date=self.born(years),
        )

    def add_children(self, count: int, patronymics: tuple[str, str], oldest: int) -> None:
        """``count`` children of different ages from 0 to ``oldest``, eldest first."""
        rng = self.demo.rng
        ages = sorted(rng.sample(range(oldest + 1), min(count, oldest + 1)), reverse=True)
        for age in ages:
            if rng.random() < 0.5:
                first, middle, sex, last = rng.choice(BOYS), patronymics[0], Sex.MALE, self.surname
            else:
                first, middle, sex = rng.choice(GIRLS), patronymics[1], Sex.FEMALE
                last = female(self.surname)
            self.children.append(self.add(FamilyRole.CHILD, last, first, middle, sex, age))


def _household(demo: DemoContext, by: User, team: Team, spec: tuple[str, str, int, str]) -> Family:
    surname, address, km, shape = spec
    rng = demo.rng
    family = create_family(
        by=by, team=team, name=plural(surname), address=address, distance_km=Decimal(km)
    )
    home = _Household(demo=demo, by=by, family=family, surname=surname)
    father_name, son_patronymic, daughter_patronymic = rng.choice(MALE_NAMES)
    mother_age = rng.randint(24, 44)
    mother_patronymic = rng.choice(MALE_NAMES)[2]
    if shape in {"F", "M", "L", "T"}:
        home.mother = home.add(
            FamilyRole.PARENT,
            female(surname),
            rng.choice(WOMEN),
            mother_patronymic,
            Sex.FEMALE,
            mother_age,
        )
    if shape in {"F", "L"}:
        home.father = home.add(
            FamilyRole.PARENT,
            surname,
            father_name,
            rng.choice(MALE_NAMES)[1],
            Sex.MALE,
            mother_age + rng.randint(0, 6),
        )
    if shape in {"G", "T"}:
        home.grandmother = home.add(
            FamilyRole.GUARDIAN if shape == "G" else FamilyRole.RELATIVE,
            female(surname),
            rng.choice(GRANDMOTHERS),
            rng.choice(MALE_NAMES)[2],
            Sex.FEMALE,
            rng.randint(56, 72),
        )
    count = {"F": rng.randint(1, 3), "M": rng.randint(1, 3), "L": rng.randint(4, 6)}.get(
        shape, rng.randint(1, 2)
    )
    # The youngest child of a young mother is young: nobody is born to a twelve-year-old.
    oldest = min(17, mother_age - 18) if home.mother else 17
    home.add_children(count, (son_patronymic, daughter_patronymic), oldest=oldest)
    _relate(home)
    return family


def _relate(home: _Household) -> None:
    """Relations inside the household: mother/father/grandmother of the first child; the
    first two children are siblings. Recorded for some households only, as in real files."""
    if not home.children or home.demo.rng.random() < 0.5:
        return
    first = home.children[0]
    if home.mother is not None:
        relate_persons(
            person=first, relative=home.mother, kind=PersonRelation.Kind.MOTHER, by=home.by
        )
    if home.father is not None:
        relate_persons(
            person=first, relative=home.father, kind=PersonRelation.Kind.FATHER, by=home.by
        )
    if home.grandmother is not None:
        relate_persons(
            person=first,
            relative=home.grandmother,
            kind=PersonRelation.Kind.GRANDPARENT,
            by=home.by,
        )
    if len(home.children) > 1:
        relate_persons(
            person=first, relative=home.children[1], kind=PersonRelation.Kind.SIBLING, by=home.by
        )


def build(demo: DemoContext) -> None:
    by_team: dict[str, list[Family]] = {"Смоленск": [], "Волгоград": []}
    for team_name, specs, actor in (
        ("Смоленск", SMOLENSK, demo.users["intake1"]),
        ("Волгоград", VOLGOGRAD, demo.users["curator3"]),
    ):
        team = demo.teams[team_name]
        by_team[team_name] = [_household(demo, actor, team, spec) for spec in specs]

    # The Sokolovs: a grandmother raises her grandchildren as their guardian; their birth
    # mother lives on her own in the city. The two households are linked.
    smolensk = by_team["Смоленск"]
    grandmother_home, mother_home = smolensk[3], smolensk[4]
    link_families(
        family=grandmother_home,
        related_family=mother_home,
        note="Кровная мать детей, опекун — бабушка",
        by=demo.users["intake1"],
    )

    families = smolensk + by_team["Волгоград"]
    demo.extra["families"] = families
    demo.extra["families_by_team"] = by_team
    persons = sum(f.memberships.count() for f in families)
    demo.say(
        f"Семей: {len(families)} (Смоленск — {len(smolensk)}, "
        f"Волгоград — {len(by_team['Волгоград'])}), людей в них: {persons}."
    )
