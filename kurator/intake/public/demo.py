"""The demo's public page «Сообщить о семье» (see kurator/core/demo.py).

The organisation opens its page at /signal/deti-nashi/ (and /signal/, the only one) with the
settlements of both teams' territories; two reports came from it this morning: an anonymous
neighbour's about children left alone, and a grandmother's who left her phone and consented.
Both wait in the journals of their teams, channel «форма на сайте», their deadlines running.
"""

from __future__ import annotations

from kurator.core.demo import DemoContext
from kurator.intake.public import services

SLUG = "deti-nashi"
SETTLEMENTS = {
    "Смоленск": [
        "г. Смоленск",
        "Смоленский район",
        "Починковский район",
        "Кардымовский район",
        "Вяземский район",
        "Рославльский район",
    ],
    "Волгоград": [
        "г. Волгоград",
        "г. Волжский",
        "Городищенский район",
        "Среднеахтубинский район",
    ],
}


def build(demo: DemoContext) -> None:
    org = demo.organisation
    assert org is not None
    page = services.open_public_page(organisation_id=org.pk, slug=SLUG)
    places = {
        name: services.add_settlement(team=demo.teams[team], name=name)
        for team, names in SETTLEMENTS.items()
        for name in names
    }
    neighbour = services.submit_public_signal(
        page=page,
        settlement=places["Кардымовский район"],
        submission="demo-public-1",
        address="п. Кардымово, ул. Садовая, 14",
        description=(
            "В доме напротив двое детей, 6 и 9 лет, третий день одни: мама уехала, свет "
            "не горит, старший просит у соседей хлеб."
        ),
        relation="neighbours",
        urgent=True,
    )
    grandmother = services.submit_public_signal(
        page=page,
        settlement=places["г. Волжский"],
        submission="demo-public-2",
        family_name="Тимофеевы",
        address="ул. Пушкина, 40",
        description=(
            "Я бабушка, внуки живут с дочерью. Дочь потеряла работу, за квартиру долг, "
            "грозят выселить. Младшему 2 года, в сад не взяли. Помогите советом."
        ),
        relation="relatives",
        reporter_name="Галина Петровна",
        reporter_contact="+7 902 555-14-30",
        consent=True,
    )
    demo.extra["public_signals"] = [neighbour.number, grandmother.number]
    demo.say(
        f"Публичная страница /signal/{SLUG}/: населённых пунктов — {len(places)}, "
        f"сообщений с сайта — 2 (№{neighbour.number}, №{grandmother.number})."
    )
