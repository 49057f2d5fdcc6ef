"""What the privacy duties cost on SQLite: a read record, an export, an erasure, and a
retention run over many closed cases.

Migrates a fresh data folder, makes one customer with C cases of E timeline entries each
(one file per case), then times: ReadEvent inserts (median and p95 per read), the export
of that customer (zip size), their erasure, and a retention run over R closed cases of
other customers.

    .venv/bin/python bench/privacy.py [--cases 50] [--entries 10] [--retention 500]
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta

from fresh_sqlite import setup


def customer_with_cases(name: str, cases_count: int, entries: int, agent, *, resolve: bool):
    from fairdesk.accounts import services as accounts
    from fairdesk.cases import services as cases

    customer = accounts.get_or_create_customer(email=f"{name}@bench.example", name=name)
    made = []
    for number in range(cases_count):
        case = cases.open_new_case(
            customer=customer,
            subject=f"Fall {number} von {name}",
            body=f"{name} schreibt.",
            channel="portal",
            attachments=(cases.NewAttachment(f"f{number}.txt", f"{name} {number}".encode()),),
        ).case
        for entry in range(entries):
            cases.add_note(case=case, agent=agent, body=f"Notiz {entry} zu {name}")
        if resolve:
            cases.change_status(case=case, agent=agent, status="resolved")
        made.append(case)
    return customer, made


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--retention", type=int, default=500)
    args = parser.parse_args()
    setup(tempfile.mkdtemp(prefix="fairdesk-bench-privacy-"))
    from fairdesk.accounts import services as accounts
    from fairdesk.accounts.models import Team
    from fairdesk.lib import clock
    from fairdesk.privacy import retention
    from fairdesk.privacy import services as privacy
    from fairdesk.privacy.models import ReadKind

    team = Team.objects.create(name="Support")
    agent = accounts.create_agent(username="b", password=None, name="Bench", teams=(team,))
    customer, made = customer_with_cases("Kundin", args.cases, args.entries, agent, resolve=False)
    reads = [
        timed(lambda: privacy.log_read(user=agent, kind=ReadKind.CASE, case=made[0]))
        for _ in range(500)
    ]
    reads.sort()
    print(
        f"read record: 500 inserts, median {statistics.median(reads) * 1000:.2f} ms, "
        f"p95 {reads[int(len(reads) * 0.95)] * 1000:.2f} ms"
    )
    archive = b""

    def export() -> None:
        nonlocal archive
        archive = privacy.export_customer(customer=customer, agent=agent)

    size = f"{len(made)} cases x {args.entries + 1} entries"
    first = timed(export)  # imports the export hooks' modules
    warm = statistics.median(timed(export) for _ in range(5))
    print(
        f"export ({size}, every export hook): first {first * 1000:.0f} ms, "
        f"then median {warm * 1000:.0f} ms of 5, {len(archive) // 1024} KiB"
    )
    seconds = timed(lambda: privacy.erase_customer(customer=customer, agent=agent))
    print(f"erasure ({size}): {seconds * 1000:.0f} ms")

    with clock.frozen_at(clock.now() - timedelta(days=400)):
        per = max(1, args.retention // 50)
        for number in range(50):
            customer_with_cases(f"k{number}", per, 2, agent, resolve=True)
    privacy.set_retention(category_id=None, months=12, agent=agent)
    totals: dict = {}

    def run() -> None:
        totals.update(retention.run())

    seconds = timed(run)
    print(f"retention run: {totals.get('cases', 0)} closed cases in {seconds:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
