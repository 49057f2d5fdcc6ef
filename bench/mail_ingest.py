"""Messages per second through parse and store (`ingest`) on SQLite, and where the time goes.

The email corpus (../shared/corpus/email, or FAIRDESK_CORPUS) is repeated to 10,000
messages. Each copy gets a fresh Message-ID, so every one is stored, not deduplicated, and
each round of the corpus comes from its own senders (`kurt@example.org` becomes
`kurt@r3.example.org` in round 3): otherwise one corpus sender would write 1,000 mails within
the repeat-contact window, all joining one giant case, and the bench would measure that
case's growth instead of ingestion (`--same-senders` measures exactly that).

Acknowledgments are composed and queued as in production (database task backend); nothing
is sent. With `--breakdown` (default on) the time of each step is measured exclusively (a
step's time excludes the measured steps it calls), so the rows add up to the total.

    .venv/bin/python bench/mail_ingest.py [--messages 10000] [--batch 500] [--same-senders]
    .venv/bin/python bench/mail_ingest.py --growth-only   (just the hostile shapes)
    .venv/bin/python bench/mail_ingest.py --transports [--messages 2000] [--pipe-messages 60]

`--transports` compares the ways an MTA hands mail over, on one SQLite data folder, each with
its own fresh copies: the pipe (`fairdesk mail-ingest`, one process per message, one after
another as an MTA's single pipe delivery would run them), LMTP (`fairdesk mail-lmtp`) with 1
and with 4 concurrent connections, and `ingest` called in-process. Each line prints messages
per second beside the machine's load average.

It also parses hostile shapes (issue 16, item 7) at 1x, 2x and 4x their reported sizes and
prints the growth exponent k of time ~ size^k (least squares on the log-log points): about 1
means linear, 2 quadratic.
"""

import argparse
import functools
import logging
import math
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FAIRDESK_DATA", tempfile.mkdtemp(prefix="fairdesk-bench-"))
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tests.channels.email.conftest import corpus_messages, corpus_root  # noqa: E402

MESSAGE_ID = re.compile(rb"^Message-ID:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*", re.I | re.M)
FROM = re.compile(rb"^From:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*", re.I | re.M)
HEADER_END = re.compile(rb"\r?\n\r?\n")


class Steps:
    """Exclusive wall and CPU time per named step, from wrappers put around module functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self._children: list[tuple[float, float]] = []

    def wrap(self, owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            self._children.append((0.0, 0.0))
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
                child_elapsed, child_cpu = self._children.pop()
                self.seconds[label] += elapsed - child_elapsed
                self.cpu[label] += cpu - child_cpu
                if self._children:
                    outer_elapsed, outer_cpu = self._children[-1]
                    self._children[-1] = (outer_elapsed + elapsed, outer_cpu + cpu)

        setattr(owner, name, timed)


def instrument(steps: Steps) -> None:
    """Wrap the steps of ingestion: the email channel's own, and the shared write path's."""
    from fairdesk.accounts import services as accounts
    from fairdesk.cases import services as cases
    from fairdesk.channels.email import ingest, outbound, threading
    from fairdesk.promises import clocks, selectors
    from fairdesk.search import index

    for owner, name, label in [
        # Also where SQLite writes the WAL pages and FTS5 flushes its pending search terms.
        (connection, "commit", "db: commit"),
        (ingest, "ingest", "email: ingest itself (mail rows, duplicate check, commit)"),
        (ingest, "peek_headers", "email: peek headers"),
        (ingest, "parse_message", "email: parse"),
        (ingest, "_store_raw", "email: raw storage (zlib + file)"),
        (ingest, "_content", "email: content for the case"),
        (threading, "match_case", "email: threading"),
        (threading, "is_participant", "email: threading"),
        (outbound, "_queue", "email: ack queue (queries, insert, enqueue)"),
        (outbound, "_no_auto_reply", "email: ack loop/rate checks"),
        (outbound, "_compose", "email: ack compose (translation, MIME)"),
        (outbound, "render_to_string", "email: ack templates"),
        (outbound, "_thread_ids", "email: ack thread ids"),
        (outbound, "_serialise", "email: ack MIME bytes"),
        (selectors, "promises_for", "shared: promises_for (ack's promise)"),
        (accounts, "get_or_create_customer", "shared: accounts customer"),
        (cases, "open_case", "shared: cases services"),
        (cases, "add_customer_message", "shared: cases services"),
        (cases, "link_cases", "shared: cases services"),
        (cases, "record_event", "shared: cases services"),
        (cases, "_attach", "shared: cases attachments"),
        (clocks, "on_case_event", "shared: promise clocks"),
        (index, "entry_written", "shared: search index"),
        (index, "case_changed", "shared: search index"),
    ]:
        if hasattr(owner, name):
            steps.wrap(owner, name, label)


def bench_copy(raw: bytes, number: int, round_: int, *, same_senders: bool) -> bytes:
    """`raw` with a fresh Message-ID and, after the first round, this round's sender."""
    end = HEADER_END.search(raw)
    split = end.start() if end else len(raw)
    head, body = raw[:split], raw[split:]
    head = MESSAGE_ID.sub(b"", head, count=1)
    if round_ and not same_senders:
        head = FROM.sub(lambda m: m.group(0).replace(b"@", b"@r%d." % round_, 1), head, count=1)
    return b"Message-ID: <bench-%d@fairdesk.bench>\r\n" % number + head + body


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


# Shapes that once took seconds: (name, header block, repeated unit, count at 1x).
HOSTILE = [
    ("4,000 'begin' lines (uudecode)", b"Subject: x\n", b"begin 644 x\n", 4_000),
    ("10,000 '<a ' (html_to_text)", b"Content-Type: text/html\n", b"<a ", 10_000),
    ("4,000 '(a)' in To (addresses)", b"", b"(a)", 4_000),
    ("4,000 '=?' encoded-word starts", b"", b"=?utf-8?q?", 4_000),
    ("2,000 header lines w/o colon", b"", b"stray line\n", 2_000),
]


def hostile_message(head: bytes, unit: bytes, count: int) -> bytes:
    start = b"From: a@b.example\nMessage-ID: <h@b.example>\n"
    if unit == b"(a)":
        return start + b"To: " + unit * count + b" <x@y.example>\nSubject: x\n\nhi\n"
    if unit.startswith(b"=?"):
        return start + b"Subject: " + unit * count + b"\n\nhi\n"
    if unit == b"stray line\n":
        return start + unit * count + b"Subject: x\n\nhi\n"
    return start + head + b"\n" + unit * count


def growth_exponents() -> None:
    from fairdesk.channels.email.model import Limits
    from fairdesk.channels.email.parse import parse_message

    unbounded = Limits(max_seconds=None)
    print(f"\n{'hostile shape':<36} {'1x ms':>8} {'2x ms':>8} {'4x ms':>8} {'exponent':>9}")
    for name, head, unit, count in HOSTILE:
        sizes, times = [], []
        for factor in (1, 2, 4):
            raw = hostile_message(head, unit, count * factor)
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                parse_message(raw, limits=unbounded)
                runs.append(time.perf_counter() - started)
            sizes.append(len(raw))
            times.append(statistics.median(runs))
        print(
            f"{name:<36} {1000 * times[0]:8.1f} {1000 * times[1]:8.1f} {1000 * times[2]:8.1f} "
            f"{_slope(sizes, times):9.2f}"
        )


def _slope(sizes: list[int], times: list[float]) -> float:
    xs = [math.log(size) for size in sizes]
    ys = [math.log(max(seconds, 1e-9)) for seconds in times]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return num / sum((x - mean_x) ** 2 for x in xs)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f}"


def transports(corpus: list[bytes], messages: int, pipe_messages: int) -> None:
    """Messages per second through each way in, on the bench's SQLite data folder."""
    import subprocess

    from fairdesk.channels.email import ingest as ingest_module
    from tests.channels.email.lmtpclient import start_server

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    fairdesk = str(Path(sys.executable).with_name("fairdesk"))
    numbers = iter(range(10**9))

    def copies(count: int) -> list[bytes]:
        made = [next(numbers) for _ in range(count)]
        return [
            bench_copy(corpus[n % len(corpus)], n, n // len(corpus), same_senders=False)
            for n in made
        ]

    def report(name: str, count: int, seconds: float) -> None:
        print(f"{name:<40} {count:>6} messages {count / seconds:8.1f} messages/s   {load()}")

    batch = copies(pipe_messages)
    started = time.perf_counter()
    for raw in batch:
        subprocess.run(
            [fairdesk, "mail-ingest"], input=raw, env=env, check=True, capture_output=True
        )
    report("pipe (a process per message)", len(batch), time.perf_counter() - started)

    server, port = start_server(env, Path(os.environ["FAIRDESK_DATA"]) / "lmtp.log")
    try:
        for connections in (1, 4):
            lmtp_round(port, copies(messages), connections, report, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)

    batch = copies(messages)
    started = time.perf_counter()
    for raw in batch:
        ingest_module.ingest(raw, source="bench")
    report("in-process ingest()", len(batch), time.perf_counter() - started)


def cpu_seconds(pid: int) -> float:
    """User and system CPU a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def lmtp_round(port: int, batch: list[bytes], connections: int, report, pid: int) -> None:  # noqa: ANN001
    """Deliver `batch` over `connections` LMTP connections: accepted per second (each
    recipient answered 250 after the commit), then how long until the server's drain has
    filed the backlog (received mail parsed, on a case, acknowledged)."""
    import threading

    from fairdesk.channels.email.models import InboundMessage, InboundState
    from tests.channels.email.lmtpclient import Lmtp

    shares = [batch[i::connections] for i in range(connections)]
    failures: list[str] = []

    def deliver(share: list[bytes]) -> None:
        client = Lmtp(port)
        for raw in share:
            [reply] = client.deliver(raw, "sender@bench.example", ["support@fairdesk.localhost"])
            if not reply.startswith("250"):
                failures.append(reply)
        client.close()

    def waiting() -> int:
        return InboundMessage.objects.filter(state=InboundState.RECEIVED).count()

    filed_before = InboundMessage.objects.exclude(state=InboundState.RECEIVED).count()
    threads = [threading.Thread(target=deliver, args=(share,)) for share in shares]
    server_cpu, client_cpu = cpu_seconds(pid), time.process_time()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = time.perf_counter() - started
    server_cpu, client_cpu = cpu_seconds(pid) - server_cpu, time.process_time() - client_cpu
    report(f"LMTP, {connections} connection(s), accepted", len(batch), accepted)
    print(
        f"  CPU per accepted message: server {1000 * server_cpu / len(batch):.2f} ms (drain "
        f"included), bench's clients {1000 * client_cpu / len(batch):.2f} ms"
    )
    if failures:
        print(f"  {len(failures)} not stored: {failures[0]}")
    left = waiting()
    filed = InboundMessage.objects.exclude(state=InboundState.RECEIVED).count() - filed_before
    print(f"  {filed} filed while accepting, {left} received and waiting at the last 250")
    while waiting():
        time.sleep(0.2)
    report("  ... all filed (from 1st DATA)", len(batch), time.perf_counter() - started)
    if left:
        report(
            "  ... the backlog after the last 250", left, time.perf_counter() - started - accepted
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--growth-only", action="store_true", help="only the hostile shapes")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--same-senders", action="store_true")
    parser.add_argument("--no-breakdown", action="store_true")
    parser.add_argument("--transports", action="store_true", help="pipe, LMTP, in-process")
    parser.add_argument("--pipe-messages", type=int, default=60)
    args = parser.parse_args()
    if args.growth_only:
        growth_exponents()
        return
    corpus = [path.read_bytes() for path in corpus_messages()]
    if not corpus:
        sys.exit(f"no corpus at {corpus_root()}")
    call_command("migrate", verbosity=0)

    from fairdesk.accounts.models import Team
    from fairdesk.cases.models import Case, Entry
    from fairdesk.channels.email import ingest as ingest_module
    from fairdesk.channels.email.models import InboundMessage, OutboundMessage

    Team.objects.get_or_create(name="Support")
    # "no acknowledgment to …: rate-limit" lines would drown the figures.
    logging.getLogger("fairdesk.channels.email").setLevel(logging.WARNING)
    if args.transports:
        print(f"corpus: {len(corpus)} messages; SQLite in {os.environ['FAIRDESK_DATA']}")
        transports(corpus, args.messages, args.pipe_messages)
        return
    steps = Steps()
    if not args.no_breakdown:
        instrument(steps)
    copies = [
        bench_copy(corpus[n % len(corpus)], n, n // len(corpus), same_senders=args.same_senders)
        for n in range(args.messages)
    ]
    per_batch: list[float] = []
    cpu_started, started = time.process_time(), time.perf_counter()
    batch_started = started
    for done, raw in enumerate(copies, start=1):
        ingest_module.ingest(raw, source="bench")
        if done % args.batch == 0:
            now = time.perf_counter()
            per_batch.append(args.batch / (now - batch_started))
            batch_started = now
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    done = len(copies)

    data = Path(os.environ["FAIRDESK_DATA"])
    print(
        f"corpus: {len(corpus)} messages, {sum(map(len, corpus)) / 1e6:.1f} MB; repeated to "
        f"{done} messages, {sum(map(len, copies)) / 1e6:.1f} MB"
        + (" (same senders every round)" if args.same_senders else "")
    )
    print(
        f"stored: {InboundMessage.objects.count()} mails, {Case.objects.count()} cases, "
        f"{Entry.objects.count()} entries, {OutboundMessage.objects.count()} acks queued"
    )
    database = Path(settings.DATABASES["default"]["NAME"])
    print(
        f"SQLite {database.stat().st_size / 1e6:.0f} MB (+WAL); raw mail "
        f"{folder_size(data / 'mail') / 1e6:.0f} MB; attachments "
        f"{folder_size(Path(settings.FAIRDESK_ATTACHMENT_DIR)) / 1e6:.0f} MB; in {data}"
    )
    print(f"total: {elapsed:.1f} s wall ({cpu:.1f} s CPU), {done / elapsed:.0f} messages/s overall")
    if per_batch:
        print(
            f"median of {len(per_batch)} batches of {args.batch}: "
            f"{statistics.median(per_batch):.0f} messages/s "
            f"(first {per_batch[0]:.0f}, last {per_batch[-1]:.0f})"
        )
    if steps.seconds:
        print(
            f"\n{'step (exclusive time per message)':<56} {'wall ms':>8} {'CPU ms':>7} {'CPU %':>6}"
        )
        rows = sorted(steps.seconds, key=lambda label: -steps.cpu[label])
        rows += ["  all email", "  all shared", "  all db"]
        for label in rows:
            side = label.strip().removeprefix("all ")
            labels = [other for other in steps.seconds if other.startswith(side)]
            wall = sum(steps.seconds[other] for other in labels)
            used = sum(steps.cpu[other] for other in labels)
            print(
                f"{label:<56} {1000 * wall / done:8.2f} {1000 * used / done:7.2f} {used / cpu:6.1%}"
            )
    growth_exponents()


if __name__ == "__main__":
    main()
