"""How long the data migration `mail.0008_fingerprints_again` takes inside `migrate` on a
mail archive of N stored messages (SQLite, a fresh data folder per size).

Each size: migrate an empty database, store N generated messages the way ingest stores them
(the raw bytes zlib-compressed under their digest in DATA/mail, one InboundMessage row each)
with a fingerprint of the old kind, so every row gets a new one (the worst case); unapply
`mail.0008` (its reverse is a no-op) and time `migrate mail 0008` as an upgrade runs it. Then
checks the result: every row holds the fingerprint `ingest.keys_of` gives its bytes.

    .venv/bin/python bench/mail_fingerprints.py [--sizes 20000 100000] [--profile]
"""

import argparse
import cProfile
import hashlib
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

LINES = [
    "Seit gestern Abend bricht die Verbindung alle paar Minuten ab.",
    "Der Router zeigt eine rote Lampe, ich habe ihn schon neu gestartet.",
    "Bitte melden Sie sich telefonisch, ich bin ab 17 Uhr erreichbar.",
    "Vertragsnummer und Kundennummer stehen in der Signatur.",
]


def message(number: int) -> bytes:
    """A plain mail of about 1.5 KB, unique by its Message-ID, Date and body."""
    day, minute = number % 28 + 1, number % 60
    body = "\r\n".join(LINES[(number + i) % len(LINES)] for i in range(12))
    return (
        f"Received: from mx{number % 7}.example.net by mail.fairdesk.example; "
        f"Mon, {day} Nov 2026 09:{minute:02d}:00 +0100\r\n"
        f"From: Kunde {number} <kunde{number}@example.org>\r\n"
        "To: support@fairdesk.example\r\n"
        f"Subject: Störung Nummer {number}\r\n"
        f"Date: Mon, {day} Nov 2026 09:{minute:02d}:00 +0100\r\n"
        f"Message-ID: <{number}.{number * 7919}@example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
        f"Hallo,\r\n\r\n{body}\r\n\r\nKunde {number}\r\n"
    ).encode()


def archive(size: int) -> None:
    """`size` stored messages with a fingerprint of the old kind, in batches of 2,000."""
    import zlib

    from fairdesk.channels.email.ingest import raw_folder
    from fairdesk.channels.email.models import InboundMessage
    from fairdesk.lib import clock
    from fairdesk.lib.files import store_bytes

    folder, now = raw_folder(), clock.now()
    for start in range(0, size, 2000):
        rows = []
        for number in range(start, min(start + 2000, size)):
            raw = message(number)
            rows.append(
                InboundMessage(
                    message_id=f"{number}.{number * 7919}@example.org",
                    sha256=hashlib.sha256(raw).hexdigest(),
                    fingerprint=hashlib.sha256(f"old {number}".encode()).hexdigest(),
                    raw_file=store_bytes(folder, zlib.compress(raw, 5)),
                    size=len(raw),
                    state="stored",
                    sender=f"kunde{number}@example.org",
                    subject=f"Störung Nummer {number}",
                    source="bench",
                    received_at=now,
                )
            )
        InboundMessage.objects.bulk_create(rows)


def check(size: int) -> None:
    from fairdesk.channels.email.ingest import keys_of, raw_message
    from fairdesk.channels.email.models import InboundMessage

    wrong = 0
    for row in InboundMessage.objects.order_by("pk").iterator(chunk_size=2000):
        wrong += row.fingerprint != keys_of(raw_message(row)).fingerprint
    assert InboundMessage.objects.count() == size
    assert wrong == 0, f"{wrong} rows hold another fingerprint than ingest computes"


def run(size: int, *, profile: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    archive(size)
    made = time.perf_counter() - started
    call_command("migrate", "mail", "0007", verbosity=0)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    call_command("migrate", "mail", "0008", verbosity=0)
    if profiler:
        profiler.disable()
    took = time.perf_counter() - started
    check(size)
    print(
        f"{size:>7} messages: mail.0008 took {took:6.1f} s ({took / size * 1e6:5.0f} µs a message);"
        f" archive made in {made:.0f} s; peak memory {peak_mb():.0f} MB"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    connection.close()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    for size in options.sizes:
        with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as data:
            # Each size in a process of its own: a fresh data folder, settings read anew.
            if os.fork() == 0:
                os.environ["FAIRDESK_DATA"] = data
                os.environ.pop("DATABASE_URL", None)
                os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
                sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
                try:
                    import django

                    django.setup()
                    run(size, profile=options.profile)
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    os._exit(1)
                os._exit(0)
            _pid, status = os.wait()
            if status:
                sys.exit(f"the run for {size} messages failed")


if __name__ == "__main__":
    main()
