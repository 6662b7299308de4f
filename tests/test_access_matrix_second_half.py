"""The authorization matrix of test_access_matrix.py for the other half of the cast.

The matrix's world, its fixtures and its checks are that module's; this module only runs them
for ``SECOND_HALF``, so that ``--dist loadfile`` gives the two halves to two workers.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.test_access_matrix import (  # noqa: F401 (fixtures, found by name)
    SECOND_HALF,
    World,
    _media_in_tmp,
    _module_world,
    _no_typesetting,
    _world_media,
    check_every_endpoint,
    world,
)

pytestmark = pytest.mark.matrix


@pytest.mark.parametrize("role", SECOND_HALF)
def test_every_endpoint_answers_each_role_as_its_scope_says(
    client: Client,
    world: World,  # noqa: F811 (the fixture imported above)
    role: str,
) -> None:
    check_every_endpoint(client, world, role)
