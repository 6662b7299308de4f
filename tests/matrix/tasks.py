"""«Мои задачи» in the authorization matrix: the page (``tasks:mine``) and ``GET
/api/v1/tasks/`` — every signed-in user gets her own tasks (200), the anonymous visitor a 302
to the sign-in or a 401. Whose tasks each one sees is tested in ``kurator/tasks/tests``: the
world's tasks here are the ones the lifecycle made (the case's plan, folder and reviews)."""

from __future__ import annotations

from typing import Any

from tests.test_access_matrix import CURATOR, Rule, listing

VISIBLE: dict[str, frozenset[str]] = {}

RULES: dict[str, Rule] = {
    "tasks:mine": listing(None),
    "api-task-list": listing(None),
}


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    from kurator.tasks.models import Task

    curator = users[CURATOR]
    assert Task.objects.filter(user=curator, case=records["case"]).exists()
    return {}
