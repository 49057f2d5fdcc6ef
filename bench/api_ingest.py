"""Cases created per second over HTTP against `fairdesk serve` (gunicorn) on SQLite.

Starts the real server on a fresh data folder and a free port, makes a team, an agent and
a token, then POSTs /api/v1/cases from 1 and from 4 concurrent clients (threads, each with
its own keep-alive http.client connection), N requests per client, every case for a new
customer (so none joins an open case). Prints cases/s and p50/p95 ms per request.

The floor: the same clients then post to a minimal Django JSON view (bench/floor_app.py)
under the same gunicorn settings and workers, and fairdesk's rate is printed as a share of
that floor's, measured in the same run (so a busy machine weighs on both alike).

    .venv/bin/python bench/api_ingest.py [--requests 300] [--workers 2] [--clients 1 4]
    .venv/bin/python bench/api_ingest.py --database-url postgres://…/empty   # on PostgreSQL
    .venv/bin/python bench/api_ingest.py --profile 200   # cProfile of in-process POSTs
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import locktimes

FAIRDESK = str(Path(sys.executable).parent / "fairdesk")


def prepare(data: Path, database_url: str | None = None) -> str:
    """Migrate a fresh SQLite database in `data` (or the empty one `database_url` names);
    return an agent's token."""
    os.environ["FAIRDESK_DATA"] = str(data)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent, create_token

    call_command("migrate", verbosity=0)
    try:  # the promise presets make every new case start a first-response clock, as in use
        from fairdesk.promises.presets import ensure_presets

        ensure_presets()
        print("promise presets loaded: every case gets its first-response promise")
    except ImportError:
        print("no promise presets found: cases are opened without promises")
    team = Team.objects.order_by("id").first() or Team.objects.create(name="Support")
    agent = create_agent(username="bench", password=None, name="Bench Agent", teams=(team,))
    token = create_token(user=agent)
    queries_per_post(token)
    open_case_rate(200)
    request_split(token, 100)
    connections.close_all()
    return token


def queries_per_post(token: str) -> None:
    """One POST through Django's test client, its SQL counted by the table it touches."""
    import re
    from collections import Counter

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    payload = {"customer_email": "count@bench.example", "subject": "Zählung", "body": "x"}
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as captured:
        client.post("/api/v1/cases", payload, content_type="application/json")
    tables: Counter[str] = Counter()
    for query in captured.captured_queries:
        found = re.search(r'(?:FROM|INTO|UPDATE)\s+"?([a-z]+)_', query["sql"])
        tables[found.group(1) if found else "transaction"] += 1
    by_app = ", ".join(f"{app} {count}" for app, count in tables.most_common())
    print(f"queries per POST /api/v1/cases: {len(captured.captured_queries)} ({by_app})")


def open_case_rate(count: int) -> None:
    """`services.open_case` called in-process `count` times (new customers; the mail
    acknowledgment composed after each commit included), and the share spent after commit."""
    from django.db import connection

    from fairdesk.accounts.services import get_or_create_customer
    from fairdesk.cases import services

    customers = [
        get_or_create_customer(email=f"inproc-{n}@bench.example", name=f"Kunde {n}")
        for n in range(count)
    ]
    after_commit = 0.0
    run_hooks = connection.run_and_clear_commit_hooks

    def timed_hooks() -> None:  # how long the work queued for after commit takes
        nonlocal after_commit
        started = time.perf_counter()
        run_hooks()
        after_commit += time.perf_counter() - started

    connection.run_and_clear_commit_hooks = timed_hooks
    started = time.perf_counter()
    for customer in customers:
        services.open_case(
            customer=customer,
            subject="Kein Internet seit heute früh",
            body="Die DSL-Lampe blinkt, der Router wurde neu gestartet. " * 5,
            channel="email",
        )
    seconds = time.perf_counter() - started
    connection.run_and_clear_commit_hooks = run_hooks
    print(
        f"open_case in-process: {count / seconds:.1f} cases/s ({count} cases,"
        f" {seconds / count * 1000:.1f} ms each, of which {after_commit / count * 1000:.1f} ms"
        " after commit)"
    )


def request_split(token: str, count: int) -> None:
    """CPU per POST through Django's test client, inside the write transaction (BEGIN to
    COMMIT) and outside it (middleware, token, parsing, the answer, the task enqueued)."""
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    body = "Die DSL-Lampe blinkt, der Router wurde neu gestartet. " * 5
    with tempfile.TemporaryDirectory(prefix="fairdesk-locks-") as folder:
        locktimes.install(Path(folder))
        cpu = time.process_time()
        for number in range(count):
            payload = {"customer_email": f"split{number}@bench.example", "subject": "Router"}
            answer = client.post("/api/v1/cases", payload | {"body": body}, "application/json")
            assert answer.status_code == 201, answer.content
        cpu_ms = (time.process_time() - cpu) * 1000 / count
        locktimes.flush()
        inside = locktimes.cpu_inside(Path(folder)) / count
    print(
        f"CPU per POST in-process: {cpu_ms:.1f} ms, of which {inside:.1f} ms inside the write"
        f" transaction and {cpu_ms - inside:.1f} ms outside ({count} POSTs)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    data: Path, port: int, workers: int, command: list[str] | None = None
) -> subprocess.Popen:
    env = os.environ | {"FAIRDESK_DATA": str(data)}
    server = subprocess.Popen(
        command or [FAIRDESK, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("fairdesk serve did not start")


def client(
    port: int, token: str, name: str, count: int, timings: list[float], errors: list
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for number in range(count):
        body = json.dumps(
            {
                "customer_email": f"{name}-{number}@bench.example",
                "customer_name": f"Kunde {name} {number}",
                "subject": "Kein Internet seit heute früh",
                "body": "Die DSL-Lampe blinkt, der Router wurde neu gestartet. " * 5,
                "channel": "email",
            }
        )
        started = time.perf_counter()
        connection.request("POST", "/api/v1/cases", body, headers)
        response = connection.getresponse()
        response.read()
        timings.append(time.perf_counter() - started)
        if response.status != 201:
            errors.append(response.status)


def run(port: int, token: str, clients: int, requests: int, label: str) -> float:
    timings: list[float] = []
    errors: list = []
    threads = [
        threading.Thread(
            target=client, args=(port, token, f"{label}c{i}", requests, timings, errors)
        )
        for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    cuts = statistics.quantiles(timings, n=100)
    load_1 = os.getloadavg()[0]
    print(
        f"{clients} client(s) × {requests} POSTs: {len(timings) / seconds:7.1f} cases/s, "
        f"p50 {cuts[49] * 1000:6.1f} ms, p95 {cuts[94] * 1000:6.1f} ms, load {load_1:.1f}"
        + (f", {len(errors)} errors {sorted(set(errors))}" if errors else "")
    )
    return len(timings) / seconds


def served(data: Path, token: str, clients: int, args: argparse.Namespace) -> float:
    """Cases/s from `clients` clients against a fresh server whose workers time each write
    transaction's wait for the lock and hold of it (bench/timed_serve.py)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="fairdesk-locks-") as locks:
        script = str(Path(__file__).with_name("timed_serve.py"))
        command = [sys.executable, script, str(port), str(args.workers), locks]
        server = start_server(data, port, args.workers, command)
        try:
            run(port, token, 1, 20, f"warm{clients}")  # first requests load code, fill caches
            for path in Path(locks).glob("*.*"):
                path.unlink()
            rate = run(port, token, clients, args.requests, f"run{clients}")
            wal = wal_size(data)
        finally:
            server.terminate()
            server.wait(timeout=20)
        print("  " + locktimes.summary(Path(locks)))
        if handoffs := locktimes.handoffs(Path(locks)):
            print("  " + handoffs)
    if wal:
        print(f"  {wal} at the end of the run")
    return rate


def wal_size(data: Path) -> str:
    """The WAL's size: under a steady stream of writes it must still be reset now and then,
    or every read searches a longer and longer log."""
    wal = next(data.glob("*.sqlite3-wal"), None)
    if wal is None:
        return ""
    size = wal.stat().st_size
    return f"WAL {size / 2**20:.1f} MB ({size // 4120} pages)"


def floor(data: Path, workers: int, clients: list[int], requests: int) -> dict[int, float]:
    """Posts per second to the minimal Django JSON view, same gunicorn settings."""
    port = free_port()
    script = str(Path(__file__).with_name("floor_app.py"))
    command = [sys.executable, script, str(port), str(workers)]
    server = start_server(data, port, workers, command)
    try:
        run(port, "", 1, 20, "floorwarm")
        return {n: run(port, "", n, requests, f"floor{n}") for n in clients}
    finally:
        server.terminate()
        server.wait(timeout=20)


def profile(count: int) -> None:
    """cProfile of `count` POSTs through Django's test client (a dev tool: where the time
    goes in-process, by cumulative time, fairdesk's own functions first)."""
    import cProfile
    import pstats

    from django.test import Client

    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent, create_token

    team = Team.objects.order_by("id").first() or Team.objects.create(name="Support")
    agent = create_agent(username="profile", password=None, name="Profile", teams=(team,))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user=agent)}", HTTP_HOST="127.0.0.1")
    body = "Die DSL-Lampe blinkt, der Router wurde neu gestartet. " * 5

    def post(tag: str, n: int) -> None:
        for number in range(n):
            payload = {"customer_email": f"{tag}{number}@bench.example", "subject": "Router"}
            answer = client.post("/api/v1/cases", payload | {"body": body}, "application/json")
            assert answer.status_code == 201, answer.content

    post("warm", 20)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(post, "profiled", count)
    seconds = time.perf_counter() - started
    print(f"{count} POSTs in-process under cProfile: {seconds / count * 1000:.1f} ms each")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"fairdesk/", 40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="POSTs per client")
    # fairdesk serve's own default, as in production
    parser.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 8))
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--profile", type=int, metavar="N", help="profile N POSTs in-process")
    parser.add_argument(
        "--database-url", help="an empty PostgreSQL database to fill instead of a fresh SQLite one"
    )
    args = parser.parse_args()
    load_1, load_5, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_1:.1f} (1 min) {load_5:.1f} (5 min)")
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as folder:
        data = Path(folder)
        token = prepare(data, args.database_url)
        if args.profile:
            profile(args.profile)
            return
        database = "PostgreSQL" if args.database_url else f"SQLite (WAL) in {data}"
        print(f"fairdesk serve: gunicorn, {args.workers} worker(s), {database}")
        print("clients and server share the machine's CPUs")
        rates = {clients: served(data, token, clients, args) for clients in args.clients}
        print("floor: a minimal Django JSON view, same gunicorn settings and workers")
        floors = floor(data, args.workers, args.clients, args.requests)
        for clients, rate in rates.items():
            share = rate / floors[clients] * 100
            print(f"{clients} client(s): fairdesk {rate:.1f} cases/s = {share:.0f}% of the floor")
        load_1, load_5, _ = os.getloadavg()
        print(f"load average after: {load_1:.1f} (1 min) {load_5:.1f} (5 min)")


if __name__ == "__main__":
    main()
