"""The public page's test cast: an organisation's open page with settlements of two teams,
a frozen clock the form's timestamp reads, and a visitor who fills the form in like a person
(she opens the page, waits a little, sends)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import Organisation, Team
from kurator.intake.models import PublicPage, Settlement
from kurator.intake.public import services


class Clock:
    """``time.time`` frozen where the test starts, then moved by ``offset`` seconds: the
    form's signed timestamp, the rate limits' windows and the signature's age all read it."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._start = time.time()

    def __call__(self) -> float:
        return self._start + self.offset


def freeze_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


@dataclass
class Place:
    page: PublicPage
    smolensk: Settlement
    vyazma: Settlement
    volgograd: Settlement


def open_page(org: Organisation, team: Team, other_team: Team, slug: str = "deti") -> Place:
    page = services.open_public_page(organisation_id=org.pk, slug=slug)
    return Place(
        page=page,
        smolensk=services.add_settlement(team=team, name="г. Смоленск"),
        vyazma=services.add_settlement(team=team, name="Вяземский район"),
        volgograd=services.add_settlement(team=other_team, name="г. Волгоград"),
    )


def report_data(where: Settlement, /, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "settlement": where.pk,
        "address": "ул. Лесная, 9",
        "family_name": "Петровы",
        "description": "Трое детей, мама одна, в доме холодно, дети ходят в школу голодные.",
        "relation": "",
        "reporter_name": "",
        "reporter_contact": "",
        "website": "",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def send(client: Client, clock: Clock, url: str, data: dict[str, Any], *, wait: float = 30) -> Any:
    """Open the form, spend ``wait`` seconds on it, send ``data`` with its token."""
    page = client.get(url)
    token = page.context["form"]["token"].value()
    clock.offset += wait
    return client.post(url, {**data, "token": token})


def report_url(place: Place) -> str:
    return reverse("public:report", args=[place.page.slug])
