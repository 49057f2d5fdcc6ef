"""Benchmark of the bulk generator: rows per second writing cases into a fresh database.

Run from the repository root: python bench/generate.py [--cases 100000 ...] [--runs R]
Each run migrates a fresh SQLite file in a temporary data folder (or uses DATABASE_URL, which
should then name a throwaway PostgreSQL database: every run adds rows to it) and writes the
given number of cases with 3 timeline entries each, one customer (and email address) per 4
cases, and a pending resolution promise for every unresolved case. Prints the rows of each
kind, the median seconds and rows per second over the runs, and the database file's size.
`--cases 1000000` is the million-case run (about 4.6 million rows).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(data: str) -> None:
    os.environ["FAIRDESK_DATA"] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairdesk.settings")
    os.environ.setdefault("FAIRDESK_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def one_run(cases: int, entries: int) -> dict:
    """Generate into a fresh database in a fresh process state; returns generate's figures."""
    from django.core.management import call_command
    from django.db import connection

    from fairdesk.demo import bulk

    call_command("migrate", interactive=False, verbosity=0)
    figures = bulk.generate(cases=cases, entries_per_case=entries, seed=1)
    if connection.vendor == "sqlite":
        # The write-ahead log holds recent pages until a checkpoint: count it too.
        name = Path(connection.settings_dict["NAME"])
        files = [name, name.with_name(name.name + "-wal")]
        figures["db_mb"] = sum(f.stat().st_size for f in files if f.exists()) / 2**20
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[100_000])
    parser.add_argument("--entries", type=int, default=3)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        # One measurement in this process, printed as a line the parent reads.
        with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as data:
            setup(data)
            print(repr(one_run(args.cases[0], args.entries)))
        return
    for cases in args.cases:
        results = [measure(cases, args.entries) for _ in range(args.runs)]
        report(cases, args.entries, results)


def measure(cases: int, entries: int) -> dict:
    """Each run in its own process, so no cache or connection carries over between runs."""
    import ast
    import subprocess

    done = subprocess.run(
        [sys.executable, __file__, "--child", "--cases", str(cases), "--entries", str(entries)],
        capture_output=True,
        text=True,
        check=True,
    )
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def report(cases: int, entries: int, results: list[dict]) -> None:
    first = results[0]
    seconds = statistics.median(r["seconds"] for r in results)
    rate = statistics.median(r["rows_per_second"] for r in results)
    print(f"cases={cases:,} entries/case={entries} runs={len(results)}")
    print(
        "  rows: "
        + ", ".join(
            f"{name} {first[name]:,}"
            for name in ("customers", "emails", "cases", "entries", "promises", "rows")
        )
    )
    print(f"  median {seconds:.1f} s, {rate:,.0f} rows/s", end="")
    print(f", database {first['db_mb']:.0f} MB" if "db_mb" in first else "")


if __name__ == "__main__":
    main()
