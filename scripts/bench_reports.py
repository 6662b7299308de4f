"""How fast are the indicator report and the dashboards on a large database?

    DATABASE_URL=postgres://kurator:kurator@127.0.0.1:54329/kurator_bench \\
        .venv/bin/python scripts/bench_reports.py [--runs 10] [--warmup 2] \\
        [--compare postgres://kurator:kurator@127.0.0.1:54329/kurator_bench2k] [--only WORD]

Runs on a database built by ``scripts/generate_families.py`` (its users ``bench_director``,
``bench_head_1``, ``bench_curator_1_01``). Measures the indicator report's figures
(``compute_indicators`` for 2026 against 2025, organisation and one team), its page and its
JSON (Django test client, logged in as the programme director or the team head; with
``--exports`` its XLSX and PDF too), the per-curator and per-team norm measures, each
dashboard function of ``kurator/reports/queries/dashboards.py`` and each dashboard page (curator,
team head, director). For each it warms up (``--warmup`` calls, one for things slower than 2
s), times ``--runs`` calls (fewer when they would take more than ``--budget`` seconds),
counts the SQL queries of one more call (the report's sections on one connection:
``KURATOR_REPORT_WORKERS=1``) and prints the median and the 95th percentile in
milliseconds against the target (report 2 000 ms, dashboard 500 ms). With ``--compare`` it
counts the queries on a second database too (e.g. 2 000 families), to show the count does
not grow with the data. ``--sql N`` prints the N slowest queries of each thing over its
target. Things whose module or page does not exist yet are listed as «missing».
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORT_MS = 2000
DASHBOARD_MS = 500
YEAR = 2026
ORG = "БФ «Бенчмарк»"  # scripts/generate_families.py's organisation
DASHBOARD_PAGES = [  # (url name, user, query)
    ("reports:my_dashboard", "curator", ""),
    ("reports:team_dashboard", "head", ""),
    ("reports:team_dashboard", "director", "?team={team}"),
    ("reports:director_dashboard", "director", ""),
    ("api-report-dashboard", "curator", ""),
    ("api-report-dashboard", "head", ""),
    ("api-report-dashboard", "director", ""),
]


@dataclass
class Target:
    name: str
    limit_ms: int
    call: Callable[[], Any] | None  # None: missing
    note: str = ""


def users() -> dict[str, Any]:
    from kurator.accounts.models import User

    names = {"director": "bench_director", "head": "bench_head_1", "curator": "bench_curator_1_01"}
    found = {
        u.username: u for u in User.objects.filter(username__in=names.values()).select_related()
    }
    missing = [n for n in names.values() if n not in found]
    if missing:
        sys.exit(f"no {', '.join(missing)}: build the data with scripts/generate_families.py")
    return {role: found[name] for role, name in names.items()}


def page(client: Any, url: str) -> Callable[[], Any]:
    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response

    return get


def targets(only: str | None, exports: bool = False) -> list[Target]:
    """What to measure (built after ``django.setup()``)."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from kurator import access
    from kurator.cases.norms import norms_for
    from kurator.reports.figures import Period

    who = users()
    director, head = who["director"], who["head"]
    scope_org = access.report_scope(director)
    scope_team = access.report_scope(head)
    period = Period.year(YEAR)
    ctx = {
        "scope_org": scope_org,
        "scope_team": scope_team,
        "period": period,
        "today": timezone.localdate(),
        "now": timezone.now(),
        "norms": norms_for(director.organisation_id),
    }
    clients = {}
    for role, user in who.items():
        clients[role] = Client()
        clients[role].force_login(user)
    found: list[Target] = []

    try:
        from kurator.reports.queries.indicators import compute_indicators

        for label, scope in (("organisation", scope_org), (f"team {scope_team.label}", scope_team)):
            found.append(
                Target(
                    f"compute_indicators {YEAR} vs {YEAR - 1}, {label}",
                    REPORT_MS,
                    lambda scope=scope: compute_indicators(scope=scope, period=period),
                )
            )
    except ImportError:
        found.append(Target("compute_indicators", REPORT_MS, None))

    query = f"?year={YEAR}&part=year"
    for name, role, suffix, limit in (
        ("reports:indicators", "director", query, REPORT_MS),
        ("reports:indicators", "director", f"{query}&team={scope_team.team_id}", REPORT_MS),
        ("reports:indicators", "head", query, REPORT_MS),
        ("api-report-indicators", "director", query, REPORT_MS),
        *(
            [
                ("reports:indicators_xlsx", "director", query, REPORT_MS),
                ("reports:indicators_pdf", "director", query, REPORT_MS * 3),
            ]
            if exports
            else []
        ),
    ):
        what = f"page {name}{'' if 'team=' not in suffix else ' (one team)'} — {role}"
        try:
            url = reverse(name) + suffix
        except NoReverseMatch:
            found.append(Target(what, limit, None))
            continue
        found.append(Target(what, limit, page(clients[role], url)))

    try:
        from kurator.reports.measures import measures

        found.extend(
            Target(
                f"measures by {by}, organisation",
                DASHBOARD_MS,
                lambda by=by: measures(scope=scope_org, norms=ctx["norms"], by=by),
            )
            for by in ("curator", "team")
        )
        found.append(
            Target(
                "measures of one curator",
                DASHBOARD_MS,
                lambda: measures(
                    scope=scope_team, norms=ctx["norms"], curator_id=who["curator"].pk
                ),
            )
        )
    except ImportError:
        found.append(Target("measures", DASHBOARD_MS, None))

    try:
        from kurator.reports.queries import dashboards

        team_id = scope_team.team_id
        calls: list[tuple[str, Callable[[], Any]]] = [
            ("curator_dashboard — curator", lambda: dashboards.curator_dashboard(who["curator"])),
            ("team_dashboard — team head", lambda: dashboards.team_dashboard(head)),
            (
                "team_dashboard — director, one team",
                lambda: dashboards.team_dashboard(director, team_id=team_id),
            ),
            ("director_dashboard — director", lambda: dashboards.director_dashboard(director)),
            (
                "pipelines by team, organisation",
                lambda: dashboards.pipelines(director, scope_org, by_team=True, today=ctx["today"]),
            ),
            ("trends, organisation", lambda: dashboards.trends(scope_org, today=ctx["today"])),
        ]
        found.extend(Target(f"dashboards.{name}", DASHBOARD_MS, call) for name, call in calls)
    except ImportError:
        found.append(Target("kurator.reports.queries.dashboards", DASHBOARD_MS, None))

    for name, role, suffix in DASHBOARD_PAGES:
        what = f"page {name}{' (one team)' if suffix else ''} — {role}"
        try:
            url = reverse(name) + suffix.format(team=scope_team.team_id)
        except NoReverseMatch:
            found.append(Target(what, DASHBOARD_MS, None))
            continue
        found.append(Target(what, DASHBOARD_MS, page(clients[role], url)))
    if only:
        found = [t for t in found if only in t.name]
    return found


def count_queries(target: Target) -> list[dict[str, Any]]:
    """The queries of one more, warm call, with the report's sections on this one connection
    (``KURATOR_REPORT_WORKERS=1``: the worker threads' own connections are not captured)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    assert target.call is not None
    with override_settings(KURATOR_REPORT_WORKERS=1), CaptureQueriesContext(connection) as ctx:
        target.call()
    return list(ctx.captured_queries)  # before a request's start empties the log


def measure(target: Target, runs: int, warmup: int, budget: float) -> dict[str, Any]:
    assert target.call is not None
    started = time.perf_counter()
    target.call()  # the first call, cold: also a warm-up
    first = time.perf_counter() - started
    if first < 2:  # more warm-up for fast things; a slow thing is warm after one call
        for _ in range(warmup - 1):
            target.call()
    # A thing far over its target is timed fewer times (--budget seconds each at most).
    runs = max(1, min(runs, int(budget / max(first, 0.001))))
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        target.call()
        timings.append((time.perf_counter() - start) * 1000)
    captured = count_queries(target)
    timings.sort()
    return {
        "queries": len(captured),
        "runs": runs,
        "median": statistics.median(timings),
        "p95": timings[max(0, math.ceil(len(timings) * 0.95) - 1)],
        "sql": sorted(((float(q["time"]) * 1000, q["sql"]) for q in captured), reverse=True),
    }


def bench_families() -> int:
    from kurator.people.models import Family

    return Family.objects.filter(organisation__name=ORG).count()


def setup() -> None:
    os.environ.setdefault("KURATOR_DEBUG", "true")  # plain static files, no 2FA, no HTTPS
    os.environ.setdefault("KURATOR_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurator.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    settings.DEBUG = False  # timings without Django's debug query log or template debug
    for noisy in ("weasyprint", "fontTools", "kurator.audit"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    setup_test_environment()  # the test client's host, in-memory e-mail


def counts_only(args: argparse.Namespace) -> None:
    """``--counts-json``: one call of each target, its query count as JSON (for --compare)."""
    setup()
    result: dict[str, Any] = {"families": bench_families(), "queries": {}}
    for target in targets(args.only, args.exports):
        if target.call is None:
            continue
        target.call()
        result["queries"][target.name] = len(count_queries(target))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--compare", metavar="DATABASE_URL", help="count queries there too")
    parser.add_argument(
        "--budget",
        type=float,
        default=60,
        metavar="S",
        help="time a thing fewer times when --runs would take longer than S seconds",
    )
    parser.add_argument("--exports", action="store_true", help="also the XLSX and PDF downloads")
    parser.add_argument("--only", metavar="WORD", help="only the things whose name has WORD")
    parser.add_argument(
        "--sql", type=int, default=0, metavar="N", help="print the N slowest queries of slow things"
    )
    parser.add_argument("--counts-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database built by scripts/generate_families.py")
    if args.counts_json:
        counts_only(args)
        return

    compared: dict[str, Any] | None = None
    if args.compare:  # first, so the big database's timings run alone
        command = [sys.executable, __file__, "--counts-json"]
        if args.only:
            command += ["--only", args.only]
        if args.exports:
            command += ["--exports"]
        out = subprocess.run(  # noqa: S603 (this script, with the URL given)
            command,
            env={**os.environ, "DATABASE_URL": args.compare},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        compared = json.loads(out.strip().splitlines()[-1])

    setup()
    from django.db import connection
    from django.utils import timezone

    from kurator.cases.models import Case

    families = bench_families()
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: {families} families, "
        f"{Case.objects.filter(organisation__name=ORG).count()} cases; "
        f"{args.runs} runs after {args.warmup} warm-up, "
        f"today {timezone.localdate():%d.%m.%Y}"
    )
    header = f"{'what':<62} {'queries':>8}"
    if compared:
        header += f" {'@' + str(compared['families']):>8}"
    header += f" {'runs':>5} {'median ms':>10} {'p95 ms':>8} {'target':>7}  result"
    print(header)
    print("-" * len(header))
    slow = []
    for target in targets(args.only, args.exports):
        if target.call is None:
            print(f"{target.name:<62} {'—':>8}  missing")
            continue
        r = measure(target, args.runs, args.warmup, args.budget)
        ok = r["p95"] < target.limit_ms
        line = f"{target.name[:62]:<62} {r['queries']:>8}"
        if compared:
            line += f" {compared['queries'].get(target.name, '—')!s:>8}"
        line += (
            f" {r['runs']:>5} {r['median']:>10.0f} {r['p95']:>8.0f} {target.limit_ms:>7}"
            f"  {'OK' if ok else 'SLOW'}"
        )
        print(line, flush=True)
        if not ok:
            slow.append((target, r))
    if args.sql:
        for target, r in slow:
            print(f"\n# {target.name}: {r['queries']} queries, the slowest first")
            for ms, sql in r["sql"][: args.sql]:
                print(f"-- {ms:.0f} ms\n{sql[:3000]}\n")


if __name__ == "__main__":
    main()
