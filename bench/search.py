"""Benchmark of search_cases on SQLite: milliseconds for a rare and a common word.

Run from the repository root: python bench/search.py [--cases N] [--runs R] [--data DIR]
[--reindex]
Data (made once per data folder, then reused): N cases (default 100,000) over 2,000
customers, each with a subject of 3-6 words and three timeline entries (customer message,
public reply, internal note) of 12-30 words from a 400-word German/English vocabulary, then
indexed with `reindex_all` (its time is printed). The rare word is in 10 cases, the common
word ("router") in about a third. Each search fetches the first page (50 rows) with
`list(search_cases(...)[:50])`; figures are median and p95 over the runs, after one warm-up.
A word in more than backends.RANKED cases ranks the newest RANKED of them (the match count
printed is that). --reindex runs `reindex_all` again over the kept data and prints its rate
(nothing changed, so it only reads, compares and writes nothing).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STEMS = [
    "anschluss",
    "leitung",
    "störung",
    "rechnung",
    "vertrag",
    "kündigung",
    "modem",
    "glasfaser",
    "techniker",
    "termin",
    "gutschrift",
    "mahnung",
    "tarif",
    "umzug",
    "kabel",
    "signal",
    "verbindung",
    "ausfall",
    "zähler",
    "lieferung",
    "paket",
    "rücksendung",
    "reklamation",
    "ersatz",
    "gerät",
    "bestellung",
    "zahlung",
    "lastschrift",
    "konto",
    "passwort",
    "invoice",
    "refund",
    "delivery",
    "parcel",
    "outage",
    "connection",
    "contract",
    "cancel",
    "technician",
    "appointment",
    "payment",
    "account",
    "password",
    "replacement",
    "device",
    "order",
    "complaint",
    "credit",
    "speed",
    "upload",
    "download",
]
FILLER = [
    "bitte",
    "danke",
    "seit",
    "heute",
    "gestern",
    "morgen",
    "wieder",
    "noch",
    "immer",
    "leider",
    "schon",
    "wann",
    "warum",
    "wie",
    "please",
    "thanks",
    "since",
    "today",
    "yesterday",
    "again",
    "still",
    "sadly",
    "already",
    "when",
    "why",
    "how",
    "the",
    "and",
    "der",
    "die",
    "das",
    "und",
    "nicht",
    "kein",
    "keine",
    "mein",
    "meine",
    "ihr",
    "ihre",
    "our",
    "your",
    "my",
    "is",
    "are",
    "was",
    "were",
]
RARE = "überspannungsschutz"
COMMON = "router"


def vocabulary_of(rng: random.Random, stems: list[str] = STEMS) -> list[str]:
    # 400 words: real stems plus inflected and invented forms, as a desk's text has.
    endings = ("", "en", "e", "s", "ung", "er", "ing", "ed")
    words = {stem + rng.choice(endings) for stem in stems for _ in range(6)}
    while len(words) < 400:
        words.add("".join(rng.choice("abcdefghiklmnoprstuw") for _ in range(rng.randint(5, 10))))
    return sorted(words)


def sentence(
    rng: random.Random, vocabulary: list[str], low: int, high: int, filler: list[str] = FILLER
) -> str:
    """Between `low` and `high` words, half from the vocabulary, half filler."""
    return " ".join(
        rng.choice(vocabulary if rng.random() < 0.5 else filler)
        for _ in range(rng.randint(low, high))
    )


def load(count: int) -> None:
    from fairdesk.accounts.models import Customer, CustomerEmail, Team
    from fairdesk.cases.models import Case, Entry
    from fairdesk.lib.references import format_reference

    rng = random.Random(2026)
    vocabulary = vocabulary_of(rng)
    team, _ = Team.objects.get_or_create(name="Support")  # migrate makes it on a fresh folder
    customers = Customer.objects.bulk_create(
        Customer(name=f"Kunde {n} {rng.choice(STEMS).title()}") for n in range(2000)
    )
    CustomerEmail.objects.bulk_create(
        CustomerEmail(customer=c, address=f"kunde{c.pk}@example.org", is_primary=True)
        for c in customers
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rare_cases = set(rng.sample(range(count), 10))
    for first in range(0, count, 5000):
        batch = []
        for number in range(first, min(first + 5000, count)):
            words = sentence(rng, vocabulary, 3, 6)
            if rng.random() < 0.33:
                words += f" {COMMON}"
            at = start + timedelta(minutes=number)
            batch.append(
                Case(reference=format_reference(number + 1), subject=words, team=team,
                     customer=rng.choice(customers), channel="email", created_at=at, updated_at=at)
            )  # fmt: skip
        made = Case.objects.bulk_create(batch)
        entries = []
        for case in made:
            rare = f" {RARE}" if case.pk - 1 in rare_cases else ""
            for kind, public, text in (
                ("message_in", True, sentence(rng, vocabulary, 12, 30) + rare),
                ("reply", True, sentence(rng, vocabulary, 12, 30)),
                ("note", False, sentence(rng, vocabulary, 12, 30)),
            ):
                entries.append(Entry(case=case, kind=kind, public=public, body=text,
                                     created_at=case.created_at))  # fmt: skip
        Entry.objects.bulk_create(entries)
        print(f"  loaded {first + len(batch):,} cases", end="\r", flush=True)
    print()


def measure(label: str, run, runs: int) -> None:
    run()  # warm-up: fills SQLite's page cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = run()
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"{label:<44} {len(rows):>3} rows  median {statistics.median(times):7.2f} ms"
          f"  p95 {p95:7.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--data", default=None, help="data folder to keep (default: temporary)")
    parser.add_argument("--reindex", action="store_true", help="time reindex_all on kept data")
    args = parser.parse_args()
    os.environ["FAIRDESK_DATA"] = args.data or tempfile.mkdtemp(prefix="fairdesk-bench-search-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fairdesk.cases.models import Case, Entry
    from fairdesk.search import index
    from fairdesk.search.selectors import search_cases

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        print(f"making {args.cases:,} cases in {os.environ['FAIRDESK_DATA']}")
        started = time.perf_counter()
        load(args.cases)
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        indexed = index.reindex_all()
        seconds = time.perf_counter() - started
        print(f"  reindex_all: {indexed:,} cases in {seconds:.0f} s "
              f"({indexed / seconds:,.0f} cases/s)")  # fmt: skip
    elif args.reindex:
        started = time.perf_counter()
        indexed = index.reindex_all()
        seconds = time.perf_counter() - started
        print(f"  reindex_all again: {indexed:,} cases in {seconds:.0f} s "
              f"({indexed / seconds:,.0f} cases/s)")  # fmt: skip
    print(f"{connection.vendor}: {Case.objects.count():,} cases, {Entry.objects.count():,} "
          f"entries; first page of 50, {args.runs} runs")  # fmt: skip
    agents = Case.objects.filter(merged_into__isnull=True)
    customer_id = Case.objects.values_list("customer_id", flat=True).order_by("pk").first()
    customer = Case.objects.filter(customer_id=customer_id, merged_into__isnull=True)
    for word in (RARE, COMMON):
        hits = search_cases(word, within=agents).count()
        measure(f"agent '{word}' ({hits:,} matches)",
                lambda w=word: list(search_cases(w, within=agents)[:50]), args.runs)  # fmt: skip
        measure(f"customer '{word}' (own cases, public text)",
                lambda w=word: list(search_cases(w, within=customer, public_only=True)[:50]),
                args.runs)  # fmt: skip
    measure(
        "agent 'router störungen' (two words)",
        lambda: list(search_cases("router störungen", within=agents)[:50]),
        args.runs,
    )
    measure(
        "agent reference 'FD-054321'",
        lambda: list(search_cases("FD-054321", within=agents)[:50]),
        args.runs,
    )


if __name__ == "__main__":
    main()
