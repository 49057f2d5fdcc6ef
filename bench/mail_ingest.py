"""Messages per second through parse and store (`ingest`) on SQLite.

The email corpus (../shared/corpus/email, or FAIRDESK_CORPUS) is repeated to 10,000 messages;
each copy gets a fresh Message-ID so every one is stored, not deduplicated.

    .venv/bin/python bench/mail_ingest.py [--messages 10000]
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FAIRDESK_DATA", tempfile.mkdtemp(prefix="fairdesk-bench-"))
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from fairdesk.accounts.models import Team  # noqa: E402
from fairdesk.channels.email.ingest import ingest  # noqa: E402
from tests.channels.email.conftest import corpus_messages, corpus_root  # noqa: E402

MESSAGE_ID = re.compile(rb"^Message-ID:[^\r\n]*\r?\n", re.IGNORECASE | re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    corpus = [path.read_bytes() for path in corpus_messages()]
    if not corpus:
        sys.exit(f"no corpus at {corpus_root()}")
    call_command("migrate", verbosity=0)
    Team.objects.get_or_create(name="Support")
    per_batch: list[float] = []
    started = time.perf_counter()
    batch_started, done = started, 0
    for number in range(args.messages):
        raw = corpus[number % len(corpus)]
        fresh_id = b"Message-ID: <bench-%d@fairdesk.bench>\r\n" % number
        raw = fresh_id + MESSAGE_ID.sub(b"", raw, count=1)
        ingest(raw, source="bench")
        done += 1
        if done % 500 == 0:
            now = time.perf_counter()
            per_batch.append(500 / (now - batch_started))
            batch_started = now
    elapsed = time.perf_counter() - started
    print(
        f"corpus: {len(corpus)} messages, {sum(map(len, corpus)) / 1e6:.1f} MB; repeated to {done}"
    )
    print(f"database: SQLite in {os.environ['FAIRDESK_DATA']}")
    print(f"total: {elapsed:.1f} s, {done / elapsed:.0f} messages/s overall")
    print(f"median of 500-message batches: {statistics.median(per_batch):.0f} messages/s")
    print(f"first batch: {per_batch[0]:.0f} messages/s, last batch: {per_batch[-1]:.0f} messages/s")


if __name__ == "__main__":
    main()
