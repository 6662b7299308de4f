"""Names in the case a sentence needs (kurator/people/declension.py).

Every expected form below is written from Russian grammar, not taken from the library: where
pytrovich disagrees, the helper corrects it (``EXCEPTIONS`` and the rules for women's names in
-ь and -ия), and this table says so.
"""

from __future__ import annotations

import pytest

from kurator.people.declension import (
    NameParts,
    accusative,
    dative,
    decline,
    genitive,
    initials,
    instrumental,
    prepositional,
)
from kurator.people.errors import PeopleError


def who(full: str, sex: str) -> NameParts:
    last, first, *middle = full.split(" ", 2)
    return NameParts(last_name=last, first_name=first, middle_name=" ".join(middle), sex=sex)


TABLE: list[tuple[str, str, str, str]] = [
    # (name in the nominative, sex, case, the form grammar gives)
    ("Иванова Ольга Петровна", "F", "genitive", "Ивановой Ольги Петровны"),
    ("Иванова Ольга Петровна", "F", "dative", "Ивановой Ольге Петровне"),
    ("Иванова Ольга Петровна", "F", "accusative", "Иванову Ольгу Петровну"),
    ("Иванова Ольга Петровна", "F", "instrumental", "Ивановой Ольгой Петровной"),
    ("Иванова Ольга Петровна", "F", "prepositional", "Ивановой Ольге Петровне"),
    ("Иванов Пётр Сергеевич", "M", "genitive", "Иванова Петра Сергеевича"),
    ("Иванов Пётр Сергеевич", "M", "instrumental", "Ивановым Петром Сергеевичем"),
    ("Иванов Пётр Сергеевич", "M", "prepositional", "Иванове Петре Сергеевиче"),
    # Surnames in -их/-ых, -ко, -ово do not decline, for men and women alike.
    ("Белых Анна Ивановна", "F", "genitive", "Белых Анны Ивановны"),
    ("Белых Иван Сергеевич", "M", "dative", "Белых Ивану Сергеевичу"),
    ("Белых Иван Сергеевич", "M", "instrumental", "Белых Иваном Сергеевичем"),
    ("Шевченко Никита Андреевич", "M", "genitive", "Шевченко Никиты Андреевича"),
    ("Шевченко Никита Андреевич", "M", "dative", "Шевченко Никите Андреевичу"),
    ("Шевченко Никита Андреевич", "M", "accusative", "Шевченко Никиту Андреевича"),
    ("Шевченко Никита Андреевич", "M", "instrumental", "Шевченко Никитой Андреевичем"),
    ("Шевченко Мария Андреевна", "F", "instrumental", "Шевченко Марией Андреевной"),
    ("Дурново Пётр Николаевич", "M", "genitive", "Дурново Петра Николаевича"),
    ("Дурново Пётр Николаевич", "M", "prepositional", "Дурново Петре Николаевиче"),
    # A double surname declines in both parts.
    ("Кузнецова-Водкина Любовь Петровна", "F", "genitive", "Кузнецовой-Водкиной Любови Петровны"),
    ("Кузнецова-Водкина Любовь Петровна", "F", "accusative", "Кузнецову-Водкину Любовь Петровну"),
    (
        "Кузнецова-Водкина Любовь Петровна",
        "F",
        "instrumental",
        "Кузнецовой-Водкиной Любовью Петровной",
    ),
    ("Кузнецов-Водкин Илья Ильич", "M", "dative", "Кузнецову-Водкину Илье Ильичу"),
    ("Кузнецов-Водкин Илья Ильич", "M", "instrumental", "Кузнецовым-Водкиным Ильёй Ильичом"),
    ("Ярошенко-Белых Любовь Никитична", "F", "dative", "Ярошенко-Белых Любови Никитичне"),
    # Любовь, Илья, Никита; Айгуль declines like «ночь» (women's names in a soft consonant).
    ("Седых Любовь Ильинична", "F", "dative", "Седых Любови Ильиничне"),
    ("Орлов Илья Павлович", "M", "genitive", "Орлова Ильи Павловича"),
    ("Орлов Илья Павлович", "M", "accusative", "Орлова Илью Павловича"),
    ("Орлов Илья Павлович", "M", "prepositional", "Орлове Илье Павловиче"),
    ("Сафина Айгуль Рашидовна", "F", "genitive", "Сафиной Айгули Рашидовны"),
    ("Сафина Айгуль Рашидовна", "F", "instrumental", "Сафиной Айгулью Рашидовной"),
    # A woman's surname ending in a consonant does not decline; a man's does.
    ("Ковальчук Анна Ивановна", "F", "dative", "Ковальчук Анне Ивановне"),
    ("Ковальчук Иван Петрович", "M", "dative", "Ковальчуку Ивану Петровичу"),
    ("Мороз Юлия Ивановна", "F", "instrumental", "Мороз Юлией Ивановной"),
    ("Мороз Юрий Юрьевич", "M", "instrumental", "Морозом Юрием Юрьевичем"),
    # Adjectival surnames.
    ("Толстая Татьяна Никитична", "F", "accusative", "Толстую Татьяну Никитичну"),
    ("Толстой Лев Николаевич", "M", "genitive", "Толстого Льва Николаевича"),
    ("Толстой Лев Николаевич", "M", "prepositional", "Толстом Льве Николаевиче"),
    # Surnames in -а decline for both sexes.
    ("Зима Иван Ильич", "M", "instrumental", "Зимой Иваном Ильичом"),
    ("Зима Анна Ивановна", "F", "genitive", "Зимы Анны Ивановны"),
    # Patronymic with «оглы»: the father's name stays as it is.
    ("Алиев Рашид Мамед оглы", "M", "dative", "Алиеву Рашиду Мамед оглы"),
    # Women's names the rules got wrong (corrected in the helper).
    ("Ахметова Алия Ринатовна", "F", "dative", "Ахметовой Алии Ринатовне"),
    ("Ахметова Алия Ринатовна", "F", "instrumental", "Ахметовой Алией Ринатовной"),
    ("Ахметова Алия Ринатовна", "F", "prepositional", "Ахметовой Алии Ринатовне"),
    ("Гарипова Зульфия Ильдаровна", "F", "dative", "Гариповой Зульфии Ильдаровне"),
    ("Гарипова Зульфия Ильдаровна", "F", "instrumental", "Гариповой Зульфией Ильдаровной"),
    ("Хасанова Гузель Маратовна", "F", "genitive", "Хасановой Гузели Маратовны"),
    ("Хасанова Гузель Маратовна", "F", "accusative", "Хасанову Гузель Маратовну"),
    ("Хасанова Гузель Маратовна", "F", "instrumental", "Хасановой Гузелью Маратовной"),
    ("Петрова Адель Игоревна", "F", "dative", "Петровой Адели Игоревне"),
    ("Грин Ассоль Артуровна", "F", "prepositional", "Грин Ассоли Артуровне"),
    # Women's names in a hard consonant do not decline.
    ("Исмаилова Марьям Руслановна", "F", "genitive", "Исмаиловой Марьям Руслановны"),
    ("Иванова Ия Львовна", "F", "instrumental", "Ивановой Ией Львовной"),
    ("Пушкин Кузьма Фомич", "M", "accusative", "Пушкина Кузьму Фомича"),
]


@pytest.mark.parametrize(("name", "sex", "case", "expected"), TABLE)
def test_name_declines_as_grammar_says(name: str, sex: str, case: str, expected: str) -> None:
    assert decline(who(name, sex), case) == expected


def test_the_table_has_at_least_forty_rows() -> None:
    assert len(TABLE) >= 40


def test_each_case_has_its_function() -> None:
    olga = who("Иванова Ольга Петровна", "F")
    assert genitive(olga) == "Ивановой Ольги Петровны"
    assert dative(olga) == "Ивановой Ольге Петровне"
    assert accusative(olga) == "Иванову Ольгу Петровну"
    assert instrumental(olga) == "Ивановой Ольгой Петровной"
    assert prepositional(olga) == "Ивановой Ольге Петровне"


@pytest.mark.parametrize(
    ("name", "sex", "case", "expected"),
    [
        ("Иванова Ольга Петровна", "F", "nominative", "Иванова О. П."),
        ("Иванова Ольга Петровна", "F", "genitive", "Ивановой О. П."),
        ("Иванова Ольга Петровна", "F", "instrumental", "Ивановой О. П."),
        ("Шевченко Никита Андреевич", "M", "dative", "Шевченко Н. А."),
        ("Кузнецова-Водкина Любовь Петровна", "F", "genitive", "Кузнецовой-Водкиной Л. П."),
        ("Сафина Айгуль", "F", "dative", "Сафиной А."),
        ("Алиев Рашид Мамед оглы", "M", "genitive", "Алиева Р. М."),
    ],
)
def test_initials_decline_the_surname_only(name: str, sex: str, case: str, expected: str) -> None:
    assert initials(who(name, sex), case) == expected


def test_a_name_without_sex_is_refused_asking_for_it() -> None:
    with pytest.raises(PeopleError, match="Укажите пол") as error:
        genitive(who("Белых Саша Иванович", ""))
    assert error.value.field == "person"
    assert "Белых Саша Иванович" in error.value.message


def test_capitals_are_kept() -> None:
    assert dative(who("ИВАНОВА ОЛЬГА ПЕТРОВНА", "F")) == "ИВАНОВОЙ ОЛЬГЕ ПЕТРОВНЕ"
