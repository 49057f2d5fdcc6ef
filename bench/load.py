"""A bounded load test: many clients at once against `fairdesk serve` on SQLite, a realistic
mix, then a check that every acknowledged create exists exactly once.

Starts the real server (gunicorn, `--workers`, default 2) on a fresh data folder and a free
port, seeds a team, an agent, customers and 200 cases through the services, then runs
`--clients` threads (default 50, each with its own keep-alive connection) for `--seconds`
(default 60) on loopback. Each client picks its next request at random by these weights:

    creates 20  (POST /api/v1/cases, a new customer each: must answer 201 with a reference)
    replies 15  (POST /api/v1/cases/REF/entries as the agent)
    queues  15  (the desk's team queue and my work, signed in)
    cases   20  (a case page in the desk, a case over the API)
    search  10  (the desk's search and the API's ?q=)
    portal  20  (the customer's case list and one of their case pages)

Prints requests, errors (any status other than the expected, or a broken connection),
requests/s, p50/p95/max per kind and overall, each worker's memory (RSS) and the WAL's size
after the run, the load average; then reads the database: every create answered 201 must
exist exactly once (by its reference, and one case for its new customer), or it counts as
lost or doubled.

    .venv/bin/python bench/load.py [--seconds 60] [--clients 50] [--workers 2]
    .venv/bin/python bench/load.py --requests 10000   # the memory soak: stop after 10,000

With `--requests N` the clients stop once N requests have been sent in all (or at
`--seconds`, which then defaults to 30 minutes); each worker's RSS is printed after every
tenth of them and after the run.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).parent))
from api_ingest import free_port, start_server, wal_size  # noqa: E402

WEIGHTS = {"create": 20, "reply": 15, "queue": 15, "case": 20, "search": 10, "portal": 20}
SEED_CASES = 200
BODY = "Die DSL-Lampe blinkt seit heute früh, der Router wurde schon neu gestartet. " * 3


def prepare(data: Path) -> dict:
    """Migrate a fresh SQLite database; seed people and cases; return what clients need."""
    os.environ["FAIRDESK_DATA"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent, create_token, get_or_create_customer
    from fairdesk.cases import services
    from fairdesk.portal.services import issue_sign_in_link
    from fairdesk.promises.presets import ensure_presets

    call_command("migrate", verbosity=0)
    ensure_presets()
    team = Team.objects.order_by("id").first() or Team.objects.create(name="Support")
    agent = create_agent(username="load", password=None, name="Load Agent", teams=(team,))
    customers = [
        get_or_create_customer(email=f"seed-{n}@load.example", name=f"Kunde {n}") for n in range(20)
    ]
    references = []
    for number in range(SEED_CASES):
        customer = customers[number % len(customers)]
        subject = f"Router {number} blinkt" if number % 3 else f"Rechnung {number} falsch"
        intake = services.open_new_case(
            customer=customer, subject=subject, body=BODY, channel="email"
        )
        references.append((customer.pk, intake.case.reference))
    desk = Client()
    desk.force_login(agent)
    portal_sessions = {}
    for customer in customers:
        # Signed in the way a customer is (a one-time link), so the session carries whatever
        # stamp the portal checks today; a hand-made session went stale when the stamp changed.
        portal = Client(HTTP_HOST="127.0.0.1")
        token = issue_sign_in_link(customer=customer)
        answer = portal.post(f"/portal/sign-in/{token}/")
        assert answer.status_code == 302, f"portal sign-in answered {answer.status_code}"
        assert portal.get("/portal/").status_code == 200, "portal session does not sign in"
        portal_sessions[customer.pk] = portal.cookies["sessionid"].value
    connections.close_all()
    return {
        "token": create_token(user=agent),
        "desk_cookie": desk.cookies["sessionid"].value,
        "portal": portal_sessions,
        "references": references,
    }


class Load:
    """What the clients share: the seed, the timings and errors, the acknowledged creates."""

    def __init__(self, port: int, seed: dict, deadline: float, requests: int | None) -> None:
        self.port, self.seed, self.deadline = port, seed, deadline
        self.left = requests  # requests still to send in all (None: until the deadline)
        self.sent = 0
        self.lock = threading.Lock()
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.created: list[tuple[str, str]] = []  # (customer email, reference) answered 201
        self.references = [ref for _, ref in seed["references"]]

    def take(self) -> bool:
        """Whether another request may be sent (counts it against `--requests`)."""
        with self.lock:
            self.sent += 1
            if self.left is None:
                return True
            self.left -= 1
            return self.left >= 0


def _request(connection, method, url, headers, body=None):
    connection.request(method, url, body, headers)
    response = connection.getresponse()
    return response.status, response.read()


def client(load: Load, name: str) -> None:
    rng = random.Random(name)
    kinds = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    connection = http.client.HTTPConnection("127.0.0.1", load.port, timeout=60)
    api = {"Authorization": f"Bearer {load.seed['token']}", "Content-Type": "application/json"}
    desk = {"Cookie": f"sessionid={load.seed['desk_cookie']}"}
    number = 0
    while time.monotonic() < load.deadline and load.take():
        kind = rng.choices(kinds, weights)[0]
        number += 1
        started = time.perf_counter()
        try:
            ok, created = _one(load, rng, connection, kind, api, desk, f"{name}-{number}")
        except (OSError, http.client.HTTPException) as error:
            ok, created = f"{type(error).__name__}", None
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", load.port, timeout=60)
        seconds = time.perf_counter() - started
        with load.lock:
            load.timings[kind].append(seconds)
            if ok is not True:
                load.errors[kind].append(str(ok))
            if created:
                load.created.append(created)
                load.references.append(created[1])


def _one(load, rng, connection, kind, api, desk, tag):
    """One request of `kind`: (True or what went wrong, the acknowledged create or None)."""
    reference = rng.choice(load.references)
    if kind == "create":
        email = f"{tag}@load.example"
        payload = {"customer_email": email, "subject": "Kein Internet", "body": BODY}
        status, body = _request(connection, "POST", "/api/v1/cases", api, json.dumps(payload))
        if status != 201:
            return status, None
        return True, (email, json.loads(body)["reference"])
    if kind == "reply":
        payload = {"kind": "reply", "body": "Wir prüfen die Leitung und melden uns."}
        url = f"/api/v1/cases/{reference}/entries"
        status, _ = _request(connection, "POST", url, api, json.dumps(payload))
        return status == 201 or status, None
    if kind == "queue":
        url = rng.choice(["/desk/queue/", "/desk/"])
        status, _ = _request(connection, "GET", url, desk)
    elif kind == "case":
        if rng.random() < 0.5:
            status, _ = _request(connection, "GET", f"/desk/cases/{reference}/", desk)
        else:
            status, _ = _request(connection, "GET", f"/api/v1/cases/{reference}", api)
    elif kind == "search":
        word = rng.choice(["router", "rechnung", "lampe", "kunde"])
        if rng.random() < 0.5:
            status, _ = _request(connection, "GET", f"/desk/search/?q={quote(word)}", desk)
        else:
            status, _ = _request(connection, "GET", f"/api/v1/cases?q={quote(word)}", api)
    else:
        customer_id, own = rng.choice(load.seed["references"])
        cookie = {"Cookie": f"sessionid={load.seed['portal'][customer_id]}"}
        url = rng.choice(["/portal/", f"/portal/cases/{own}/"])
        status, _ = _request(connection, "GET", url, cookie)
    return status == 200 or status, None


def worker_memory(server_pid: int) -> list[float]:
    """RSS in MB of each gunicorn worker (the children of the server process)."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def worker_cpu(server_pid: int) -> float:
    """CPU seconds (user and system) spent so far by the gunicorn workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(server_pid):  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def watch_memory(load: Load, server_pid: int, every: int, done: threading.Event) -> None:
    """Print each worker's RSS after every `every` requests (a long soak on a busy machine
    still says how memory grew if it is stopped early)."""
    shown = 0
    while not done.wait(1.0):
        if load.sent >= shown + every:
            shown = load.sent // every * every
            sizes = ", ".join(f"{size:.0f} MB" for size in worker_memory(server_pid))
            print(f"  after {load.sent:,} requests: workers {sizes}", flush=True)


def check(created: list[tuple[str, str]]) -> tuple[int, int]:
    """(lost, doubled) among the acknowledged creates, read from the database."""
    from collections import Counter

    from django.db import connections

    from fairdesk.cases.models import Case

    connections.close_all()
    references = Counter(
        Case.objects.filter(reference__in=[ref for _, ref in created]).values_list(
            "reference", flat=True
        )
    )
    per_customer = Counter(
        Case.objects.filter(customer__emails__address__endswith="@load.example")
        .exclude(customer__emails__address__startswith="seed-")
        .values_list("customer__emails__address", flat=True)
    )
    lost = sum(1 for email, ref in created if references[ref] == 0 or per_customer[email] == 0)
    doubled = sum(1 for email, ref in created if references[ref] > 1 or per_customer[email] > 1)
    return lost, doubled


def report(load: Load, seconds: float) -> None:
    everything = [t for times in load.timings.values() for t in times]
    errors = sum(len(e) for e in load.errors.values())
    for kind, times in sorted(load.timings.items()):
        cuts = (
            statistics.quantiles(times, n=20, method="inclusive") if len(times) > 1 else times * 19
        )
        shown = sorted(set(load.errors[kind]))[:5]
        print(
            f"  {kind:<7} {len(times):6,} requests  p50 {statistics.median(times) * 1000:7.1f} ms"
            f"  p95 {cuts[18] * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms"
            + (f"  {len(load.errors[kind])} errors {shown}" if load.errors[kind] else "")
        )
    cuts = statistics.quantiles(everything, n=20, method="inclusive")
    print(
        f"all: {len(everything):,} requests in {seconds:.0f} s = {len(everything) / seconds:.1f}/s,"
        f" {errors} errors, p50 {statistics.median(everything) * 1000:.1f} ms,"
        f" p95 {cuts[18] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--requests", type=int, help="stop after this many requests in all")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.seconds is None:
        args.seconds = 1800.0 if args.requests else 60.0
    load_1, load_5, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_1:.1f} (1 min) {load_5:.1f} (5 min)")
    with tempfile.TemporaryDirectory(prefix="fairdesk-load-") as folder:
        data = Path(folder)
        seed = prepare(data)
        port = free_port()
        server = start_server(data, port, args.workers)
        try:
            print(
                f"fairdesk serve: {args.workers} workers, SQLite; {args.clients} clients for"
                f" {args.seconds:.0f} s"
                + (f" or {args.requests:,} requests" if args.requests else "")
                + f"; {SEED_CASES} seed cases; mix {WEIGHTS}"
            )
            load = Load(port, seed, time.monotonic() + args.seconds, args.requests)
            threads = [
                threading.Thread(target=client, args=(load, f"c{n}")) for n in range(args.clients)
            ]
            done = threading.Event()
            if args.requests:
                every = max(1000, args.requests // 10)
                watcher = (load, server.pid, every, done)
                threading.Thread(target=watch_memory, args=watcher, daemon=True).start()
            started, started_cpu = time.perf_counter(), time.process_time()
            server_cpu = worker_cpu(server.pid)
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            done.set()
            client_cpu = time.process_time() - started_cpu
            server_cpu = worker_cpu(server.pid) - server_cpu
            report(load, time.perf_counter() - started)
            sent = sum(len(times) for times in load.timings.values())
            print(
                f"the bench's own clients: {client_cpu:.1f} s of CPU,"
                f" {client_cpu / max(sent, 1) * 1000:.2f} ms per request"
            )
            print(
                f"the workers: {server_cpu:.1f} s of CPU, {server_cpu / max(sent, 1) * 1000:.2f} ms"
                f" per request ({os.cpu_count()} CPUs give {args.seconds * (os.cpu_count() or 1):.0f} s)"
            )
            memory = ", ".join(f"{size:.0f} MB" for size in worker_memory(server.pid))
            print(f"worker memory (RSS) after the run: {memory}; {wal_size(data)}")
        finally:
            server.terminate()
            server.wait(timeout=30)
        lost, doubled = check(load.created)
        print(f"acknowledged creates: {len(load.created):,}; lost {lost}; doubled {doubled}")
        load_1, load_5, _ = os.getloadavg()
        print(f"load average after: {load_1:.1f} (1 min) {load_5:.1f} (5 min)")


if __name__ == "__main__":
    main()
