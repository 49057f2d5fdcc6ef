"""What looking up a caller by phone number costs on SQLite with many customers.

Migrates a fresh data folder, bulk-inserts N customers (default 100,000) with German
numbers kept with their country code ("+49…", all different), then times
`find_or_create_customer(phone=…)` inside a rolled-back transaction (nothing is kept) for
three callers: one giving a kept number exactly, one giving a kept number nationally
("030…": the exact match misses, the last six digits find it) and a new caller whose number
nobody has (both lookups miss; the new customer is rolled back). Figures are the median and
p95 over the runs, after one warm-up.

    .venv/bin/python bench/phones.py [--customers 100000] [--runs 200]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fresh_sqlite import setup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fill(count: int) -> list[str]:
    """`count` customers with distinct numbers; the numbers, in the order of their rows."""
    from fairdesk.accounts.models import Customer

    rng = random.Random(7)
    numbers = [f"+49{n}" for n in rng.sample(range(30_000_000, 99_999_999), count)]
    rows = [Customer(name=f"Kunde {i}", phone=number) for i, number in enumerate(numbers)]
    Customer.objects.bulk_create(rows, batch_size=5_000)
    return numbers


def timed(phone: str, runs: int) -> tuple[float, float]:
    from django.db import transaction

    from fairdesk.accounts.services import find_or_create_customer

    class Undo(Exception):
        pass

    took = []
    for _ in range(runs + 1):
        try:
            with transaction.atomic():
                start = time.perf_counter()
                find_or_create_customer(name="Neu", phone=phone)
                took.append(time.perf_counter() - start)
                raise Undo
        except Undo:
            pass
    took = sorted(took[1:])
    return statistics.median(took) * 1000, took[int(len(took) * 0.95)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup(tempfile.mkdtemp(prefix="fairdesk-bench-phones-"))
    numbers = fill(args.customers)
    kept = numbers[len(numbers) // 2]
    callers = {
        "exact number": kept,
        "national form": "0" + kept[3:],
        "new caller": "+4912345678901",
    }
    print(f"{args.customers:,} customers, {args.runs} runs each")
    for what, phone in callers.items():
        median, p95 = timed(phone, args.runs)
        print(f"  {what:14} {phone:16} median {median:7.2f} ms   p95 {p95:7.2f} ms")


if __name__ == "__main__":
    sys.exit(main())
