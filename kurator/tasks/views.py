"""«Мои задачи»: the user's stored tasks, overdue on top, soonest first — those due within 30
days unless ``?all=1`` asks for every one; for a team head also her team's overdue tasks. A
fixed number of queries however many tasks there are."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kurator.accounts.models import User
from kurator.tasks import queries as tasks
from kurator.tasks.models import TaskKind


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    kind = request.GET.get("kind") or None
    if kind not in TaskKind.values:
        kind = None
    today = timezone.localdate()
    everything = request.GET.get("all") == "1"
    mine = tasks.my_tasks(user, today=today, kind=kind, everything=everything)
    context = {
        "groups": [g for g in mine.groups if g.rows],
        "task_count": mine.total,
        "hidden_count": mine.hidden,
        "horizon": mine.horizon,
        "horizon_days": tasks.HORIZON_DAYS,
        "everything": everything,
        "team_overdue": tasks.team_overdue(user, today=today, kind=kind),
        "kinds": tasks.kind_choices(),
        "kind": kind,
        "today": today,
    }
    return render(request, "tasks/my_tasks.html", context)
