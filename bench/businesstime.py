"""Benchmark of business-time arithmetic: microseconds per add, and due times for 1M promises.

Run from the repository root: python bench/businesstime.py [--promises N] [--runs R]
Data: office hours Mon-Fri 08:00-18:00, Europe/Berlin, holidays of Germany/Bavaria; start
instants uniform over 2027 (to the microsecond); durations uniform between 1 and 40 business
hours (to the second). Figures are medians over the runs; the first run also fills the
per-date cache, so it is printed separately as "cold".
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fairdesk.promises.businesstime import ALWAYS, Calendar, add, between  # noqa: E402

BAVARIA = Calendar.from_spec(
    {"mon-fri": ["08:00-18:00"]}, tz="Europe/Berlin", country="DE", subdivision="BY"
)
SPLIT = Calendar.from_spec(
    {"mon-fri": ["08:00-12:00", "13:00-17:00"]}, tz="Europe/Vienna", country="AT"
)
YEAR_START = datetime(2027, 1, 1, tzinfo=UTC)


def make_promises(count: int, seed: int = 2027) -> tuple[list[datetime], list[timedelta]]:
    rng = random.Random(seed)
    year_us = 365 * 86_400 * 10**6
    starts = [YEAR_START + timedelta(microseconds=rng.randrange(year_us)) for _ in range(count)]
    durations = [timedelta(seconds=rng.randint(3600, 40 * 3600)) for _ in range(count)]
    return starts, durations


def time_adds(cal: Calendar, starts: list[datetime], durations: list[timedelta]) -> float:
    begin = time.perf_counter()
    for start, duration in zip(starts, durations, strict=True):
        add(cal, start, duration)
    return time.perf_counter() - begin


def time_betweens(cal: Calendar, starts: list[datetime], ends: list[datetime]) -> float:
    begin = time.perf_counter()
    for start, end in zip(starts, ends, strict=True):
        between(cal, start, end)
    return time.perf_counter() - begin


def fresh(cal: Calendar) -> Calendar:
    # An equal calendar with an empty per-date cache, so the first run measures a cold cache.
    return Calendar.from_spec(**cal.to_spec())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=100_000, help="adds per micro run")
    parser.add_argument("--promises", type=int, default=1_000_000, help="promises in bulk run")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}; {args.runs} runs; medians")
    starts, durations = make_promises(args.sample)
    print(f"\nadd: {args.sample:,} random starts in 2027, durations 1-40 business hours")
    for name, cal in (("Bavarian office hours", BAVARIA), ("split hours AT", SPLIT)):
        cal = fresh(cal)
        runs = [time_adds(cal, starts, durations) for _ in range(args.runs)]
        cold, warm = runs[0], statistics.median(runs[1:] or runs)
        per_add = warm / args.sample * 1e6
        print(f"  {name:24} {per_add:6.2f} µs/add (cold first run {cold / args.sample * 1e6:.2f})")
    runs = [time_adds(ALWAYS, starts, durations) for _ in range(args.runs)]
    print(f"  {'24/7 UTC':24} {statistics.median(runs) / args.sample * 1e6:6.2f} µs/add")

    ends = [add(BAVARIA, s, d) for s, d in zip(starts, durations, strict=True)]
    runs = [time_betweens(BAVARIA, starts, ends) for _ in range(args.runs)]
    print(f"  {'between, Bavarian':24} {statistics.median(runs) / args.sample * 1e6:6.2f} µs/call")

    count = args.promises
    starts, durations = make_promises(count, seed=58)
    bulk_runs = max(1, min(args.runs, 3))
    print(f"\ndue times for {count:,} promises, Bavarian office hours, {bulk_runs} runs")
    runs = [time_adds(BAVARIA, starts, durations) for _ in range(bulk_runs)]
    median = statistics.median(runs)
    print(f"  {median:.2f} s total, {median / count * 1e6:.2f} µs per promise")
    print("\naim: under 20 µs per add (printed, not asserted)")


if __name__ == "__main__":
    main()
