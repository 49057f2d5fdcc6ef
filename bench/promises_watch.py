"""Benchmark of the promise clocks and the watch on SQLite.

Run from the repository root: python bench/promises_watch.py [--cases N] [--runs R]
Data: a fresh data folder, the presets, N cases (default 2,000) opened through `open_case`
(each makes its policy's two promises), spread over the last 10 days, every fourth a fault.
Prints: the median time of `open_case` with its promises; the first watch pass (which breaks,
escalates and computes credits for the overdue ones; BATCH caps each step at 500 per pass);
then the median of R quiet passes (nothing due: the cost of watching).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["FAIRDESK_DATA"] = tempfile.mkdtemp(prefix="fairdesk-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    os.environ["FAIRDESK_DEFAULTS"] = "0"  # the bench makes its own team, calendar and policy
    os.environ.setdefault("FAIRDESK_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from fairdesk.accounts import services as accounts
    from fairdesk.accounts.models import Team
    from fairdesk.cases import services as cases
    from fairdesk.lib import clock
    from fairdesk.promises import watch
    from fairdesk.promises.models import Promise
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    support = Team.objects.create(name="Support")
    fault = cases.create_category(name="Störung", team=support, is_fault=True)
    customers = [accounts.get_or_create_customer(email=f"c{i}@example.org") for i in range(200)]
    start = clock.now() - timedelta(days=10)
    timings = []
    for i in range(args.cases):
        with clock.frozen_at(start + timedelta(days=10) * i / args.cases):
            began = time.perf_counter()
            cases.open_new_case(
                customer=customers[i % len(customers)],
                subject=f"Fall {i}",
                body="...",
                channel="email",
                category=fault if i % 4 == 0 else None,
            )
            timings.append(time.perf_counter() - began)
    print(f"{args.cases} cases, {Promise.objects.count()} promises")
    print(f"open_case with promises: median {statistics.median(timings) * 1000:.2f} ms")
    began = time.perf_counter()
    done = watch.run()
    print(f"first watch pass: {time.perf_counter() - began:.2f} s, {done}")
    while any(watch.run().values()):
        pass  # work off the rest of the backlog
    quiet = []
    for _ in range(args.runs):
        began = time.perf_counter()
        watch.run()
        quiet.append(time.perf_counter() - began)
    print(f"quiet watch pass: median {statistics.median(quiet) * 1000:.1f} ms over {args.runs}")


if __name__ == "__main__":
    main()
