"""Which resource agents fit a family: their territory against the family's address, their
services against what was reported. Used to suggest the «other places to get help» of an
informed refusal; the senior curator still picks them by hand."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kurator.network.models import ResourceAgent

# Words of addresses and service lists that say nothing about a place or a need.
_STOP = frozenset(
    (
        "город",
        "улица",
        "район",
        "область",
        "край",
        "республика",
        "поселок",
        "посёлок",
        "село",
        "деревня",
        "станица",
        "проспект",
        "переулок",
        "дом",
        "квартира",
        "корпус",
        "строение",
        "центр",
        "помощь",
        "помощи",
        "семьям",
        "семей",
        "детей",
        "дети",
        "социальный",
        "социальная",
        "социальное",
        "услуги",
        "услуга",
        "оказание",
        "оказывает",
        "также",
        "через",
        "всех",
    )
)
_STEM = 6  # letters that identify a Russian word across its endings (Смоленск/Смоленский)
_MIN_WORD = 4


def _stems(text: str) -> set[str]:
    words = re.findall(r"[а-яёa-z]+", text.lower().replace("ё", "е"))
    return {w[:_STEM] for w in words if len(w) >= _MIN_WORD and w not in _STOP}


def _catalogue_names(agent: ResourceAgent) -> str:
    """The agent's catalogue services, when the caller prefetched them (no query here)."""
    cache = getattr(agent, "_prefetched_objects_cache", {})
    if "catalogue" not in cache:
        return ""
    return " ".join(service.name for service in cache["catalogue"])


@dataclass(frozen=True)
class AgentMatch:
    agent: ResourceAgent
    territory_score: int
    services_score: int

    @property
    def score(self) -> int:
        # The place matters most: help the family cannot reach is no help.
        return 2 * self.territory_score + self.services_score


def rank_agents(
    agents: Iterable[ResourceAgent], *, address: str, need: str = ""
) -> list[AgentMatch]:
    """Agents whose territory matches the address (or whose services match the need),
    best first. Agents that match neither are left out."""
    place = _stems(address)
    needs = _stems(need)
    matches = []
    for agent in agents:
        territory = len(place & _stems(f"{agent.territory} {agent.address}"))
        services = len(needs & _stems(f"{agent.services} {_catalogue_names(agent)}"))
        if territory or services:
            matches.append(AgentMatch(agent, territory, services))
    matches.sort(key=lambda m: (-m.score, m.agent.name))
    return matches
