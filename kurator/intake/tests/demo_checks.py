"""The intake step of the demo world (kurator/intake/demo.py)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.core.demo import DemoContext
from kurator.intake.hotline.models import HotlineCall
from kurator.intake.models import Settlement, Signal


def test_demo_has_signals_in_every_stage_for_both_teams(
    demo: DemoContext, demo_mails: list[Any], client: Client
) -> None:
    today = demo.today
    signals = Signal.objects.select_related("team", "first_visit")
    smolensk = [s for s in signals if s.team.name == "Смоленск"]
    statuses = Counter(s.status for s in smolensk)
    assert set(statuses) == set(Signal.Status.values)
    # At least six accepted signals with families, for the cases demo to open.
    accepted = demo.extra["accepted_signals"]
    assert len(accepted) >= 6
    assert all(s.family_id and s.status == Signal.Status.ACCEPTED for s in accepted)
    assert len({s.family_id for s in accepted}) == len(accepted)
    # Their visit reports have sections, a block per child, and the decisions ticked criteria.
    for s in accepted:
        visit = s.first_visit
        assert visit.recommendation == "accept" and visit.living_conditions
        assert all(child["name"] and child["health"] for child in visit.children)
        assert all(c["met"] for c in s.decision.criteria)
    assert any(s.first_visit.children for s in accepted)
    now = timezone.now()
    new = [s for s in smolensk if s.status == Signal.Status.NEW]
    assert any(s.urgent for s in new)
    assert any(s.overdue_deadlines(today=today, now=now) for s in new)
    assert any(s.decision_level != "senior_curator" for s in smolensk)
    refusals = [s for s in smolensk if s.status in {"refused", "redirected"}]
    assert all(s.decision.alternatives.exists() for s in refusals)
    assert {s.team.name for s in signals} == {"Смоленск", "Волгоград"}
    # The urgent one alerted the senior curator at once.
    assert any("senior1@" in m.to[0] for m in demo_mails)
    # A signal about a known person, typed carelessly, suggests her family on its page.
    if demo.extra.get("families"):
        client.force_login(demo.users["intake1"])
        suggested = [
            s
            for s in new
            if s.family_id is None
            and 'data-testid="link-suggestions"'
            in client.get(reverse("intake:signal_detail", args=[s.pk])).content.decode()
        ]
        assert suggested


def test_demo_has_a_public_page_its_reports_and_a_month_of_hotline_calls(
    demo: DemoContext, client: Client
) -> None:
    assert Settlement.objects.exists()
    public = Signal.objects.filter(public_report__isnull=False)
    assert public.count() == 2
    assert all(s.channel == Signal.Channel.WEB_FORM for s in public)
    month_ago = timezone.now() - timedelta(days=30)
    calls = HotlineCall.objects.all()
    assert calls.filter(started_at__gte=month_ago).count() >= 100
    assert calls.filter(started_at__lt=month_ago - timedelta(days=300)).exists()  # a year before
    assert calls.filter(signal__isnull=False).count() == 2
    client.force_login(demo.users["intake1"])
    assert client.get(reverse("intake:signal_list")).status_code == 200
