"""The public pages of intake (``tests/matrix/public_intake.py``) for the whole cast of the
authorization matrix, the anonymous visitor included: every page answers 200 to everyone,
shows nobody the secret family's name, and a refused form (an empty one) changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import test_access_matrix  # first: it loads the matrix's parts, this one's too
from tests.matrix.public_intake import PUBLIC_PAGES
from tests.test_access_matrix import (  # noqa: F401 (fixtures, found by name)
    ROLES,
    SECRET_STEM,
    World,
    _body,
    _media_in_tmp,
    _module_world,
    _no_typesetting,
    _snapshot,
    _world_media,
    world,
)

assert test_access_matrix.EXTENSIONS


def _url(name: str, kwargs: dict[str, str], world: World) -> str:  # noqa: F811
    return reverse(name, kwargs={k: world.records[key].pk for k, key in kwargs.items()})


@pytest.mark.parametrize("role", ROLES)
def test_the_public_pages_answer_everyone_and_show_no_family(
    client: Client,
    world: World,  # noqa: F811 (the fixture imported above)
    role: str,
) -> None:
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    wrong: list[str] = []
    before = _snapshot()
    for name, kwargs in sorted(PUBLIC_PAGES.items()):
        url = _url(name, kwargs, world)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            if response.status_code != 200:
                wrong.append(f"{method.upper()} {name}: expected 200, got {response.status_code}")
            if SECRET_STEM in _body(response):
                wrong.append(f"{method.upper()} {name}: shows the surname")
    if _snapshot() != before:
        wrong.append("an empty public form changed the data")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
