"""Each report's time over a bulk-generated database, and the simulator's pace.

Run from the repository root: python bench/insights_reports.py [--cases 100000] [--runs 7]
Migrates a fresh SQLite file in a temporary data folder (or uses DATABASE_URL, which should
then name a throwaway PostgreSQL database), writes `--cases` cases with the bulk generator
(three timeline entries each, spread over 180 days), then runs every report for the last
28 days, 180 days and 365 days (and 180 days of email only), `--runs` times each, and prints
the median and p95 ms.
The per-case figures the reports read are filled by the backfill command after generating
(timed and printed). `--reuse` skips generating: it migrates the database DATABASE_URL names
as it is (say, one bench/generate.py or an earlier run filled) and backfills the figures,
so a million-case database is generated once and measured many times.
`--old` also times the queries the figures replaced (from tests/insights/reference_reports.py).
`--exact` also times response times and contacts read from the figures rows with exact
percentiles (as before the value counts; what a reader in another time zone gets).
`--simulate-days N` also times `fairdesk simulate`'s fast replay for N days of the normal
month at `--simulate-scale` (1.0: the full 30,000-case month over 30 days) and prints cases
per second; `--simulate-through-services` times the real-services replay instead.
Every figure is printed with the load average (the development machine is shared).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(data: str) -> None:
    os.environ["FAIRDESK_DATA"] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairdesk.settings")
    os.environ.setdefault("FAIRDESK_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_reports(runs: int, *, old: bool = False, exact: bool = False) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from fairdesk.insights import reports
    from fairdesk.insights.filters import Filters
    from fairdesk.lib import clock

    today = timezone.localdate(clock.now())
    periods = {
        "28 days": Filters(today - timedelta(days=27), today),
        "180 days": Filters(today - timedelta(days=180), today),
        "365 days": Filters(today - timedelta(days=364), today),
        "180 d, email": Filters(today - timedelta(days=180), today, channel="email"),
    }
    print(f"{'report':<20} {'period':<12} {'rows':>5} {'median ms':>10} {'p95 ms':>8}")
    jobs: list[tuple[str, Callable[..., Any] | None]] = [(name, None) for name in reports.REPORTS]
    if old:
        # The per-request queries the figures replaced (kept by the tests as their reference).
        from tests.insights import reference_reports

        jobs += [(f"old {name}", getattr(reference_reports, name)) for name in REWRITTEN]
    if exact:
        jobs += [(f"exact {name}", _exact(name)) for name in EXACT]
    for name, function in jobs:
        for label, filters in periods.items():
            times, rows = [], 0
            for _run in range(runs):
                began = time.perf_counter()
                report = function(filters) if function else reports.run(name, filters)
                rows = len(report.rows)
                times.append(1000 * (time.perf_counter() - began))
            print(
                f"{name:<20} {label:<12} {rows:>5} {statistics.median(times):>10.0f} "
                f"{p95(times):>8.0f}   {load()}"
            )


REWRITTEN = ("response_times", "contacts", "reopens", "backlog")
# The reports that read value counts, and read the figures rows for a reader in another time
# zone than TIME_ZONE (exact percentiles: how they were read before the value counts).
EXACT = ("response_times", "contacts")


def _exact(name: str) -> Callable[..., Any]:
    from django.conf import settings
    from django.utils import timezone

    from fairdesk.insights import reports

    other = "UTC" if settings.TIME_ZONE != "UTC" else "Europe/Berlin"

    def run(filters: Any) -> Any:
        with timezone.override(other):
            return reports.run(name, filters)

    return run


def time_simulation(days: int, scale: float, *, through_services: bool) -> None:
    from dataclasses import replace

    from fairdesk.desk.management.commands.simulate import team_queue_order
    from fairdesk.insights import simulation
    from fairdesk.insights.scenarios import SCENARIOS

    scenario = replace(SCENARIOS["normal-month"].scaled(scale), days=days)
    began = time.perf_counter()
    if through_services:
        result = simulation.run(scenario, next_cases=team_queue_order)
    else:
        result = simulation.run_fast(scenario)
    seconds = time.perf_counter() - began
    how = "through the services" if through_services else "fast replay"
    print(
        f"simulate ({how}): {result.cases} cases in {days} days (scale {scale}) took "
        f"{seconds:.1f} s: {result.cases / seconds:.0f} cases/s; a 30,000-case month would "
        f"take {30000 / (result.cases / seconds):.0f} s at this pace ({load()})"
    )


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def backfill() -> None:
    from django.core.management import call_command
    from django.db import connection

    from fairdesk.cases.models import Case
    from fairdesk.insights.models import CaseFigures

    cases = Case.objects.count()
    if CaseFigures.objects.count() == cases:
        print(f"{connection.vendor}: {cases} cases, figures already filled")
        return
    began = time.perf_counter()
    call_command("backfill_case_figures", verbosity=0)
    print(
        f"{connection.vendor}: {cases} cases; figures backfilled in "
        f"{time.perf_counter() - began:.0f} s ({load()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is")
    parser.add_argument("--old", action="store_true", help="also time the replaced queries")
    parser.add_argument(
        "--exact", action="store_true", help="also time the exact percentiles from the figures"
    )
    parser.add_argument("--simulate-days", type=int, default=0)
    parser.add_argument("--simulate-scale", type=float, default=1.0)
    parser.add_argument("--simulate-through-services", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as data:
        setup(data)
        from django.core.management import call_command
        from django.db import connection

        from fairdesk.demo import bulk

        call_command("migrate", interactive=False, verbosity=0)
        if not args.reuse:
            began = time.perf_counter()
            bulk.generate(cases=args.cases)
            print(
                f"{connection.vendor}: {args.cases} cases generated in "
                f"{time.perf_counter() - began:.0f} s"
            )
        backfill()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        time_reports(args.runs, old=args.old, exact=args.exact)
        if args.simulate_days:
            time_simulation(
                args.simulate_days,
                args.simulate_scale,
                through_services=args.simulate_through_services,
            )


if __name__ == "__main__":
    main()
